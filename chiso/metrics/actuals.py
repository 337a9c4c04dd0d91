"""The service indicators' values that the plans' targets are read against (the reading
itself is `chiso.tracking.target_status`), and the target a unit has for each indicator."""

from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce

from chiso.indicators.catalog import INDICATORS
from chiso.plans.models import Target

from .models import IndicatorValue, PeriodKind


def reading_keys(targets: list[Target]) -> dict[int, tuple[int | None, int]]:
    """The unit and year each of `targets` is read for, by target id: the target's unit
    (the task's lead, or the plan's issuer for a plan-level target) and year (the target's
    own, else the plan's). One query."""
    found = (
        Target.objects.filter(pk__in=[t.pk for t in targets])
        .annotate(
            actual_unit=Case(
                When(task__isnull=True, then=F("plan__issuer_id")), default=F("task__lead_id")
            ),
            actual_year=Coalesce("year", "plan__year"),
        )
        .values_list("pk", "actual_unit", "actual_year")
    )
    return {pk: (unit, year) for pk, unit, year in found}


def year_values(
    targets: list[Target], keys: dict[int, tuple[int | None, int]]
) -> dict[int, IndicatorValue]:
    """The indicator value of the year of each of `targets` that names an indicator, by
    target id, for its unit and year (`keys`, from `reading_keys`). One query."""
    found = [(t.pk, *keys[t.pk], t.indicator) for t in targets if t.indicator in INDICATORS]
    if not found:
        return {}
    values = {
        (v.unit_id, v.indicator, v.period): v
        for v in IndicatorValue.objects.filter(
            kind=PeriodKind.YEAR,
            unit_id__in={unit for _pk, unit, _y, _i in found if unit},
            indicator__in={indicator for _pk, _u, _y, indicator in found},
            period__in={str(year) for _pk, _u, year, _i in found},
        )
    }
    return {
        pk: value
        for pk, unit, year, indicator in found
        if (value := values.get((unit, indicator, str(year))))
    }


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
