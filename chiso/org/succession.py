"""Which unit answers for an ended unit's name on a given day: the unit itself until it
ended, then its successor, then the successor's successor… A split ends the chain: after it
no single unit answers, and whoever reads a record of that day must be told so."""

import datetime
from dataclasses import dataclass

from .models import ChangeKind, OrgUnit, UnitChange

ENDING = (ChangeKind.MERGE, ChangeKind.SPLIT, ChangeKind.ABOLISH)


@dataclass(frozen=True)
class Stretch:
    """From the day after `after` (None: from the start) to `until` (None: ever since), the
    unit `code` answers. After a split, `code` is "" and the split is described instead."""

    after: datetime.date | None
    until: datetime.date | None
    code: str
    split_unit: str = ""  # the name of the unit that was split
    split_into: tuple[str, ...] = ()  # the names of its successors


def stretches() -> dict[str, list[Stretch]]:
    """For every ended unit that has a successor, keyed by its code, the stretches in order
    of time. Units that never ended, or ended without a successor, answer for themselves."""
    units = {unit.pk: unit for unit in OrgUnit.objects.only("code", "name", "valid_until")}
    heirs: dict[int, list[OrgUnit]] = {}
    changes = UnitChange.objects.filter(kind__in=ENDING).prefetch_related(
        "predecessors", "successors"
    )
    for change in changes.order_by("date", "pk"):
        successors = [units[unit.pk] for unit in change.successors.all()]
        for unit in change.predecessors.all():
            if successors and units[unit.pk].valid_until is not None:
                heirs[unit.pk] = successors  # the latest change that ended it
    return {units[pk].code: _chain(units[pk], heirs) for pk in heirs}


def _chain(unit: OrgUnit, heirs: dict[int, list[OrgUnit]]) -> list[Stretch]:
    chain = [Stretch(None, unit.valid_until, unit.code)]
    seen = {unit.pk}
    current = unit
    while current.pk in heirs and current.valid_until is not None:
        following = heirs[current.pk]
        if len(following) > 1:
            names = tuple(heir.name for heir in following)
            chain.append(Stretch(current.valid_until, None, "", current.name, names))
            return chain
        heir = following[0]
        if heir.pk in seen:
            break
        seen.add(heir.pk)
        chain.append(Stretch(current.valid_until, heir.valid_until, heir.code))
        current = heir
    # The last unit of the chain answers from then on, even if it ended without successor.
    last = chain[-1]
    chain[-1] = Stretch(last.after, None, last.code)
    return chain
