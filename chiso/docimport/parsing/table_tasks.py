"""Tasks from appendix tables: one task per numbered row, Roman-numeral rows giving the field.

Columns are found by the words of the header row, whatever their order ("STT · Nhiệm vụ cụ
thể · Cơ quan chủ trì · Cơ quan phối hợp · Thời gian hoàn thành · Sản phẩm/Kết quả dự kiến").
Row numbers run in sequence, so one that OCR misread is read as the one it stands for: a
section row's label that is not the next Roman numeral ("H" or "I" for "II"), a task's number
that is no number ("a", "Đ") or, inside a section, does not follow the one before it.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chiso.docimport.blocks import Block, BlockKind
from chiso.docimport.draft import DraftTask, UnitRef
from chiso.plans.deadlines import parse_deadline
from chiso.plans.targets import parse_targets
from chiso.vietnamese.text import nfc, search_key

from .components import match_component
from .outline import roman_value, to_roman

# Header words per column, on accent-free keys; the first column that matches wins.
COLUMN_WORDS = {
    "ordinal": ("stt", "so tt", "tt"),
    "text": ("nhiem vu", "noi dung", "giai phap"),
    "lead": ("chu tri", "don vi thuc hien", "co quan thuc hien"),
    "coordinators": ("phoi hop",),
    "deadline": ("thoi gian", "thoi han", "tien do", "han hoan thanh"),
    "output": ("san pham", "ket qua du kien", "ket qua"),
}
ROMAN_CELL = re.compile(r"^[IVX]{1,4}\.?$")
NUMBER_CELL = re.compile(r"^(?:[IVX]{1,4}\.)?\d{1,3}(?:\.\d{1,2})*\.?$")
# A section row's Roman label as OCR may read it ("I", "II.", "Il", "H", "[I", "Vv"), or
# could not ("?": see `chiso.docimport.readers.ocr`).
ROMAN_LIKE = re.compile(r"^(?:[IVXLivxlT1|!\[\]H]{1,5}\.?|\?)$")


@dataclass
class _Numbering:
    """Where a table's numbering stands: the sections seen, the last task number in this one."""

    sections: int = 0
    last: int | None = None

    def section_label(self, written: str) -> str:
        """The label of the next section row: a Roman numeral as written when it goes on
        from the last one, else the next one when it reads as a Roman numeral OCR misread
        ("I" again, "H", "Vv"); none for another label."""
        self.last = None
        value = roman_value(written.rstrip("."))
        if value > self.sections:
            self.sections = value
        elif ROMAN_LIKE.match(written):
            self.sections += 1
        else:
            return ""
        return to_roman(self.sections)

    def task_number(self, written: str) -> str:
        """A task's number: as written when it is one and goes on from the one before."""
        if not written or not (written.isdigit() or not NUMBER_CELL.match(written)):
            return written  # none, or numbered "1.2" / "I.3" by the document itself
        if written.isdigit() and (self.last is None or int(written) == self.last + 1):
            self.last = int(written)
            return written
        self.last = (self.last or 0) + 1
        return str(self.last)


@dataclass
class TableTasks:
    tasks: list[DraftTask]
    warnings: list[str]


def find_columns(cells: tuple[str, ...]) -> dict[str, int] | None:
    """Column positions when `cells` is a task table's header row."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        key = search_key(cell)
        for column, words in COLUMN_WORDS.items():
            if column not in columns and any(_has(key, word) for word in words):
                columns[column] = position
                break
    return columns if {"text", "lead"} <= columns.keys() else None


def _has(key: str, word: str) -> bool:
    return re.search(rf"\b{word}\b", key) is not None


def tasks_from_tables(blocks: list[Block], year: int | None, index: str | None) -> TableTasks:
    """Every task row of every task table in the document, in order."""
    tasks: list[DraftTask] = []
    warnings: list[str] = []
    columns: dict[int | None, dict[str, int]] = {}
    component: dict[int | None, str | None] = {}
    section: dict[int | None, str] = {}
    numbering: dict[int | None, _Numbering] = {}
    for block in blocks:
        if block.kind != BlockKind.ROW:
            continue
        table = block.table
        if table not in columns:
            found = find_columns(block.cells)
            if found:
                columns[table] = found
            continue
        cols = columns[table]
        counter = numbering.setdefault(table, _Numbering())
        first = nfc(block.cells[0]) if block.cells else ""
        if ROMAN_CELL.match(first) or _is_section_row(block, cols):
            title = _section_title(block)
            code, _score = match_component(title, year or 0, index) if year else (None, 0.0)
            component[table] = code
            section[table] = counter.section_label(first if first != title else "")
            if code is None:
                warnings.append(_("Bảng, dòng “%s”: không xác định được lĩnh vực.") % title[:60])
            continue
        task = _task(block, cols, component.get(table), year, section.get(table, ""), counter)
        if task is not None:
            tasks.append(task)
    return TableTasks(tasks=tasks, warnings=warnings)


def _is_section_row(block: Block, cols: dict[str, int]) -> bool:
    """A row with its text in one or two cells (a merged section row), no number."""
    filled = [c for c in block.cells if nfc(c)]
    return (
        0 < len(filled) <= 2
        and not NUMBER_CELL.match(nfc(block.cells[0]) or "x")
        and (len(block.cells) <= 2 or not _cell(block, cols, "lead"))
    )


def _section_title(block: Block) -> str:
    filled = [nfc(c) for c in block.cells if nfc(c)]
    return filled[-1] if filled else ""


def _cell(block: Block, cols: dict[str, int], column: str) -> str:
    position = cols.get(column)
    if position is None or position >= len(block.cells):
        return ""
    return nfc(block.cells[position])


def _task(
    block: Block,
    cols: dict[str, int],
    component: str | None,
    year,
    section: str,
    counter: _Numbering,
):
    text = _cell(block, cols, "text")
    if not text:
        return None
    number = counter.task_number(_cell(block, cols, "ordinal").rstrip("."))
    # Numbers restart under each Roman section: "I.3" is what tells rows apart.
    prefixed = section and number and not number.startswith(f"{section}.")
    ordinal = f"{section}.{number}" if prefixed else number
    lead_text = _cell(block, cols, "lead")
    coordinators_text = _cell(block, cols, "coordinators")
    deadline_text = _cell(block, cols, "deadline")
    output = _cell(block, cols, "output")
    return DraftTask(
        ordinal=ordinal,
        text=text,
        component=component,
        lead=UnitRef(lead_text) if lead_text else None,
        coordinators=[UnitRef(coordinators_text)] if coordinators_text else [],
        deadline=parse_deadline(deadline_text, year=year),
        output=output,
        targets=parse_targets(f"{text}. {output}", year=year),
        source="table",
        block=block.index,
    )
