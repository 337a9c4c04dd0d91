"""What the service indicators say about the plans' targets.

A target on an indicator is read against the indicator's value for the year (kind `year`)
of the target's unit: the task's lead, or the plan's issuer for a plan-level target; the
year is the target's own, else the plan's. Met when the comparison holds; otherwise missed
once the year is over and at risk while it is still running.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from chiso.indicators.catalog import INDICATORS
from chiso.plans.models import Target
from chiso.plans.targets import meets

from .models import IndicatorValue, PeriodKind


class Status(models.TextChoices):
    MET = "met", _("Đạt")
    AT_RISK = "at_risk", _("Có nguy cơ")
    MISSED = "missed", _("Không đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")


# Bootstrap badge of each status, for every template that shows one.
BADGES = {
    Status.MET: "text-bg-success",
    Status.AT_RISK: "text-bg-warning",
    Status.MISSED: "text-bg-danger",
    Status.NO_DATA: "text-bg-light border",
}


def status_of(target: Target, value: Decimal | None, year: int, today: datetime.date) -> Status:
    """How `value`, measured in `year`, stands against `target`."""
    if value is None:
        return Status.NO_DATA
    if meets(target.comparator, value, target.value):
        return Status.MET
    return Status.MISSED if year < today.year else Status.AT_RISK


@dataclass(frozen=True)
class Actual:
    target: Target
    unit_id: int | None
    year: int
    value: IndicatorValue | None
    status: Status

    @property
    def badge(self) -> str:
        return BADGES[self.status]


def target_actuals(targets: Iterable[Target], today: datetime.date) -> dict[int, Actual]:
    """The actual of each of `targets` that names an indicator, by target id; two queries
    however many targets."""
    ids = [target.pk for target in targets if target.indicator in INDICATORS]
    return {a.target.pk: a for a in _actuals(Target.objects.filter(pk__in=ids), today)}


def task_actuals(plan_id: int, today: datetime.date) -> dict[int, list[Actual]]:
    """The actuals of the indicator targets of a plan's tasks, by task id (two queries)."""
    targets = Target.objects.filter(plan_id=plan_id, task__isnull=False)
    by_task: dict[int, list[Actual]] = {}
    for actual in _actuals(targets, today):
        by_task.setdefault(actual.target.task_id, []).append(actual)
    return by_task


def _actuals(targets, today: datetime.date) -> list[Actual]:
    found = list(
        targets.filter(indicator__in=list(INDICATORS))
        .annotate(
            actual_unit=Case(
                When(task__isnull=True, then=F("plan__issuer_id")), default=F("task__lead_id")
            ),
            actual_year=Coalesce("year", "plan__year"),
        )
        .order_by("plan", F("task").asc(nulls_first=True), "pk")
    )
    values = {
        (v.unit_id, v.indicator, v.period): v
        for v in IndicatorValue.objects.filter(
            kind=PeriodKind.YEAR,
            unit_id__in={t.actual_unit for t in found if t.actual_unit},
            indicator__in={t.indicator for t in found},
            period__in={str(t.actual_year) for t in found},
        )
    }
    actuals = []
    for target in found:
        value = values.get((target.actual_unit, target.indicator, str(target.actual_year)))
        status = status_of(target, value.value if value else None, target.actual_year, today)
        actuals.append(Actual(target, target.actual_unit, target.actual_year, value, status))
    return actuals


def unit_targets(unit_id: int, year: int) -> dict[str, Target]:
    """The target a unit has for each indicator in `year`: those of the plans it issued come
    before those of tasks it leads, and newer plans before older ones."""
    targets = (
        Target.objects.filter(indicator__in=list(INDICATORS))
        .filter(Q(task__isnull=True, plan__issuer_id=unit_id) | Q(task__lead_id=unit_id))
        .filter(Q(year=year) | Q(year__isnull=True, plan__year=year))
        .select_related("plan")
        .order_by(
            F("task").asc(nulls_first=True),
            F("plan__issue_date").desc(nulls_last=True),
            "-plan_id",
            "pk",
        )
    )
    chosen: dict[str, Target] = {}
    for target in targets:
        chosen.setdefault(target.indicator, target)
    return chosen
