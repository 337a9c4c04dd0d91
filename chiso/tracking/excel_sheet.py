"""The progress sheet's layout, and a filled sheet read back: its columns found by their
words, each row parsed into a typed value, every problem named by row and column.

Beside the sheet people fill, the workbook holds a very hidden sheet, `ORIGINAL_SHEET`: what
each row held when it was downloaded and the stamp of its update then, so that the upload
tells the rows the user changed from those left as they were without any state on the server.
"""

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
ORIGINAL_SHEET = "chiso"  # very hidden: each row as downloaded
ORIGINAL_MARK = "chiso-tien-do"  # the first cell of that sheet
ORIGINAL_FORMAT = 2  # 1: workbooks made before the hidden sheet, which uploads refuse
ORIGINAL_HEADERS = ("task", "stamp", "status", "percent", "narrative")
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
    """The file was not applied; `errors` lists every problem found, in Vietnamese, those of
    rows naming the row and column of `sheet`."""

    def __init__(self, errors: list[str], sheet: str = ""):
        self.errors = errors
        self.sheet = sheet
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class Original:
    """What a task's row held when the workbook was downloaded, and the stamp of its update
    then ("" when the unit had not reported yet)."""

    task_id: int
    stamp: str
    status: str | None
    percent: int | None
    narrative: str

    @property
    def values(self) -> tuple[str | None, int | None, str]:
        return self.status, self.percent, self.narrative


@dataclass(frozen=True)
class Download:
    """The hidden sheet read back: for which period and unit the workbook was made, and each
    row as it was then, by task id."""

    period_id: int
    unit_id: int
    rows: dict[int, Original]


@dataclass(frozen=True)
class FilledWorkbook:
    """An uploaded workbook: its task rows, the problems found in them, and the download."""

    sheet: str  # the name of the sheet the rows are on
    rows: list["SheetRow"]
    problems: list[Problem]
    download: Download


@dataclass(frozen=True)
class SheetRow:
    """One filled row of the sheet, parsed; `line` is the row number Excel shows."""

    line: int
    task_id: int
    status: str | None
    percent: int | None
    narrative: str
    valid: bool = True

    @property
    def values(self) -> tuple[str | None, int | None, str]:
        return self.status, self.percent, self.narrative


def read_workbook(path_or_file: str | os.PathLike | BinaryIO) -> FilledWorkbook:
    """The task rows of a filled workbook, the problems found in them and what it held when
    downloaded; a file that cannot be read at all, or that has no hidden sheet (made before
    it existed), raises `ExcelImportError`."""
    name, data = _read_upload(path_or_file)
    sheets = _sheets(name, data)
    sheet = _filled_sheet(name, sheets)
    rows, problems = _parse_rows(sheets[sheet])
    return FilledWorkbook(sheet, rows, problems, _download(name, sheets.get(ORIGINAL_SHEET)))


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


def _sheets(name: str, data: bytes) -> dict[str, list[list]]:
    """The cells of every sheet, from row 1 and column A, by sheet name in workbook order."""
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
        return {
            sheet: book.get_sheet_by_index(index).to_python(skip_empty_area=False)
            for index, sheet in enumerate(book.sheet_names)
        }
    except CalamineError:
        text = _("Không đọc được tệp “%s”: tệp hỏng hoặc không phải .xlsx.")
        raise ExcelImportError([text % name]) from None


def _filled_sheet(name: str, sheets: dict[str, list[list]]) -> str:
    """The name of the first sheet that has the header row."""
    filled = {sheet: cells for sheet, cells in sheets.items() if sheet != ORIGINAL_SHEET}
    for sheet, cells in filled.items():
        if _find_header(cells) is not None:
            return sheet
    if not any(_text(value) for cells in filled.values() for row in cells for value in row):
        raise ExcelImportError([_("Tệp “%s” trống.") % name])
    headers = ", ".join(f"“{header}”" for field, header, *_rest in COLUMNS if field in REQUIRED)
    raise ExcelImportError([_("Không tìm thấy dòng tiêu đề có các cột %s.") % headers])


def _download(name: str, cells: list[list] | None) -> Download:
    """The hidden sheet parsed; refused whole when missing (a workbook of an older download)
    or damaged, since without it the rows the user changed cannot be told apart."""
    if not cells:
        text = _(
            "Tệp “%s” được tải về từ phiên bản trước của chiso nên không cho biết dòng nào bạn "
            "đã sửa. Hãy tải tệp mới ở trang kỳ báo cáo, chép các dòng đã điền sang rồi tải lên."
        )
        raise ExcelImportError([text % name])
    try:
        head = [_text(value) for value in cells[0][:4]]
        if head[0] != ORIGINAL_MARK or int(head[1]) != ORIGINAL_FORMAT:
            raise ValueError
        rows = {}
        for values in cells[2:]:
            original = _original(values)
            rows[original.task_id] = original
        return Download(int(head[2]), int(head[3]), rows)
    except (IndexError, ValueError):
        text = _(
            "Trang ẩn “%(sheet)s” của tệp “%(name)s” bị sửa hoặc hỏng; hãy tải tệp mới ở trang "
            "kỳ báo cáo."
        )
        raise ExcelImportError([text % {"sheet": ORIGINAL_SHEET, "name": name}]) from None


def _original(values: list) -> Original:
    task, stamp, status, percent, narrative = (list(values) + [""] * 5)[:5]
    return Original(
        task_id=int(_text(task)),
        stamp=_text(stamp),
        status=_text(status) or None,
        percent=int(_text(percent)) if _text(percent) else None,
        narrative=clean_narrative(_text(narrative)),
    )


def write_original(book, period_id: int, unit_id: int, rows: list[Original]) -> None:
    """Add the very hidden sheet of `rows` (see the module's docstring) to `book`."""
    sheet = book.create_sheet(ORIGINAL_SHEET)
    sheet.sheet_state = "veryHidden"
    sheet.append([ORIGINAL_MARK, ORIGINAL_FORMAT, period_id, unit_id])
    sheet.append(ORIGINAL_HEADERS)
    for number, row in enumerate(rows, start=3):
        values = (row.task_id, row.stamp, row.status or "", row.percent, row.narrative)
        for col, value in enumerate(values, start=1):
            put_cell(sheet, number, col, value)
    sheet.protection.sheet = True


def put_cell(sheet, row: int, col: int, value):
    """Write a cell; text always as text (never a formula), without what Excel refuses."""
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
        cell.data_type = "s"  # text that starts with "=" stays text, never a formula
    else:
        cell.value = value
    return cell


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
