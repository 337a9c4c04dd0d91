"""The periodic report as a Word document in the official layout of Nghị định 30/2020/NĐ-CP:
heading block, title, sections I–IV, then recipients beside the signature.
"""

import datetime
import io
import re
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import _Cell

from .report_data import ReportData

FONT = "Times New Roman"
BODY_PT = 14
HEADING_PT = 13
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# A4 portrait; the decree's margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS_CM = {"top_margin": 2.0, "bottom_margin": 2.0, "left_margin": 3.0, "right_margin": 1.5}
HEADING_WIDTHS_CM = (6.5, 10.0)
CLOSING_WIDTHS_CM = (7.5, 9.0)
TARGET_HEADER = ("STT", "Mục tiêu", "Ngưỡng", "Kết quả báo cáo", "Đánh giá")
TARGET_WIDTHS_CM = (1.2, 7.3, 3.0, 2.5, 2.5)
BLANK_NUMBER = " " * 8  # "Số:        /BC-SXD": the office fills the number in when it issues
# Capacity lines as plans store them: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC".
_CAPACITY_BREAK = re.compile(r"\s*[/,]\s*")


def report_docx(
    data: ReportData,
    *,
    number: str = "",
    place: str = "",
    signer: str = "",
    signer_title: str = "",
    recipients: Sequence[str] = (),
) -> bytes:
    """The Word file of the report; blank arguments take the report's defaults (the unit's
    own plan's signer, its place, the body that asked for the report)."""
    document = Document()
    _page(document)
    _heading(document, data, number, place or data.place)
    _add(document, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=0)
    _add(document, data.subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=12)
    _add(document, data.basis, indent=True)
    _results(document, data)
    _targets(document, data)
    _late(document, data)
    _add(document, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    _add(document, "(Đơn vị bổ sung đề xuất, kiến nghị, nếu có.)", italic=True, indent=True)
    subject = data.subject[:1].lower() + data.subject[1:]
    _add(document, f"Trên đây là báo cáo {subject} của {data.unit}./.", indent=True)
    _closing(
        document,
        recipients or data.recipients,
        signer or data.signer,
        signer_title or data.signer_title,
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_date(place: str, day: datetime.date) -> str:
    """The date line, "Lạng Sơn, ngày 02 tháng 7 năm 2025": days below 10 and months 1–2
    take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def document_number(number: str, symbol: str) -> str:
    """The full number as given ("45/BC-SXD"), or the number before the unit's symbol."""
    return number if "/" in number else f"{number or BLANK_NUMBER}/BC-{symbol}"


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, centimetres in MARGINS_CM.items():
        setattr(section, side, Cm(centimetres))
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.0


def _heading(document, data: ReportData, number: str, place: str) -> None:
    """Issuer and number on the left, the national motto and the date on the right."""
    table = _borderless(document, rows=2, widths=HEADING_WIDTHS_CM)
    (issuer, motto), (numbered, dated) = (row.cells for row in table.rows)
    if data.parent:
        _add(issuer, data.parent.upper(), size=HEADING_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add(issuer, data.unit.upper(), bold=True, size=HEADING_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add(motto, MOTTO[0], bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add(motto, MOTTO[1], bold=True, size=HEADING_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    text = f"Số: {document_number(number, data.symbol)}"
    _add(numbered, text, size=HEADING_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add(
        dated,
        document_date(place, data.date),
        italic=True,
        size=HEADING_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _add(document, "", space=6)


def _results(document, data: ReportData) -> None:
    counts = data.counts
    _add(document, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", bold=True)
    _add(
        document,
        f"Tổng số nhiệm vụ đơn vị chủ trì: {counts.total}; đã hoàn thành: {counts.done}; "
        f"đang thực hiện: {counts.in_progress}; chậm tiến độ: {counts.late}.",
        indent=True,
    )
    for number, section in enumerate(data.sections, start=1):
        _add(document, f"{number}. {section.title}", bold=True, indent=True)
        for row in section.rows:
            task = f"- Nhiệm vụ {row.ordinal}: {row.text}" if row.ordinal else f"- {row.text}"
            paragraph = _add(document, task, indent=True)
            if row.source:
                _run(paragraph, f" ({row.source})", italic=True)
            _add(document, f"+ Tình trạng: {row.progress}.", indent=True)
            _add(document, f"+ Kết quả: {row.result}", indent=True)


def _targets(document, data: ReportData) -> None:
    _add(document, "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU", bold=True)
    if not data.targets:
        _add(document, "Kế hoạch của đơn vị không đặt mục tiêu định lượng.", indent=True)
        return
    table = document.add_table(rows=1, cols=len(TARGET_HEADER))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, TARGET_HEADER, strict=True):
        _add(cell, title, bold=True, size=HEADING_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space=0)
    for number, target in enumerate(data.targets, start=1):
        values = (str(number), target.text, target.threshold, target.reported, target.assessment)
        for cell, value in zip(table.add_row().cells, values, strict=True):
            _add(cell, value, size=HEADING_PT, space=0)
    _widths(table, TARGET_WIDTHS_CM)
    _add(document, "", space=0)


def _late(document, data: ReportData) -> None:
    _add(document, "III. NHIỆM VỤ CHẬM TIẾN ĐỘ VÀ NGUYÊN NHÂN", bold=True)
    if not data.late:
        _add(document, "Không có nhiệm vụ chậm tiến độ.", indent=True)
    for number, row in enumerate(data.late, start=1):
        _add(document, f"{number}. {row.text} (thời hạn: {row.deadline}).", indent=True)
        _add(document, f"+ Tình trạng: {row.progress}.", indent=True)
        _add(document, f"+ Nguyên nhân: {row.delay_cause}", indent=True)


def _closing(document, recipients: Sequence[str], signer: str, signer_title: str) -> None:
    """Recipients on the left; the signing capacity, room to sign, and the name on the right."""
    _add(document, "", space=0)
    table = _borderless(document, rows=1, widths=CLOSING_WIDTHS_CM)
    left, right = table.rows[0].cells
    _add(left, "Nơi nhận:", bold=True, italic=True, size=12)
    names = [name.strip().rstrip(";.").strip() for name in recipients if name.strip()]
    for index, name in enumerate(names):
        _add(left, f"- {name}{'.' if index == len(names) - 1 else ';'}", size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in filter(None, _CAPACITY_BREAK.split(signer_title.strip())):
        _add(right, line.upper(), bold=True, align=center)
    for _blank in range(3):
        _add(right, "", align=center)
    _add(right, signer, bold=True, align=center)


def _borderless(document, *, rows: int, widths: tuple[float, ...]):
    """A layout table: no style, so no borders."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    return table


def _widths(table, widths: tuple[float, ...]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _add(
    container,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = BODY_PT,
    align=None,
    indent: bool = False,
    space: int | None = None,
):
    """A paragraph of one run in the document or in a table cell (whose empty first
    paragraph it fills); paragraphs in cells have no space after them."""
    in_cell = isinstance(container, _Cell)
    first = container.paragraphs[0] if in_cell else None
    fresh = first is not None and len(container.paragraphs) == 1 and not first.runs
    paragraph = first if fresh else container.add_paragraph()
    if in_cell or space is not None:
        paragraph.paragraph_format.space_after = Pt(space or 0)
    if align is not None:
        paragraph.alignment = align
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int = BODY_PT):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
