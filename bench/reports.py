"""Compiling the province's report from its units' submitted reports.

The province is given units enough under it to receive `count` reports of its plan's year
(extra communes, each leading a task of the provincial plan), every one submitted with its
figures. Measured, in turn, median of `REPEATS`:
- **one unit's report**: `report_document` and its Word file, for the officer's department;
- **the province's compilation**: the same with `compiled=True` over every report.
Goal: the compilation ≤ 10 × one unit's report. The queries of the compilation are counted
with every report and with half of them withdrawn: the count must not grow with the units.
"""

import statistics
import time
from dataclasses import dataclass

REPEATS = 3


@dataclass(frozen=True)
class Figures:
    reports: int
    one_s: float
    compiled_s: float
    queries_all: int
    queries_half: int


def measure_reports(built, count: int) -> Figures:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from chiso.reporting.documents import report_document
    from chiso.reporting.models import UnitReport
    from chiso.tracking.schedule import ensure_periods

    today = timezone.localdate()
    period = ensure_periods(built.provincial_plan)[-1]
    reports = _submitted_reports(built, period, count)
    unit_period = ensure_periods(_own_plan(built))[-1]

    def one() -> None:
        report_document(built.officer_unit, unit_period, today).render()

    def compiled() -> None:
        report_document(built.root, period, today, compiled=True).render()

    one_s, compiled_s = _median(one), _median(compiled)
    with CaptureQueriesContext(connection) as every:
        compiled()
    UnitReport.objects.filter(pk__in=reports[::2]).delete()
    with CaptureQueriesContext(connection) as half:
        compiled()
    return Figures(len(reports), one_s, compiled_s, len(every), len(half))


def print_figures(figures: Figures) -> None:
    ratio = figures.compiled_s / figures.one_s
    print(f"\nreports · the province compiles {figures.reports:,} submitted reports")
    print(f"  {'one unit report (Word)':<44} {figures.one_s:8.2f} s")
    label = "the province's compilation (Word)"
    print(f"  {label:<44} {figures.compiled_s:8.2f} s  ×{ratio:.2f}")
    print(
        f"  queries of the compilation: {figures.queries_all} with every report, "
        f"{figures.queries_half} with half of them"
    )
    print("  goal: the compilation ≤ 10 × one unit's report; queries not growing with the units")


def _submitted_reports(built, period, count: int) -> list[int]:
    """Units under the province enough to owe `count` reports, each report submitted."""
    from django.utils import timezone

    from chiso.org.models import OrgUnit, UnitKind
    from chiso.plans.models import Task
    from chiso.reporting.models import ReportState, UnitReport
    from chiso.reporting.submissions import owing_units

    owing = owing_units(built.root, period)
    extra = [
        OrgUnit(
            code=f"bench-xa-{n}",
            name=f"UBND xã Thử {n}",
            kind=UnitKind.COMMUNE,
            parent=built.root,
            search_key=f"ubnd xa thu {n}",
        )
        for n in range(max(0, count - len(owing)))
    ]
    OrgUnit.objects.bulk_create(extra, batch_size=1000)
    for unit in extra:
        unit.path = f"{built.root.path}{unit.pk}/"
    OrgUnit.objects.bulk_update(extra, ["path"], batch_size=1000)
    Task.objects.bulk_create(
        (
            Task(plan=built.provincial_plan, lead=unit, text="Việc của xã", order=n)
            for n, unit in enumerate(extra)
        ),
        batch_size=1000,
    )
    now = timezone.now()
    figures = {
        "tasks": {f"PAR.{n}": {"total": 12, "done": 7, "late": 2} for n in range(1, 9)},
        "indicators": {
            "on_time": {"numerator": 950, "denominator": 1000, "value": "95.00"},
            "feedback_handled": {"numerator": 40, "denominator": 42, "value": "95.24"},
        },
    }
    rows = UnitReport.objects.bulk_create(
        (
            UnitReport(
                unit=unit,
                period=period,
                state=ReportState.SUBMITTED,
                narratives={"results": f"<p>Kết quả của {unit.name}</p>"},
                number=f"1/BC-{unit.code.upper()}",
                figures={"unit": unit.code, "period": period.code, **figures},
                submitted_at=now,
            )
            for unit in [*owing, *extra]
        ),
        batch_size=1000,
    )
    return [row.pk for row in rows]


def _own_plan(built):
    from chiso.plans.models import Plan

    return (
        Plan.objects.filter(issuer=built.officer_unit, year=built.provincial_plan.year).first()
        or built.provincial_plan
    )


def _median(work) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
