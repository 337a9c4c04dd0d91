"""The reporting cycle's pages: a unit's reports of a period with the reports its units owe
it (submitted on time, late, missing; the rates by block), and one report: its figures, its
narratives being written, approval, submission, the frozen files and corrections. Every step
is a POST that goes back to the report's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import unit_reports
from .access import (
    can_approve_report,
    can_write_report,
    get_reporting_unit_for_user,
    get_unit_report_for_user,
)
from .compilation import compile_report
from .documents import report_document
from .figures import field_rows, indicator_rows
from .models import ReportState, UnitReport
from .report_context import NARRATIVE_KEYS
from .submissions import rates, rates_by_block

NARRATIVE_LABELS = {
    "results": gettext_lazy("Kết quả nổi bật, đánh giá chung"),
    "proposals": gettext_lazy("Đề xuất, kiến nghị"),
}


@login_required
def period_reports(request, period_pk: int, unit_pk: int):
    """`unit`'s own and compiled reports of the period, and the reports owed to it."""
    period, unit = get_reporting_unit_for_user(request.user, period_pk, unit_pk)
    compilation = compile_report(unit, period, timezone.localdate())
    reports = UnitReport.objects.filter(
        unit=unit, period__code=period.code, period__plan__year=period.plan.year
    ).order_by("compiled", "-version")
    context = {
        "period": period,
        "unit": unit,
        "reports": reports,
        "compilation": compilation,
        "rates": rates(compilation.submissions),
        "blocks": rates_by_block(compilation.submissions),
        "may_write": can_write_report(request.user, unit),
    }
    return render(request, "reporting/period_reports.html", context)


@login_required
@require_POST
def start(request, period_pk: int, unit_pk: int):
    period, unit = get_reporting_unit_for_user(request.user, period_pk, unit_pk)
    if not can_write_report(request.user, unit):
        raise Http404
    compiled = request.POST.get("compiled") == "1"
    try:
        report = unit_reports.start(unit, period, request.user, compiled=compiled)
    except unit_reports.ReportError as error:
        messages.error(request, str(error))
        return redirect("reporting:period_reports", period.pk, unit.pk)
    return redirect(report)


@login_required
def unit_report(request, pk: int):
    report = get_unit_report_for_user(request.user, pk)
    submitted = report.state == ReportState.SUBMITTED
    if submitted:
        figures, compilation = report.figures, None
    else:  # read live until it is sent
        document = report_document(
            report.unit, report.period, timezone.localdate(), compiled=report.compiled
        )
        figures = document.figures
        compilation = document.compilation if report.compiled else None
    may_write = can_write_report(request.user, report.unit)
    context = {
        "report": report,
        "fields": field_rows(figures),
        "indicators": indicator_rows(figures),
        "compilation": compilation,
        "narratives": [
            {"key": key, "label": NARRATIVE_LABELS[key], "text": report.narratives.get(key, "")}
            for key in NARRATIVE_KEYS
        ],
        "may_write": may_write and not submitted,
        "may_approve": can_approve_report(request.user, report.unit),
        "may_correct": may_write and submitted and not hasattr(report, "replaced_by"),
        "versions": UnitReport.objects.filter(
            unit=report.unit, period=report.period, compiled=report.compiled
        ).order_by("-version"),
    }
    return render(request, "reporting/unit_report.html", context)


def _step(request, pk: int, action, allowed):
    report = get_unit_report_for_user(request.user, pk)
    if not allowed(request.user, report.unit):
        raise Http404
    try:
        found = action(report)
    except unit_reports.ReportError as error:
        messages.error(request, str(error))
        return redirect(report)
    return redirect(found or report)


@login_required
@require_POST
def narratives(request, pk: int):
    def action(report):
        texts = {key: request.POST.get(key, "") for key in NARRATIVE_KEYS}
        unit_reports.save_narratives(report, texts, request.user)
        messages.success(request, _("Đã lưu phần viết của báo cáo."))

    return _step(request, pk, action, can_write_report)


@login_required
@require_POST
def approve(request, pk: int):
    def action(report):
        unit_reports.approve(report, request.user)
        messages.success(request, _("Đã duyệt báo cáo."))

    return _step(request, pk, action, can_approve_report)


@login_required
@require_POST
def submit(request, pk: int):
    def action(report):
        sent = unit_reports.submit(report, request.user)
        messages.success(request, _("Đã gửi báo cáo số %(number)s.") % {"number": sent.number})

    return _step(request, pk, action, can_approve_report)


@login_required
@require_POST
def correct(request, pk: int):
    def action(report):
        return unit_reports.correct(report, request.user)

    return _step(request, pk, action, can_write_report)


@login_required
def download(request, pk: int, fmt: str):
    """A submitted report's frozen file (docx or pdf)."""
    report = get_unit_report_for_user(request.user, pk)
    stored = {"docx": report.docx, "pdf": report.pdf}.get(fmt)
    if not stored:
        raise Http404
    name = f"bao-cao-{report.unit.code}-{report.period.code}-v{report.version}.{fmt}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)
