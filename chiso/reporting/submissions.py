"""Who owes a report for a period, and whether it came: the one rule for submission tracking.

A unit is owed a report of a period (its code and year: "2025-H1") by the units directly under
it that existed at the end of the period and lead, themselves or through the units under them,
a task of one of its plans of that year that reports on that period; it is due by the
earliest due date those plans set. A unit's report for a period is any of its submitted
reports of that code and year (the division reports on its department's plan, the department
on the province's: the same "2025-H1"), compiled or not; it is on time when its first version
was submitted by the due date. The rates are those of DHIS2: reporting rate = received ÷
expected, on-time rate = on time ÷ expected.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiso.org.models import OrgUnit
from chiso.plans.models import Task
from chiso.tracking.models import ReportingPeriod

from .models import UnitReport


class Standing(models.TextChoices):
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Muộn")
    MISSING = "missing", _("Chưa gửi")
    NOT_DUE = "not_due", _("Chưa đến hạn")


@dataclass(frozen=True)
class Submission:
    unit: OrgUnit
    due: datetime.date
    first: UnitReport | None  # the first version submitted: the submission time
    latest: UnitReport | None  # the version in force: the content
    standing: str

    @property
    def standing_label(self) -> str:
        return str(Standing(self.standing).label)

    @property
    def submitted_at(self) -> datetime.datetime | None:
        return self.first.submitted_at if self.first else None


@dataclass(frozen=True)
class Rates:
    expected: int
    received: int
    on_time: int

    @property
    def reporting_rate(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


def parent_periods(parent: OrgUnit, period: ReportingPeriod) -> list[ReportingPeriod]:
    """The periods of `period`'s code in the plans `parent` issued in its year: those its
    units report on to it."""
    return list(
        ReportingPeriod.objects.filter(
            plan__issuer=parent, plan__year=period.plan.year, code=period.code
        ).select_related("plan")
    )


def owing_units(
    parent: OrgUnit, period: ReportingPeriod, block_id: int | None = None
) -> list[OrgUnit]:
    """The units that owe `parent` a report of `period`'s code (in `block_id` only, when
    given): those directly under it, existing at the end of the period, that lead a task of
    a plan of its with that period, themselves or through the units under them."""
    plans = [p.plan_id for p in parent_periods(parent, period)]
    leads = set(
        Task.objects.counted()
        .filter(plan_id__in=plans)
        .values_list("lead__path", flat=True)
        .distinct()
    )
    # a lead under the parent names the child it sits under right after the parent's path
    leading = {
        path[len(parent.path) :].split("/", 1)[0]
        for path in leads
        if path.startswith(parent.path) and path != parent.path
    }
    children = OrgUnit.objects.active_on(period.data_to).filter(
        parent=parent, pk__in=[int(pk) for pk in leading if pk.isdigit()]
    )
    if block_id is not None:
        children = children.filter(peer_group_id=block_id)
    return list(children.select_related("peer_group").order_by("path"))


def due_date(parent: OrgUnit, period: ReportingPeriod) -> datetime.date:
    """When `parent`'s units owe their reports of the period: the earliest due date its plans
    set for it (the period's own when it has none)."""
    return min((p.due for p in parent_periods(parent, period)), default=period.due)


def submissions(
    parent: OrgUnit,
    period: ReportingPeriod,
    today: datetime.date | None = None,
    units: list[OrgUnit] | None = None,
) -> list[Submission]:
    """Each unit that owes `parent` a report of the period (or each of `units`), with its
    report and standing."""
    today = today or timezone.localdate()
    units = owing_units(parent, period) if units is None else units
    due = due_date(parent, period)
    first, latest = submitted_reports(units, period)
    found = []
    for unit in units:
        sent = first.get(unit.pk)
        if sent is None:
            standing = Standing.MISSING if today > due else Standing.NOT_DUE
        elif timezone.localdate(sent.submitted_at) <= due:
            standing = Standing.ON_TIME
        else:
            standing = Standing.LATE
        found.append(Submission(unit, due, sent, latest.get(unit.pk), standing))
    return found


def submitted_reports(
    units: Iterable[OrgUnit], period: ReportingPeriod
) -> tuple[dict[int, UnitReport], dict[int, UnitReport]]:
    """For each of `units` that sent one, its first submitted report of the period's code
    and year, and the one in force (the latest version; a compiled report before the unit's
    own, since it holds the units under it too). One query."""
    reports = (
        UnitReport.objects.filter(
            unit__in=[u.pk for u in units],
            period__code=period.code,
            period__plan__year=period.plan.year,
            submitted_at__isnull=False,
        )
        .select_related("period")
        .order_by("submitted_at", "pk")
    )
    first: dict[int, UnitReport] = {}
    latest: dict[int, UnitReport] = {}
    for report in reports:
        first.setdefault(report.unit_id, report)
        kept = latest.get(report.unit_id)
        if kept is None or (report.compiled, report.submitted_at) >= (
            kept.compiled,
            kept.submitted_at,
        ):
            latest[report.unit_id] = report
    return first, latest


def rates(found: Iterable[Submission]) -> Rates:
    """The reporting and on-time rates of `found`; those not yet due are not expected."""
    counted = [s for s in found if s.standing != Standing.NOT_DUE]
    return Rates(
        expected=len(counted),
        received=sum(s.first is not None for s in counted),
        on_time=sum(s.standing == Standing.ON_TIME for s in counted),
    )


def rates_by_block(found: Iterable[Submission]) -> dict[str, Rates]:
    """The rates of each block (peer group) of the units, by the block's name ("" for none)."""
    groups: dict[str, list[Submission]] = {}
    for submission in found:
        block = submission.unit.peer_group
        groups.setdefault(block.name if block else "", []).append(submission)
    return {name: rates(group) for name, group in sorted(groups.items())}
