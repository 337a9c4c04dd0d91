"""A plan's reporting periods: as its document set them, or the usual reports of the year.

Reports are due two days after the data window closes unless the plan says otherwise (the
corpus plans write "gửi trước ngày 02/7" for data to 30/6). A period's code is the code of its
data window (`chiso.lib.periods`): the nine-month report is `2025-M9` wherever it comes from.
"""

import datetime

from django.db import transaction

from chiso.lib.periods import (
    Period,
    half_period,
    nine_months_period,
    period_of,
    quarter_period,
    year_period,
)
from chiso.plans.models import Plan

from .models import PeriodKind, ReportingPeriod

GRACE = datetime.timedelta(days=2)


def standard_periods(year: int) -> list[ReportingPeriod]:
    """The usual cumulative reports of a year, unsaved: quarter I, six months, nine months and
    the year, each with data from 1 January (as the plans' "số liệu tính từ ngày 01/01")."""
    windows = [
        (PeriodKind.QUARTER, quarter_period(year, 1)),
        (PeriodKind.HALF_YEAR, half_period(year, 1)),
        (PeriodKind.QUARTER, nine_months_period(year)),
        (PeriodKind.YEAR, year_period(year)),
    ]
    return [_period(kind, window, window.label, window.end + GRACE) for kind, window in windows]


def imported_periods(plan: Plan) -> list[ReportingPeriod]:
    """The periods the plan's own document set, where it gave dates; a data window the
    document names twice is kept once, as it first appears."""
    periods: dict[str, ReportingPeriod] = {}
    for entry in plan.report_schedule:
        try:
            window = period_of(
                datetime.date.fromisoformat(entry["from"]),
                datetime.date.fromisoformat(entry["to"]),
            )
        except (KeyError, TypeError, ValueError):
            continue
        due = datetime.date.fromisoformat(entry["due"]) if entry.get("due") else None
        kind = entry.get("period") if entry.get("period") in PeriodKind.values else "ad_hoc"
        label = (entry.get("label") or window.label)[:120]
        periods.setdefault(window.code, _period(kind, window, label, due or window.end + GRACE))
    return list(periods.values())


def _period(kind: str, window: Period, label: str, due: datetime.date) -> ReportingPeriod:
    return ReportingPeriod(
        kind=kind,
        code=window.code,
        label=label,
        data_from=window.start,
        data_to=window.end,
        due=due,
    )


def ensure_periods(plan: Plan) -> list[ReportingPeriod]:
    """The plan's periods, created on first use from its document or the standard set."""
    existing = list(plan.periods.all())
    if existing:
        return existing
    periods = imported_periods(plan) or standard_periods(plan.year)
    with transaction.atomic():
        for period in periods:
            period.plan = plan
            period.save()  # one by one: each creation is audited, which moves the data version
    return list(plan.periods.all())


def current_period(periods: list[ReportingPeriod], today: datetime.date):
    """The period being reported now: the first whose report is not yet past due, else the
    last one."""
    ordered = sorted(periods, key=lambda p: p.due)
    for period in ordered:
        if today <= period.due:
            return period
    return ordered[-1] if ordered else None
