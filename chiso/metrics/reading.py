"""Turn an uploaded export into a UTF-8 CSV that DuckDB reads, refusing what is not one.

A .csv/.txt is checked and read where it lies; an Excel workbook (.xlsx, .xls, .ods) is read
with python-calamine (never cell by cell with openpyxl) and written out as CSV once.
"""

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, load_workbook

SNIFF_BYTES = 64 * 1024
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"

Progress = Callable[[float], None]


class FileError(ValueError):
    """The file cannot be read as an export: the message says why, in the user's language."""


@dataclass(frozen=True)
class Export:
    csv_path: Path  # UTF-8 (a BOM is allowed), one header row
    headers: list[str]
    delimiter: str
    first_line: int  # the row number users see for the first record (header on the row before)


def open_export(path: Path, workdir: Path, progress: Progress | None = None) -> Export:
    """`path` as CSV; FileError naming the file and what was expected."""
    name = path.name
    if not path.is_file():
        raise FileError(_("Không tìm thấy tệp %(name)s.") % {"name": name})
    size = path.stat().st_size
    if size == 0:
        raise FileError(_("Tệp %(name)s trống.") % {"name": name})
    limit = settings.CHISO_EXPORT_MAX_BYTES
    if size > limit:
        raise FileError(
            _("Tệp %(name)s quá lớn (%(size)s MB; tối đa %(limit)s MB).")
            % {"name": name, "size": size // 2**20, "limit": limit // 2**20}
        )
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if head.startswith((_ZIP, _OLE)) or path.suffix.lower() in EXCEL_SUFFIXES:
        return _excel_to_csv(path, workdir, progress)
    return _checked_csv(path, head)


def _checked_csv(path: Path, head: bytes) -> Export:
    not_text = _(
        "Tệp %(name)s không phải tệp CSV hay Excel: cần tệp .csv (UTF-8) hoặc .xlsx có dòng "
        "tiêu đề."
    ) % {"name": path.name}
    if b"\x00" in head:
        raise FileError(not_text)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not merely a character cut at the end of the sample
            raise FileError(
                _("Tệp %(name)s không phải văn bản UTF-8: hãy lưu lại dưới dạng “CSV UTF-8”.")
                % {"name": path.name}
            ) from error
        text = head[: error.start].decode("utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    if "\n" not in text and len(head) == SNIFF_BYTES:
        raise FileError(not_text)  # no line break in the first 64 KB: not a table
    delimiter = max(",;\t", key=first.count)
    headers = next(csv.reader([first], delimiter=delimiter), [])
    if len(headers) < 2:
        raise FileError(not_text)
    return Export(path, [h.strip() for h in headers], delimiter, first_line=2)


def _excel_to_csv(path: Path, workdir: Path, progress: Progress | None) -> Export:
    try:
        workbook = load_workbook(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
        total = max(sheet.height, 1)
    except (CalamineError, OSError, ValueError, IndexError) as error:
        raise FileError(
            _("Không đọc được tệp Excel %(name)s: %(error)s") % {"name": path.name, "error": error}
        ) from error
    header_row = 0
    headers: list[str] = []
    for headers_raw in rows:
        header_row += 1
        headers = [_cell(value).strip() for value in headers_raw]
        if sum(1 for h in headers if h) >= 2:
            break
    else:
        raise FileError(_("Tệp Excel %(name)s không có dòng tiêu đề.") % {"name": path.name})
    target = workdir / "export.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for done, row in enumerate(rows, start=1):
            writer.writerow([v if v.__class__ is str else _cell(v) for v in row])  # text: as is
            if progress and done % 50_000 == 0:
                progress(done / total)
    return Export(target, headers, ",", first_line=header_row + 1)


def _cell(value) -> str:
    """A cell as text: dates in ISO form, whole numbers without a decimal point."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
