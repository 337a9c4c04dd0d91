"""The rules a sub-criterion's points follow: bands as scoring decisions write them,
proportional points, and their errors."""

from decimal import Decimal as D

import pytest

from chiso.scoring.rules import RuleError, band_points, parse_bands, proportional_points

ISSUE = "> 90%: 2; 70 – 90%: 1; < 70%: 0"

BANDS = [  # (written, value, points)
    (ISSUE, D("90.01"), D(2)),
    (ISSUE, D(90), D(1)),  # 70–90 includes both ends
    (ISSUE, D(70), D(1)),
    (ISSUE, D("69.99"), D(0)),
    ("trên 90: 2; từ 70 đến 90: 1; còn lại: 0", D(95), D(2)),
    ("tren 90: 2; tu 70 den 90: 1; con lai: 0", D(70), D(1)),
    ("TRÊN 90: 2\nTỪ 70 ĐẾN DƯỚI 90: 1\nCÒN LẠI: 0", D(90), D(0)),
    ("≥ 90: 2; ≥ 70: 1; còn lại: 0", D(90), D(2)),
    (">= 90 → 2; >= 70 → 1; < 70 → 0", D(75), D(1)),
    ("từ 95: 1,5; dưới 95: 0,5", D(95), D("1.5")),
    ("không quá 2: 1; > 2: 0", D(2), D(1)),  # e.g. late dossiers, fewer is better
    ("100: 1; còn lại: 0", D(100), None),  # "100" alone is no condition: refused below
]


@pytest.mark.parametrize(("written", "value", "points"), [b for b in BANDS if b[2] is not None])
def test_bands_as_written(written, value, points):
    assert band_points(parse_bands(written), value) == points


def test_a_value_no_band_holds_gets_no_points():
    assert band_points(parse_bands("> 90: 2; 70 - 90: 1"), D(50)) is None


@pytest.mark.parametrize(
    "written",
    ["", "100: 1; còn lại: 0", "> 90 2", "> chín mươi: 2", "90 - 70: 1", "> 90: hai"],
)
def test_a_band_written_wrong_is_named(written):
    with pytest.raises(RuleError) as caught:
        parse_bands(written)
    assert "ví dụ" in str(caught.value) or "không phải một số" in str(caught.value)


def test_bands_write_back_in_one_form():
    written = [b.text for b in parse_bands("trên 90: 2; từ 70 đến dưới 90: 1; còn lại: 0")]
    assert written == ["> 90: 2", "từ 70 đến dưới 90: 1", "còn lại: 0"]
    assert [b.text for b in parse_bands("; ".join(written))] == written


@pytest.mark.parametrize(
    ("maximum", "percent", "points"),
    [
        (D(2), D(85), D("1.70")),
        (D(2), D(120), D(2)),
        (D("1.5"), D(-3), D(0)),
        (D(3), D("33.335"), D("1.00")),
    ],
)
def test_proportional_points(maximum, percent, points):
    assert proportional_points(maximum, percent) == points
