"""What the survey pages show, read from the stored indices (`indices.py` computes them): a
round's progress per unit, a unit's results against the province and the year before, and
the province's comparison of its units, ranked by the one ranking rule."""

from dataclasses import dataclass, field
from decimal import Decimal

import duckdb
from django.db.models import Count, Q
from django.utils.formats import get_format

from chiso.lib.ranking import ranked
from chiso.org.models import OrgUnit

from .answers import Component, components
from .models import Level, Response, ReviewState, RoundUnit, Scope, SurveyIndex, SurveyRound
from .store import ResponseStore

WEAKEST = 5


@dataclass
class Progress:
    round_unit: RoundUnit
    accepted: int  # typed in or answered online, accepted
    imported: int  # rows of imported files
    flagged: int
    excluded: int

    @property
    def counted(self) -> int:
        return self.accepted + self.imported

    @property
    def target(self) -> int | None:
        return self.round_unit.target

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return min(100, round(100 * self.counted / self.target))

    @property
    def reached(self) -> bool:
        return bool(self.target) and self.counted >= self.target


def round_progress(round: SurveyRound) -> list[Progress]:
    """Each unit of the round with its responses so far against its target. Three queries
    and one read of the imported files' unit column."""
    states = {
        row["unit_id"]: row
        for row in Response.objects.filter(round=round)
        .values("unit_id")
        .annotate(
            accepted=Count("pk", filter=Q(state=ReviewState.ACCEPTED)),
            flagged=Count("pk", filter=Q(state=ReviewState.FLAGGED)),
            excluded=Count("pk", filter=Q(state=ReviewState.EXCLUDED)),
        )
        .order_by()
    }
    imported = imported_counts(round)
    found = []
    for round_unit in round.units.select_related("unit").order_by("unit__order", "unit__name"):
        row = states.get(round_unit.unit_id, {})
        found.append(
            Progress(
                round_unit,
                row.get("accepted", 0),
                imported.get(round_unit.unit.code, 0),
                row.get("flagged", 0),
                row.get("excluded", 0),
            )
        )
    return found


def imported_counts(round: SurveyRound) -> dict[str, int]:
    """Rows of the round's imported files per unit code."""
    store = ResponseStore()
    if not store.files(round):
        return {}
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"SELECT unit, count(*) FROM {store.source(round, [])} GROUP BY unit"
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


@dataclass
class Figure:
    """One stored value as the pages show it."""

    code: str
    label: str
    n: int
    value: Decimal
    low: Decimal
    high: Decimal
    below_target: bool

    @property
    def text(self) -> str:
        """The value as the page writes it ("83,94%"), without Django's slower localisation
        of each number: a table of a hundred units holds a thousand of them."""
        return f"{_decimal(self.value)}%"

    @property
    def interval(self) -> str:
        return f"{_decimal(self.low)}–{_decimal(self.high)}"


def _decimal(number: Decimal) -> str:
    return f"{number:.2f}".replace(".", get_format("DECIMAL_SEPARATOR"))


_FIGURE_FIELDS = ("code", "n", "value", "low", "high", "below_target")


def _figure(index: SurveyIndex, label: str) -> Figure:
    return Figure(
        index.code, label, index.n, index.value, index.low, index.high, index.below_target
    )


def labels(parts: list[Component], index_name: str, index_code: str) -> dict[str, str]:
    found = {index_code: index_name or index_code}
    for part in parts:
        found[part.code] = part.label
        found.update({c.code: c.label for c in part.criteria})
    return found


def _values(round: SurveyRound, level: str, unit: OrgUnit | None = None) -> dict[str, SurveyIndex]:
    rows = SurveyIndex.objects.filter(round=round, level=level)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return {row.code: row for row in rows}


def previous_round(round: SurveyRound) -> SurveyRound | None:
    """The latest round of the same survey in an earlier year (for "last year")."""
    return (
        SurveyRound.objects.filter(
            questionnaire__kind=round.questionnaire.kind,
            questionnaire__year__lt=round.questionnaire.year,
        )
        .select_related("questionnaire")
        .order_by("-questionnaire__year", "-start")
        .first()
    )


@dataclass
class ComponentRow:
    component: Component
    unit: Figure | None
    province: Figure | None
    last_year: Figure | None


@dataclass
class UnitResults:
    round: SurveyRound
    unit: OrgUnit
    index: Figure | None
    province_index: Figure | None
    last_year_index: Figure | None
    components: list[ComponentRow]
    weakest: list[Figure]
    criteria: list[Figure] = field(default_factory=list)
    previous: SurveyRound | None = None


