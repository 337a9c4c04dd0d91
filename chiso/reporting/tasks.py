"""Build report files: `render_report` for the CLI and the worker alike; `generate_report` is
the background task the web enqueues."""

import datetime
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .excel_report import report_xlsx
from .models import ReportFile, ReportFormat, ReportStatus
from .report_data import ReportData, collect
from .word_report import report_docx

logger = logging.getLogger(__name__)
RENDERERS: dict[str, Callable[[ReportData], bytes]] = {
    ReportFormat.DOCX: report_docx,
    ReportFormat.XLSX: report_xlsx,
}


def render_report(unit: OrgUnit, period: ReportingPeriod, fmt: str, today: datetime.date) -> bytes:
    """The report of `unit` for `period` as a file in format `fmt` ("docx" or "xlsx")."""
    return RENDERERS[fmt](collect(unit, period, today))


def build_report_file(report: ReportFile) -> ReportFile:
    """Generate the file of a requested report and record how it went."""
    report.status = ReportStatus.RUNNING
    report.save(update_fields=["status"])
    try:
        content = render_report(report.unit, report.period, report.format, timezone.localdate())
    except Exception as error:  # recorded on the report for the page and the admin
        logger.exception("report %s failed", report.pk)
        report.status, report.error = ReportStatus.FAILED, repr(error)
    else:
        report.file.save(report.filename, ContentFile(content), save=False)
        report.status = ReportStatus.DONE
    report.finished_at = timezone.now()
    report.save()
    return report


@task()
def generate_report(report_id: int) -> None:
    """Background task: build the file of a queued report."""
    report = (
        ReportFile.objects.select_related("unit__parent", "period__plan__issuer")
        .filter(pk=report_id, status=ReportStatus.QUEUED)
        .first()
    )
    if report is not None:
        build_report_file(report)
