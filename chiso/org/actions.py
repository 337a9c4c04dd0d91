"""Reorganising the org tree: move, rename, merge, split and end units.

Each call is one atomic change, recorded as a `UnitChange` and audited (the models are
tracked; the caller names who acts with `acting_user`). What an ended unit was doing passes
to its successor: its open tasks, as lead or coordinator, its users and its child units. What
it did stays with it: done tasks, plans, progress and indicator values, under its old name.

Errors are ValidationErrors keyed by the argument at fault (`units`, `into`, `new_parent`,
`new_name`, `date`), so that a form field or a file column can be pointed at.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from chiso.accounts.models import User
from chiso.plans.models import Task
from chiso.vietnamese.text import nfc

from .models import ChangeKind, OrgUnit, UnitChange

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class NewUnit:
    """A successor that does not exist yet, created on the change's date. Kind, parent and
    peer group default to the first predecessor's."""

    code: str
    name: str
    kind: str = ""
    parent: OrgUnit | None = None


@dataclass
class Outcome:
    """What one change did, for summaries."""

    change: UnitChange
    ended: list[OrgUnit] = field(default_factory=list)
    created: list[OrgUnit] = field(default_factory=list)
    tasks: int = 0  # open tasks whose lead passed to a successor
    coordinations: int = 0  # open tasks whose coordinating unit was replaced or removed
    users: int = 0
    units_moved: int = 0  # child units placed under a successor


@dataclass
class Reorganisation:
    """What several changes did together (a file, an admin action), for one line."""

    changes: Counter = field(default_factory=Counter)  # kind of change → how many
    ended: int = 0
    created: int = 0
    tasks: int = 0
    coordinations: int = 0
    users: int = 0
    units_moved: int = 0

    def add(self, outcome: Outcome) -> None:
        self.changes[outcome.change.kind] += 1
        self.ended += len(outcome.ended)
        self.created += len(outcome.created)
        self.tasks += outcome.tasks
        self.coordinations += outcome.coordinations
        self.users += outcome.users
        self.units_moved += outcome.units_moved

    def describe(self) -> str:
        """One line: the changes by kind, then what passed to the successors."""
        words = {
            ChangeKind.MOVE: _("điều chuyển"),
            ChangeKind.RENAME: _("đổi tên"),
            ChangeKind.MERGE: _("hợp nhất, sáp nhập"),
            ChangeKind.SPLIT: _("chia tách"),
            ChangeKind.ABOLISH: _("giải thể"),
        }
        kinds = "; ".join(f"{words[kind]}: {count}" for kind, count in self.changes.items())
        return _(
            "%(changes)d thay đổi (%(kinds)s); %(ended)d đơn vị kết thúc, %(created)d đơn vị "
            "mới; %(tasks)d nhiệm vụ chủ trì, %(coordinations)d nhiệm vụ phối hợp, %(users)d "
            "người dùng, %(units)d đơn vị trực thuộc chuyển sang đơn vị kế thừa."
        ) % {
            "changes": sum(self.changes.values()),
            "kinds": kinds or "—",
            "ended": self.ended,
            "created": self.created,
            "tasks": self.tasks,
            "coordinations": self.coordinations,
            "users": self.users,
            "units": self.units_moved,
        }


@transaction.atomic
def move(
    unit: OrgUnit,
    new_parent: OrgUnit,
    *,
    date: datetime.date,
    legal_basis: str = "",
    note: str = "",
) -> Outcome:
    """Place `unit` and its subtree under `new_parent`."""
    _fresh(unit, new_parent)
    _check_on(unit, date, "units")
    _check_on(new_parent, date, "new_parent")
    names = {"unit": unit, "parent": new_parent}
    if new_parent.is_within(unit):
        message = _("%(parent)s nằm trong %(unit)s: không chuyển đơn vị vào chính nó.")
        raise ValidationError({"new_parent": message % names})
    if unit.parent_id == new_parent.pk:
        raise ValidationError({"new_parent": _("%(unit)s đã thuộc %(parent)s.") % names})
    return Outcome(change=_moved(unit, new_parent, date, legal_basis, note))


@transaction.atomic
def rename(
    unit: OrgUnit,
    new_name: str,
    *,
    date: datetime.date,
    legal_basis: str = "",
    note: str = "",
) -> Outcome:
    """Give `unit` a new name; the old one stays an alias, and its name before `date`."""
    new_name = nfc(new_name).strip()
    _fresh(unit)
    _check_on(unit, date, "units")
    if not new_name:
        raise ValidationError({"new_name": _("Cần tên mới.")})
    if new_name == unit.name:
        raise ValidationError({"new_name": _("%s đã có tên này.") % unit})
    former = unit.name
    unit.name = new_name
    unit.aliases = [alias for alias in unit.aliases if alias != new_name]
    if former not in unit.aliases:
        unit.aliases.append(former)
    unit.save()
    change = _record(ChangeKind.RENAME, date, legal_basis, note, [unit], [unit], former_name=former)
    return Outcome(change=change)


