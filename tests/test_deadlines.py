"""Deadlines as written in plan tables, with and without diacritics and in capitals."""

import datetime

import pytest

from chiso.plans.deadlines import DeadlineKind, parse_deadline
from chiso.vietnamese.text import search_key, strip_accents

VARIANTS = [
    pytest.param(lambda text: text, id="as-written"),
    pytest.param(strip_accents, id="no-accents"),
    pytest.param(str.upper, id="upper"),
]

D = datetime.date
K = DeadlineKind


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "year", "kind", "date"),
    [
        ("Thường xuyên", None, K.ONGOING, None),
        ("thường xuyên, liên tục", None, K.ONGOING, None),
        ("Hằng năm", 2025, K.ONGOING, None),
        ("Hàng năm", None, K.ONGOING, None),
        ("Năm 2025", None, K.PERIOD_END, D(2025, 12, 31)),
        ("Trong năm 2025", None, K.PERIOD_END, D(2025, 12, 31)),
        ("Quý II/2025", None, K.PERIOD_END, D(2025, 6, 30)),
        ("Quý 2 năm 2025", None, K.PERIOD_END, D(2025, 6, 30)),
        ("Quý IV/2024", None, K.PERIOD_END, D(2024, 12, 31)),
        ("Quý I/2025", None, K.PERIOD_END, D(2025, 3, 31)),
        ("6 tháng đầu năm 2025", None, K.PERIOD_END, D(2025, 6, 30)),
        ("6 tháng cuối năm 2025", None, K.PERIOD_END, D(2025, 12, 31)),
        ("9 tháng đầu năm 2025", None, K.PERIOD_END, D(2025, 9, 30)),
        ("Trước ngày 15/6/2024", None, K.DATE, D(2024, 6, 15)),
        ("chậm nhất ngày 31/5/2024", None, K.DATE, D(2024, 5, 31)),
        ("Hoàn thành trước 30/9/2025", None, K.DATE, D(2025, 9, 30)),
        ("Tháng 9/2025", None, K.DATE, D(2025, 9, 30)),
        ("tháng 9 năm 2025", None, K.DATE, D(2025, 9, 30)),
        ("Tháng 02/2024", None, K.DATE, D(2024, 2, 29)),
        ("Theo kế hoạch", None, K.SCHEDULE, None),
        ("Theo lộ trình", 2025, K.SCHEDULE, None),
        ("Theo quy định", None, K.SCHEDULE, None),
        ("Quý II", 2025, K.PERIOD_END, D(2025, 6, 30)),
        ("Quý II", None, K.UNSPECIFIED, None),
        ("Tháng 9", 2025, K.DATE, D(2025, 9, 30)),
        ("Tháng 9", None, K.UNSPECIFIED, None),
        ("Trước ngày 30/6", 2025, K.DATE, D(2025, 6, 30)),
        ("Thường xuyên; báo cáo trước ngày 15/12/2025", None, K.DATE, D(2025, 12, 15)),
        ("Thường xuyên, trong năm 2025", None, K.PERIOD_END, D(2025, 12, 31)),
        (
            "Báo cáo 6 tháng đầu năm gửi trước ngày 02/7/2024 (số liệu tính từ ngày"
            " 01/01/2024 đến ngày 30/6/2024)",
            None,
            K.DATE,
            D(2024, 7, 2),
        ),
        ("Tháng 13/2025", None, K.UNSPECIFIED, None),
        ("", 2025, K.UNSPECIFIED, None),
        ("???", None, K.UNSPECIFIED, None),
    ],
)
def test_parse_deadline(variant, text, year, kind, date):
    written = variant(text)
    deadline = parse_deadline(written, year=year)
    assert (deadline.kind, deadline.date) == (kind, date)
    assert deadline.text == written
    assert deadline.event == ""


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "event"),
    [
        (
            "Sau khi có Thông tư hướng dẫn của các Bộ, ngành",
            "Sau khi có Thông tư hướng dẫn của các Bộ, ngành",
        ),
        ("Khi có văn bản hướng dẫn", "Khi có văn bản hướng dẫn"),
        ("Thường xuyên; khi có yêu cầu", "khi có yêu cầu"),
    ],
)
def test_conditional_deadline_keeps_the_event(variant, text, event):
    deadline = parse_deadline(variant(text), year=2025)
    assert (deadline.kind, deadline.date) == (DeadlineKind.EVENT, None)
    assert search_key(deadline.event) == search_key(event)


def test_text_is_kept_as_written_in_nfc_with_whitespace_collapsed():
    decomposed = "Qu\u0079\u0301 II/2025"  # "Quý" with a combining acute accent
    deadline = parse_deadline(f"  {decomposed}\n ")
    assert deadline.text == "Quý II/2025"
    assert deadline.date == D(2025, 6, 30)
