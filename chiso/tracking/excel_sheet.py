"""The progress sheet's layout, and a filled sheet read back: its columns found by their
words, each row parsed into a typed value, every problem named by row and column."""

import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineError, CalamineWorkbook

from chiso.plans.models import TaskStatus
from chiso.vietnamese.text import search_key

EXCEL_MAX_BYTES = 5 * 1024 * 1024
HEADER_SEARCH_ROWS = 30
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97–2003 (.xls)

PERCENT_WORDS = {"ty le", "ty le %", "ty le hoan thanh", "ti le", "ti le %", "ti le hoan thanh %"}
# (field, header, width, other accepted header keys); `key` is the hidden task id.
COLUMNS = [
    ("key", gettext_lazy("Mã nhiệm vụ"), 10, {"id", "ma", "ma nv"}),
    ("ordinal", gettext_lazy("STT"), 7, {"so thu tu", "tt"}),
    ("text", gettext_lazy("Nhiệm vụ"), 55, {"noi dung nhiem vu", "noi dung"}),
    ("deadline", gettext_lazy("Thời hạn"), 18, {"thoi gian hoan thanh", "han"}),
    ("status", gettext_lazy("Tình trạng"), 18, {"tinh trang thuc hien"}),
    ("percent", gettext_lazy("Tỷ lệ hoàn thành (%)"), 13, PERCENT_WORDS),
    ("narrative", gettext_lazy("Kết quả thực hiện"), 60, {"ket qua"}),
    ("role", gettext_lazy("Vai trò"), 11, set()),
    ("state", gettext_lazy("Trạng thái báo cáo"), 15, set()),
]
FIELDS = [field for field, *_rest in COLUMNS]
EDITABLE = ("status", "percent", "narrative")
REQUIRED = {"key", *EDITABLE}


Problem = tuple[int, str]  # (row number as Excel shows it, message); 0 for the whole file


