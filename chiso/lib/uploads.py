"""An uploaded file as a path on disk, for readers that take one (and name it in messages)."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def uploaded_path(upload) -> Iterator[Path]:
    """`upload` written under its own base name in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="chiso-upload-") as folder:
        path = Path(folder) / (Path(upload.name).name or "upload")
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path
