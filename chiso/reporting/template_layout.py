"""The built-in Word template of a report, in the layout of Nghị định 30/2020/NĐ-CP
(Appendix I) as a clerk checks it, written with python-docx; its placeholders are docxtpl's
(`{{ issuer }}`, `{%p for … %}`, `{%tr for … %}`) over `report_context`'s keys.

What LibreOffice and Word must both show: the national title on one line (its column is
wider than the title, and the column widths are written into the table grid, which
LibreOffice reads, as well as into the cells, which Word reads); the short rules under the
issuer's name, under the motto (as long as the motto) and under the subject, each the top
border of an empty paragraph indented to the rule's length.
"""

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

FONT = "Times New Roman"
BODY_PT = 14
HEADING_PT = 13
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# A4 portrait; the decree's margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS_CM = {"top_margin": 2.0, "bottom_margin": 2.0, "left_margin": 3.0, "right_margin": 1.5}
# 16.5 cm between the margins. The national title in 12 pt bold Times New Roman (or the
# metric-compatible Liberation Serif 2) is 8.77 cm wide: its column, less the cell margins,
# leaves it 0.75 cm to spare.
HEADING_WIDTHS_CM = (6.6, 9.9)
CLOSING_WIDTHS_CM = (7.5, 9.0)
CELL_MARGIN_CM = 0.19  # the default left and right cell margins, Word's and LibreOffice's
TARGET_HEADER = ("STT", "Mục tiêu", "Ngưỡng", "Kết quả báo cáo", "Đánh giá")
TARGET_WIDTHS_CM = (1.4, 6.6, 2.5, 2.8, 3.2)
TARGET_CELLS = (
    "{{ target.ordinal }}",
    "{{ target.text }}",
    "{{ target.threshold }}",
    "{{ target.reported }}",
    "{{ target.assessment }}",
)
# Rules: under the issuer 1/3 to 1/2 of its line; under the motto as long as the motto
# (5.6 cm in 13 pt bold); under the subject 1/3 to 1/2 of its line.
ISSUER_RULE_CM = 2.5
MOTTO_RULE_CM = 5.6
SUBJECT_RULE_CM = 5.0
FIRST_LINE_INDENT_CM = 1.27
# What may follow w:pBdr in a paragraph's properties, in the schema's order.
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def build_template(title: str) -> Document:
    """The built-in template, its document title `title` (the kind of report)."""
    document = Document()
    document.core_properties.title = title
    _page(document)
    _heading(document)
    _add(document, "BÁO CÁO", bold=True, align=CENTER, before=12, after=0)
    _add(document, "{{ subject }}", bold=True, align=CENTER, after=0)
    _rule(document, SUBJECT_RULE_CM, width_cm=_text_width(document), after=12)
    _add(document, "{{ basis }}", indent=True)
    _results(document)
    _targets(document)
    _late(document)
    _compiled(document)
    _add(document, "{% if compiled %}V{% else %}IV{% endif %}. ĐỀ XUẤT, KIẾN NGHỊ", heading=True)
    _add(document, "{%p if narratives.proposals %}")
    _add(document, "{{p narratives.proposals }}")
    _add(document, "{%p else %}")
    _add(document, "(Đơn vị bổ sung đề xuất, kiến nghị, nếu có.)", italic=True, indent=True)
    _add(document, "{%p endif %}")
    _add(document, "Trên đây là báo cáo {{ subject_inline }} của {{ issuer }}./.", indent=True)
    _closing(document)
    return document


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, centimetres in MARGINS_CM.items():
        setattr(section, side, Cm(centimetres))
    style = document.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Word's font for some scripts
    style.font.size = Pt(BODY_PT)
    style.paragraph_format.space_after = Pt(6)  # the decree: at least 6 pt between paragraphs
    style.paragraph_format.line_spacing = 1.0
    # Page numbers from the second page, centred at the top, as the decree places them.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty one of its own
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    _field(header, "PAGE")


def _heading(document) -> None:
    """Issuer and number on the left, the national title, motto and date on the right; the
    number and the date share the second row, so they stand on one line."""
    table = _table(document, rows=2, widths=HEADING_WIDTHS_CM)
    (issuer, motto), (numbered, dated) = (row.cells for row in table.rows)
    _add(issuer, "{%p if issuer_parent %}", size=HEADING_PT)
    _add(issuer, "{{ issuer_parent|upper }}", size=HEADING_PT, align=CENTER)
    _add(issuer, "{%p endif %}", size=HEADING_PT)
    _add(issuer, "{{ issuer|upper }}", bold=True, size=HEADING_PT, align=CENTER)
    _rule(issuer, ISSUER_RULE_CM, width_cm=HEADING_WIDTHS_CM[0])
    _add(motto, NATIONAL_TITLE, bold=True, size=12, align=CENTER)
    _add(motto, MOTTO, bold=True, size=HEADING_PT, align=CENTER)
    _rule(motto, MOTTO_RULE_CM, width_cm=HEADING_WIDTHS_CM[1])
    _add(numbered, "Số: {{ number }}", size=HEADING_PT, align=CENTER)
    _add(
        dated,
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
        italic=True,
        align=CENTER,
    )


