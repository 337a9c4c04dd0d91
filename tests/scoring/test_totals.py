"""Totals by hand: rescaling when sub-criteria do not apply, bonus and penalty, incomplete
scores, and subtotals per field and criterion."""

from decimal import Decimal as D

from chiso.scoring.models import Part
from chiso.scoring.totals import Line, subtotals, total


def line(code, maximum, points, part=Part.SELF, applies=True):
    field, criterion = code.split(".")[0], ".".join(code.split(".")[:2])
    return Line(
        code, (field, criterion), part, D(maximum), None if points is None else D(points), applies
    )


# A 20-point scheme: field 1 (10 points: 6 + 4), field 2 (7), the survey part (3).
FULL = [
    line("1.1.1", 6, 5),
    line("1.1.2", 4, 4),
    line("2.1.1", 7, 7),
    line("3.1.1", 3, "1.5", Part.SURVEY),
]


def test_points_add_up_to_the_total_and_its_percent():
    found = total(FULL, D(20))
    assert (found.points, found.percent) == (D("17.50"), D("87.50"))


def test_a_field_that_does_not_apply_rescales_the_total():
    lines = [*FULL[:2], line("2.1.1", 7, None, applies=False), FULL[3]]
    # 10.5 of the 13 points that apply, on a 20-point scale: 10.5 × 20 / 13 = 16.1538…
    assert total(lines, D(20)).points == D("16.15")


def test_bonus_and_penalty_come_after_rescaling_each_within_its_maximum():
    lines = [
        *FULL,
        line("9.1.1", 2, "1.5", Part.BONUS),
        line("9.1.2", 1, "3", Part.BONUS),  # held to its maximum, 1
        line("9.2.1", 2, "0.75", Part.PENALTY),
        line("9.2.2", 2, None, Part.PENALTY),  # blank: none
    ]
    found = total(lines, D(20))
    assert (found.bonus, found.penalty, found.points) == (D("2.5"), D("0.75"), D("19.25"))


def test_a_missing_score_leaves_the_total_incomplete():
    lines = [*FULL[:3], line("3.1.1", 3, None, Part.SURVEY)]
    found = total(lines, D(20))
    assert (found.points, found.percent) == (None, None)


def test_a_missing_score_that_does_not_apply_is_no_gap():
    lines = [*FULL, line("2.1.2", 5, None, applies=False)]
    assert total(lines, D(25)).points == D("21.88")  # 17.5 × 25 / 20


def test_without_a_maximum_the_scale_is_every_line_possible():
    assert total(FULL).points == D("17.50")


def test_subtotals_per_field_and_criterion():
    lines = [*FULL, line("2.1.2", 5, None), line("1.2.1", 2, "1", applies=False)]
    found = subtotals(lines)
    assert found["1"] == (D(9), D(10)) and found["1.1"] == (D(9), D(10))
    assert found["2"] == (None, D(12))  # 2.1.2 not scored yet
    assert "1.2" not in found  # its only line does not apply