@transaction.atomic
def merge(
    units: Sequence[OrgUnit],
    into: "OrgUnit | NewUnit",
    *,
    date: datetime.date,
    legal_basis: str = "",
    note: str = "",
) -> Outcome:
    """End `units` the day before `date`; `into` (existing or new) takes over from them."""
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Cần ít nhất một đơn vị.")})
    _fresh(*units, *[into] if isinstance(into, OrgUnit) else [])
    for unit in units:
        _check_on(unit, date, "units", ending=True)
    successor = _successor(into, units, date)
    change = _record(ChangeKind.MERGE, date, legal_basis, note, units, [successor])
    outcome = _hand_over(change, units, lambda _obj: successor, date)
    outcome.created = [successor] if isinstance(into, NewUnit) else []
    return outcome


@transaction.atomic
def split(
    unit: OrgUnit,
    successors: Sequence["OrgUnit | NewUnit"],
    *,
    date: datetime.date,
    shares: Mapping[models.Model, OrgUnit] | None = None,
    legal_basis: str = "",
    note: str = "",
) -> Outcome:
    """End `unit` the day before `date`, its parts passing to several successors.

    `shares` says which successor takes an open task, a user or a child unit; whatever it
    does not name goes to the first successor.
    """
    _fresh(unit, *[heir for heir in successors if isinstance(heir, OrgUnit)])
    _check_on(unit, date, "units", ending=True)
    if len(set(successors)) < 2:
        raise ValidationError({"into": _("Chia tách cần ít nhất hai đơn vị kế thừa.")})
    heirs = [_successor(candidate, [unit], date) for candidate in successors]
    shares = dict(shares or {})
    strangers = [heir for heir in shares.values() if heir not in heirs]
    if strangers:
        message = _("%s không phải đơn vị kế thừa của lần chia tách này.")
        raise ValidationError({"into": message % strangers[0]})
    change = _record(ChangeKind.SPLIT, date, legal_basis, note, [unit], heirs)
    outcome = _hand_over(change, [unit], lambda obj: shares.get(obj, heirs[0]), date)
    outcome.created = [
        heir for heir, given in zip(heirs, successors, strict=True) if isinstance(given, NewUnit)
    ]
    return outcome


@transaction.atomic
def end(
    unit: OrgUnit,
    *,
    date: datetime.date,
    successor: "OrgUnit | NewUnit | None" = None,
    legal_basis: str = "",
    note: str = "",
) -> Outcome:
    """Abolish `unit` from `date`. Without a successor it must have no open task and no
    active child unit left; the open tasks it coordinated lose it as coordinator."""
    _fresh(unit, *[successor] if isinstance(successor, OrgUnit) else [])
    _check_on(unit, date, "units", ending=True)
    if successor is not None:
        heir = _successor(successor, [unit], date)
        change = _record(ChangeKind.ABOLISH, date, legal_basis, note, [unit], [heir])
        outcome = _hand_over(change, [unit], lambda _obj: heir, date)
        outcome.created = [heir] if isinstance(successor, NewUnit) else []
        return outcome
    open_tasks = sum(not task.is_done() for task in Task.objects.filter(lead=unit))
    if open_tasks:
        message = _("%(unit)s còn %(n)d nhiệm vụ chủ trì chưa hoàn thành: cần đơn vị kế thừa.")
        raise ValidationError({"into": message % {"unit": unit, "n": open_tasks}})
    if _active_children([unit], date).exists():
        message = _(
            "%s còn đơn vị trực thuộc đang hoạt động: cần đơn vị kế thừa, "
            "hoặc chuyển hay giải thể các đơn vị đó trước."
        )
        raise ValidationError({"into": message % unit})
    change = _record(ChangeKind.ABOLISH, date, legal_basis, note, [unit], [])
    return _hand_over(change, [unit], lambda _obj: None, date)


def _fresh(*units: OrgUnit) -> None:
    """Read the units again: a change made earlier in the same transaction (a move of a
    unit above, an end) must be seen, or paths would be rewritten from stale ones."""
    for unit in units:
        unit.refresh_from_db()


