"""Period codes: every form, its window and label; the canonical code of a data window; bad
codes refused with the accepted forms."""

import datetime

import pytest

from chiso.lib.periods import Kind, PeriodError, parse_period, period_of

D = datetime.date

FORMS = [
    # written, code, kind, start, end, label
    ("2025-Q1", "2025-Q1", Kind.QUARTER, D(2025, 1, 1), D(2025, 3, 31), "Quý I/2025"),
    ("2025-q2", "2025-Q2", Kind.QUARTER, D(2025, 4, 1), D(2025, 6, 30), "Quý II/2025"),
    ("2025-Q3", "2025-Q3", Kind.QUARTER, D(2025, 7, 1), D(2025, 9, 30), "Quý III/2025"),
    ("2025-Q4", "2025-Q4", Kind.QUARTER, D(2025, 10, 1), D(2025, 12, 31), "Quý IV/2025"),
    ("2025-H1", "2025-H1", Kind.HALF, D(2025, 1, 1), D(2025, 6, 30), "6 tháng đầu năm 2025"),
    ("2025-h2", "2025-H2", Kind.HALF, D(2025, 7, 1), D(2025, 12, 31), "6 tháng cuối năm 2025"),
    ("2025-M9", "2025-M9", Kind.NINE_MONTHS, D(2025, 1, 1), D(2025, 9, 30), "9 tháng năm 2025"),
    ("2025", "2025", Kind.YEAR, D(2025, 1, 1), D(2025, 12, 31), "Năm 2025"),
    ("2025-03", "2025-03", Kind.MONTH, D(2025, 3, 1), D(2025, 3, 31), "Tháng 3/2025"),
    ("2024-2", "2024-02", Kind.MONTH, D(2024, 2, 1), D(2024, 2, 29), "Tháng 2/2024"),
    (" 2025-12 ", "2025-12", Kind.MONTH, D(2025, 12, 1), D(2025, 12, 31), "Tháng 12/2025"),
    (
        "2025-01-15..2025-02-14",
        "2025-01-15..2025-02-14",
        Kind.RANGE,
        D(2025, 1, 15),
        D(2025, 2, 14),
        "Từ 15/01/2025 đến 14/02/2025",
    ),
    (
        "2024-12-01 .. 2025-11-30",
        "2024-12-01..2025-11-30",
        Kind.RANGE,
        D(2024, 12, 1),
        D(2025, 11, 30),
        "Từ 01/12/2024 đến 30/11/2025",
    ),
    # A range that a named code covers is that code.
    ("2025-01-01..2025-06-30", "2025-H1", Kind.HALF, D(2025, 1, 1), D(2025, 6, 30), None),
    ("2025-01-01..2025-09-30", "2025-M9", Kind.NINE_MONTHS, D(2025, 1, 1), D(2025, 9, 30), None),
    ("2025-05-01..2025-05-31", "2025-05", Kind.MONTH, D(2025, 5, 1), D(2025, 5, 31), None),
]


@pytest.mark.parametrize(("written", "code", "kind", "start", "end", "label"), FORMS)
def test_every_form(written, code, kind, start, end, label):
    period = parse_period(written)
    assert (period.code, period.kind, period.start, period.end) == (code, kind, start, end)
    if label:
        assert period.label == label
    assert parse_period(period.code) == period  # the code reads back as itself


WINDOWS = [
    (D(2025, 1, 1), D(2025, 3, 31), "2025-Q1"),
    (D(2025, 1, 1), D(2025, 6, 30), "2025-H1"),
    (D(2025, 1, 1), D(2025, 9, 30), "2025-M9"),
    (D(2025, 1, 1), D(2025, 12, 31), "2025"),
    (D(2025, 7, 1), D(2025, 9, 30), "2025-Q3"),
    (D(2025, 7, 1), D(2025, 12, 31), "2025-H2"),
    (D(2025, 2, 1), D(2025, 2, 28), "2025-02"),
    (D(2025, 1, 1), D(2025, 11, 30), "2025-01-01..2025-11-30"),
    (D(2025, 12, 15), D(2026, 1, 14), "2025-12-15..2026-01-14"),
    (D(2025, 6, 30), D(2025, 6, 30), "2025-06-30..2025-06-30"),
]


@pytest.mark.parametrize(("start", "end", "code"), WINDOWS)
def test_the_code_of_a_data_window(start, end, code):
    assert period_of(start, end).code == code


@pytest.mark.parametrize(
    "written",
    [
        "",
        "Q2",
        "2025-Q5",
        "2025-Q0",
        "2025-H3",
        "2025-M7",
        "2025-Y",
        "2025-13",
        "2025-00",
        "25-Q1",
        "2025-02-30..2025-03-31",
        "2025-06-30..2025-01-01",
        "2025-01-01-2025-06-30",
        "2025-06-30-half_year",
        "quý 1",
    ],
)
def test_bad_codes_are_refused_with_the_accepted_forms(written):
    with pytest.raises(PeriodError) as raised:
        parse_period(written)
    message = str(raised.value)
    assert f"“{written.strip()}”" in message
    for form in ("2025-Q1", "2025-H1", "2025-M9", "2025-03", "2025-01-15..2025-02-14"):
        assert form in message


def test_a_window_that_ends_before_it_starts():
    with pytest.raises(PeriodError):
        period_of(D(2025, 6, 30), D(2025, 1, 1))


def test_periods_order_by_start_then_end():
    codes = ["2025", "2025-Q1", "2025-01", "2025-H1", "2024-Q4"]
    assert [str(p) for p in sorted(map(parse_period, codes))] == [
        "2024-Q4",
        "2025-01",
        "2025-Q1",
        "2025-H1",
        "2025",
    ]


@pytest.mark.parametrize(
    ("code", "whole"),
    [
        ("2025-Q1", True),
        ("2025-M9", True),
        ("2025-02-01..2025-04-30", True),
        ("2025-01-15..2025-02-14", False),
        ("2025-01-01..2025-02-14", False),
    ],
)
def test_whole_months(code, whole):
    assert parse_period(code).whole_months is whole
