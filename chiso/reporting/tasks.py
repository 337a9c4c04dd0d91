"""Build report files: `render_report` for the CLI and the worker alike; `generate_report` is
the background task the web enqueues, run through the jobs runner."""

import datetime
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from chiso.jobs.running import Progress, run_job
from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .excel_report import report_xlsx
from .models import ReportFile, ReportFormat
from .report_data import ReportData, collect
from .word_report import report_docx

RENDERERS: dict[str, Callable[[ReportData], bytes]] = {
    ReportFormat.DOCX: report_docx,
    ReportFormat.XLSX: report_xlsx,
}


def render_report(
    unit: OrgUnit,
    period: ReportingPeriod,
    fmt: str,
    today: datetime.date,
    progress: Progress | None = None,
) -> bytes:
    """The report of `unit` for `period` as a file in format `fmt` ("docx" or "xlsx")."""
    say = progress or (lambda _stage, _done: None)
    say(_("Đang thu thập số liệu"), 0.0)
    data = collect(unit, period, today)
    say(_("Đang viết tệp"), 0.6)
    return RENDERERS[fmt](data)


def build_report_file(report: ReportFile) -> None:
    """Generate the file of a requested report as its job, which records how it went."""

    def work(progress: Progress) -> None:
        content = render_report(
            report.unit, report.period, report.format, timezone.localdate(), progress
        )
        report.file.save(report.filename, ContentFile(content))

    run_job(report.job, work, subject=report.filename)


@task()
def generate_report(report_id: int) -> None:
    """Background task: build the file of a queued report."""
    report = (
        ReportFile.objects.select_related("job", "unit__parent", "period__plan__issuer")
        .filter(pk=report_id)
        .first()
    )
    if report is not None:
        build_report_file(report)
