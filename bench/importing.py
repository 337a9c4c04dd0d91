"""Reading plan documents: each corpus file's read + parse time (median of runs) as a ratio
to pulling its bare text out with the same library (for plain text: one pass of the text
normaliser), documents per second over a batch of 200, and a generated 50-task Word plan.
"""

import io
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from docx import Document

from chiso.docimport.export import HEADER
from chiso.docimport.parse import parse_blocks
from chiso.docimport.readers import read_document
from chiso.vietnamese.text import search_key

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
RUNS = 5
BATCH = 200


@dataclass(frozen=True)
class ImportFigures:
    what: str
    tasks: int
    seconds: float
    reference_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.reference_seconds


def measure_importing(scratch: Path) -> tuple[list[ImportFigures], float | None]:
    """Figures per document, and documents per second over a batch (None without corpus)."""
    files = sorted(
        p for p in CORPUS.glob("*") if p.suffix in SUFFIXES and p.name.lower() != "readme.md"
    )
    figures = [_document(path) for path in files]
    generated = scratch / "ke-hoach-50-nhiem-vu.docx"
    generated.write_bytes(fifty_task_plan())
    figures.append(_document(generated))
    rate = None
    if files:
        started = time.perf_counter()
        for n in range(BATCH):
            parse_blocks(read_document(files[n % len(files)]))
        rate = BATCH / (time.perf_counter() - started)
    return figures, rate


def _document(path: Path) -> ImportFigures:
    tasks = len(parse_blocks(read_document(path)).tasks)
    ours = _median(lambda: parse_blocks(read_document(path)))
    return ImportFigures(path.name, tasks, ours, _median(lambda: bare_text(path)))


def bare_text(path: Path) -> str:
    """The document's text by the plainest call of the library that reads it."""
    if path.suffix == ".docx":
        document = Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    # Plain text has no library to compare with: the reference is one pass of the text
    # normaliser over it, the least any reading does.
    return search_key(path.read_text(encoding="utf-8"))


def fifty_task_plan() -> bytes:
    """A Word appendix of 50 tasks in 5 fields, in the layout units write."""
    document = Document()
    document.add_paragraph("Phụ lục I")
    document.add_paragraph("CÁC NHIỆM VỤ NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025")
    document.add_paragraph("(Kèm theo Kế hoạch số 12/KH-SYT ngày 02/3/2025 của Sở Y tế)")
    table = document.add_table(rows=1, cols=6)
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = title
    fields = [
        "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC",
        "CẢI CÁCH THỂ CHẾ",
        "CẢI CÁCH TTHC",
        "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
        "CẢI CÁCH TÀI CHÍNH CÔNG",
    ]
    for roman, field in zip(["I", "II", "III", "IV", "V"], fields, strict=True):
        row = table.add_row().cells
        row[0].text = roman
        row[1].merge(row[-1]).text = field
        for n in range(1, 11):
            cells = table.add_row().cells
            values = [
                str(n),
                f"Thực hiện nhiệm vụ số {n} của lĩnh vực {field.lower()}",
                "Văn phòng Sở",
                "Các phòng, ban, đơn vị thuộc Sở",
                "Thường xuyên" if n % 2 else f"Quý {['I', 'II', 'III', 'IV'][n % 4]}/2025",
                "Báo cáo kết quả thực hiện",
            ]
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _median(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
