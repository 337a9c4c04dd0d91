"""Counts by state as of one day, kept so that a figure is one indexed read however many
tasks it counts: of each unit's branch (`BranchTally`) and of each plan (`PlanTally`).

Each counted `TaskTally` row adds its counts as of the kept day (`TallyDay`) to the branch
rows of its unit, of every unit above it, and of the province (no unit); each lead row to
its plan's row. The code that rewrites
`TaskTally` rows (`chiso.tracking.summaries`) does it inside `replacing(rows)`, which adds
the difference to the branch rows in the same transaction. Each morning the daily job (or
else the first read of the day) rolls the rows forward, recounting only the summary rows
whose state the days between can change. A change of the org tree or of a framework's
tree, which moves counts between branches or fields, leaves them `stale`, to be written
from scratch by a background job. A read for another day than the kept one, or while the
rows are stale, is answered from the summary rows instead.
"""

import contextlib
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, fields
from operator import add, sub

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task as background_task

from chiso.frameworks.models import field_code

from .counting import TaskCounts, count_states_by
from .models import BranchTally, PlanTally, TallyDay, TaskRole, TaskTally
from .state import DUE_SOON_DAYS

Key = tuple[int | None, int, str, str, str]  # unit (None: the province), year, role, index, field
KEY_COLUMNS = ("unit_id", "year", "role", "index", "field")
COUNTS = [f.name for f in fields(TaskCounts)]  # the count columns, in TaskCounts order
ROLL_DAYS = 31  # a longer gap is written from scratch
_GROUP = ("unit__path", "year", "role", "component__framework__code")


@dataclass(frozen=True)
class Kind:
    """One kind of kept rows: its model and the columns that name a row."""

    model: type
    keys: tuple[str, ...]


BRANCHES = Kind(BranchTally, KEY_COLUMNS)
PLANS = Kind(PlanTally, ("plan_id",))
KINDS = (BRANCHES, PLANS)


def read(
    units: list[int | None], year: int, day: datetime.date, role: str | None = None
) -> list[tuple] | None:
    """(unit, role, index, field, TaskCounts) of each branch row of `units` (None: the
    province) counted as of `day`; None when the rows do not count as of `day`."""
    if not _current(day):
        return None
    rows = BranchTally.objects.filter(year=year).filter(_of_units(units))
    if role is not None:
        rows = rows.filter(role=role)
    found = rows.values_list("unit_id", "role", "index", "field", *COUNTS)
    return [
        (unit, role, index, field, TaskCounts(*counts))
        for unit, role, index, field, *counts in found
    ]


def read_plans(plans: list[int], day: datetime.date) -> dict[int, TaskCounts] | None:
    """TaskCounts of each of these plans' tasks as of `day` (a plan without tasks has
    none); None when the rows do not count as of `day`."""
    if not _current(day):
        return None
    found = PlanTally.objects.filter(plan__in=plans).values_list("plan_id", *COUNTS)
    return {plan: TaskCounts(*counts) for plan, *counts in found}


@contextlib.contextmanager
def replacing(rows: QuerySet[TaskTally]) -> Iterator[None]:
    """Around a rewrite of the summary rows `rows` selects: add what it changes."""
    day = _locked_day()
    if day is None:  # stale or never written: they will be written from scratch
        yield
        return
    before = contributions(rows, day)
    yield
    after = contributions(rows, day)
    for kind in KINDS:
        _add(kind, _difference(after[kind], before[kind]))


def stale() -> None:
    """Have the rows written from scratch by a background job once the caller's transaction
    commits; until then reads count from the summary rows."""
    if TallyDay.objects.exclude(day=None).update(day=None):
        transaction.on_commit(write_again.enqueue)


@background_task()
def write_again() -> None:
    """The job `stale` enqueues."""
    roll(timezone.localdate())


def roll(day: datetime.date) -> None:
    """Make the rows count as of `day`: once, however many requests ask at the same time
    (the first takes the lock; the others then find the day kept)."""
    with transaction.atomic():
        record = TallyDay.objects.select_for_update().filter(pk=1).first()
        if record is None:
            record = TallyDay.objects.create(pk=1)
        if record.day == day:
            return
        if record.day is None or abs((day - record.day).days) > ROLL_DAYS:
            rebuild(day)
        else:
            crossing = _crossing(record.day, day)
            after, before = contributions(crossing, day), contributions(crossing, record.day)
            for kind in KINDS:
                _add(kind, _difference(after[kind], before[kind]))
        record.day = day
        record.save(update_fields=["day"])


def rebuild(day: datetime.date) -> None:
    """Every branch and plan row from the summary rows, as of `day`."""
    found = contributions(TaskTally.objects.all(), day)
    for kind in KINDS:
        kind.model.objects.all().delete()
        _add(kind, found[kind], fresh=True)


