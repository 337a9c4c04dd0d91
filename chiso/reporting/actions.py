"""Requesting a report: the row that tracks it and the background task that builds it."""

from django.db import transaction

from chiso.jobs.models import Job, JobKind
from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .models import ReportFile
from .tasks import generate_report


@transaction.atomic
def request_report(unit: OrgUnit, period: ReportingPeriod, fmt: str, user) -> ReportFile:
    """A queued report of `unit` for `period` in format `fmt`, handed to the worker."""
    report = ReportFile.objects.create(
        job=Job.objects.create(kind=JobKind.REPORT_FILE, created_by=user),
        unit=unit,
        period=period,
        format=fmt,
        created_by=user,
    )
    generate_report.enqueue(report.pk)
    return report