def _check_on(unit: OrgUnit, date: datetime.date, where: str, *, ending: bool = False) -> None:
    """`unit` exists on `date` and has no recorded change after it, so that its history
    stays in order. A unit ending on `date` must have started before it."""
    names = {"unit": unit, "date": f"{date:%d/%m/%Y}"}
    if unit.valid_from and date <= unit.valid_from and (ending or date < unit.valid_from):
        names["since"] = f"{unit.valid_from:%d/%m/%Y}"
        message = (
            _("%(unit)s bắt đầu hoạt động ngày %(since)s; ngày kết thúc phải sau ngày đó.")
            if date == unit.valid_from
            else _("%(unit)s bắt đầu hoạt động ngày %(since)s; ngày %(date)s đơn vị chưa có.")
        )
        raise ValidationError({where: message % names})
    if unit.valid_until and date > unit.valid_until:
        names["until"] = f"{unit.valid_until:%d/%m/%Y}"
        message = _("%(unit)s đã kết thúc hoạt động ngày %(until)s; ngày %(date)s không còn.")
        raise ValidationError({where: message % names})
    latest = UnitChange.objects.filter(Q(predecessors=unit) | Q(successors=unit)).aggregate(
        latest=Max("date")
    )["latest"]
    if latest and latest > date:
        names["latest"] = f"{latest:%d/%m/%Y}"
        message = _("%(unit)s đã có thay đổi ngày %(latest)s, sau ngày %(date)s.")
        raise ValidationError({where: message % names})


def _successor(candidate: "OrgUnit | NewUnit", ended: list[OrgUnit], date) -> OrgUnit:
    """The successor unit, created (from `date`) when it is new."""
    if isinstance(candidate, NewUnit):
        first = ended[0]
        parent = candidate.parent or first.parent
        if OrgUnit.objects.filter(code=candidate.code).exists():
            raise ValidationError({"into": _("Mã “%s” đã có trong cây tổ chức.") % candidate.code})
        if parent is not None:
            _fresh(parent)
            _check_on(parent, date, "new_parent")
            _refuse_inside(parent, ended, "new_parent")
        return OrgUnit.objects.create(
            code=candidate.code,
            name=candidate.name,
            kind=candidate.kind or first.kind,
            parent=parent,
            peer_group=first.peer_group,
            valid_from=date,
        )
    if candidate in ended:
        message = _("%s vừa kết thúc vừa kế thừa: bỏ một trong hai.")
        raise ValidationError({"into": message % candidate})
    _check_on(candidate, date, "into")
    _refuse_inside(candidate, ended, "into")
    return candidate


def _refuse_inside(unit: OrgUnit, ended: list[OrgUnit], where: str) -> None:
    """A successor below an ended unit would be moved under itself with its siblings."""
    for old in ended:
        if unit.is_within(old):
            message = _("%(unit)s nằm trong %(old)s, đơn vị kết thúc.")
            raise ValidationError({where: message % {"unit": unit, "old": old}})


def _hand_over(
    change: UnitChange,
    ended: list[OrgUnit],
    heir_of: Callable[[models.Model], OrgUnit | None],
    date: datetime.date,
) -> Outcome:
    """End `ended` the day before `date` and pass their open tasks, users and active child
    units to `heir_of(each)`. Tasks change through save() and the m2m API, so that every
    signal (the audit, the figures kept on write) sees them."""
    outcome = Outcome(change=change, ended=ended)
    children = list(_active_children(ended, date).exclude(pk__in=[u.pk for u in ended]))
    for unit in ended:
        unit.valid_until = date - DAY
        unit.save()
    for task in Task.objects.filter(lead__in=ended).order_by("pk"):
        if not task.is_done():
            task.lead = heir_of(task)
            task.save()
            outcome.tasks += 1
    coordinated = Task.objects.filter(coordinators__in=ended).distinct().order_by("pk")
    for task in coordinated.prefetch_related("coordinators"):
        if task.is_done():
            continue
        current = set(task.coordinators.all())
        task.coordinators.remove(*(unit for unit in ended if unit in current))
        heir = heir_of(task)
        if heir is not None and heir.pk != task.lead_id and heir not in current:
            task.coordinators.add(heir)
        outcome.coordinations += 1
    for user in User.objects.filter(unit__in=ended).order_by("pk"):
        heir = heir_of(user)
        if heir is not None:
            user.unit = heir
            user.save()
            outcome.users += 1
    for child in children:
        _moved(child, heir_of(child), date, change.legal_basis, "")
        outcome.units_moved += 1
    return outcome


def _active_children(units: list[OrgUnit], date: datetime.date):
    return OrgUnit.objects.filter(parent__in=units).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=date)
    )


def _moved(
    unit: OrgUnit, new_parent: OrgUnit, date: datetime.date, legal_basis: str, note: str
) -> UnitChange:
    change = _record(
        ChangeKind.MOVE, date, legal_basis, note, [unit], [unit], former_parent=unit.parent
    )
    unit.parent = new_parent
    unit.save()
    return change


def _record(kind, date, legal_basis, note, predecessors, successors, **kept) -> UnitChange:
    change = UnitChange.objects.create(
        kind=kind, date=date, legal_basis=legal_basis, note=note, **kept
    )
    change.predecessors.add(*predecessors)
    change.successors.add(*successors)
    return change