def _results(document) -> None:
    _add(document, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", heading=True)
    _add(
        document,
        "{% if compiled %}Tổng số nhiệm vụ của các đơn vị: {{ totals.total }}; đã hoàn thành: "
        "{{ totals.done }}; quá hạn: {{ totals.late }}.{% else %}Tổng số nhiệm vụ đơn vị chủ "
        "trì: {{ counts.total }}; đã hoàn thành: {{ counts.done }}; đang thực hiện: "
        "{{ counts.in_progress }}; chậm tiến độ: {{ counts.late }}.{% endif %}",
        indent=True,
    )
    _add(document, "{{p narratives.results }}")
    _add(document, "{%p for section in sections %}")
    _add(document, "{{ loop.index }}. {{ section.title }}", bold=True, indent=True, keep=True)
    _add(document, "{%p for task in section.tasks %}")
    paragraph = _add(
        document,
        "- {% if task.ordinal %}Nhiệm vụ {{ task.ordinal }}: {% endif %}{{ task.text }}",
        indent=True,
    )
    _run(paragraph, "{% if task.source %} ({{ task.source }}){% endif %}", italic=True)
    _add(document, "+ Tình trạng: {{ task.progress }}.", indent=True)
    _add(document, "+ Kết quả: {{ task.result }}", indent=True)
    _add(document, "{%p endfor %}")
    _add(document, "{%p endfor %}")


def _targets(document) -> None:
    _add(document, "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU", heading=True)
    _add(document, "{%p if targets %}")
    table = _table(document, rows=4, widths=TARGET_WIDTHS_CM, grid=True)
    header, opening, cells, closing = table.rows
    cells._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a target on one page
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page
    for cell, title in zip(header.cells, TARGET_HEADER, strict=True):
        _add(cell, title, bold=True, size=HEADING_PT, align=CENTER)
    _add(opening.cells[0], "{%tr for target in targets %}", size=HEADING_PT)
    for cell, text in zip(cells.cells, TARGET_CELLS, strict=True):
        _add(cell, text, size=HEADING_PT, align=CENTER if text.endswith("ordinal }}") else None)
    _add(closing.cells[0], "{%tr endfor %}", size=HEADING_PT)
    _add(document, "{%p else %}")
    _add(document, "Kế hoạch của đơn vị không đặt mục tiêu định lượng.", indent=True)
    _add(document, "{%p endif %}")


def _late(document) -> None:
    _add(document, "III. NHIỆM VỤ CHẬM TIẾN ĐỘ VÀ NGUYÊN NHÂN", heading=True, before=6)
    _add(document, "{%p for task in late %}")
    _add(
        document, "{{ loop.index }}. {{ task.text }} (thời hạn: {{ task.deadline }}).", indent=True
    )
    _add(document, "+ Tình trạng: {{ task.progress }}.", indent=True)
    _add(document, "+ Nguyên nhân: {{ task.cause }}", indent=True)
    _add(document, "{%p else %}")
    _add(document, "Không có nhiệm vụ chậm tiến độ.", indent=True)
    _add(document, "{%p endfor %}")


def _compiled(document) -> None:
    """In a compiled report: what each unit wrote, and who sent late or not at all."""
    _add(document, "{%p if compiled %}")
    _add(document, "IV. BÁO CÁO CỦA CÁC ĐƠN VỊ", heading=True)
    _add(document, "{%p for unit in units %}")
    paragraph = _add(document, "{{ loop.index }}. {{ unit.name }}", bold=True, indent=True)
    _run(paragraph, " (gửi lúc {{ unit.submitted_at }})", italic=True)
    _add(document, "{{p unit.narrative }}")
    _add(document, "{%p endfor %}")
    _add(
        document,
        "Đã nhận {{ rates.received }}/{{ rates.expected }} báo cáo, đúng hạn {{ rates.on_time }}"
        "{% if rates.reporting %} (tỷ lệ báo cáo {{ rates.reporting }}%, đúng hạn "
        "{{ rates.on_time_rate }}%){% endif %}.",
        indent=True,
    )
    _add(document, "Số liệu tổng hợp từ báo cáo của các đơn vị:", bold=True, indent=True)
    _add(document, "{%p for field in fields %}")
    _add(
        document,
        "- {{ field.name }}: {{ field.total }} nhiệm vụ, hoàn thành {{ field.done }}, "
        "quá hạn {{ field.late }}.",
        indent=True,
    )
    _add(document, "{%p endfor %}")
    _add(document, "{%p for indicator in indicators %}")
    _add(
        document,
        "- {{ indicator.name }}: {{ indicator.value }}% "
        "({{ indicator.numerator }}/{{ indicator.denominator }}).",
        indent=True,
    )
    _add(document, "{%p endfor %}")
    _add(document, "{%p if missing_units %}")
    _add(document, "Đơn vị chưa gửi báo cáo:", bold=True, indent=True)
    _add(document, "{%p for unit in missing_units %}")
    _add(document, "- {{ unit.name }} (hạn {{ unit.due }}).", indent=True)
    _add(document, "{%p endfor %}")
    _add(document, "{%p endif %}")
    _add(document, "{%p if late_units %}")
    _add(document, "Đơn vị gửi báo cáo chậm:", bold=True, indent=True)
    _add(document, "{%p for unit in late_units %}")
    _add(
        document,
        "- {{ unit.name }} (hạn {{ unit.due }}, gửi lúc {{ unit.submitted_at }}).",
        indent=True,
    )
    _add(document, "{%p endfor %}")
    _add(document, "{%p endif %}")
    _add(document, "{%p endif %}")


def _closing(document) -> None:
    """Recipients on the left; the signing capacity, room to sign, and the name on the right."""
    _add(document, "", after=0)
    table = _table(document, rows=1, widths=CLOSING_WIDTHS_CM)
    left, right = table.rows[0].cells
    _add(left, "Nơi nhận:", bold=True, italic=True, size=12)
    _add(left, "{%p for recipient in recipients %}", size=11)
    _add(left, "- {{ recipient }}{% if loop.last %}.{% else %};{% endif %}", size=11)
    _add(left, "{%p endfor %}", size=11)
    _add(right, "{%p for line in signer_title_lines %}", align=CENTER)
    _add(right, "{{ line }}", bold=True, align=CENTER)
    _add(right, "{%p endfor %}", align=CENTER)
    for _blank in range(4):
        _add(right, "", align=CENTER)
    _add(right, "{{ signer }}", bold=True, align=CENTER)


def _table(document, *, rows: int, widths: tuple[float, ...], grid: bool = False):
    """A table of fixed column widths; without `grid` a layout table (no borders)."""
    table = document.add_table(rows=rows, cols=len(widths))
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid: what LibreOffice lays the table out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)  # the cells: what Word lays it out by
    return table


