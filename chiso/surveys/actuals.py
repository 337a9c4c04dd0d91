"""The survey results that the plans' targets on a survey index are read against (the reading
itself is `chiso.tracking.target_status`): "SIPAS ≥ 85 %" against the unit's index of the
year, "nhóm 10 đơn vị dẫn đầu" and "xếp thứ 06/20" against its rank in its block, "tăng 01
bậc" against the ranks it gained since the year before. A province's own target reads the
province's pooled value."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.models import Target
from chiso.plans.targets import Comparator

from .models import Level, Scope, SurveyIndex, SurveyRound
from .results import unit_ranks

RANKED = (Comparator.TOP, Comparator.RANK)


@dataclass(frozen=True)
class SurveyActual:
    round: SurveyRound
    actual: Decimal
    is_rank: bool  # the actual is a rank (or ranks gained), not a percentage

    @property
    def text(self) -> str:
        return f"{self.actual:f}" if self.is_rank else f"{self.actual:f}%"

    @property
    def label(self) -> str:
        return _("kết quả %(name)s") % {"name": self.round.name}


def survey_actuals(
    targets: list[Target], keys: dict[int, tuple[int | None, int]]
) -> dict[int, SurveyActual]:
    """The survey actual of each of `targets` on a survey index, by target id, for its unit and
    year (`keys`, from `chiso.metrics.actuals.reading_keys`)."""
    wanted = [t for t in targets if t.index and not t.indicator]
    if not wanted:
        return {}
    rounds = _rounds({t.index for t in wanted}, {keys[t.pk][1] for t in wanted})
    if not rounds:
        return {}
    units = OrgUnit.objects.in_bulk({keys[t.pk][0] for t in wanted if keys[t.pk][0]})
    ranks = _Ranks()
    values = _index_values(set(rounds.values()), set(units))
    found = {}
    for target in wanted:
        unit_id, year = keys[target.pk]
        round = rounds.get((target.index, year))
        unit = units.get(unit_id)
        if round is None or unit is None:
            continue
        before = rounds.get((target.index, year - 1))
        actual = _actual(target, round, unit, before, ranks, values)
        if actual is not None:
            found[target.pk] = SurveyActual(
                round, actual, target.comparator in (*RANKED, Comparator.RISE)
            )
    return found


def _rounds(indices: set[str], years: set[int]) -> dict[tuple[str, int], SurveyRound]:
    """The latest round of each index and year (and the year before, for ranks gained)."""
    rounds = (
        SurveyRound.objects.filter(
            questionnaire__index_code__in=indices,
            questionnaire__year__in=years | {y - 1 for y in years},
        )
        .select_related("questionnaire")
        .order_by("start")
    )
    return {(r.questionnaire.index_code, r.questionnaire.year): r for r in rounds}


def _actual(
    target: Target,
    round: SurveyRound,
    unit: OrgUnit,
    before: SurveyRound | None,
    ranks: "_Ranks",
    values: dict[tuple[int, int | None], Decimal],
) -> Decimal | None:
    if target.comparator in RANKED:
        rank = ranks.of(round, unit)
        return Decimal(rank) if rank else None
    if target.comparator == Comparator.RISE:
        now, then = ranks.of(round, unit), ranks.of(before, unit) if before else None
        return Decimal(then - now) if now and then else None
    return values.get((round.pk, None if unit.kind == UnitKind.PROVINCE else unit.pk))


def _index_values(
    rounds: set[SurveyRound], unit_ids: set[int]
) -> dict[tuple[int, int | None], Decimal]:
    """The index value of the rounds for each of the units and the province, by (round id,
    unit id or None for the province). One query."""
    found = SurveyIndex.objects.filter(
        Q(level=Level.UNIT, unit_id__in=unit_ids) | Q(level=Level.PROVINCE),
        round__in=rounds,
        scope=Scope.INDEX,
    ).values_list("round_id", "unit_id", "value")
    return {(round_id, unit_id): value for round_id, unit_id, value in found}


class _Ranks:
    """The ranks of each round and block, read once for all the targets of one reading."""

    def __init__(self):
        self._found: dict[tuple[int, int | None], dict[int, int | None]] = {}

    def of(self, round: SurveyRound, unit: OrgUnit) -> int | None:
        """The unit's rank among the round's units of its block (all of them without a
        block)."""
        key = (round.pk, unit.peer_group_id)
        if key not in self._found:
            self._found[key] = unit_ranks(round, unit.peer_group_id)
        return self._found[key].get(unit.pk)
