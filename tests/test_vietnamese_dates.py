"""Vietnamese dates as written, with and without diacritics, and the period ends deadlines use."""

import datetime

import pytest

from chiso.vietnamese.dates import (
    end_of_half,
    end_of_month,
    end_of_quarter,
    end_of_year,
    find_dates,
    parse_date,
)
from chiso.vietnamese.text import strip_accents

VARIANTS = [
    pytest.param(lambda text: text, id="as-written"),
    pytest.param(strip_accents, id="no-accents"),
    pytest.param(str.upper, id="upper"),
]

D = datetime.date


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lạng Sơn, ngày 14 tháng 6 năm 2025", D(2025, 6, 14)),
        ("14 tháng 6 năm 2025", D(2025, 6, 14)),
        ("Kế hoạch số 146/KH-UBND ngày 29/5/2025 của UBND tỉnh", D(2025, 5, 29)),
        ("gửi trước ngày 02/01/2025", D(2025, 1, 2)),
        ("29-5-2025", D(2025, 5, 29)),
        ("29.5.2025", D(2025, 5, 29)),
        ("Kế hoạch số 55/KH-SXD ngày 11/ 6/2025", D(2025, 6, 11)),
        ("ngày 28 tháng 02 năm 2024", D(2024, 2, 28)),
        ("31/2/2025", None),
        ("Nghị định 45/2025/NĐ-CP", None),
        ("Quý II/2025", None),
        ("", None),
    ],
)
def test_parse_date(variant, text, expected):
    assert parse_date(variant(text)) == expected


def test_find_dates_returns_every_date_with_its_span():
    text = "Báo cáo năm gửi trước ngày 02/01/2025 (số liệu tính từ ngày 01/01/2024 đến 31/12/2024)."
    found = find_dates(text)
    assert [match.date for match in found] == [D(2025, 1, 2), D(2024, 1, 1), D(2024, 12, 31)]
    assert [match.text for match in found] == ["ngày 02/01/2025", "ngày 01/01/2024", "31/12/2024"]
    assert all(text[match.start : match.end] == match.text for match in found)


def test_find_dates_skips_impossible_dates():
    assert [match.date for match in find_dates("31/2/2025 hoặc 1/3/2025")] == [D(2025, 3, 1)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (end_of_month(2024, 2), D(2024, 2, 29)),
        (end_of_month(2025, 2), D(2025, 2, 28)),
        (end_of_quarter(2025, 2), D(2025, 6, 30)),
        (end_of_quarter(2024, 4), D(2024, 12, 31)),
        (end_of_half(2025, 1), D(2025, 6, 30)),
        (end_of_year(2025), D(2025, 12, 31)),
    ],
)
def test_period_ends(value, expected):
    assert value == expected
