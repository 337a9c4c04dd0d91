"""Who may request and read a report: whoever sees both the period's plan and the unit.

Viewers may too: a report only gathers what they can already read.
"""

from django.http import Http404

from chiso.org.access import can_view_unit, get_unit_for_user
from chiso.org.models import OrgUnit
from chiso.plans.access import get_plan_for_user
from chiso.tracking.models import ReportingPeriod

from .models import ReportFile


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
