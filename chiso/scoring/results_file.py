"""Read a published results table of an index (.csv/.xlsx) into typed rows.

Title rows above the header and a second header row (codes under a merged group title) are
allowed; a file with any bad cell is refused whole, every bad cell named by line and column.
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from chiso.metrics.reading import Export, FileError, open_export
from chiso.vietnamese.text import decimal_text, search_key

HEADER_ROWS_SEARCHED = 30
ERRORS_NAMED = 5  # in the refusal's message; `errors` holds them all

# Roles of a column besides a component code.
_NAME, _TOTAL, _RANK = "\0name", "\0total", "\0rank"
# The name column's header as chiso writes it, and the keys it is recognised by.
NAME_HEADERS = {
    "national": ("Tỉnh, thành phố", {"tinh thanh pho", "tinh thanh", "ten tinh thanh pho", "tinh"}),
    "units": ("Đơn vị", {"don vi", "ten don vi", "co quan don vi", "ten co quan don vi"}),
}
_TOTAL_KEYS = {"tong", "tong diem", "tong so", "diem tong", "tong cong"}
_RANK_KEYS = {"xep hang", "thu hang", "hang"}
_SUMMARY_KEYS = {"toan quoc", "ca nuoc", "tong cong"}
_SUMMARY_PREFIXES = ("trung binh", "binh quan")
_NOTE_PREFIXES = ("ghi chu", "chu thich", "nguon", "luu y")
_BRACKETS = re.compile(r"\([^)]*\)")
_YEAR = re.compile(r"\s*\b(19|20)\d\d$")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2}|[A-Za-z])\)?")
_DASHES = {"-", "–", "—"}  # a published "no value"


@dataclass(frozen=True)
class ResultRow:
    line: int  # the file's line (CSV) or row (Excel) number
    name: str  # the name cell as written, trimmed
    components: dict[str, Decimal | None]  # component code → points; None for a blank cell
    total: Decimal | None  # None without a total column or for a blank cell
    rank: int | None  # the published rank


@dataclass(frozen=True)
class ResultTable:
    name: str  # the file's name
    components: list[str]  # the component codes found as columns, in the file's order
    has_total: bool
    has_rank: bool
    rows: list[ResultRow]
    skipped: list[tuple[int, str]]  # (line, name) of summary and note rows left out


@dataclass(frozen=True)
class CellError:
    line: int
    column: str  # the header as written in the file
    value: str
    expected: str

    def __str__(self) -> str:
        names = {"line": self.line, "column": self.column, "expected": self.expected}
        if not self.value:
            return _("Dòng %(line)s, cột “%(column)s”: ô trống — cần %(expected)s.") % names
        return _("Dòng %(line)s, cột “%(column)s”: “%(value)s” — cần %(expected)s.") % {
            **names,
            "value": self.value,
        }


class ResultsRefused(ValueError):
    """A results file with bad cells: nothing of it is to be used."""

    def __init__(self, name: str, errors: list[CellError]):
        self.errors = errors
        shown = "; ".join(str(error) for error in errors[:ERRORS_NAMED])
        message = _("Tệp %(name)s bị từ chối, %(count)s lỗi: %(errors)s") % {
            "name": name,
            "count": len(errors),
            "errors": shown,
        }
        if len(errors) > ERRORS_NAMED:
            message += " " + _("(và %(more)s lỗi khác)") % {"more": len(errors) - ERRORS_NAMED}
        super().__init__(message)

    def as_json(self) -> dict:
        """The bad cells as the commands print them with --json."""
        return {
            "errors": [
                {"line": e.line, "column": e.column, "value": e.value, "expected": e.expected}
                for e in self.errors
            ]
        }


def read_results(
    path: Path,
    workdir: Path,
    *,
    scope: str,
    components: dict[str, str] | None,
    maxima: dict[str, Decimal] | None = None,
    check_name: Callable[[int, str], str | None] | None = None,
) -> ResultTable:
    """The rows of results file `path`; FileError for a file that is no such table,
    ResultsRefused listing every bad cell. `check_name(line, name)` returns what was expected
    of a name that is not one (an unknown province, one named twice), or None."""
    name_header, name_keys = NAME_HEADERS[scope]
    roles = _roles(name_keys, components or {})
    rows = _numbered_rows(path, open_export(path, workdir))
    top, name_column = _header_position(rows, roles)
    if top is None:
        raise FileError(
            _("Tệp %(name)s thiếu cột “%(column)s”. Dòng tiêu đề của tệp có: %(headers)s.")
            % {"name": path.name, "column": name_header, "headers": _listed(_widest(rows))}
        )
    header, sub, start = rows[top][1], [], top + 1
    if start < len(rows) and _is_sub_header(rows[start][1], name_column, roles):
        sub, start = rows[start][1], start + 1
    columns = _columns(path.name, header, sub, roles)
    headers = {"name": path.name, "headers": _listed(header + sub)}
    if components is None and _TOTAL not in columns:
        raise FileError(
            _(
                "Tệp %(name)s thiếu cột “Tổng”: năm này chưa có bộ chỉ số nên chỉ nhận tổng điểm "
                "(cột “Tổng” hoặc “Tổng điểm”). Dòng tiêu đề của tệp có: %(headers)s."
            )
            % headers
        )
    codes = [role for role in columns if not role.startswith("\0")]
    if not codes and _TOTAL not in columns:
        raise FileError(
            _(
                "Tệp %(name)s không có cột điểm nào: cần các cột %(codes)s (theo mã hoặc tên) "
                "hoặc cột “Tổng”. Dòng tiêu đề của tệp có: %(headers)s."
            )
            % {**headers, "codes": ", ".join(components or {})}
        )
    if start < len(rows) and _is_column_numbers(rows[start][1], name_column):
        start += 1
    name_label = header[name_column]
    expected_name = _("tên tỉnh, thành phố") if scope == "national" else _("tên đơn vị")
    results, skipped, errors = [], [], []
    read = {column for column, _label in columns.values()} | {name_column}
    for line, cells in rows[start:]:
        values = {role: _at(cells, column) for role, (column, _label) in columns.items()}
        name = _at(cells, name_column)
        if not name and not any(values.values()):
            continue
        # A summary's title may sit in a merged cell starting left of the name column.
        title = name or next((c for i, c in enumerate(cells) if c and i not in read), "")
        key = search_key(title)
        is_note = key.startswith(_NOTE_PREFIXES) and not any(values.values())
        if key in _SUMMARY_KEYS or key.startswith(_SUMMARY_PREFIXES) or is_note:
            skipped.append((line, title))
            continue
        if not name:
            errors.append(CellError(line, name_label, "", expected_name))
        elif check_name and (expected := check_name(line, name)):
            errors.append(CellError(line, name_label, name, expected))
        points: dict[str, Decimal | None] = {}
        rank = None
        for role, (_column, label) in columns.items():
            if role == _RANK:
                rank, problem = _rank(values[role])
            else:
                points[role], problem = _points(values[role], (maxima or {}).get(role))
            if problem:
                errors.append(CellError(line, label, values[role], problem))
        total = points.pop(_TOTAL, None)
        results.append(ResultRow(line, name, points, total, rank))
    if errors:
        raise ResultsRefused(path.name, errors)
    return ResultTable(path.name, codes, _TOTAL in columns, _RANK in columns, results, skipped)


def _numbered_rows(path: Path, export: Export) -> list[tuple[int, list[str]]]:
    """Every row of the export from its header on, with the line (CSV) or row (Excel) number
    a user sees in the file, cells trimmed."""
    converted = export.csv_path.resolve() != path.resolve()  # a workbook written out as CSV
    header_line = export.first_line - 1
    rows = []
    try:
        with export.csv_path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, delimiter=export.delimiter)
            end = 0
            for index, cells in enumerate(reader):
                line = header_line + index if converted else end + 1
                end = reader.line_num
                rows.append((line, [cell.strip() for cell in cells]))
    except (UnicodeDecodeError, csv.Error) as error:
        raise FileError(
            _("Không đọc được tệp %(name)s: %(error)s") % {"name": path.name, "error": error}
        ) from error
    return rows


def _header_position(rows: list[tuple[int, list[str]]], roles: dict[str, str]):
    """(index in `rows`, column) of the first name header among the first rows, or (None, 0)."""
    for index, (_line, cells) in enumerate(rows[:HEADER_ROWS_SEARCHED]):
        for column, cell in enumerate(cells):
            if _role(cell, roles) == _NAME:
                return index, column
    return None, 0


def _roles(name_keys: set[str], components: dict[str, str]) -> dict[str, str]:
    """Header key → role: the name, total or rank column, or a component's code."""
    roles = dict.fromkeys(name_keys, _NAME)
    roles |= dict.fromkeys(_TOTAL_KEYS, _TOTAL) | dict.fromkeys(_RANK_KEYS, _RANK)
    for code, title in components.items():
        code_key, title_key = search_key(code), search_key(title)
        number = search_key(code.rsplit(".", 1)[-1])  # "1. Tham gia…"
        keys = [code_key, title_key, f"{code_key} {title_key}", f"{title_key} {code_key}"]
        for key in [*keys, f"{number} {title_key}"]:
            roles.setdefault(key, code)
    return roles