def unit_results(round: SurveyRound, unit: OrgUnit) -> UnitResults:
    """The unit's index, components against the province and last year, weakest criteria."""
    questionnaire = round.questionnaire
    parts = components(questionnaire)
    names = labels(parts, questionnaire.index_name, questionnaire.index_code)
    own = _values(round, Level.UNIT, unit)
    province = _values(round, Level.PROVINCE)
    previous = previous_round(round)
    before = _values(previous, Level.UNIT, unit) if previous else {}

    def figure(values: dict[str, SurveyIndex], code: str) -> Figure | None:
        found = values.get(code)
        return _figure(found, names.get(code, code)) if found else None

    code = questionnaire.index_code
    criteria = [
        _figure(row, names.get(row.code, row.code))
        for row in own.values()
        if row.scope == Scope.CRITERION
        and any(c.code == row.code for part in parts if part.weight > 0 for c in part.criteria)
    ]
    weakest = sorted(criteria, key=lambda f: (f.value, -f.n))[:WEAKEST]
    return UnitResults(
        round=round,
        unit=unit,
        index=figure(own, code),
        province_index=figure(province, code),
        last_year_index=figure(before, code),
        components=[
            ComponentRow(
                part, figure(own, part.code), figure(province, part.code), figure(before, part.code)
            )
            for part in parts
        ],
        weakest=weakest,
        criteria=criteria,
        previous=previous,
    )


@dataclass
class ComparisonRow:
    unit: OrgUnit
    rank: int | None
    index: Figure | None
    components: list[tuple[Component, Figure | None]]
    target: int | None


def comparison(
    round: SurveyRound, block_id: int | None = None, parts: list[Component] | None = None
) -> list[ComparisonRow]:
    """Every unit of the round (of one block when asked), ranked by its index; `parts`, the
    questionnaire's components when the caller has them."""
    questionnaire = round.questionnaire
    parts = parts if parts is not None else components(questionnaire)
    names = labels(parts, questionnaire.index_name, questionnaire.index_code)
    by_unit: dict[int, dict[str, Figure]] = {}
    rows = (
        SurveyIndex.objects.filter(round=round, level=Level.UNIT)
        .exclude(scope=Scope.CRITERION)
        .values_list("unit_id", *_FIGURE_FIELDS)
    )
    for unit_id, code, *figures in rows:  # plain values: a hundred units hold a thousand
        by_unit.setdefault(unit_id, {})[code] = Figure(code, names.get(code, code), *figures)
    units = round.units.select_related("unit")
    if block_id:
        units = units.filter(unit__peer_group_id=block_id)
    found = []
    for round_unit in units:
        values = by_unit.get(round_unit.unit_id, {})
        found.append(
            ComparisonRow(
                round_unit.unit,
                None,
                values.get(questionnaire.index_code),
                [(p, values.get(p.code)) for p in parts],
                round_unit.target,
            )
        )
    result = []
    for row, rank in ranked(found, lambda r: r.index.value if r.index else None):
        row.rank = rank
        result.append(row)
    return result


def unit_ranks(round: SurveyRound, block_id: int | None = None) -> dict[int, int | None]:
    """Each unit's rank by its index among the round's units (of one block when asked), by
    unit id: the same ranks as `comparison`, from one query."""
    units = round.units.all()
    if block_id:
        units = units.filter(unit__peer_group_id=block_id)
    values = dict(
        SurveyIndex.objects.filter(
            round=round,
            level=Level.UNIT,
            code=round.questionnaire.index_code,
            unit_id__in=units.values("unit_id"),
        ).values_list("unit_id", "value")
    )
    unit_ids = list(units.values_list("unit_id", flat=True))
    return dict(ranked(unit_ids, values.get))


def level_figures(
    round: SurveyRound, parts: list[Component] | None = None
) -> list[tuple[str, list[tuple[Component, Figure | None]], Figure | None]]:
    """The province's and each block's index and components: (name, components, index)."""
    questionnaire = round.questionnaire
    parts = parts if parts is not None else components(questionnaire)
    names = labels(parts, questionnaire.index_name, questionnaire.index_code)
    grouped: dict[tuple[str, int | None], dict[str, SurveyIndex]] = {}
    for row in (
        SurveyIndex.objects.filter(round=round, level__in=[Level.PROVINCE, Level.BLOCK])
        .exclude(scope=Scope.CRITERION)
        .select_related("block")
    ):
        grouped.setdefault((row.level, row.block_id), {})[row.code] = row
    found = []
    for (level, _block), values in sorted(grouped.items(), key=lambda kv: kv[0][0] != "province"):
        any_row = next(iter(values.values()))
        name = str(any_row.block) if level == Level.BLOCK else str(Level.PROVINCE.label)
        index = values.get(questionnaire.index_code)
        found.append(
            (
                name,
                [
                    (p, _figure(values[p.code], p.label) if p.code in values else None)
                    for p in parts
                ],
                _figure(index, names[questionnaire.index_code]) if index else None,
            )
        )
    return found
