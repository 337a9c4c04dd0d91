"""Regenerate the OCR test corpus: every ../shared/corpus document scanned and OCR'd.

Each document is rendered to page images and read by Debian's Tesseract with the `eng` model
(no diacritics: what a unit gets from an OCR engine without Vietnamese) and the `vie` model.
The outputs become the fixtures of tests/docimport/test_ocr_golden.py, under
tests/docimport/ocr/<model>/<document file name>.txt (the name keeps its suffix: the corpus
holds one plan as .txt, .docx and .pdf).

PDFs are rasterised with pdftoppm (poppler-utils). Text and markdown files are first printed
to an A4 PDF with fpdf2 in Noto Serif (fonts-noto-core), laid out as a plan is: the
two-column letterhead (issuer and number on the left, the national motto and place/date on
the right), the title centred, page numbers at the top from page 2, tab-separated cells as a
ruled table. Word files are converted with LibreOffice when it is installed, else skipped
(each also exists as a PDF). Tesseract runs on one thread, so a run on one machine gives the
same fixtures each time.

    .venv/bin/python scripts/ocr_corpus.py [--models eng,vie] [--only NAME]
"""

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "tests" / "docimport" / "ocr"
MODELS = ("eng", "vie")
SUFFIXES = (".pdf", ".txt", ".md", ".docx")
DPI = 300
FONT_DIR = Path("/usr/share/fonts/truetype/noto")
FONTS = {"": "NotoSerif-Regular.ttf", "B": "NotoSerif-Bold.ttf", "I": "NotoSerif-Italic.ttf"}
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

_DOC_TYPE = re.compile(r"^(?:KẾ HOẠCH|Phụ lục\b)", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:")
_PLACE_DATE = re.compile(r",\s*ngày\b.*\bnăm\s+\d{4}")
_MOTTO_LINE = re.compile(r"^(?:CỘNG HO[AÀ]|Độc lập)", re.IGNORECASE)
_TITLE_ENDS = re.compile(r"^(?:Thực hiện|Căn cứ|Triển khai|Để|Đề|[IVX]+\.|\d+\.)")
_MARKUP = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!|])|\*\*\*|\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


@dataclass
class Layout:
    """A text document as a plan lays it out: letterhead columns, title lines, body items.

    A body item is ("p", text, bold) for a paragraph or ("row", cells) for a table row.
    """

    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    doc_type: str = ""
    title: list[str] = field(default_factory=list)
    body: list[tuple] = field(default_factory=list)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--only", help="one corpus file name")
    args = parser.parse_args()
    models = [m for m in args.models.split(",") if m]
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    missing = [tool for tool in ("pdftoppm", "tesseract") if not shutil.which(tool)]
    if missing:
        print(f"missing: {', '.join(missing)} (apt-get install poppler-utils tesseract-ocr)")
        return 1
    documents = sorted(
        p for p in CORPUS.iterdir() if p.suffix in SUFFIXES and p.name != "README.md"
    )
    if args.only:
        documents = [p for p in documents if p.name == args.only]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="chiso-ocr-") as scratch:
        for document in documents:
            pdf = as_pdf(document, Path(scratch))
            if pdf is None:
                continue
            pages = rasterise(pdf, Path(scratch) / document.name)
            for model in models:
                text = "".join(
                    ocr_page(page, model, f"{document.name} [{model}] page {n}/{len(pages)}")
                    for n, page in enumerate(pages, start=1)
                )
                target = OUT / model / f"{document.name}.txt"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


def as_pdf(document: Path, scratch: Path) -> Path | None:
    """The document as a PDF to rasterise, or None when it cannot be made here."""
    if document.suffix == ".pdf":
        return document
    if document.suffix == ".docx":
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if office is None:
            print(f"{document.name}: skipped, LibreOffice is not installed (its PDF twin is read)")
            return None
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(scratch), document],
            check=True,
            capture_output=True,
        )
        return scratch / f"{document.stem}.pdf"
    target = scratch / f"{document.name}.pdf"
    print_plan(read_layout(document), target)
    return target


def read_layout(document: Path) -> Layout:
    """Split a .txt/.md plan into letterhead, title and body as it would be printed."""
    markdown = document.suffix == ".md"
    raw = document.read_text(encoding="utf-8").splitlines()
    items = _items(raw, markdown=markdown)
    layout = Layout()
    start = next(
        (i for i, item in enumerate(items[:25]) if item[0] == "p" and _DOC_TYPE.match(item[1])),
        None,
    )
    if start is None:
        layout.body = items
        return layout
    for item in items[:start]:
        text = item[1] if item[0] == "p" else " ".join(item[1])
        if _MOTTO_LINE.match(text):
            continue
        (layout.right if _PLACE_DATE.search(text) else layout.left).append(text)
    if layout.left or layout.right:
        layout.right = [*MOTTO, "", *layout.right]
    layout.doc_type = items[start][1]
    rest = items[start + 1 :]
    while rest and rest[0][0] == "p" and not _TITLE_ENDS.match(rest[0][1]):
        layout.title.append(rest.pop(0)[1])
    layout.body = rest
    return layout


