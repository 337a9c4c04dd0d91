"""The official results that the plans' targets on an index are read against (the reading
itself is `chiso.tracking.target_status`): for the province, its national results ("PAPI
trong nhóm 20 tỉnh dẫn đầu", "PAR INDEX tăng 02 bậc", "≥ 85 %"); for a department or commune,
its results in the province's own index of that name ("PAR-SO" answers "PAR"), its rank taken
within its block. A rank target reads the rank, a rise the ranks gained since the year
before, any other the score (in % of the maximum when the target is in %)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.models import Target
from chiso.plans.targets import Comparator
from chiso.vietnamese.text import search_key

from .models import ResultScope, ResultSet
from .provinces import find_province
from .rankings import RankedEntry, ranking

RANKED = (Comparator.TOP, Comparator.RANK)
_TITLES = ("uy ban nhan dan", "ubnd")


@dataclass(frozen=True)
class ResultActual:
    results: ResultSet
    actual: Decimal
    is_rank: bool  # a rank, or ranks gained

    @property
    def text(self) -> str:
        return f"{self.actual:f}" if self.is_rank else f"{self.actual.normalize():f}"

    @property
    def label(self) -> str:
        return _("kết quả %(index)s %(year)s công bố") % {
            "index": self.results.index,
            "year": self.results.year,
        }


def province_code(unit: OrgUnit, year: int) -> str | None:
    """The province an org tree's top unit stands for ("UBND tỉnh Lạng Sơn" → lang-son): the
    first of its name, short name and aliases that names one. A unit whose name names no
    province (the demo's) is given an alias that does."""
    for text in (unit.name, unit.short_name, *(unit.aliases or ())):
        words = search_key(text or "")
        for title in _TITLES:
            words = words.removeprefix(title).strip()
        found = find_province(words, year) if words else None
        if found:
            return found.code
    return None


def result_actuals(
    targets: list[Target], keys: dict[int, tuple[int | None, int]]
) -> dict[int, ResultActual]:
    """The official-results actual of each of `targets` on an index, by target id, for its
    unit and year (`keys`, from `chiso.metrics.actuals.reading_keys`)."""
    wanted = [t for t in targets if t.index and not t.indicator]
    if not wanted:
        return {}
    years = {keys[t.pk][1] for t in wanted}
    sets = list(
        ResultSet.objects.filter(year__in=years | {y - 1 for y in years}).select_related(
            "framework"
        )
    )
    if not sets:
        return {}
    units = OrgUnit.objects.select_related("peer_group").in_bulk(
        {keys[t.pk][0] for t in wanted if keys[t.pk][0]}
    )
    rankings = _Rankings()
    found = {}
    for target in wanted:
        unit_id, year = keys[target.pk]
        unit = units.get(unit_id)
        if unit is None:
            continue
        actual = _actual(target, unit, year, sets, rankings)
        if actual is not None:
            found[target.pk] = actual
    return found


def _actual(target, unit, year, sets, rankings) -> ResultActual | None:
    national = unit.kind == UnitKind.PROVINCE
    key = province_code(unit, year) if national else unit.code
    block = None if national else (unit.peer_group.code if unit.peer_group_id else None)

    def entry(of_year: int) -> tuple[ResultSet, RankedEntry] | None:
        for results in sets:
            if results.year == of_year and answers(results, target.index, national):
                for item in rankings.of(results, block):
                    if (item.entry.province or (item.entry.unit and item.entry.unit.code)) == key:
                        return results, item
        return None

    now = entry(year)
    if now is None or key is None:
        return None
    results, item = now
    if target.comparator in RANKED:
        return ResultActual(results, Decimal(item.rank), True) if item.rank else None
    if target.comparator == Comparator.RISE:
        before = entry(year - 1)
        if before is None or not item.rank or not before[1].rank:
            return None
        return ResultActual(results, Decimal(before[1].rank - item.rank), True)
    if item.score is None:
        return None
    score = item.score
    maximum = results.framework.max_points if results.framework else None
    if target.unit == "%" and maximum and maximum != 100:
        score = (100 * score / maximum).quantize(Decimal("0.01"))
    return ResultActual(results, score, False)


def answers(results: ResultSet, index: str, national: bool) -> bool:
    """Whether `results` are those an index named by a plan or a target ("PAR") is read
    against: the province's national results of it, or a unit's results in the province's
    own index of that name ("PAR-SO")."""
    scope = ResultScope.NATIONAL if national else ResultScope.UNITS
    if results.scope != scope:
        return False
    return results.index == index or (not national and results.index.startswith(f"{index}-"))


class _Rankings:
    """Each result set's ranking (within a block), read once for all the targets."""

    def __init__(self):
        self._found: dict[tuple[int, str | None], list[RankedEntry]] = {}

    def of(self, results: ResultSet, block: str | None) -> list[RankedEntry]:
        key = (results.pk, block)
        if key not in self._found:
            self._found[key] = ranking(results.index, results.year, results.scope, block)
        return self._found[key]
