"""A plan's reporting periods: as its document set them, or the usual reports of the year.

Reports are due two days after the data window closes unless the plan says otherwise (the
corpus plans write "gửi trước ngày 02/7" for data to 30/6).
"""

import datetime

from django.db import transaction

from chiso.plans.models import Plan
from chiso.vietnamese.dates import end_of_half, end_of_quarter

from .models import PeriodKind, ReportingPeriod

GRACE = datetime.timedelta(days=2)


def standard_periods(year: int) -> list[ReportingPeriod]:
    """The usual cumulative reports of a year, unsaved: quarter I, six months, nine months and
    the year, each with data from 1 January (as the plans' "số liệu tính từ ngày 01/01")."""
    start = datetime.date(year, 1, 1)
    ends = [
        (PeriodKind.QUARTER, f"{year}-Q1", f"Quý I/{year}", end_of_quarter(year, 1)),
        (PeriodKind.HALF_YEAR, f"{year}-H1", f"6 tháng đầu năm {year}", end_of_half(year, 1)),
        (PeriodKind.QUARTER, f"{year}-Q3", f"9 tháng năm {year}", end_of_quarter(year, 3)),
        (PeriodKind.YEAR, f"{year}-Y", f"Năm {year}", datetime.date(year, 12, 31)),
    ]
    return [
        ReportingPeriod(
            kind=kind, code=code, label=label, data_from=start, data_to=end, due=end + GRACE
        )
        for kind, code, label, end in ends
    ]


def imported_periods(plan: Plan) -> list[ReportingPeriod]:
    """The periods the plan's own document set, where it gave dates."""
    periods = []
    for entry in plan.report_schedule:
        try:
            start = datetime.date.fromisoformat(entry["from"])
            end = datetime.date.fromisoformat(entry["to"])
        except (KeyError, TypeError, ValueError):
            continue
        due = datetime.date.fromisoformat(entry["due"]) if entry.get("due") else end + GRACE
        kind = entry.get("period") if entry.get("period") in PeriodKind.values else "ad_hoc"
        periods.append(
            ReportingPeriod(
                kind=kind,
                code=f"{end:%Y-%m-%d}-{kind}"[:20],
                label=(entry.get("label") or f"{start:%d/%m/%Y}–{end:%d/%m/%Y}")[:120],
                data_from=start,
                data_to=end,
                due=due,
            )
        )
    return periods


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
