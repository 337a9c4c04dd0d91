"""A list as an Excel workbook: the columns the page shows, one sheet, frozen heading row.
Every "Xuất Excel" link of the site answers through `table_response`."""

import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Characters Excel refuses in a sheet's name ("Kế hoạch 12/KH-UBND" is a usual title).
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """An attachment `filename`.xlsx holding `title`, then `headers` and `rows`."""
    book = Workbook()
    sheet = book.active
    sheet.title = _SHEET_FORBIDDEN.sub("-", title)[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = ["" if value is None else value for value in row]
        sheet.append(values)
        widths = [max(w, min(len(str(v)), 80)) for w, v in zip(widths, values, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