def contributions(rows: QuerySet[TaskTally], day: datetime.date) -> dict[Kind, dict]:
    """What `rows` add to each row of each kind as of `day`, by the row's key: the counts
    in the order of `COUNTS`. A plan counts all its lead rows, counted or not."""
    plans = count_states_by(rows.filter(role=TaskRole.LEAD), day, "plan_id")
    return {
        BRANCHES: _branch_contributions(rows, day),
        PLANS: {(plan,): _values(c) for plan, c in plans},
    }


def _branch_contributions(rows: QuerySet[TaskTally], day: datetime.date) -> dict[Key, list[int]]:
    found: dict[Key, list[int]] = {}
    grouped = count_states_by(rows.filter(counted=True), day, *_GROUP, field_code())
    for path, year, role, index, field, counts in grouped:
        values = _values(counts)
        units = [None, *(int(part) for part in (path or "").strip("/").split("/") if part)]
        for unit in units:
            key = (unit, year, role, index or "", field or "")
            kept = found.get(key)
            found[key] = values if kept is None else list(map(add, kept, values))
    return found


def kept_day() -> datetime.date | None:
    return TallyDay.objects.values_list("day", flat=True).first()


def kept_rows() -> list[list[tuple]]:
    """Every row of each kind as plain values, in a fixed order: to compare two states."""
    return [sorted(kind.model.objects.values_list(*kind.keys, *COUNTS), key=repr) for kind in KINDS]


def _values(counts: TaskCounts) -> list[int]:
    return [getattr(counts, name) for name in COUNTS]


def _current(day: datetime.date) -> bool:
    """Whether the rows count as of `day`, rolling them there first when it is today (the
    daily job has usually done it) and they are not being written again from scratch."""
    kept = list(TallyDay.objects.values_list("day", flat=True))
    if kept == [day]:
        return True
    if day != timezone.localdate() or kept == [None]:
        return False
    roll(day)  # the first read after a migration writes them
    return True


def _locked_day() -> datetime.date | None:
    """The kept day, its row locked until the transaction ends, so that a roll and the
    writes that add to the rows take turns (SQLite's writers always do)."""
    record = TallyDay.objects.select_for_update().filter(pk=1).first()
    return record.day if record else None


def _crossing(first: datetime.date, second: datetime.date) -> QuerySet[TaskTally]:
    """The summary rows whose state differs between the two days (`chiso.plans.state`): a
    `late_from` passed between them, or a deadline that was reached, or came within the
    days that make a task due soon, between them."""
    start, end = sorted((first, second))
    soon = datetime.timedelta(days=DUE_SOON_DAYS)
    return TaskTally.objects.filter(
        Q(late_from__gt=start, late_from__lte=end)
        | Q(deadline_date__gte=start, deadline_date__lt=end)
        | Q(deadline_date__gt=start + soon, deadline_date__lte=end + soon)
    )


def _difference(after: dict[tuple, list[int]], before: dict[tuple, list[int]]) -> dict:
    changed = {}
    zero = [0] * len(COUNTS)
    for key in after.keys() | before.keys():
        delta = list(map(sub, after.get(key, zero), before.get(key, zero)))
        if any(delta):
            changed[key] = delta
    return changed


def _add(kind: Kind, delta: dict[tuple, list[int]], fresh: bool = False) -> None:
    """Add `delta` to the rows of `kind` (none yet when `fresh`): a row is created when
    first counted and deleted when it counts no task any more. Written with `executemany`:
    a rebuild writes a row per unit, role and field, too many for model instances."""
    if not delta:
        return
    rows: dict[tuple, tuple] = {}
    if not fresh:
        width = len(kind.keys)
        found = _existing(kind, delta).values_list("pk", *kind.keys, *COUNTS)
        rows = {tuple(row[1 : width + 1]): (row[0], row[width + 1 :]) for row in found}
    created, updated, emptied = [], [], []
    for key, counts in delta.items():
        if key not in rows:
            created.append((*key, *counts))
            continue
        pk, kept = rows[key]
        total = list(map(add, kept, counts))
        if total[0]:  # the count of tasks
            updated.append((*total, pk))
        else:
            emptied.append(pk)
    table = connection.ops.quote_name(kind.model._meta.db_table)
    columns = [connection.ops.quote_name(name) for name in (*kind.keys, *COUNTS)]
    with connection.cursor() as cursor:
        if created:
            places = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({places})", created
            )
        if updated:
            sets = ", ".join(f"{column} = %s" for column in columns[len(kind.keys) :])
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", updated)
    kind.model.objects.filter(pk__in=emptied).delete()


def _existing(kind: Kind, delta: dict[tuple, list[int]]) -> QuerySet:
    """The rows of `kind` that may hold a key of `delta` (and a few more)."""
    if kind is PLANS:
        return PlanTally.objects.filter(plan_id__in=[key[0] for key in delta])
    return BranchTally.objects.filter(
        _of_units(list({key[0] for key in delta})),
        year__in={key[1] for key in delta},
        field__in={key[4] for key in delta},
    )


def _of_units(units: list[int | None]) -> Q:
    ids = [unit for unit in units if unit is not None]
    found = Q(unit_id__in=ids)
    return found | Q(unit__isnull=True) if None in units else found
