"""Scanned pages and images read through Tesseract's command line with the Vietnamese model."""

import functools
import io
import shutil
import subprocess
from pathlib import Path

from django.utils.translation import gettext

from chiso.docimport.blocks import Block, DocumentError, join_lines, text_block

LANGUAGE = "vie"
TIMEOUT = 180  # seconds for one page


def read_image(path: Path, *, name: str) -> list[Block]:
    """Blocks of an image file (.png, .jpg, .tif — every page of a multi-page TIFF)."""
    text = _tesseract(str(path), None, name=name)
    return [b for b in map(text_block, paragraphs(text)) if b]


def ocr_pdf_page(page, *, name: str) -> list[str]:
    """Paragraphs of a pdfplumber page without a text layer, rendered at 300 dpi."""
    image = page.to_image(resolution=300).original
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return paragraphs(_tesseract("stdin", buffer.getvalue(), name=name))


def paragraphs(text: str) -> list[str]:
    """Tesseract's output as paragraphs: blank lines separate them, lines inside are joined."""
    return join_lines(text.splitlines(), blank_is_break=True)


def check_installed(*, name: str) -> None:
    """Raise DocumentError saying what to install when Tesseract or its Vietnamese model lacks."""
    if not _has_vietnamese():
        raise DocumentError(
            gettext(
                "Tệp “%(name)s” là ảnh hoặc bản quét, cần nhận dạng chữ (OCR) nhưng máy chủ chưa "
                "có Tesseract với tiếng Việt: cài gói tesseract-ocr và tesseract-ocr-vie "
                "(Debian/Ubuntu)."
            )
            % {"name": name}
        )


@functools.cache
def _has_vietnamese() -> bool:
    if not shutil.which("tesseract"):
        return False
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in (listed.stdout + listed.stderr).split()


def _tesseract(source: str, data: bytes | None, *, name: str) -> str:
    check_installed(name=name)
    try:
        done = subprocess.run(
            ["tesseract", source, "stdout", "-l", LANGUAGE],
            input=data,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise DocumentError(
            gettext("Nhận dạng chữ trong tệp “%(name)s” quá lâu, đã dừng.") % {"name": name}
        ) from error
    if done.returncode != 0:
        raise DocumentError(
            gettext("Không nhận dạng được chữ trong tệp “%(name)s”: ảnh không đọc được.")
            % {"name": name}
        )
    return done.stdout.decode("utf-8", errors="replace")