class ExcelImportError(Exception):
    """The file was not applied; `errors` lists every problem found, in Vietnamese."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class SheetRow:
    """One filled row of the sheet, parsed; `line` is the row number Excel shows."""

    line: int
    task_id: int
    status: str | None
    percent: int | None
    narrative: str
    valid: bool = True


def read_sheet(path_or_file: str | os.PathLike | BinaryIO) -> tuple[list[SheetRow], list[Problem]]:
    """The task rows of a filled sheet and the problems found in them; a file that cannot be
    read at all raises `ExcelImportError`."""
    name, data = _read_upload(path_or_file)
    return _parse_rows(_sheet_cells(name, data))


def _read_upload(source: str | os.PathLike | BinaryIO) -> tuple[str, bytes]:
    """The file's name and bytes, refused when it is too large."""
    if isinstance(source, str | os.PathLike):
        name = Path(source).name
        if not Path(source).is_file():
            raise ExcelImportError([_("Không tìm thấy tệp “%s”.") % name])
        with Path(source).open("rb") as handle:
            data = handle.read(EXCEL_MAX_BYTES + 1)
    else:
        name = Path(getattr(source, "name", "") or "").name or _("tệp tải lên")
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(EXCEL_MAX_BYTES + 1)
    if len(data) > EXCEL_MAX_BYTES:
        text = _("Tệp “%(name)s” lớn hơn %(mb)d MB.")
        raise ExcelImportError([text % {"name": name, "mb": EXCEL_MAX_BYTES // 1024 // 1024}])
    return name, data


def _sheet_cells(name: str, data: bytes) -> list[list]:
    """The cells, from row 1 and column A, of the first sheet that has the header row."""
    if not data.strip():
        raise ExcelImportError([_("Tệp “%s” trống.") % name])
    if data.startswith(OLE2_MAGIC):
        text = _("Tệp “%s” là Excel 97–2003 (.xls); hãy mở và lưu lại dưới dạng .xlsx.")
        raise ExcelImportError([text % name])
    if not _is_xlsx(data):
        text = _("Tệp “%s” không phải bảng tính Excel .xlsx; hãy dùng tệp tải về từ chiso.")
        raise ExcelImportError([text % name])
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [
            book.get_sheet_by_index(index).to_python(skip_empty_area=False)
            for index in range(len(book.sheet_names))
        ]
    except CalamineError:
        text = _("Không đọc được tệp “%s”: tệp hỏng hoặc không phải .xlsx.")
        raise ExcelImportError([text % name]) from None
    for cells in sheets:
        if _find_header(cells) is not None:
            return cells
    if not any(_text(value) for cells in sheets for row in cells for value in row):
        raise ExcelImportError([_("Tệp “%s” trống.") % name])
    headers = ", ".join(f"“{header}”" for field, header, *_rest in COLUMNS if field in REQUIRED)
    raise ExcelImportError([_("Không tìm thấy dòng tiêu đề có các cột %s.") % headers])


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _find_header(cells: list[list]) -> tuple[int, dict[str, int]] | None:
    """The index of the header row and the column of each field, found by its words."""
    words = {
        key: field
        for field, header, _width, aliases in COLUMNS
        for key in {*_every_language(header), *aliases}
    }
    for index, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for col, value in enumerate(row):
            field = words.get(search_key(_text(value)))
            if field and field not in found:
                found[field] = col
        if found.keys() >= REQUIRED:
            return index, found
    return None


def _every_language(text) -> set[str]:
    """Accent-free keys of a label in each language of the site."""
    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            keys.add(search_key(str(text)))
    return keys


def _parse_rows(cells: list[list]) -> tuple[list[SheetRow], list[Problem]]:
    """Typed rows below the header; a row with a bad value is kept, marked invalid."""
    header, columns = _find_header(cells) or (0, {})
    statuses = {search_key(status.value): status.value for status in TaskStatus}
    for status in TaskStatus:
        statuses.update(dict.fromkeys(_every_language(status.label), status.value))
    rows: list[SheetRow] = []
    problems: list[Problem] = []
    for line, row_cells in enumerate(cells[header + 1 :], start=header + 2):
        raw = {f: row_cells[col] if col < len(row_cells) else "" for f, col in columns.items()}
        if not _text(raw["key"]):
            if any(_text(raw[field]) for field in EDITABLE):
                text = _(
                    "Dòng %(row)d: không có mã nhiệm vụ (cột ẩn “Mã nhiệm vụ”); chỉ cập nhật được "
                    "các dòng của tệp tải về, không thêm được dòng mới."
                )
                problems.append(problem(line, text))
            continue
        found = [
            _parse_key(line, raw["key"]),
            _parse_status(line, raw["status"], statuses),
            _parse_percent(line, raw["percent"]),
        ]
        bad = [value for value in found if isinstance(value, tuple)]
        problems += bad
        if not isinstance(found[0], int):
            continue
        status, percent = (None, None) if bad else found[1:]
        narrative = clean_narrative(_text(raw["narrative"]))
        rows.append(SheetRow(line, found[0], status, percent, narrative, valid=not bad))
    if not rows and not problems:
        problems.append((0, _("Tệp không có dòng nhiệm vụ nào dưới dòng tiêu đề.")))
    return rows, problems


def _parse_key(line: int, value) -> int | Problem:
    text = _text(value)
    if text.isdigit():
        return int(text)
    return problem(line, _("Dòng %(row)d, cột Mã nhiệm vụ: “%(value)s” không phải mã."), value=text)


def _parse_status(line: int, value, statuses: dict[str, str]) -> str | Problem | None:
    text = _text(value)
    if not text or search_key(text) in statuses:
        return statuses.get(search_key(text))
    return problem(
        line,
        _(
            "Dòng %(row)d, cột Tình trạng: “%(value)s” không phải một tình trạng; cần một trong: "
            "%(choices)s."
        ),
        value=text,
        choices=status_choices(),
    )


def _parse_percent(line: int, value) -> int | Problem | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text.rstrip("%").strip().replace(",", "."))
    except ValueError:
        number = -1.0
    if isinstance(value, bool) or not number.is_integer() or not 0 <= number <= 100:
        text_ = _("Dòng %(row)d, cột Tỷ lệ: cần số từ 0 đến 100 (đang ghi “%(value)s”).")
        return problem(line, text_, value=text)
    return int(number)


def problem(line: int, text: str, **values) -> Problem:
    return line, text % {"row": line, **values}


def status_choices() -> str:
    return ", ".join(str(label) for label in TaskStatus.labels)


def _text(value) -> str:
    """A cell as text: whole numbers without ".0", nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def clean_narrative(text: str) -> str:
    """Narrative as the sheet holds it, so that what was exported compares equal read back."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text).strip()[:32767]
