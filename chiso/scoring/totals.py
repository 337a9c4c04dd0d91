"""A unit's total from its sub-criteria's points: the one rule for totals and percentages.

The self-assessed and survey parts add up over the sub-criteria that apply to the unit, and are
rescaled to the framework's maximum when some do not apply (a unit without procedures skips
the TTHC field: 80 of 87 possible points is 91.95 of 100); then bonus points are added and
penalty points taken off. A unit with a sub-criterion that applies and has no points has no
total: it is listed, not ranked. Totals are kept to the hundredth, so that what the pages show
is what ranks.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Part

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    """One sub-criterion of a unit: its code, the codes above it (field, criterion), part,
    maximum and the points that count (None: not scored yet)."""

    code: str
    parents: tuple[str, ...]
    part: str
    maximum: Decimal
    points: Decimal | None
    applies: bool = True


@dataclass(frozen=True)
class Total:
    points: Decimal | None  # None: incomplete
    maximum: Decimal
    bonus: Decimal
    penalty: Decimal

    @property
    def percent(self) -> Decimal | None:
        if self.points is None or not self.maximum:
            return None
        return hundredths(100 * self.points / self.maximum)


def total(lines: Iterable[Line], maximum: Decimal | None = None) -> Total:
    """The unit's total over `lines`, rescaled to `maximum` (the framework's; by default the
    points possible of every scored line)."""
    lines = list(lines)
    scored = [line for line in lines if line.part in (Part.SELF, Part.SURVEY)]
    every = sum((line.maximum for line in scored), Decimal(0))
    maximum = every if maximum is None else maximum
    counted = [line for line in scored if line.applies]
    possible = sum((line.maximum for line in counted), Decimal(0))
    bonus = _sum_capped(line for line in lines if line.part == Part.BONUS and line.applies)
    penalty = _sum_capped(line for line in lines if line.part == Part.PENALTY and line.applies)
    if any(line.points is None for line in counted) or not possible:
        return Total(None, maximum, bonus, penalty)
    raw = sum((line.points for line in counted), Decimal(0))
    return Total(hundredths(raw * maximum / possible + bonus - penalty), maximum, bonus, penalty)


def subtotals(lines: Iterable[Line]) -> dict[str, tuple[Decimal | None, Decimal]]:
    """Each field's and criterion's points and maximum over the lines under it that apply
    (points None while one of them is not scored); the self-assessed and survey parts."""
    found: dict[str, tuple[Decimal | None, Decimal]] = {}
    for line in lines:
        if not line.applies or line.part not in (Part.SELF, Part.SURVEY):
            continue
        for code in line.parents:
            points, maximum = found.get(code, (Decimal(0), Decimal(0)))
            if points is not None:
                points = None if line.points is None else points + line.points
            found[code] = (points, maximum + line.maximum)
    return found


def hundredths(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, ROUND_HALF_UP)


def _sum_capped(lines: Iterable[Line]) -> Decimal:
    """Bonus or penalty points, each line held within 0 and its maximum; blank counts 0."""
    return sum(
        (min(max(line.points or Decimal(0), Decimal(0)), line.maximum) for line in lines),
        Decimal(0),
    )
