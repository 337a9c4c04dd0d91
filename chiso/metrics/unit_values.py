"""A unit's indicator values for its page: the periods of one kind that have values, one
period's table with the unit's targets, and the trend over the periods before it."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from chiso.indicators.catalog import CATALOG, Indicator, percent
from chiso.lib.periods import Period, PeriodError, parse_period
from chiso.org.models import OrgUnit
from chiso.plans.models import Target
from chiso.plans.targets import STATUS_BADGES, TargetStatus, status_of

from .actuals import unit_targets
from .models import IndicatorValue, PeriodKind
from .periods import STORED_KINDS

TREND_POINTS = 24


def period_values(unit: OrgUnit, period: Period) -> dict[str, IndicatorValue]:
    """The unit's value of each indicator over `period`, by indicator code: as stored for a
    month, quarter, half-year or year; otherwise (`2025-M9`, a range of whole months) the
    sums of its months' numerators and denominators, unsaved. PeriodError for a range that
    cuts a month, since values are kept per month."""
    if period.kind in STORED_KINDS:
        stored = IndicatorValue.objects.filter(unit=unit, period=period.code)
        return {value.indicator: value for value in stored}
    if not period.whole_months:
        raise PeriodError(
            _(
                "Chỉ tiêu được tính theo tháng: kỳ “%(code)s” phải bắt đầu vào ngày đầu tháng "
                "và kết thúc vào ngày cuối tháng."
            )
            % {"code": period.code}
        )
    sums = (
        IndicatorValue.objects.filter(
            unit=unit, kind=PeriodKind.MONTH, start__range=(period.start, period.end)
        )
        .values("indicator")
        .annotate(numerator=Sum("numerator"), denominator=Sum("denominator"))
        .order_by("indicator")
    )
    return {
        row["indicator"]: IndicatorValue(
            unit=unit,
            indicator=row["indicator"],
            period=period.code,
            kind=period.kind,
            start=period.start,
            numerator=row["numerator"],
            denominator=row["denominator"],
            value=percent(row["numerator"], row["denominator"]),
        )
        for row in sums
    }


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    value: IndicatorValue | None
    target: Target | None
    status: TargetStatus | None  # None when the unit has no target on the indicator

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status] if self.status else ""


@dataclass
class UnitIndicators:
    kind: str
    periods: list[tuple[Period, str]]  # with values, oldest first, and their labels
    period: Period | None
    rows: list[Row] = field(default_factory=list)
    trend: dict = field(default_factory=dict)  # the chart's data
    trend_rows: list[tuple[str, list]] = field(default_factory=list)  # label, value per row

    @property
    def label(self) -> str:
        return self.period.label if self.period else ""


def unit_indicators(
    unit: OrgUnit, kind: str, wanted: Period | None, today: datetime.date
) -> UnitIndicators:
    """The unit's values of `kind` and those of the `wanted` period (the latest otherwise).

    A wanted period that is not kept (`2025-M9`, a range of whole months) is summed from its
    months; its trend is the periods of `kind` inside it."""
    values: dict[str, dict[str, IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(unit=unit, kind=kind).order_by("start"):
        values.setdefault(value.period, {})[value.indicator] = value
    periods = [parse_period(code) for code in values]
    page = UnitIndicators(kind, [(p, p.label) for p in periods], None)
    if wanted is not None and wanted.kind not in STORED_KINDS and wanted.whole_months:
        page.period, shown = wanted, period_values(unit, wanted)
        values[wanted.code] = shown
        inside = [p for p in periods if wanted.start <= p.start and p.end <= wanted.end]
        trend = inside or [wanted]
    elif periods:
        page.period = next((p for p in periods if p == wanted), periods[-1])
        shown = values[page.period.code]
        trend = [p for p in periods if p <= page.period][-TREND_POINTS:]
    else:
        return page
    year = page.period.end.year
    targets = unit_targets(unit.pk, year)
    for indicator in CATALOG:
        value, target = shown.get(indicator.code), targets.get(indicator.code)
        status = (
            status_of(
                target.comparator, target.value, value and value.value, over=year < today.year
            )
            if target
            else None
        )
        page.rows.append(Row(indicator, value, target, status))
    page.trend_rows = [
        (p.label, [_number(values[p.code].get(row.indicator.code)) for row in page.rows])
        for p in trend
    ]
    page.trend = {
        "labels": [label for label, _numbers in page.trend_rows],
        "series": [
            {
                "name": str(row.indicator.name),
                "values": [numbers[i] for _label, numbers in page.trend_rows],
                "target": float(row.target.value) if row.target else None,
            }
            for i, row in enumerate(page.rows)
        ],
    }
    return page


def latest_period(unit: OrgUnit, kind: str = PeriodKind.YEAR) -> Period | None:
    """The newest period of `kind` with a value for the unit."""
    code = (
        IndicatorValue.objects.filter(unit=unit, kind=kind)
        .order_by("-start")
        .values_list("period", flat=True)
        .first()
    )
    return parse_period(code) if code else None


def _number(value: IndicatorValue | None) -> float | None:
    return float(value.value) if value else None
