"""A window's results: each unit's total and percent (`totals`), rank within the window by
the one ranking rule, band (the scheme's), and its field and criterion subtotals; published,
they become the province's official results of the index for those units."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from chiso.lib.ranking import ranked

from .groups import band
from .models import Assessment, Part, ResultEntry, ResultScope, ResultSet, Window
from .totals import Line, Total, subtotals, total


@dataclass(frozen=True)
class UnitResult:
    assessment: Assessment
    total: Total
    rank: int | None
    band: str | None
    subtotals: dict[str, tuple[Decimal | None, Decimal]]
    progress: tuple[int, int]  # the self-assessed sub-criteria with points, of all of them


def lines_of(scores) -> list[Line]:
    """An assessment's scores as `totals` reads them (the points that count); their
    components, rules and parents loaded with them."""
    return [
        Line(
            score.component.code,
            _parents(score.component),
            score.component.rule.part,
            score.component.max_points or Decimal(0),
            score.points,
        )
        for score in scores
    ]


def window_results(window: Window) -> list[UnitResult]:
    """The window's units, best first."""
    assessments = (
        window.assessments.select_related("unit")
        .prefetch_related("scores__component__rule", "scores__component__parent__parent")
        .order_by("unit__path")  # the order of those without a total
    )
    maximum = window.scheme.framework.max_points
    found = []
    for assessment in assessments:
        lines = lines_of(assessment.scores.all())  # prefetched above
        own = [line for line in lines if line.part == Part.SELF]
        progress = (sum(line.points is not None for line in own), len(own))
        found.append((assessment, total(lines, maximum), subtotals(lines), progress))
    bands = [(name, Decimal(low)) for name, low in window.scheme.bands]
    return [
        UnitResult(
            assessment,
            result,
            rank,
            band(result.percent, bands) if bands else None,
            parts,
            progress,
        )
        for (assessment, result, parts, progress), rank in ranked(found, lambda row: row[1].points)
    ]


def shows_percent(window: Window) -> bool:
    """Whether a percent column says more than the total: not on a 100-point index."""
    return window.scheme.framework.max_points != 100


@transaction.atomic
def publish_results(window: Window) -> None:
    """Put the window's results among the official ones of its framework's code and year,
    for the province's units (replacing those of the same units)."""
    framework = window.scheme.framework
    results, _created = ResultSet.objects.get_or_create(
        index=framework.code,
        year=framework.year,
        scope=ResultScope.UNITS,
        defaults={"framework": framework, "source_name": window.decision_number},
    )
    found = window_results(window)
    tops = framework.components.filter(parent=None).values_list("code", flat=True)
    fields = [c for c in tops if any(c in r.subtotals for r in found)]  # not bonus, penalty
    results.components, results.framework = fields, framework
    results.source_name, results.window = window.decision_number, window
    results.save()
    units = [r.assessment.unit for r in found]
    results.entries.filter(unit__in=units).delete()
    ResultEntry.objects.bulk_create(
        ResultEntry(
            result_set=results,
            unit=r.assessment.unit,
            written_name=r.assessment.unit.name,
            line=position,
            components={
                code: None
                if r.subtotals.get(code, (None,))[0] is None
                else str(r.subtotals[code][0])
                for code in fields
            },
            total=r.total.points,
        )
        for position, r in enumerate(found, start=1)
    )


def _parents(component) -> tuple[str, ...]:
    found = []
    parent = component.parent
    while parent is not None:
        found.append(parent.code)
        parent = parent.parent
    return tuple(found)
