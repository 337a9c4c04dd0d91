"""Scanned PDFs (pages as images, no text layer) are OCR'd page by page, in the worker."""

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from chiso.docimport.jobs import read_plan
from chiso.docimport.readers import needs_ocr
from chiso.docimport.readers.ocr import LANGUAGE

SOURCE = "tp-lang-son-2024-ke-hoach.pdf"


def has_tesseract() -> bool:
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return LANGUAGE in listed.stdout.split()


needs_tesseract = pytest.mark.skipif(
    not has_tesseract(), reason="Debian's tesseract-ocr, tesseract-ocr-vie and poppler-utils"
)


def scanned_pdf(source: Path, target: Path, pages: int | None = 2, dpi: int = 200) -> Path:
    """An image-only PDF of the first `pages` pages of `source` (every page for None), as a
    scanner makes one."""
    stem = target.parent / "page"
    last = ["-l", str(pages)] if pages else []
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", *last, str(source), str(stem)], check=True
    )
    images = [Image.open(p) for p in sorted(target.parent.glob("page-*.png"), key=_number)]
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


def _number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def test_a_pdf_with_text_needs_no_ocr(corpus):
    assert not needs_ocr(corpus / SOURCE)
    assert not needs_ocr(corpus / "thanh-tra-tinh-2025-ke-hoach.txt")


@needs_tesseract
def test_a_scan_is_read_page_by_page(corpus, tmp_path, db):
    scan = scanned_pdf(corpus / SOURCE, tmp_path / "scan.pdf")
    assert needs_ocr(scan)
    stages = []
    _blocks, draft = read_plan(scan, progress=lambda stage, done: stages.append(stage))
    assert "Đang nhận dạng chữ (OCR) trang 1/2…" in stages
    assert "Đang nhận dạng chữ (OCR) trang 2/2…" in stages
    assert draft.date.isoformat() == "2024-06-07"
    assert "PAR INDEX" in draft.title
