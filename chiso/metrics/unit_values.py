"""A unit's indicator values for its page: the periods of one kind that have values, one
period's table with the unit's targets, and the trend over the periods before it."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from chiso.indicators.catalog import CATALOG, Indicator
from chiso.org.models import OrgUnit
from chiso.plans.models import Target

from .actuals import BADGES, Status, status_of, unit_targets
from .models import IndicatorValue, PeriodKind
from .periods import Period, parse_period

TREND_POINTS = 24
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: Period) -> str:
    """The period as Vietnamese reports write it: "Tháng 3/2025", "Quý I/2025", …"""
    year = period.start.year
    if period.kind == PeriodKind.MONTH:
        return _("Tháng %(month)s/%(year)s") % {"month": period.start.month, "year": year}
    if period.kind == PeriodKind.QUARTER:
        quarter = _ROMAN[(period.start.month - 1) // 3 + 1]
        return _("Quý %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}
    if period.kind == PeriodKind.HALF:
        if period.start.month == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    return _("Năm %(year)s") % {"year": year}


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    value: IndicatorValue | None
    target: Target | None
    status: Status | None  # None when the unit has no target on the indicator

    @property
    def badge(self) -> str:
        return BADGES[self.status] if self.status else ""


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
        return period_label(self.period) if self.period else ""


def unit_indicators(unit: OrgUnit, kind: str, wanted: str, today: datetime.date) -> UnitIndicators:
    """The unit's values of `kind`; `wanted` names the period shown (the latest otherwise)."""
    values: dict[str, dict[str, IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(unit=unit, kind=kind).order_by("start"):
        values.setdefault(value.period, {})[value.indicator] = value
    periods = [parse_period(code) for code in values]
    page = UnitIndicators(kind, [(p, period_label(p)) for p in periods], None)
    if not periods:
        return page
    page.period = next((p for p in periods if p.code == wanted), periods[-1])
    year = page.period.start.year
    targets = unit_targets(unit.pk, year)
    shown = values[page.period.code]
    for indicator in CATALOG:
        value, target = shown.get(indicator.code), targets.get(indicator.code)
        status = status_of(target, value and value.value, year, today) if target else None
        page.rows.append(Row(indicator, value, target, status))
    trend = [p for p in periods if p <= page.period][-TREND_POINTS:]
    page.trend_rows = [
        (period_label(p), [_number(values[p.code].get(row.indicator.code)) for row in page.rows])
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
