"""A plan's own targets: ranks to reach, past ranks and figures, each with its index."""

from decimal import Decimal

import pytest

from chiso.docimport.parsing.goals import parse_goals, purposes_and_requirements
from chiso.docimport.parsing.outline import build_outline
from chiso.docimport.readers import read_document
from chiso.plans.targets import Comparator
from chiso.vietnamese.text import search_key

from .damage import VARIANTS, copy_blocks, make_blocks

C = Comparator


def summary(goals) -> list[tuple]:
    """What a reader checks: comparison, value, index, indicator, rank base, year, past."""
    return [
        (
            g.target.comparator,
            g.target.value,
            g.target.index,
            g.target.indicator,
            g.target.out_of,
            g.target.year,
            g.past,
        )
        for g in goals
    ]


def expect(*rows) -> list[tuple]:
    return [
        (c, Decimal(v), index, ind, out_of, year, past)
        for c, v, index, ind, out_of, year, past in rows
    ]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("items", "indices", "expected"),
    [
        pytest.param(
            (
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Mục tiêu",
                "- PAR INDEX năm 2025 nằm trong nhóm 05 Sở, ban, ngành có chỉ số cao nhất; Chỉ số"
                " SIPAS tăng 01 bậc.",
                "II. NHIỆM VỤ, GIẢI PHÁP",
            ),
            (),
            expect(
                (C.TOP, 5, "PAR", "", None, 2025, False),
                (C.RISE, 1, "SIPAS", "", None, 2025, False),
            ),
            id="ranking-targets",
        ),
        pytest.param(
            (
                "I. MỤC ĐÍCH, YÊU CẦU",
                "Năm 2024, Chỉ số PAR INDEX của Sở xếp thứ 06/20; phấn đấu năm 2025 tăng ít nhất"
                " 01 bậc.",
            ),
            (),
            expect(
                (C.RANK, 6, "PAR", "", 20, 2024, True), (C.RISE, 1, "PAR", "", None, 2025, False)
            ),
            id="past-rank-and-the-rise-it-aims-at",
        ),
        pytest.param(
            (
                "1. Mục đích",
                "Nâng cao chất lượng phục vụ. Chỉ số PAPI xếp thứ 13/63 tỉnh, thành phố.",
                "2. Nhiệm vụ",
            ),
            (),
            expect((C.RANK, 13, "PAPI", "", 63, 2025, True)),
            id="rank-recalled-without-an-aim",
        ),
        pytest.param(
            (
                "I. MỤC ĐÍCH",
                "Hoàn thành tốt nhiệm vụ.",
                "II. NHIỆM VỤ",
                "2. Nâng cao Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
                "a) Tiếp cận dịch vụ:",
                "Phấn đấu nằm trong nhóm 10 cơ quan dẫn đầu. Đảm bảo 100% TTHC được công khai.",
                "Phấn đấu tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%.",
            ),
            (),
            expect(
                (C.TOP, 10, "SIPAS", "", None, 2025, False),
                (C.GT, 99, "", "on_time", None, 2025, False),
            ),
            id="aims-in-task-sections-take-the-section-index",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH", "- Phấn đấu tăng 02 bậc so với năm 2023."),
            ("PAPI",),
            expect((C.RISE, 2, "PAPI", "", None, 2025, False)),
            id="single-index-document",
        ),
        pytest.param(
            (
                "I. MỤC ĐÍCH",
                ("STT", "Nhiệm vụ", "Kết quả"),
                ("1", "Phấn đấu đạt trên 80%", "Đạt"),
            ),
            (),
            [],
            id="table-rows-belong-to-tasks",
        ),
    ],
)
def test_parse_goals(variant, items, indices, expected):
    blocks = copy_blocks(make_blocks(*items), variant)
    assert summary(parse_goals(blocks, 2025, indices=indices)) == expected


def test_goal_keeps_its_sentence_and_block():
    blocks = make_blocks("1. Mục tiêu", "Giữ ổn định. Phấn đấu tăng 01 bậc so với năm 2024.")
    (goal,) = parse_goals(blocks, 2025)
    assert (goal.text, goal.block_index) == ("Phấn đấu tăng 01 bậc so với năm 2024.", 1)


GOLDEN = {
    "thanh-tra-tinh-2025-ke-hoach.txt": expect(
        (C.TOP, 10, "PAR", "", None, 2025, False),
        (C.TOP, 10, "SIPAS", "", None, 2025, False),
        (C.TOP, 10, "PAPI", "", None, 2025, False),
        (C.GT, 95, "", "returned_on_time", None, 2025, False),
    ),
    # Văn Quan and the city aim at "sự cải thiện" with no figure; the appendix has only rows.
    "van-quan-2024-papi-ke-hoach.txt": [],
    "tp-lang-son-2024-ke-hoach.md": [],
    "so-xay-dung-2025-phu-luc-I.txt": [],
}
YEARS = {"thanh": 2025, "van": 2024, "tp": 2024, "so": 2025}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_corpus_goals(corpus, variant, name):
    blocks = copy_blocks(read_document(corpus / name), variant)
    year = YEARS[name.split("-")[0]]
    assert summary(parse_goals(blocks, year)) == GOLDEN[name]


PURPOSES = "Nâng cao chất lượng phục vụ."
REQUIREMENTS = "Bám sát các tiêu chí."


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("items", "purposes", "requirements"),
    [
        pytest.param(
            (
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Mục đích",
                "a) " + PURPOSES,
                "2. Yêu cầu",
                "- " + REQUIREMENTS,
                "II. NHIỆM VỤ, GIẢI PHÁP",
                "1. Yêu cầu các phòng báo cáo.",
            ),
            "a) " + PURPOSES,
            "- " + REQUIREMENTS,
            id="numbered-headings-under-a-shared-part",
        ),
        pytest.param(
            (
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Mục đích: " + PURPOSES,
                "2. Yêu cầu: " + REQUIREMENTS,
                "II. NHIỆM VỤ",
            ),
            PURPOSES,
            REQUIREMENTS,
            id="text-on-the-heading-line",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH", PURPOSES, "II. YÊU CẦU", REQUIREMENTS, "III. NHIỆM VỤ"),
            PURPOSES,
            REQUIREMENTS,
            id="parts-of-their-own",
        ),
        pytest.param(
            (
                "I. MỤC ĐÍCH, YÊU CẦU",
                "Mục đích:",
                PURPOSES,
                "Yêu cầu:",
                REQUIREMENTS,
                "II. NHIỆM VỤ",
            ),
            PURPOSES,
            REQUIREMENTS,
            id="unnumbered-headings",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH, YÊU CẦU", PURPOSES, REQUIREMENTS, "II. NHIỆM VỤ"),
            (PURPOSES, REQUIREMENTS),
            "",
            id="shared-part-without-headings",
        ),
        pytest.param(
            ("I. MUC DICH, YEU CAU", "1. Muc dich", PURPOSES, "2. Yéu cau", REQUIREMENTS),
            PURPOSES,
            REQUIREMENTS,
            id="ocr-without-the-vietnamese-model",
        ),
    ],
)
def test_purposes_and_requirements_split_at_their_headings(variant, items, purposes, requirements):
    outline = build_outline(copy_blocks(make_blocks(*items), variant))
    found = purposes_and_requirements(outline)
    expected = [(parts,) if isinstance(parts, str) else parts for parts in (purposes, requirements)]
    assert [search_key(text) for text in found] == [
        search_key(" ".join(map(variant, parts))) for parts in expected
    ]
