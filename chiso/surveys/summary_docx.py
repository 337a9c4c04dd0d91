"""The Word summary of a round: the method, the province's and the blocks' indices, the units
ranked, and the province's weakest criteria."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt

from .answers import components
from .indices import FORMULAS, INTERVAL
from .models import Level, Scope, SurveyIndex, SurveyRound
from .results import comparison, labels, level_figures

WEAKEST = 5


def summary(round: SurveyRound) -> bytes:
    questionnaire = round.questionnaire
    parts = components(questionnaire)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    document.add_heading(_("Kết quả %(round)s") % {"round": round.name}, level=1)
    document.add_paragraph(
        _("Bộ câu hỏi: %(title)s (phiên bản %(version)s). Thời gian: %(start)s – %(end)s.")
        % {
            "title": questionnaire.title,
            "version": questionnaire.version,
            "start": f"{round.start:%d/%m/%Y}",
            "end": f"{round.end:%d/%m/%Y}",
        }
    )
    document.add_heading(_("Cách tính"), level=2)
    for text in [*FORMULAS.values(), INTERVAL]:
        document.add_paragraph(str(text), style="List Bullet")
    document.add_heading(_("Toàn tỉnh và các khối"), level=2)
    table = document.add_table(rows=1, cols=3 + len(parts))
    table.style = "Table Grid"
    heads = [_("Phạm vi"), _("Số phiếu"), questionnaire.index_code, *[p.code for p in parts]]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for name, values, index in level_figures(round):
        cells = table.add_row().cells
        cells[0].text = name
        cells[1].text = str(index.n) if index else "—"
        cells[2].text = _percent(index)
        for cell, (_part, figure) in zip(cells[3:], values, strict=True):
            cell.text = _percent(figure)
    document.add_heading(_("Xếp hạng các đơn vị"), level=2)
    rows = comparison(round)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    heads = [
        _("Hạng"),
        _("Đơn vị"),
        _("Số phiếu"),
        questionnaire.index_code,
        _("Khoảng tin cậy 95 %"),
    ]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        cells[0].text = str(row.rank) if row.rank else "—"
        cells[1].text = row.unit.name
        cells[2].text = str(row.index.n) if row.index else "0"
        cells[3].text = _percent(row.index) + (" *" if row.index and row.index.below_target else "")
        cells[4].text = f"{row.index.low}–{row.index.high}%" if row.index else "—"
    document.add_paragraph(_("* số phiếu thấp hơn số phiếu cần thu."))
    names = labels(parts, questionnaire.index_name, questionnaire.index_code)
    counted = {c.code for p in parts if p.weight > 0 for c in p.criteria}
    weakest = sorted(
        (
            i
            for i in SurveyIndex.objects.filter(
                round=round, level=Level.PROVINCE, scope=Scope.CRITERION
            )
            if i.code in counted
        ),
        key=lambda i: i.value,
    )[:WEAKEST]
    if weakest:
        document.add_heading(_("Các tiêu chí thấp nhất toàn tỉnh"), level=2)
        for index in weakest:
            document.add_paragraph(
                f"{index.code} {names.get(index.code, '')}: {index.value}% (n = {index.n})",
                style="List Bullet",
            )
    document.add_paragraph(
        _("Số liệu tính lúc %(at)s.")
        % {"at": f"{timezone.localtime(round.indices_at or timezone.now()):%H:%M %d/%m/%Y}"}
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _percent(figure) -> str:
    return f"{figure.value}%" if figure else "—"
