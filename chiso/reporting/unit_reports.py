"""A unit's report for a period, step by step, each step one atomic action:

start (a draft whose figures are read live) → the unit writes its narratives → the leader
approves → submitting numbers it in the unit's register ("12/BC-SXD", counted per unit and
calendar year) and freezes it: the figures, the .docx and, made in the background, the PDF;
nothing of a submitted report changes → a correction is a new version naming the one it
replaces, which goes through the same steps."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .documents import report_document
from .models import ReportState, UnitReport
from .narratives import clean_narrative
from .tasks import make_report_pdf


class ReportError(ValueError):
    """A step that cannot be taken now: the message says why, in the user's language."""


def start(unit: OrgUnit, period: ReportingPeriod, user, *, compiled: bool = False) -> UnitReport:
    """The unit's report of the period being written (a draft or one awaiting submission),
    started when there is none; a submitted one is corrected through `correct`."""
    found = (
        UnitReport.objects.filter(unit=unit, period=period, compiled=compiled)
        .order_by("-version")
        .first()
    )
    if found is not None:
        if found.state == ReportState.SUBMITTED:
            raise ReportError(
                _("Báo cáo này đã gửi (số %(number)s): muốn sửa, hãy tạo bản đính chính.")
                % {"number": found.number}
            )
        return found
    return UnitReport.objects.create(unit=unit, period=period, compiled=compiled, created_by=user)


def save_narratives(report: UnitReport, narratives: dict[str, str], user) -> UnitReport:
    """Keep the narratives (a safe subset of HTML: paragraphs, lists, bold, italic)."""
    _editable(report)
    cleaned = {key: clean_narrative(text) for key, text in narratives.items()}
    report.narratives = {key: text for key, text in cleaned.items() if text.strip()}
    if report.state == ReportState.APPROVED:  # a change after approval needs it again
        report.state, report.approved_by, report.approved_at = ReportState.DRAFT, None, None
    report.save(update_fields=["narratives", "state", "approved_by", "approved_at"])
    return report


def approve(report: UnitReport, user) -> UnitReport:
    if report.state != ReportState.DRAFT:
        raise ReportError(_("Chỉ duyệt được báo cáo đang soạn."))
    report.state, report.approved_by, report.approved_at = (
        ReportState.APPROVED,
        user,
        timezone.now(),
    )
    report.save(update_fields=["state", "approved_by", "approved_at"])
    return report


def submit(report: UnitReport, user, today: datetime.date | None = None) -> UnitReport:
    """Number the approved report in its unit's register and freeze it."""
    today = today or timezone.localdate()
    with transaction.atomic():
        OrgUnit.objects.select_for_update().filter(pk=report.unit_id).first()  # the register
        report = UnitReport.objects.select_related("unit", "period__plan__issuer").get(pk=report.pk)
        if report.state != ReportState.APPROVED:
            raise ReportError(_("Báo cáo phải được lãnh đạo duyệt trước khi gửi."))
        now = timezone.now()
        year = timezone.localdate(now).year
        last = UnitReport.objects.filter(unit=report.unit, register_year=year).aggregate(
            n=Max("register_number")
        )["n"]
        document = report_document(
            report.unit,
            report.period,
            today,
            compiled=report.compiled,
            narratives=report.narratives,
        )
        report.register_year, report.register_number = year, (last or 0) + 1
        report.number = f"{report.register_number}/BC-{document.symbol}"
        report.figures = document.figures
        report.docx.save(
            f"bao-cao-{report.unit.code}-{report.period.code}-v{report.version}.docx",
            ContentFile(document.render(report.number)),
            save=False,
        )
        report.state, report.submitted_by, report.submitted_at = (
            ReportState.SUBMITTED,
            user,
            now,
        )
        report.save()
        transaction.on_commit(lambda: _make_pdf(report.pk))
    return report


def correct(report: UnitReport, user) -> UnitReport:
    """A new version of a submitted report, with its narratives, to be approved and sent."""
    if report.state != ReportState.SUBMITTED:
        raise ReportError(_("Chỉ đính chính được báo cáo đã gửi."))
    if hasattr(report, "replaced_by"):
        raise ReportError(
            _("Báo cáo này đã có bản đính chính (phiên bản %(version)s).")
            % {"version": report.replaced_by.version}
        )
    return UnitReport.objects.create(
        unit=report.unit,
        period=report.period,
        compiled=report.compiled,
        version=report.version + 1,
        replaces=report,
        narratives=dict(report.narratives),
        created_by=user,
    )


def _editable(report: UnitReport) -> None:
    if report.state == ReportState.SUBMITTED:
        raise ReportError(_("Báo cáo đã gửi: không sửa được nữa."))


def _make_pdf(report_id: int) -> None:
    make_report_pdf.enqueue(report_id)
