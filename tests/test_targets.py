"""Targets as written in plans, with and without diacritics and in capitals."""

from decimal import Decimal

import pytest

from chiso.indicators.catalog import INDICATORS
from chiso.plans.targets import Comparator, named_indices, parse_targets
from chiso.vietnamese.text import search_key, strip_accents

VARIANTS = [
    pytest.param(lambda text: text, id="as-written"),
    pytest.param(strip_accents, id="no-accents"),
    pytest.param(str.upper, id="upper"),
]

C = Comparator


def summary(target):
    """What a reader checks: comparison, value, unit (accent-free), index, indicator, rank."""
    return (
        target.comparator,
        target.value,
        search_key(target.unit),
        target.index,
        target.indicator,
        target.out_of,
        target.year,
    )


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trên 99%", [(C.GT, 99, "%", "", "", None, None)]),
        (">99%", [(C.GT, 99, "%", "", "", None, None)]),
        ("≥ 95%", [(C.GTE, 95, "%", "", "", None, None)]),
        ("ít nhất 95%", [(C.GTE, 95, "%", "", "", None, None)]),
        ("tối thiểu 95%", [(C.GTE, 95, "%", "", "", None, None)]),
        ("phấn đấu đạt trên 80%", [(C.GT, 80, "%", "", "", None, None)]),
        ("Hoàn thành 100% nhiệm vụ được giao", [(C.GTE, 100, "%", "", "", None, None)]),
        ("tỷ lệ hồ sơ trễ hạn dưới 01%", [(C.LT, 1, "%", "", "", None, None)]),
        ("không quá 5%", [(C.LTE, 5, "%", "", "", None, None)]),
        ("5% trở xuống", [(C.LTE, 5, "%", "", "", None, None)]),
        ("đạt 99,5%", [(C.GTE, Decimal("99.5"), "%", "", "", None, None)]),
        (
            "Phấn đấu đảm bảo trên 95% kết quả được trả đúng hoặc trước hạn",
            [(C.GT, 95, "%", "", "returned_on_time", None, None)],
        ),
        (
            "tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%",
            [(C.GT, 99, "%", "", "on_time", None, None)],
        ),
        (
            "Tỷ lệ hồ sơ đúng hạn >99%; 100% hồ sơ trễ hạn có văn bản xin lỗi",
            [
                (C.GT, 99, "%", "", "on_time", None, None),
                (C.GTE, 100, "%", "", "apology_letter", None, None),
            ],
        ),
        (
            "tỷ lệ hồ sơ TTHC được xử lý trực tuyến toàn trình (phấn đấu đạt trên 80%). Tăng"
            " cường số hóa hồ sơ, kết quả giải quyết TTHC (phấn đấu đạt trên 70%)",
            [
                (C.GT, 80, "%", "", "online_full_process", None, None),
                (C.GT, 70, "%", "", "digitised", None, None),
            ],
        ),
        (
            "tỷ lệ TTHC có nghĩa vụ tài chính được thanh toán trực tuyến (đạt trên 70%)",
            [(C.GT, 70, "%", "", "paid_online", None, None)],
        ),
        (
            "Đảm bảo 100% PAKN được tiếp nhận, xử lý kịp thời",
            [(C.GTE, 100, "%", "", "feedback_handled", None, None)],
        ),
        (
            "Tiếp nhận, xử lý 100% phản ánh, kiến nghị của cá nhân, tổ chức",
            [(C.GTE, 100, "%", "", "feedback_handled", None, None)],
        ),
        ("nằm trong nhóm 10 cơ quan dẫn đầu", [(C.TOP, 10, "co quan", "", "", None, None)]),
        (
            "PAR INDEX năm 2025 nằm trong nhóm 05 Sở, ban, ngành có chỉ số cao nhất",
            [(C.TOP, 5, "so ban nganh", "PAR", "", None, 2025)],
        ),
        (
            "Phấn đấu năm 2025, Chỉ số PAR INDEX; Chỉ số SIPAS; Chỉ số PAPI của cơ quan được"
            " cải thiện hơn năm 2024 và nằm trong nhóm 10 cơ quan, đơn vị dẫn đầu của tỉnh.",
            [
                (C.TOP, 10, "co quan don vi", "PAR", "", None, 2025),
                (C.TOP, 10, "co quan don vi", "SIPAS", "", None, 2025),
                (C.TOP, 10, "co quan don vi", "PAPI", "", None, 2025),
            ],
        ),
        # As OCR without the Vietnamese model reads the ranking words.
        (
            "nằm trong nhém 10 cơ quan, đơn vị dẫn đầu",
            [(C.TOP, 10, "co quan don vi", "", "", None, None)],
        ),
        ("nam trong nh6m 05 co quan dan dau", [(C.TOP, 5, "co quan", "", "", None, None)]),
        ("thuéc nhom 10 don vi c6 chi s6 cao nhat", [(C.TOP, 10, "don vi", "", "", None, None)]),
        ("tăng ít nhất 01 bậc", [(C.RISE, 1, "bac", "", "", None, None)]),
        ("Chỉ số PAPI tăng 01 bậc", [(C.RISE, 1, "bac", "PAPI", "", None, None)]),
        ("Chỉ số PCI năm 2024 xếp thứ 06/20", [(C.RANK, 6, "", "PCI", "", 20, 2024)]),
        (
            "Chỉ số cải cách hành chính xếp thứ 12 trên 63 tỉnh",
            [(C.RANK, 12, "", "PAR", "", 63, None)],
        ),
        ("Chỉ số hài lòng đạt trên 80%", [(C.GT, 80, "%", "SIPAS", "", None, None)]),
        ("Nhóm 1: các nhiệm vụ trọng tâm", []),
        ("Không có chỉ tiêu định lượng", []),
        ("", []),
    ],
)
def test_parse_targets(variant, text, expected):
    found = [summary(target) for target in parse_targets(variant(text))]
    assert found == [
        (comparator, Decimal(value), unit, index, indicator, out_of, year)
        for comparator, value, unit, index, indicator, out_of, year in expected
    ]


def test_target_text_is_the_figure_as_written():
    (target,) = parse_targets("Duy trì tỷ lệ giải quyết hồ sơ TTHC đúng hạn đạt trên 99%.")
    assert target.text == "trên 99%"


def test_year_argument_applies_when_the_text_names_none():
    (target,) = parse_targets("trên 99%", year=2025)
    assert target.year == 2025
    (target,) = parse_targets("Năm 2024 đạt trên 99%", year=2025)
    assert target.year == 2024


def test_every_indicator_has_a_label_and_phrases():
    assert set(INDICATORS) == {
        "on_time",
        "apology_letter",
        "online_full_process",
        "digitised",
        "paid_online",
        "returned_on_time",
        "feedback_handled",
    }
    assert all(i.name and i.phrases and i.numerator and i.denominator for i in INDICATORS.values())


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng của người dân"
            " (SIPAS) và Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
            ["PAR", "SIPAS", "PAPI"],
        ),
        ("Chỉ số PAPI và Chỉ số PAR INDEX; Chỉ số PAPI", ["PAPI", "PAR"]),
        ("Nâng cao Chỉ số Năng lực cạnh tranh cấp tỉnh (PCI)", ["PCI"]),
        ("Nâng cao các chỉ số năm 2024", []),
    ],
)
def test_named_indices_in_order_of_first_mention(variant, text, expected):
    assert named_indices(variant(text)) == expected