def _role(label: str, roles: dict[str, str]) -> str | None:
    """The role of a header cell, read as written, without a bracketed note or a final year."""
    if not label:
        return None
    for text in (label, _BRACKETS.sub(" ", label)):
        key = search_key(text)
        for candidate in (key, _YEAR.sub("", key)):
            if candidate in roles:
                return roles[candidate]
    return None


def _is_sub_header(cells: list[str], name_column: int, roles: dict[str, str]) -> bool:
    """Whether the row under the header holds column titles (codes under a merged group)."""
    if _at(cells, name_column) and _role(_at(cells, name_column), roles) != _NAME:
        return False  # a data row
    return any(_role(cell, roles) not in (None, _NAME) for cell in cells)


def _columns(
    name: str, header: list[str], sub: list[str], roles: dict[str, str]
) -> dict[str, tuple[int, str]]:
    """Role → (column, header as written) of the columns read, in the file's order."""
    columns: dict[str, tuple[int, str]] = {}
    group = None  # the role of the merged title over this column
    for column in range(max(len(header), len(sub))):
        top, below = _at(header, column), _at(sub, column)
        if top:
            group = _role(top, roles)
        role, label = _role(below, roles), below
        if role in (_TOTAL, _RANK) and group not in (None, _NAME, _TOTAL, _RANK):
            continue  # a component's own rank or score under its title
        if role is None:
            role, label = _role(top, roles), top
        if role is None or role == _NAME:
            continue
        if role in columns:
            names = {"name": name, "first": columns[role][1], "second": label}
            raise FileError(
                _("Tệp %(name)s có hai cột cùng là “%(role)s”: “%(first)s” và “%(second)s”.")
                % {**names, "role": {_TOTAL: "Tổng", _RANK: "Xếp hạng"}.get(role, role)}
            )
        columns[role] = (column, label)
    return columns


