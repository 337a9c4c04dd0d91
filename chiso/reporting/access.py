"""Who may request and read a report: whoever sees both the period's plan and the unit
(viewers too: a report only gathers what they can already read); who writes a unit's report
(its staff), and who approves and sends it (its leader).
"""

from django.http import Http404

from chiso.accounts.models import Role
from chiso.org.access import (
    can_change_unit,
    can_view_unit,
    get_unit_for_user,
    sees_everything,
    works_for_province,
)
from chiso.org.models import OrgUnit
from chiso.plans.access import get_plan_for_user
from chiso.tracking.models import ReportingPeriod

from .models import ReportFile, UnitReport


def get_period_and_unit_for_user(
    user, period_pk: int, unit_pk: int
) -> tuple[ReportingPeriod, OrgUnit]:
    """The period and the unit to report on, if `user` may see both; 404 otherwise."""
    period = ReportingPeriod.objects.filter(pk=period_pk).first()
    if period is None:
        raise Http404
    period.plan = get_plan_for_user(user, period.plan_id)
    return period, get_unit_for_user(user, unit_pk)


def get_report_for_user(user, pk: int) -> ReportFile:
    """The report file with this id, if `user` may see its plan and its unit; 404 otherwise."""
    report = ReportFile.objects.select_related("job", "unit", "period").filter(pk=pk).first()
    if report is None or not can_view_unit(user, report.unit):
        raise Http404
    report.period.plan = get_plan_for_user(user, report.period.plan_id)
    return report


def works_in(user, unit: OrgUnit) -> bool:
    """Works in `unit` or a unit under it (the office of a department writes its reports)."""
    return bool(user.is_authenticated and user.unit_id and user.unit.is_within(unit))


def can_view_reports(user, unit: OrgUnit) -> bool:
    return can_view_unit(user, unit) or works_in(user, unit)


def can_write_report(user, unit: OrgUnit) -> bool:
    """Start, write and correct `unit`'s reports: its staff and those of the units under it
    (not viewers), its admins, or the province's secretariat, which writes the province's."""
    if not user.is_authenticated or user.role == Role.VIEWER:
        return False
    return (
        works_in(user, unit)
        or can_change_unit(user, unit)
        or (works_for_province(user) and unit.parent_id is None and can_view_unit(user, unit))
    )


def can_approve_report(user, unit: OrgUnit) -> bool:
    """Approve and send `unit`'s reports: its leaders and the admins who may write them."""
    return can_write_report(user, unit) and (
        user.role in (Role.LEADER, Role.ADMIN) or sees_everything(user)
    )


def get_reporting_unit_for_user(user, period_pk: int, unit_pk: int):
    """A period and the unit whose reports of it to show, if `user` may see both."""
    period = ReportingPeriod.objects.select_related("plan__issuer").filter(pk=period_pk).first()
    unit = OrgUnit.objects.select_related("parent", "peer_group").filter(pk=unit_pk).first()
    if period is None or unit is None or not can_view_reports(user, unit):
        raise Http404
    return period, unit


def get_unit_report_for_user(user, pk: int) -> UnitReport:
    """The unit report with this id, if `user` may see its unit's reports; 404 otherwise."""
    report = (
        UnitReport.objects.select_related("unit", "period__plan__issuer", "replaces")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view_reports(user, report.unit):
        raise Http404
    return report
