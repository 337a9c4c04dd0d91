"""The one reading of a year's official results: each entry's score, rank and group.

Ranks follow the one ranking rule (`chiso.lib.ranking`: higher is better, ties share a rank and
the next skips, an entry without a total is listed but not ranked), within the entries listed
(a block's units when a block is asked). Groups: PAR INDEX A / B by percent of the maximum;
PAPI by quartile of the year's ranked totals; none for the others.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from chiso.frameworks.models import Component
from chiso.lib.ranking import ranked

from .groups import papi_groups, par_group
from .models import ResultEntry, ResultScope, ResultSet
from .provinces import get_province


class NoResults(LookupError):
    """No results of that index, year and scope were imported."""


@dataclass(frozen=True)
class RankedEntry:
    entry: ResultEntry
    name: str  # the province's name as chiso ships it, or the unit's code
    score: Decimal | None
    rank: int | None
    group: str | None
    components: tuple[tuple[str, Decimal | None], ...] = ()  # in the order of the set's columns

    @property
    def label(self) -> str:
        """The name the pages show: the province's, or the unit's display name."""
        return self.entry.unit.display_name if self.entry.unit_id else self.name


def result_set(index: str, year: int, scope: str = ResultScope.NATIONAL) -> ResultSet:
    found = (
        ResultSet.objects.select_related("framework", "window")
        .filter(index=index.upper(), year=year, scope=scope)
        .first()
    )
    if found is None:
        raise NoResults(
            _("Chưa nhập kết quả %(index)s năm %(year)s (%(scope)s).")
            % {"index": index.upper(), "year": year, "scope": ResultScope(scope).label}
        )
    return found


def ranking(
    index: str, year: int, scope: str = ResultScope.NATIONAL, block: str | None = None
) -> list[RankedEntry]:
    """The entries of the year's results, best first, ranked among those listed: a block's
    units (a `PeerGroup` code) when `block` is given."""
    results = result_set(index, year, scope)
    entries = results.entries.select_related("unit")
    if block:
        entries = entries.filter(unit__peer_group__code=block)
    order = ranked(list(entries), lambda e: e.total)
    groups = _groups(results, [entry.total for entry, _rank in order])
    return [
        RankedEntry(entry, _name(entry), entry.total, rank, group, _in_columns(results, entry))
        for (entry, rank), group in zip(order, groups, strict=True)
    ]


def component_names(results: ResultSet) -> dict[str, str]:
    """The name of each of the set's components in its index's framework ("PAPI.1" →
    "Tham gia của người dân ở cấp cơ sở"); a code the framework does not have is its own."""
    known = dict(
        Component.objects.filter(framework_id=results.framework_id, parent=None).values_list(
            "code", "name"
        )
        if results.framework_id
        else ()
    )
    return {code: known.get(code, code) for code in results.components}


def _in_columns(results: ResultSet, entry: ResultEntry) -> tuple[tuple[str, Decimal | None], ...]:
    points = entry.component_points
    return tuple((code, points.get(code)) for code in results.components)


def _groups(results: ResultSet, totals: list[Decimal | None]) -> list[str | None]:
    if results.index == "PAPI":
        return papi_groups(totals)
    if results.index == "PAR":
        maximum = (results.framework and results.framework.max_points) or Decimal(100)
        return [None if t is None else par_group(100 * t / maximum) for t in totals]
    return [None] * len(totals)


def _name(entry: ResultEntry) -> str:
    if entry.unit_id:
        return entry.unit.code
    return get_province(entry.province).name
