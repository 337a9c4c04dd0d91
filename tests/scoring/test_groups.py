"""The PAR INDEX groups, PAPI's quartile groups and a province's own bands."""

import random
import statistics
from collections import Counter
from decimal import Decimal

import pytest

from chiso.scoring.groups import (
    PAPI_HIGHEST,
    PAPI_LOWER_MIDDLE,
    PAPI_LOWEST,
    PAPI_UPPER_MIDDLE,
    band,
    papi_group,
    papi_groups,
    papi_quartiles,
    par_group,
)

D = Decimal


@pytest.mark.parametrize(
    ("percent", "group"),
    [
        (100, "A"),
        (90, "A"),
        (D("90.00"), "A"),
        (90.0, "A"),
        (89.99, "B"),
        (D("89.99"), "B"),
        (85, "B"),
        (80, "B"),
        (D("80"), "B"),
        (79.99, None),
        (D("79.99"), None),
        (0, None),
        (None, None),
    ],
)
def test_par_group(percent, group):
    assert par_group(percent) == group


# Six totals, sorted: 40.1, 41.3, 42.0, 43.847, 44.5, 46.2. By hand, the inclusive method
# places quartile i at position i * (6 - 1) / 4 of the sorted list, counted from 0:
#   Q1 at 1.25: 41.3 + 0.25 * (42.0 - 41.3)    = 41.475
#   Q2 at 2.5:  42.0 + 0.5 * (43.847 - 42.0)   = 42.9235
#   Q3 at 3.75: 43.847 + 0.75 * (44.5 - 43.847) = 44.33675
SIX = [D("44.5"), D("40.1"), D("43.847"), D("46.2"), D("41.3"), D("42.0")]
SIX_QUARTILES = (D("41.475"), D("42.9235"), D("44.33675"))


def test_papi_quartiles_by_hand():
    quartiles = papi_quartiles(SIX)
    assert quartiles == SIX_QUARTILES
    assert all(isinstance(q, Decimal) for q in quartiles)
    assert list(quartiles) == statistics.quantiles(SIX, n=4, method="inclusive")


def test_papi_groups_by_hand():
    assert papi_groups(SIX) == [
        PAPI_HIGHEST,  # 44.5 > Q3
        PAPI_LOWEST,  # 40.1
        PAPI_UPPER_MIDDLE,  # 43.847: Q2 < it <= Q3
        PAPI_HIGHEST,  # 46.2
        PAPI_LOWEST,  # 41.3 <= Q1
        PAPI_LOWER_MIDDLE,  # 42.0: Q1 < it <= Q2
    ]


@pytest.mark.parametrize(
    ("total", "group"),
    [
        (D("44.33676"), PAPI_HIGHEST),
        (D("44.33675"), PAPI_UPPER_MIDDLE),  # exactly Q3
        (D("42.92351"), PAPI_UPPER_MIDDLE),
        (D("42.9235"), PAPI_LOWER_MIDDLE),  # exactly Q2
        (D("41.47501"), PAPI_LOWER_MIDDLE),
        (D("41.475"), PAPI_LOWEST),  # exactly Q1
        (D("30"), PAPI_LOWEST),
        (None, None),
    ],
)
def test_papi_group_at_the_boundaries(total, group):
    assert papi_group(total, SIX_QUARTILES) == group


# Nine totals, sorted: 30, 35, 38, 40, 42, 44, 45, 47, 50. Positions i * 8 / 4 = 2, 4, 6
# fall on entries: Q1 = 38, Q2 = 42, Q3 = 45, so the boundaries are totals themselves.
NINE = [42, 30, 50, 38, 45, 35, 47, 40, 44]


def test_papi_totals_on_the_quartiles():
    assert papi_quartiles(NINE) == (38, 42, 45)
    groups = dict(zip(NINE, papi_groups(NINE), strict=True))
    assert groups == {
        30: PAPI_LOWEST,
        35: PAPI_LOWEST,
        38: PAPI_LOWEST,  # = Q1
        40: PAPI_LOWER_MIDDLE,
        42: PAPI_LOWER_MIDDLE,  # = Q2
        44: PAPI_UPPER_MIDDLE,
        45: PAPI_UPPER_MIDDLE,  # = Q3
        47: PAPI_HIGHEST,
        50: PAPI_HIGHEST,
    }