def _items(lines: list[str], *, markdown: bool) -> list[tuple]:
    """Paragraphs and table rows: a run of tab-indented lines is one row of cells."""
    items: list[tuple] = []
    cells: list[str] = []
    for line in lines:
        if line.startswith("\t"):
            cells.append(line.strip())
            continue
        if cells:
            items.append(("row", cells))
            cells = []
        if not line.strip():
            continue
        bold = False
        if markdown:
            bold = bool(_HEADING.match(line)) or line.strip().startswith("**")
            line = _MARKUP.sub("", _HEADING.sub("", line))
        items.append(("p", line.strip(), bold))
    if cells:
        items.append(("row", cells))
    return items


class _Plan(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:  # Vietnamese official documents number pages at the top
            self.set_font("serif", "", 12)
            self.set_y(8)
            self.cell(0, 6, str(self.page_no()), align="C")
            self.set_y(self.t_margin)


def print_plan(layout: Layout, target: Path) -> None:
    """An A4 PDF of the plan, fonts embedded, as a unit would print it before scanning."""
    pdf = _Plan(format="A4")
    pdf.set_margins(25, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    for style, name in FONTS.items():
        pdf.add_font("serif", style, str(FONT_DIR / name))
    pdf.set_creation_date(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    pdf.add_page()
    if layout.left or layout.right:
        _letterhead(pdf, layout)
    if layout.doc_type:
        pdf.set_font("serif", "B", 14)
        pdf.multi_cell(0, 7, layout.doc_type, align="C", new_x="LMARGIN")
        pdf.set_font("serif", "B", 13)
        for line in layout.title:
            pdf.multi_cell(0, 6.5, line, align="C", new_x="LMARGIN")
        pdf.ln(4)
    rows: list[list[str]] = []
    for item in layout.body:
        if item[0] == "row":
            rows.append(item[1])
            continue
        if rows:
            _table(pdf, rows)
            rows = []
        _paragraph(pdf, item[1], bold=item[2])
    if rows:
        _table(pdf, rows)
    pdf.output(str(target))


def _letterhead(pdf: FPDF, layout: Layout) -> None:
    top = pdf.get_y()
    widths = (70, pdf.epw - 70)
    bottoms = []
    for x, width, lines in (
        (pdf.l_margin, widths[0], layout.left),
        (pdf.l_margin + widths[0], widths[1], layout.right),
    ):
        pdf.set_xy(x, top)
        for line in lines:
            dated = bool(_PLACE_DATE.search(line))
            pdf.set_font("serif", "I" if dated else "" if _NUMBER.match(line) else "B", 12)
            pdf.set_x(x)
            pdf.multi_cell(width, 6, line, align="C", new_x="LMARGIN")
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms) + 8)


def _paragraph(pdf: FPDF, text: str, *, bold: bool) -> None:
    pdf.set_font("serif", "B" if bold else "", 11.5)
    pdf.multi_cell(0, 6, text, align="L", new_x="LMARGIN")
    pdf.ln(1)


def _table(pdf: FPDF, rows: list[list[str]]) -> None:
    columns = max(len(row) for row in rows)
    first = 12
    widths = (first, *([(pdf.epw - first) / (columns - 1)] * (columns - 1)))
    pdf.set_font("serif", "", 10.5)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        v_align="TOP",
        line_height=5,
        first_row_as_headings=False,
    ) as table:
        for cells in rows:
            row = table.row()
            for position, text in enumerate(cells):
                span = columns - len(cells) + 1 if position == len(cells) - 1 else 1
                row.cell(text, colspan=span)
    pdf.ln(3)


def rasterise(pdf: Path, stem: Path) -> list[Path]:
    """The PDF's pages as greyscale PNGs at DPI, as a scanner gives them."""
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )
    return sorted(stem.parent.glob(f"{stem.name}-*.png"), key=_page_number)


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def ocr_page(image: Path, model: str, label: str) -> str:
    """Tesseract's text of one page (ending with its form feed), on one thread."""
    print(label, flush=True)
    done = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", model],
        check=True,
        capture_output=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return done.stdout.decode("utf-8")


if __name__ == "__main__":
    sys.exit(main())
