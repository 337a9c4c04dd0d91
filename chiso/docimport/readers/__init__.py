"""Read a plan document (Word, PDF, scan, image or text) into an ordered list of blocks."""

import logging
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import pypdfium2
from django.utils.translation import gettext
from PIL import Image, ImageSequence

from chiso.docimport.blocks import Block, DocumentError

from . import ocr
from .docx import read_docx
from .pdf import read_pdf
from .text import decode, read_markdown, read_text

logger = logging.getLogger(__name__)

SUPPORTED = (".docx", ".pdf", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAX_PAGES = 300
MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # a .docx inflating beyond this is a zip bomb

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc


# Told (page, pages) before each scanned page is OCR'd: OCR takes seconds a page.
PageProgress = Callable[[int, int], None]


def needs_ocr(path: Path) -> bool:
    """Whether reading the file means OCR: an image, or a PDF whose pages carry no text."""
    try:
        with Path(path).open("rb") as file:
            head = file.read(1024)
        if head.startswith(_IMAGE_MAGIC):
            return True
        if not head.startswith(b"%PDF"):
            return False
        with pypdfium2.PdfDocument(str(path)) as document:
            return all(
                document[index].get_textpage().count_chars() == 0
                for index in range(min(len(document), MAX_PAGES))
            )
    except (OSError, pypdfium2.PdfiumError):
        return False


def read_document(
    path: Path, *, name: str | None = None, progress: PageProgress | None = None
) -> list[Block]:
    """The blocks of the file at `path`, in document order, numbered by `index`.

    The kind of file is told by its content (a zip is a .docx, "%PDF" a PDF, an image's magic
    bytes an image to OCR), then by its suffix for .txt and .md. `name` is the file name the
    user knows, used in messages. Raises DocumentError, never anything else, when the file
    cannot be read: empty, too large, too many pages, damaged, or of another kind.
    """
    path = Path(path)
    name = name or path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(1024)
    except OSError as error:
        raise DocumentError(gettext("Không mở được tệp “%(name)s”.") % {"name": name}) from error
    if not head.strip() and size <= len(head):
        raise DocumentError(gettext("Tệp “%(name)s” trống.") % {"name": name})
    if size > MAX_BYTES:
        raise DocumentError(
            gettext("Tệp “%(name)s” lớn hơn %(limit)d MB, quá giới hạn cho phép.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)}
        )
    kind = _kind(head, path.suffix.casefold(), name)
    reader, expected = _READERS[kind]
    if kind in ("pdf", "image"):
        reader = partial(reader, progress=progress)
    try:
        blocks = reader(path, name)
    except DocumentError:
        raise
    except Exception as error:  # any failure of a parsing library means a damaged file
        logger.info("cannot read %s as %s", name, kind, exc_info=True)
        raise DocumentError(expected() % {"name": name}) from error
    if not blocks:
        raise DocumentError(
            gettext("Tệp “%(name)s” không có nội dung nào đọc được.") % {"name": name}
        )
    return [replace(block, index=index) for index, block in enumerate(blocks)]


def _kind(head: bytes, suffix: str, name: str) -> str:
    if head.startswith(b"PK"):
        return "docx"
    if head.startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in head):
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(_OLE_MAGIC):
        raise DocumentError(
            gettext("Tệp “%(name)s” là tệp Word 97-2003 (.doc): hãy lưu lại thành .docx.")
            % {"name": name}
        )
    if suffix in (".txt", ".md"):
        return suffix[1:]
    if suffix in (".docx", ".pdf"):
        return suffix[1:]
    if suffix in SUPPORTED:
        raise DocumentError(_READERS["image"][1]() % {"name": name})
    raise DocumentError(
        gettext("Không đọc được tệp “%(name)s”: chỉ nhận các định dạng %(formats)s.")
        % {"name": name, "formats": ", ".join(SUPPORTED)}
    )


def _read_docx(path: Path, name: str) -> list[Block]:
    with zipfile.ZipFile(path) as archive:
        if "word/document.xml" not in archive.namelist():
            raise ValueError("no word/document.xml")
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise DocumentError(
                gettext("Tệp “%(name)s” giải nén ra quá lớn, không đọc được.") % {"name": name}
            )
    return read_docx(path)


def _read_pdf(path: Path, name: str, progress: PageProgress | None = None) -> list[Block]:
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).casefold():
            raise DocumentError(
                gettext("Tệp “%(name)s” có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại.")
                % {"name": name}
            ) from error
        raise
    with document:
        pages = len(document)
    if pages > MAX_PAGES:
        raise DocumentError(
            gettext("Tệp “%(name)s” có %(pages)d trang, quá giới hạn %(limit)d trang.")
            % {"name": name, "pages": pages, "limit": MAX_PAGES}
        )

    def ocr_page(page) -> list[str]:
        if progress is not None:
            progress(page.page_number, pages)
        return ocr.ocr_pdf_page(page, name=name)

    return read_pdf(path, ocr_page=ocr_page)


def _read_image(path: Path, name: str, progress: PageProgress | None = None) -> list[Block]:
    """An image (every page of a multi-page TIFF) read as the scanned PDF it is turned into."""
    ocr.check_installed(name=name)
    with Image.open(path) as image:
        dpi = image.info.get("dpi", (ocr.DPI, ocr.DPI))[0] or ocr.DPI
        pages = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    with tempfile.TemporaryDirectory(prefix="chiso-scan-") as folder:
        scan = Path(folder) / "scan.pdf"
        pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=float(dpi))
        return _read_pdf(scan, name, progress)


def _read_plain(parse):
    def read(path: Path, name: str) -> list[Block]:
        text = decode(path.read_bytes())
        if text is None:
            raise ValueError("binary content")
        return parse(text)

    return read


_READERS = {
    "docx": (_read_docx, lambda: gettext("Tệp “%(name)s” không phải tệp Word (.docx) hợp lệ.")),
    "pdf": (_read_pdf, lambda: gettext("Tệp “%(name)s” không phải tệp PDF hợp lệ.")),
    "image": (_read_image, lambda: gettext("Tệp “%(name)s” không phải tệp ảnh hợp lệ.")),
    "txt": (
        _read_plain(read_text),
        lambda: gettext("Tệp “%(name)s” không phải tệp văn bản (.txt) đọc được."),
    ),
    "md": (
        _read_plain(read_markdown),
        lambda: gettext("Tệp “%(name)s” không phải tệp Markdown (.md) đọc được."),
    ),
}
