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
        parts = {
            code: None if value is None else Decimal(value)
            for code, value in chosen.entry.components.items()
        }
        own = chosen is by_key.get(key)
        found.append(
            YearResult(
                year, chosen.name, own, chosen.score, chosen.rank, ranked, chosen.group, parts
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
    order = [code]
    for known in order:  # grows while walking back
        order += [p.code for p in provinces.predecessors(known) if p.code not in order]
    later = [code]
    for known in later:
        later += [p.code for p in provinces.successors(known) if p.code not in later]
    return order + later[1:]


def _unit_lineage(code: str) -> list[str]:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        return [code]
    order, seen = [unit], {unit.pk}
    for known in order:
        for change in known.changes_in.prefetch_related("predecessors"):
            for before in change.predecessors.all():
                if before.pk not in seen:
                    seen.add(before.pk)
                    order.append(before)
    later = [unit]
    for known in later:
        for change in known.changes_out.prefetch_related("successors"):
            for after in change.successors.all():
                if after.pk not in seen:
                    seen.add(after.pk)
                    later.append(after)
    return [u.code for u in order + later[1:]]