def _is_column_numbers(cells: list[str], name_column: int) -> bool:
    """Whether the row under the header numbers the columns: (1), (2)… or A, B…"""
    filled = [cell for cell in cells if cell]
    return bool(_at(cells, name_column)) and all(_COLUMN_NUMBER.fullmatch(c) for c in filled)


def _points(text: str, maximum: Decimal | None) -> tuple[Decimal | None, str | None]:
    """A component's or total's points, or the problem with the cell."""
    if not text or text in _DASHES:
        return None, None
    number = _number(text)
    if number is not None and number >= 0 and (maximum is None or number <= maximum):
        return number, None
    if maximum is not None:
        return None, _("một số từ 0 đến %(max)s") % {"max": decimal_text(maximum)}
    return None, _("một số không âm") if number is not None else _("một số")


def _rank(text: str) -> tuple[int | None, str | None]:
    """A published rank ("1", "01", "13/63", "1.0"), or the problem with the cell."""
    if not text or text in _DASHES:
        return None, None
    before = text.split("/", 1)[0]
    number = None if "%" in before else _number(before)
    if number is None or number < 1 or number != number.to_integral_value():
        return None, _("một số nguyên từ 1 trở lên (như 1, 01 hoặc 13/63)")
    return int(number), None


def _number(text: str) -> Decimal | None:
    """A number written with "." or "," as the decimal mark, spaces and a final "%" allowed;
    when both marks appear the last one is the decimal mark ("1.234,5")."""
    compact = re.sub(r"\s", "", text).removesuffix("%").replace("\u2212", "-")
    marks = [ch for ch in compact if ch in ".,"]
    if marks:
        decimal_mark = marks[-1]
        if compact.count(decimal_mark) > 1:
            return None
        grouping = "," if decimal_mark == "." else "."
        compact = compact.replace(grouping, "").replace(decimal_mark, ".")
    return Decimal(compact) if _DECIMAL.fullmatch(compact) else None


def _at(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""


def _widest(rows: list[tuple[int, list[str]]]) -> list[str]:
    """The likeliest header row among the first ones: the one with most filled cells."""
    searched = [cells for _line, cells in rows[:HEADER_ROWS_SEARCHED]] or [[]]
    return max(searched, key=lambda cells: sum(1 for cell in cells if cell))


def _listed(headers: list[str]) -> str:
    return ", ".join(f"“{header}”" for header in headers if header) or _("(không có)")
