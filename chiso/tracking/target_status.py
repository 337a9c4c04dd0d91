"""How each target stands: its actual, where the actual comes from, and met / at risk /
missed / no data. The one reading that the plan page, home, dashboards, the Word report and
the public page all call.

- A target on a service indicator is read against the indicator's value of the year
  (`chiso.metrics.actuals.year_values`), computed from the dossier data.
- A target on an index with published results of the year (PAR INDEX, PAPI, PCI, SIPAS:
  a score, a rank, a group, ranks gained) is read against them (`chiso.scoring.actuals`);
  else a target on a survey index (SIPAS ≥ 85 %, a rank in the block, ranks gained) against
  the survey's results of the year (`chiso.surveys.actuals`).
- Any other target (or an indicator target without data) is read against the latest value
  an approved progress update gave for it (the task's lead unit's, for a task's target), up
  to the end of the period asked for.
- The comparison and the status are `chiso.plans.targets.status_of`: missed once the
  target's year is over (or the period asked for ends with it), at risk before.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from chiso.metrics.actuals import reading_keys, year_values
from chiso.metrics.models import IndicatorValue
from chiso.plans.models import Target, Task
from chiso.plans.targets import STATUS_BADGES, TargetStatus, reported_value, status_of
from chiso.scoring.actuals import ResultActual, result_actuals
from chiso.surveys.actuals import SurveyActual, survey_actuals

from .models import ProgressUpdate, ReportingPeriod, UpdateState

BEHIND = (TargetStatus.AT_RISK, TargetStatus.MISSED)


@dataclass(frozen=True)
class Assessment:
    target: Target
    actual: Decimal | None
    reported: str  # the value as the unit typed it, when the actual is reported
    indicator_value: IndicatorValue | None  # when the actual is the indicator's
    source: (
        SurveyActual | ResultActual | None
    )  # when the actual is a survey's or a published result
    year: int
    status: TargetStatus

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def behind(self) -> bool:
        return self.status in BEHIND


def assess_targets(
    targets: Iterable[Target], today: datetime.date, period: ReportingPeriod | None = None
) -> list[Assessment]:
    """Each of `targets` as it stands on `today`, or at the end of `period` when given (a
    report's targets); in the order given. A fixed number of queries however many targets
    (the result sets of the years read add one ranking each)."""
    targets = list(targets)
    if not targets:
        return []
    keys = reading_keys(targets)
    computed = year_values(targets, keys)
    official = result_actuals([t for t in targets if t.pk not in computed], keys)
    rest = [t for t in targets if t.pk not in computed and t.pk not in official]
    sources = {**survey_actuals(rest, keys), **official}
    reported = _reported(targets, period)
    found = []
    for target in targets:
        _unit, year = keys[target.pk]
        value = computed.get(target.pk)
        source = sources.get(target.pk)
        raw = "" if value or source else reported.get(target.pk, "")
        if value or source:
            actual = value.value if value else source.actual
        else:
            actual = reported_value(raw) if raw else None
        over = period.data_to >= datetime.date(year, 12, 31) if period else today.year > year
        status = status_of(target.comparator, target.value, actual, over=over)
        found.append(Assessment(target, actual, raw, value, source, year, status))
    return found


_ROW = ("period__data_to", "version", "pk", "task_id", "target_values")


def _reported(targets: list[Target], period: ReportingPeriod | None) -> dict[int, str]:
    """The latest value approved updates gave each target: the lead unit's update for a
    task's target, any update of the plan's tasks for a plan's own target."""
    keys = {str(t.pk): t for t in targets}
    plans = {t.plan_id for t in targets if t.task_id is None}
    tasks = {t.task_id for t in targets if t.task_id}
    approved = ProgressUpdate.objects.filter(
        state=UpdateState.APPROVED, target_values__has_any_keys=list(keys)
    ).order_by()
    if period is not None:
        approved = approved.filter(period__data_to__lte=period.data_to)
    # Two queries rather than one with OR, each led by the index of the updates' tasks.
    of_plans = Task.objects.filter(plan_id__in=plans).values("pk")
    found = [
        *approved.filter(task_id__in=tasks, unit_id=F("task__lead_id")).values_list(*_ROW),
        *approved.filter(task_id__in=of_plans).values_list(*_ROW),
    ]
    unique = {row[2]: row for row in found}.values()  # an update may match both
    values: dict[int, str] = {}
    for *_order, task_id, given in sorted(unique, key=lambda row: row[:3]):
        for key, raw in (given or {}).items():
            target = keys.get(key)
            if target is None or (target.task_id and target.task_id != task_id):
                continue
            if reported_value(raw) is not None:
                values[target.pk] = str(raw).strip()
    return values


def by_task(assessments: list[Assessment]) -> dict[int, list[Assessment]]:
    """The assessments of tasks' targets, by task id."""
    grouped: dict[int, list[Assessment]] = {}
    for each in assessments:
        if each.target.task_id:
            grouped.setdefault(each.target.task_id, []).append(each)
    return grouped
