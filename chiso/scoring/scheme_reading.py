"""The workbook of a province's own scoring index, as read: its sheets, labels, headers and
words (matched without accents or case), the problems found in it, and the sheets “Thông tin”
(label | value) and “Xếp loại”. The “Tiêu chí” sheet is read by `scheme_criteria`."""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from chiso.frameworks.loading import FrameworkSpec
from chiso.frameworks.models import INDEX_ORDER
from chiso.org.models import UnitKind
from chiso.vietnamese.text import nfc, search_key

from .models import Part, RuleKind, Source
from .rules import RuleError, number

SHEETS = {"info": "Thông tin", "criteria": "Tiêu chí", "grades": "Xếp loại"}
INFO_ROWS = {
    "code": "Mã chỉ số",
    "name": "Tên",
    "year": "Năm",
    "max": "Điểm tối đa",
    "units": "Đơn vị được chấm",
    "basis": "Căn cứ",
}
COLUMNS = {
    "code": "Mã",
    "name": "Tên",
    "max": "Điểm tối đa",
    "part": "Phần",
    "kind": "Cách tính",
    "source": "Nguồn số liệu",
    "source_code": "Mã chỉ tiêu, chỉ số",
    "bands": "Ngưỡng",
    "late": "Điểm khi trễ hạn",
    "not_for": "Không áp dụng cho",
}
GRADE_COLUMNS = {"name": "Xếp loại", "low": "Từ (%)"}
IGNORED = {"stt", "ghi chu", "huong dan"}  # columns and sheets people add: read past them
# Words accepted besides each choice's label and value (accent-free, lower case).
WORDS: dict[str, tuple[type[models.TextChoices], dict[str, tuple[str, ...]]]] = {
    "part": (
        Part,
        {
            Part.SELF: ("tu cham",),
            Part.SURVEY: ("dieu tra", "khao sat"),
            Part.BONUS: ("thuong",),
            Part.PENALTY: ("tru",),
        },
    ),
    "kind": (
        RuleKind,
        {
            RuleKind.MANUAL: ("thu cong", "tu cham"),
            RuleKind.BANDS: ("nguong",),
            RuleKind.PROPORTIONAL: ("ty le", "ti le"),
            RuleKind.ON_TIME: ("dung han",),
        },
    ),
    "source": (
        Source,
        {
            Source.NONE: ("khong",),
            Source.PLAN_ON_TIME: ("ke hoach dung han",),
            Source.TASKS_DONE: ("nhiem vu hoan thanh",),
            Source.REPORTS_ON_TIME: ("bao cao dung han",),
            Source.INDICATOR: ("chi tieu",),
            Source.SURVEY: ("khao sat",),
        },
    ),
    "unit_kind": (
        UnitKind,
        {
            UnitKind.DEPARTMENT: ("so",),
            UnitKind.DISTRICT: ("huyen",),
            UnitKind.COMMUNE: ("xa", "phuong", "xa phuong"),
        },
    ),
}
MAX_POINTS = Decimal(100000)  # Component.max_points holds 7 digits, 2 of them decimals
HUNDREDTH = Decimal("0.01")
ERRORS_NAMED = 5  # in the refusal's message; `errors` holds them all
_SPACES = re.compile(r"[^\S\n]+")


