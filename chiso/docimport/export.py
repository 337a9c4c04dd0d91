"""A plan's appendix as a Word table in the layout units use, so that it reads back the same.

Columns: STT · Nhiệm vụ cụ thể · Cơ quan chủ trì · Cơ quan phối hợp · Thời gian hoàn thành ·
Sản phẩm/Kết quả dự kiến; a Roman-numeral row per index component, its name merged across.
"""

import io

from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from chiso.plans.grouping import group_by_component
from chiso.plans.models import Plan

HEADER = (
    "STT",
    "Nhiệm vụ cụ thể",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm/Kết quả dự kiến",
)
WIDTHS_CM = (1.2, 8.5, 3.5, 4.0, 3.0, 5.5)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")


def appendix_docx(plan: Plan) -> bytes:
    """The Word file of the plan's task appendix."""
    document = Document()
    _landscape(document)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    _centered(document, "Phụ lục I", bold=True)
    _centered(document, plan.title.upper(), bold=True)
    with translation.override("vi"):  # the document is Vietnamese whatever the interface
        attached = f"(Kèm theo {plan.reference} của {plan.issuer.name})"
    _centered(document, attached, italic=True)

    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title, width in zip(table.rows[0].cells, HEADER, WIDTHS_CM, strict=True):
        _write(cell, title, bold=True, center=True)
        cell.width = Cm(width)
    tasks = list(
        plan.tasks.select_related("component__framework", "component__parent", "lead")
        .prefetch_related("coordinators")
        .order_by("order", "pk")
    )
    for number, group in enumerate(group_by_component(tasks)):
        row = table.add_row().cells
        _write(row[0], ROMAN[number] if number < len(ROMAN) else str(number + 1), bold=True)
        merged = row[1].merge(row[-1])
        name = group.component.name if group.component else "Nhiệm vụ khác"
        _write(merged, name.upper(), bold=True)
        for task in group.tasks:
            cells = table.add_row().cells
            values = (
                task.ordinal,
                task.text,
                task.lead.name if task.lead else task.lead_text,
                _coordinators(task),
                task.deadline_text,
                task.expected_output,
            )
            for cell, value in zip(cells, values, strict=True):
                _write(cell, value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _coordinators(task) -> str:
    units = list(task.coordinators.all())
    return "; ".join(unit.name for unit in units) if units else task.coordinators_text


def _landscape(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))


def _centered(document, text: str, bold: bool = False, italic: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic


def _write(cell, text: str, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text or "")
    run.bold = bold
