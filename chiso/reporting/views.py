"""Request a unit's periodic report, follow its generation, download the file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chiso.jobs.models import JobState
from chiso.lib.htmx import page_or_partial

from .access import get_period_and_unit_for_user, get_report_for_user
from .actions import request_report
from .models import ReportFormat


@login_required
@require_POST
def new_report(request, period_pk: int, unit_pk: int, fmt: str):
    if fmt not in ReportFormat.values:
        raise Http404
    period, unit = get_period_and_unit_for_user(request.user, period_pk, unit_pk)
    return redirect(request_report(unit, period, fmt, request.user))


@login_required
def report_status(request, pk: int):
    """The report's page; htmx polls its status card until the file is ready."""
    report = get_report_for_user(request.user, pk)
    template = page_or_partial(request, "reporting/report.html", "reporting/_status.html")
    return render(request, template, {"report": report})


@login_required
def download(request, pk: int):
    report = get_report_for_user(request.user, pk)
    if report.job.state != JobState.DONE:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.filename)
