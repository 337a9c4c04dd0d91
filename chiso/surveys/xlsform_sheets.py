"""The sheets of an XLSForm workbook as rows of text keyed by column, with the Excel row numbers
kept for error messages. Sheet and column names match in any case; `label` and `hint` may be
translated columns (`label::Vietnamese (vi)`), the Vietnamese one taken when there is one."""

import datetime
from dataclasses import dataclass, field

from openpyxl.workbook.workbook import Workbook

from chiso.vietnamese.text import nfc, search_key

HEADER_WITHIN = 100  # the header is the first non-empty row among these, as pyxform looks
_ALIASES = {"list name": "list_name"}


@dataclass
class Sheet:
    name: str
    header_row: int
    columns: dict[str, str]  # key (lower case) → the header as written
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def __post_init__(self):
        self.label_key = _language_column(self.columns, "label")
        self.hint_key = _language_column(self.columns, "hint")

    @property
    def label_column(self) -> str:
        return self.columns.get(self.label_key, "label")

    @property
    def hint_column(self) -> str:
        return self.columns.get(self.hint_key, "hint")

    def label(self, cells: dict[str, str]) -> str:
        return cells.get(self.label_key, "")

    def hint(self, cells: dict[str, str]) -> str:
        return cells.get(self.hint_key, "")


def read_sheets(book: Workbook) -> dict[str, Sheet]:
    """Every sheet with a header row, by its lower-case name."""
    sheets: dict[str, Sheet] = {}
    for worksheet in book.worksheets:
        rows = [
            (number, [cell_text(value) for value in values])
            for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1)
        ]
        header = next(((n, values) for n, values in rows[:HEADER_WITHIN] if any(values)), None)
        if header is None:
            continue
        header_row, titles = header
        keys = [_ALIASES.get(t.lower(), t.lower()) for t in titles]
        sheet = Sheet(
            worksheet.title,
            header_row,
            {key: title for key, title in zip(keys, titles, strict=True) if key},
        )
        for number, values in rows:
            if number <= header_row or not any(values):
                continue
            sheet.rows.append(
                (number, {key: value for key, value in zip(keys, values, strict=False) if key})
            )
        sheets.setdefault(worksheet.title.strip().lower(), sheet)
    return sheets


def cell_text(value: object) -> str:
    """A cell's value as text: whole numbers without ".0", NFC, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return nfc(str(value))


def _language_column(columns: dict[str, str], base: str) -> str:
    """The key of `base`'s column: the Vietnamese translation if any, else the first."""
    candidates = [key for key in columns if key == base or key.startswith(f"{base}::")]
    for key in candidates:
        language = search_key(key.partition("::")[2])
        if "(vi)" in key or language.startswith(("vietnamese", "tieng viet")) or language == "vi":
            return key
    return candidates[0] if candidates else base
