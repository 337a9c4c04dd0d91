"""Whether a unit issued its plan of a year on time: the one reading, for the scoring of the
sub-criterion "plan issued on time" and any page that shows it.

The due date is the earliest a plan of that year set for the unit's own plan ("các đơn vị
ban hành kế hoạch trước ngày …": `Plan.child_plans_due`); the unit's plan is its earliest
issued plan of the year (with its issue date)."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.org.models import OrgUnit

from .models import Plan, PlanStatus


class Issued(models.TextChoices):
    ON_TIME = "on_time", _("Ban hành đúng hạn")
    LATE = "late", _("Ban hành trễ hạn")
    NOT_ISSUED = "not_issued", _("Chưa ban hành")


@dataclass(frozen=True)
class PlanIssue:
    state: Issued | None  # None: no due date was set for the unit
    due: datetime.date | None
    plan: Plan | None


def plan_issue(unit: OrgUnit, year: int, today: datetime.date) -> PlanIssue:
    """How `unit` issued its plan of `year` against the due date set for it: not issued is
    only decided once the due date has passed."""
    dues = [
        datetime.date.fromisoformat(child["due"])
        for child_plans in Plan.objects.filter(year=year, status=PlanStatus.ISSUED).values_list(
            "child_plans_due", flat=True
        )
        for child in child_plans or []
        if child.get("due") and unit.pk in (child.get("units") or [])
    ]
    due = min(dues, default=None)
    plan = (
        Plan.objects.filter(
            issuer=unit, year=year, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED]
        )
        .exclude(issue_date=None)
        .order_by("issue_date", "pk")
        .first()
    )
    if due is None:
        return PlanIssue(None, None, plan)
    if plan is None:
        return PlanIssue(Issued.NOT_ISSUED if today > due else None, due, None)
    return PlanIssue(Issued.ON_TIME if plan.issue_date <= due else Issued.LATE, due, plan)