@pytest.mark.parametrize(
    ("totals", "groups"),
    [
        # Q1 = 41.25, Q2 = 45, Q3 = 48.75: tied totals share their group
        (
            [40, 40, 45, 45, 50, 50],
            [PAPI_LOWEST] * 2 + [PAPI_LOWER_MIDDLE] * 2 + [PAPI_HIGHEST] * 2,
        ),
        # all equal: every quartile is that total, which is not above Q1
        ([D("43.8")] * 4, [PAPI_LOWEST] * 4),
        # the same total as a Decimal and as a float
        (
            [D("43.1"), 43.1, D("40"), D("50")],
            [PAPI_LOWER_MIDDLE] * 2 + [PAPI_LOWEST, PAPI_HIGHEST],
        ),
    ],
)
def test_papi_ties(totals, groups):
    assert papi_groups(totals) == groups


@pytest.mark.parametrize(
    ("totals", "groups"),
    [
        ([], []),
        ([D("43.847")], [None]),
        ([None, D("43.847")], [None, None]),
        ([None, None], [None, None]),
        ([D("40"), None, D("50")], [PAPI_LOWEST, None, PAPI_HIGHEST]),
    ],
)
def test_papi_needs_two_totals_and_skips_missing_ones(totals, groups):
    assert papi_groups(totals) == groups


def test_papi_floats_give_what_statistics_gives():
    assert papi_quartiles([1.5, 2, 3, 4]) == (1.875, 2.5, 3.25)
    assert papi_quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25)


def test_papi_63_provinces():
    # 40.0, 40.1, ..., 46.2 in random order, with two provinces not surveyed. Positions
    # i * 62 / 4 = 15.5, 31, 46.5: Q1 = 41.55, Q2 = 43.1, Q3 = 44.65.
    totals: list[Decimal | None] = [D(400 + i) / 10 for i in range(63)]
    random.Random(2024).shuffle(totals)
    totals[10:10] = [None]
    totals.append(None)

    assert papi_quartiles(totals) == (D("41.55"), D("43.1"), D("44.65"))
    assert list(papi_quartiles(totals)) == statistics.quantiles(
        [t for t in totals if t is not None], n=4, method="inclusive"
    )
    groups = papi_groups(totals)
    assert Counter(groups) == {
        PAPI_HIGHEST: 16,  # 44.7 .. 46.2
        PAPI_UPPER_MIDDLE: 15,  # 43.2 .. 44.6
        PAPI_LOWER_MIDDLE: 16,  # 41.6 .. 43.1
        PAPI_LOWEST: 16,  # 40.0 .. 41.5
        None: 2,
    }
    by_total = dict(zip(totals, groups, strict=True))
    assert by_total[D("43.1")] == PAPI_LOWER_MIDDLE
    assert by_total[D("41.5")] == PAPI_LOWEST
    assert by_total[D("44.6")] == PAPI_UPPER_MIDDLE
    assert by_total[D("44.7")] == PAPI_HIGHEST


BANDS = [("Tốt", 90), ("Khá", 80), ("Trung bình", 65), ("Yếu", 0)]


@pytest.mark.parametrize(
    ("percent", "name"),
    [
        (100, "Tốt"),
        (90, "Tốt"),
        (89.99, "Khá"),
        (D("80"), "Khá"),
        (79.9, "Trung bình"),
        (65, "Trung bình"),
        (D("64.99"), "Yếu"),
        (0, "Yếu"),
        (-1, None),
        (None, None),
    ],
)
@pytest.mark.parametrize("order", [list, lambda b: list(reversed(b))], ids=["as-given", "reversed"])
def test_band(percent, name, order):
    assert band(percent, order(BANDS)) == name


@pytest.mark.parametrize(
    ("percent", "thresholds", "name"),
    [
        (49, [("Đạt", 50)], None),
        (50, [("Đạt", 50)], "Đạt"),
        (80.1, [("Khá", D("80.1"))], "Khá"),  # the float as written, not its binary value
        (D("80.1"), [("Khá", 80.1)], "Khá"),
        (80, [], None),
    ],
)
def test_band_edges(percent, thresholds, name):
    assert band(percent, thresholds) == name
