"""The groups the national indices place provinces in, and a province's own bands.

PAR INDEX: A (≥ 90 %) and B (80 % to < 90 %). PAPI: four groups by quartile of the year's
totals. A province's own index often bands its units ("Tốt", "Khá", "Trung bình", "Yếu").
The group names are data values, in Vietnamese as published.
"""

import statistics
from collections.abc import Iterable, Sequence
from decimal import Decimal

Number = Decimal | float | int

PAR_GROUPS: tuple[tuple[str, Number], ...] = (("A", 90), ("B", 80))

PAPI_HIGHEST = "Cao nhất"
PAPI_UPPER_MIDDLE = "Trung bình cao"
PAPI_LOWER_MIDDLE = "Trung bình thấp"
PAPI_LOWEST = "Thấp nhất"
PAPI_GROUPS = (PAPI_HIGHEST, PAPI_UPPER_MIDDLE, PAPI_LOWER_MIDDLE, PAPI_LOWEST)


def band(percent: Number | None, thresholds: Iterable[tuple[str, Number]]) -> str | None:
    """The name of the band with the highest lower bound that `percent` reaches (bounds
    inclusive, in any order), or None when it reaches none or is None.

    band(82, [("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)]) == "Khá"
    """
    if percent is None:
        return None
    reached = [(bound, name) for name, bound in thresholds if _reaches(percent, bound)]
    return max(reached, key=lambda pair: pair[0])[1] if reached else None


def _reaches(percent: Number, bound: Number) -> bool:
    percent, bound = _alike([percent, bound])
    return bound <= percent


def par_group(percent: Number | None) -> str | None:
    """The PAR INDEX group: "A" from 90 %, "B" from 80 %, None below 80 % or without a value."""
    return band(percent, PAR_GROUPS)


def papi_quartiles(totals: Iterable[Number | None]) -> tuple[Number, Number, Number] | None:
    """Q1, Q2, Q3 of the totals that exist, as `statistics.quantiles(totals, n=4,
    method="inclusive")` gives them; None for fewer than two.

    Decimal totals give exact Decimal quartiles, ints and floats give floats.
    """
    values = _alike([t for t in totals if t is not None])
    if len(values) < 2:
        return None
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def papi_group(total: Number | None, quartiles: tuple[Number, Number, Number] | None) -> str | None:
    """The PAPI group of `total`: above Q3 "Cao nhất", above Q2 "Trung bình cao", above Q1
    "Trung bình thấp", else "Thấp nhất"; None without a total or without quartiles."""
    if total is None or quartiles is None:
        return None
    total, q1, q2, q3 = _alike([total, *quartiles])
    if total > q3:
        return PAPI_HIGHEST
    if total > q2:
        return PAPI_UPPER_MIDDLE
    if total > q1:
        return PAPI_LOWER_MIDDLE
    return PAPI_LOWEST


def papi_groups(totals: Sequence[Number | None]) -> list[str | None]:
    """The PAPI group of each of a year's totals, in the order given (None where a total is
    missing, and for all when fewer than two totals exist)."""
    quartiles = papi_quartiles(totals)
    return [papi_group(total, quartiles) for total in totals]


def _alike(values: list[Number]) -> list[Number]:
    """`values`, all Decimal if any is: statistics cannot add a float to a Decimal, and a
    float compared with a Decimal is compared as its binary value (43.1 > Decimal("43.1")).
    Floats and ints become the Decimal of their shortest repr, which is how they were
    written."""
    if not any(isinstance(v, Decimal) for v in values):
        return values
    return [v if isinstance(v, Decimal) else Decimal(str(v)) for v in values]