def _rule(container, length_cm: float, *, width_cm: float, after: int = 4) -> None:
    """A centred horizontal rule `length_cm` long in a column `width_cm` wide, right under
    the paragraph before: the top border of an empty paragraph indented to its length."""
    paragraph = _add(container, "", size=2, align=CENTER, before=2, after=after)
    inner = width_cm - (2 * CELL_MARGIN_CM if isinstance(container, _Cell) else 0)
    side = Cm(max(inner - length_cm, 0) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "0"), ("color", "auto")):
        top.set(qn(f"w:{name}"), value)
    borders.append(top)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert_element_before(borders, *_AFTER_BORDERS)


def _text_width(document) -> float:
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def _field(paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _add(
    container,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = BODY_PT,
    align=None,
    indent: bool = False,
    heading: bool = False,
    keep: bool = False,
    before: int | None = None,
    after: int | None = None,
):
    """A paragraph of one run in the document or in a table cell (whose empty first
    paragraph it fills); paragraphs in cells have no space after them. A section heading
    (`heading`) is bold and kept with what follows."""
    in_cell = isinstance(container, _Cell)
    first = container.paragraphs[0] if in_cell else None
    fresh = first is not None and len(container.paragraphs) == 1 and not first.runs
    paragraph = first if fresh else container.add_paragraph()
    fmt = paragraph.paragraph_format
    if in_cell:
        fmt.space_after = Pt(0)
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if heading or keep:
        fmt.keep_with_next = True
    if align is not None:
        paragraph.alignment = align
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
    _run(paragraph, text, bold=bold or heading, italic=italic, size=size)
    return paragraph


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int = BODY_PT):
    if not text:  # an empty paragraph: its mark alone
        return
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    run.font.size = Pt(size)
