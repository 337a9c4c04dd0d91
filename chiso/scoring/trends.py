"""A province's or unit's official results over the years: total, rank, group and each
component's change from the year before, followed through merges (a year before a merger shows
the results of those merged into it, a year after shows its successor's, named as such)."""

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from chiso.org.models import OrgUnit

from . import provinces
from .models import ResultScope, ResultSet
from .rankings import ranking


@dataclass
class YearResult:
    year: int
    name: str  # the province's or unit's name in that year
    own: bool  # False: a predecessor's or successor's result
    score: Decimal | None
    rank: int | None
    ranked: int  # how many were ranked that year
    group: str | None
    components: dict[str, Decimal | None]
    changes: dict[str, Decimal | None] = field(default_factory=dict)  # from the year before


def trend(index: str, scope: str, key: str) -> list[YearResult]:
    """Each year's result of province `key` (its code) or unit `key` (its code), oldest first."""
    lineage = _province_lineage(key) if scope == ResultScope.NATIONAL else _unit_lineage(key)
    years = ResultSet.objects.filter(index=index, scope=scope).order_by("year")
    found: list[YearResult] = []
    for year in years.values_list("year", flat=True):
        entries = ranking(index, year, scope)
        ranked = sum(1 for e in entries if e.rank is not None)
        by_key = {e.entry.province or e.entry.unit.code: e for e in entries}
        present = [k for k in lineage if k in by_key]
        if not present:
            continue
        chosen = by_key[key] if key in by_key else by_key[present[0]]
        parts = chosen.entry.component_points
        own = chosen is by_key.get(key)
        found.append(
            YearResult(
                year, chosen.label, own, chosen.score, chosen.rank, ranked, chosen.group, parts
            )
        )
    for before, after in itertools.pairwise(found):
        after.changes = {
            code: None
            if value is None or before.components.get(code) is None
            else value - before.components[code]
            for code, value in after.components.items()
        }
        after.changes["total"] = (
            None if after.score is None or before.score is None else after.score - before.score
        )
    return found


def _province_lineage(code: str) -> list[str]:
    """The province, then those merged into it (namesake first, and theirs), then those it
    went into: the order in which a year's stand-in is chosen."""
    before = _reached(code, lambda c: [p.code for p in provinces.predecessors(c)])
    after = _reached(code, lambda c: [p.code for p in provinces.successors(c)])
    return before + after[1:]


def _unit_lineage(code: str) -> list[str]:
    """The same for a unit of the org tree, through its recorded changes."""
    if not OrgUnit.objects.filter(code=code).exists():
        return [code]

    def linked(relation: str, side: str):
        def step(known: str) -> list[str]:
            changes = getattr(OrgUnit.objects.get(code=known), relation)
            return [u.code for change in changes.all() for u in getattr(change, side).all()]

        return step

    before = _reached(code, linked("changes_in", "predecessors"))
    after = _reached(code, linked("changes_out", "successors"))
    return before + [c for c in after[1:] if c not in before]


def _reached(start: str, step) -> list[str]:
    """`start` and every code `step` leads to from it, breadth first, each once."""
    found = [start]
    for known in found:  # grows while walking
        found += [c for c in step(known) if c not in found]
    return found