class SchemeFileError(ValueError):
    """A scheme workbook refused: `errors` names each problem by sheet, row and column."""

    def __init__(self, name: str, errors: list[str]):
        self.errors = errors
        message = _("Tệp %(name)s bị từ chối, %(count)d lỗi: %(errors)s") % {
            "name": name,
            "count": len(errors),
            "errors": "; ".join(errors[:ERRORS_NAMED]),
        }
        if len(errors) > ERRORS_NAMED:
            message += " " + _("(và %(more)d lỗi khác)") % {"more": len(errors) - ERRORS_NAMED}
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    value: str | None  # None: not about a cell's value; "": an empty cell
    message: str

    def __str__(self) -> str:
        where = [_("Trang “%(sheet)s”") % {"sheet": self.sheet}]
        if self.row:
            where.append(_("dòng %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("cột “%(column)s”") % {"column": self.column})
        if self.value is None:
            return f"{', '.join(where)}: {self.message}"
        value = f"“{self.value}”" if self.value else _("ô trống")
        return f"{', '.join(where)}: {value} — {self.message}"


class Problems(list[Problem]):
    def add(self, sheet: str, row: int | None, column: str, value: str | None, message: str):
        self.append(Problem(sheet, row, column, value, message))


@dataclass(frozen=True)
class RuleSpec:
    """How one leaf of the tree is scored, as `Rule` stores it."""

    code: str
    part: str
    kind: str
    source: str = ""
    source_code: str = ""
    bands: str = ""  # canonical: "; ".join(band.text for band in bands)
    late_points: Decimal | None = None
    not_for_kinds: tuple[str, ...] = ()
    not_for_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchemeSpec:
    framework: FrameworkSpec
    unit_kinds: tuple[str, ...]
    grades: tuple[tuple[str, Decimal], ...]  # Scheme.bands: (name, lowest %), best first
    rules: tuple[RuleSpec, ...]


@dataclass(frozen=True)
class Table:
    """A sheet's rows below its header row, each {field: text}, with the Excel row number."""

    key: str
    headers: dict[str, str]  # field → the header as written
    rows: list[tuple[int, dict[str, str]]]

    def column(self, field: str) -> str:
        defaults = COLUMNS if self.key == "criteria" else GRADE_COLUMNS
        return self.headers.get(field, defaults[field])


@dataclass
class Info:
    values: dict
    rows: dict[str, int]  # key → the row it was read from


def open_workbook(path: Path) -> Workbook:
    if not path.is_file():
        raise SchemeFileError(path.name, [_("Không tìm thấy tệp %(name)s.") % {"name": path}])
    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = _("Không đọc được tệp %(name)s: cần một bảng tính Excel (.xlsx).")
        raise SchemeFileError(path.name, [message % {"name": path.name}]) from None


def find_sheets(book: Workbook, problems: Problems) -> dict[str, Worksheet]:
    names = {search_key(title): key for key, title in SHEETS.items()}
    found: dict[str, Worksheet] = {}
    for sheet in book.worksheets:
        key = names.get(search_key(sheet.title))
        if key is None and search_key(sheet.title) not in IGNORED:
            expected = ", ".join(f"“{title}”" for title in SHEETS.values())
            message = _("không rõ là trang gì — cần các trang %(sheets)s.")
            problems.add(sheet.title, None, "", None, message % {"sheets": expected})
        elif key in found:
            message = _("trùng với trang “%(other)s”.") % {"other": found[key].title}
            problems.add(sheet.title, None, "", None, message)
        elif key is not None:
            found[key] = sheet
    for key in ("info", "criteria"):
        if key not in found:
            problems.add(SHEETS[key], None, "", None, _("thiếu trang này."))
    return found


def read_table(key: str, sheet: Worksheet, problems: Problems, required: tuple[str, ...]):
    """The sheet as a Table; None when its header row is wrong."""
    columns = COLUMNS if key == "criteria" else GRADE_COLUMNS
    rows = [(n, [cell_text(cell) for cell in cells]) for n, cells in enumerate(sheet.rows, 1)]
    top, titles = next(((n, cells) for n, cells in rows if any(cells)), (1, []))
    lookup = {search_key(title): name for name, title in columns.items()}
    fields: list[str | None] = []
    written: dict[str, str] = {}
    for title in titles:
        name = lookup.get(search_key(title))
        if title and name is None and search_key(title) not in IGNORED:
            expected = ", ".join(f"“{t}”" for t in columns.values())
            message = _("không rõ là cột gì — cần các cột %(columns)s.")
            problems.add(sheet.title, top, title, None, message % {"columns": expected})
        elif name in written:
            problems.add(sheet.title, top, title, None, _("cột này có hai lần."))
            name = None
        if name:
            written[name] = title
        fields.append(name)
    missing = [name for name in required if name not in written]
    for name in missing:
        problems.add(sheet.title, top, columns[name], None, _("thiếu cột này."))
    if missing:
        return None
    data = [
        (n, {name: text for name, text in zip(fields, cells, strict=False) if name})
        for n, cells in rows
        if n > top and any(cells)
    ]
    return Table(key, written, data)


def read_info(sheet: Worksheet, problems: Problems) -> Info:
    """The “Thông tin” sheet: a label in the first column, its value in the second."""
    lookup = {search_key(label): key for key, label in INFO_ROWS.items()}
    info = Info({}, {})
    for row, cells in enumerate(sheet.iter_rows(max_col=2), start=1):
        label, text = (nfc(cell_text(cell)) for cell in cells)
        key = lookup.get(search_key(label))
        if not label and not text:
            continue
        if key is None:
            expected = ", ".join(f"“{t}”" for t in INFO_ROWS.values())
            message = _("không rõ là mục gì — cần ở cột đầu một trong %(rows)s.")
            problems.add(SHEETS["info"], row, "", label, message % {"rows": expected})
        elif key in info.rows:
            message = _("mục này đã có ở dòng %(row)d.") % {"row": info.rows[key]}
            problems.add(SHEETS["info"], row, label, None, message)
        else:
            info.rows[key] = row
            before = len(problems)
            value = _info_value(key, text, row, label, problems)
            if len(problems) == before:
                info.values[key] = value
    for key in ("code", "name", "year", "max", "units"):
        if key not in info.rows:
            message = _("thiếu dòng “%(label)s”.") % {"label": INFO_ROWS[key]}
            problems.add(SHEETS["info"], None, "", None, message)
    return info


def _info_value(key: str, text: str, row: int, label: str, problems: Problems):
    def refuse(message: str) -> None:
        problems.add(SHEETS["info"], row, label, text, message)

    if key == "year":
        year = to_number(text)
        if year is None or year % 1 or not 2000 <= year <= 2100:
            return refuse(_("cần năm áp dụng, ví dụ 2025."))
        return int(year)
    if key == "max":
        points = checked_points(text, problems, SHEETS["info"], row, label)
        if points == 0:
            return refuse(_("cần một số lớn hơn 0, ví dụ 100."))
        return points
    if key == "units":
        keys = word_keys("unit_kind")
        kinds = [keys.get(search_key(token)) for token in tokens(text)]
        if not kinds or None in kinds:
            message = _("cần các loại đơn vị, cách nhau bởi “;”: %(kinds)s.")
            return refuse(message % {"kinds": listed("unit_kind")})
        return tuple(dict.fromkeys(kinds))
    if not text and key == "code":
        return refuse(_("cần mã riêng của bộ chỉ số, ví dụ “PAR-SO”."))
    if not text and key == "name":
        return refuse(_("cần tên của bộ chỉ số."))
    longest = {"code": 20, "name": 255, "basis": 500}[key]
    if len(text) > longest:
        return refuse(_("dài quá %(n)d ký tự.") % {"n": longest})
    if key == "code" and text.upper() in INDEX_ORDER:
        return refuse(_("mã này là của bộ chỉ số quốc gia — cần mã riêng, ví dụ “PAR-SO”."))
    return text


def read_grades(table: Table, problems: Problems) -> tuple[tuple[str, Decimal], ...]:
    """The grades of a unit's total (name, lowest %), best first."""
    grades: dict[str, tuple[str, Decimal]] = {}
    lows: dict[Decimal, int] = {}
    where = {"name": table.column("name"), "low": table.column("low")}
    for row, cells in table.rows:
        name, text = nfc(cells.get("name", "")), cells.get("low", "")
        low = to_number(text)
        if not name:
            problems.add(SHEETS["grades"], row, where["name"], "", _("cần tên, ví dụ “Tốt”."))
        elif search_key(name) in grades:
            message = _("xếp loại này có hai lần.")
            problems.add(SHEETS["grades"], row, where["name"], name, message)
        if low is None or not 0 <= low <= 100:
            message = _("cần tỷ lệ phần trăm từ 0 đến 100, ví dụ 90.")
            problems.add(SHEETS["grades"], row, where["low"], text, message)
        elif low in lows:
            message = _("trùng mức với dòng %(row)d.") % {"row": lows[low]}
            problems.add(SHEETS["grades"], row, where["low"], text, message)
        elif name:
            lows[low] = row
            grades.setdefault(search_key(name), (name, low))
    return tuple(sorted(grades.values(), key=lambda grade: grade[1], reverse=True))


def word_keys(name: str) -> dict[str, str]:
    """Accent-free key of each label, value and short word of a vocabulary → its value."""
    choices, extra = WORDS[name]
    keys = {search_key(str(label)): value for value, label in choices.choices}
    keys |= {search_key(value): value for value in choices.values if value}
    keys |= {word: value for value, words in extra.items() for word in words}
    return keys


def listed(name: str) -> str:
    """A vocabulary's labels, for a message saying what was expected."""
    choices, _extra = WORDS[name]
    return ", ".join(f"“{label}”" for value, label in choices.choices if value)


def checked_points(
    text: str, problems: Problems, sheet: str, row: int, column: str
) -> Decimal | None:
    """Points written in a cell, within what a component holds; None, noted, when not."""
    value = to_number(text)
    if value is None or not 0 <= value < MAX_POINTS or value != value.quantize(HUNDREDTH):
        message = _("cần một số không âm, tối đa hai chữ số thập phân (ví dụ 2 hoặc 1,5).")
        problems.add(sheet, row, column, text, message)
        return None
    return value


def cell_text(cell) -> str:
    """A cell's value as text: numbers with "." (a percent cell's as "90%"), text in NFC with
    spaces collapsed and line breaks kept (they separate bands)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(repr(value))
        if "%" in (cell.number_format or ""):
            return f"{(amount * 100).normalize():f}%"
        return f"{amount.normalize():f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    lines = unicodedata.normalize("NFC", str(value)).splitlines()
    return "\n".join(kept for line in lines if (kept := _SPACES.sub(" ", line).strip()))


def to_number(text: str) -> Decimal | None:
    try:
        return number(text) if text else None
    except RuleError:
        return None


def tokens(text: str) -> list[str]:
    """The items of a ";"-separated cell (line breaks separate too)."""
    return [item for item in (nfc(part) for part in re.split(r"[;\n]", text or "")) if item]
