"""Build report files: `render_report` for the CLI and the worker alike; `generate_report` is
the background task the web enqueues, run through the jobs runner."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from chiso.jobs.running import Progress, run_job
from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .documents import document_file, report_document
from .models import ReportFile, UnitReport
from .office import OfficeUnavailable, to_pdf


def render_report(
    unit: OrgUnit,
    period: ReportingPeriod,
    fmt: str,
    today: datetime.date,
    progress: Progress | None = None,
    *,
    compiled: bool = False,
) -> bytes:
    """The report of `unit` for `period` as a file in format `fmt` ("docx", "xlsx" or "pdf"),
    Word on the template in force; OfficeUnavailable or OfficeFailed for a PDF that
    LibreOffice cannot make."""
    say = progress or (lambda _stage, _done: None)
    say(_("Đang thu thập số liệu"), 0.0)
    document = report_document(unit, period, today, compiled=compiled)
    say(_("Đang viết tệp"), 0.6)
    return document_file(document, fmt)


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


@task()
def make_report_pdf(report_id: int) -> None:
    """Background task: the PDF of a submitted report, converted from its Word file by
    LibreOffice; without LibreOffice the report keeps its Word file only."""
    report = UnitReport.objects.filter(pk=report_id, pdf="").exclude(docx="").first()
    if report is None:
        return
    try:
        with report.docx.open("rb") as stream:
            pdf = to_pdf(stream.read())
    except OfficeUnavailable:
        return
    report.pdf.save(
        report.docx.name.rsplit("/", 1)[-1].removesuffix(".docx") + ".pdf", ContentFile(pdf)
    )
