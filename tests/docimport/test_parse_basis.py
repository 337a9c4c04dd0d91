"""The documents a plan cites in its basis, parent plans first among them."""

import datetime

import pytest

from chiso.docimport.parsing.basis import find_references, parse_parents
from chiso.docimport.readers import read_document
from chiso.vietnamese.text import strip_accents

from .damage import VARIANTS, copy_blocks, make_blocks, reads_as

D = datetime.date


def summary(references) -> list[tuple]:
    return [(r.kind, r.number, r.date, r.issuer_text) for r in references]


def assert_references(found, expected) -> None:
    """Kind, number (up to accents) and date exactly; the issuer as written, up to accents
    and damage."""
    assert [(r.kind, strip_accents(r.number), r.date) for r in found] == [
        (kind, strip_accents(number), date) for kind, number, date, _issuer in expected
    ]
    assert all(reads_as(r.issuer_text, e[3]) for r, e in zip(found, expected, strict=True))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thực hiện Kế hoạch số 146/KH-UBND ngày 29/5/2025 của UBND tỉnh về nâng cao Chỉ số",
            [("Kế hoạch", "146/KH-UBND", D(2025, 5, 29), "UBND tỉnh")],
        ),
        (
            "Căn cứ Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ Nội vụ; Thông báo số"
            " 277/TB-UBND ngày 25/5/2024 của UBND tỉnh Lạng Sơn, thông báo kết luận của Chủ tịch"
            " và Kế hoạch số 126/KH-UBND ngày 03/6/2024 của Ủy ban nhân dân tỉnh Lạng Sơn ban"
            " hành kế hoạch nâng cao Chỉ số",
            [
                ("Quyết định", "1187/QĐ-BNV", D(2025, 10, 15), "Bộ Nội vụ"),
                ("Thông báo", "277/TB-UBND", D(2024, 5, 25), "UBND tỉnh Lạng Sơn"),
                ("Kế hoạch", "126/KH-UBND", D(2024, 6, 3), "Ủy ban nhân dân tỉnh Lạng Sơn"),
            ],
        ),
        (
            "theo Kết luận số 134-KL/TW, ngày 28/3/2025 của Bộ Chính trị, Ban Bí thư",
            [("Kết luận", "134-KL/TW", D(2025, 3, 28), "Bộ Chính trị")],
        ),
        (
            "Nghị định số 45/2025/NĐ-CP quy định tổ chức các cơ quan chuyên môn",
            [("Nghị định", "45/2025/NĐ-CP", None, "")],
        ),
        (
            "Kế hoạch 55/KH-SXD ngày 11/ 6/2025 của Sở Xây dựng)",
            [("Kế hoạch", "55/KH-SXD", D(2025, 6, 11), "Sở Xây dựng")],
        ),
        ("Giao Văn phòng theo dõi việc thực hiện Kế hoạch này.", []),
        ("", []),
    ],
)
def test_find_references(variant, text, expected):
    assert_references(find_references(variant(text)), expected)


def test_reference_text_runs_from_kind_to_issuer():
    (reference,) = find_references("Thực hiện Kế hoạch số 146/KH-UBND ngày 29/5/2025 của UBND tỉnh")
    assert reference.text == "Kế hoạch số 146/KH-UBND ngày 29/5/2025 của UBND tỉnh"


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (
            (
                "SỞ TƯ PHÁP",
                "KẾ HOẠCH",
                "Nâng cao Chỉ số PAR INDEX năm 2025",
                "Căn cứ Kế hoạch số 146/KH-UBND ngày 29/5/2025 của UBND tỉnh;",
                "Căn cứ Công văn số 812/SNV-CCHC ngày 02/6/2025 của Sở Nội vụ; Kế hoạch số"
                " 146/KH-UBND ngày 29/5/2025 của UBND tỉnh, Sở Tư pháp xây dựng kế hoạch:",
                "I. MỤC ĐÍCH, YÊU CẦU",
                "Thực hiện Quyết định số 1001/QĐ-BNV ngày 11/12/2023 của Bộ Nội vụ.",
            ),
            [
                ("Kế hoạch", "146/KH-UBND", D(2025, 5, 29), "UBND tỉnh"),
                ("Công văn", "812/SNV-CCHC", D(2025, 6, 2), "Sở Nội vụ"),
            ],
        ),
        (
            (
                "Phụ lục I",
                "CÁC NHIỆM VỤ NĂM 2025",
                "(Kèm theo Kế hoạch số 55/KH-SXD ngày 11/ 6/2025 của Sở Xây dựng)",
                ("STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì"),
                ("1", "Thực hiện Kế hoạch số 146/KH-UBND", "Văn phòng Sở"),
            ),
            [],
        ),
        (
            (
                "Phụ lục I CÁC NHIỆM VỤ NĂM 2025 (Kèm theo Kế hoạch số 55/KH-SXD ngày 11/6/2025 của"
                " Sở Xây dựng)",
                ("STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì"),
            ),
            [],
        ),
    ],
    ids=["basis-before-section-I", "appendix-names-its-plan-not-a-parent", "appendix-one-block"],
)
def test_parse_parents(variant, items, expected):
    assert_references(parse_parents(copy_blocks(make_blocks(*items), variant)), expected)


def test_parents_keep_the_block_they_come_from():
    blocks = make_blocks("KẾ HOẠCH", "Tiêu đề", "Thực hiện Kế hoạch số 1/KH-UBND ngày 2/1/2025.")
    assert [p.block_index for p in parse_parents(blocks)] == [2]


PROVINCE_2024 = "UBND tỉnh Lạng Sơn"
GOLDEN = {
    "thanh-tra-tinh-2025-ke-hoach.txt": [
        ("Kế hoạch", "146/KH-UBND", D(2025, 5, 29), "UBND tỉnh"),
    ],
    "van-quan-2024-papi-ke-hoach.txt": [
        ("Kế hoạch", "105/KH-UBND", D(2024, 5, 14), "Ủy ban nhân dân tỉnh Lạng Sơn"),
    ],
    **{
        f"tp-lang-son-2024-ke-hoach{suffix}": [
            ("Thông báo", "277/TB-UBND", D(2024, 5, 25), PROVINCE_2024),
            ("Kế hoạch", "105/KH-UBND", D(2024, 5, 14), PROVINCE_2024),
            ("Kế hoạch", "126/KH-UBND", D(2024, 6, 3), PROVINCE_2024),
        ]
        for suffix in (".md", ".docx", ".pdf")
    },
    **{f"so-xay-dung-2025-phu-luc-I{suffix}": [] for suffix in (".txt", ".docx", ".pdf")},
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_corpus_parents(corpus, variant, name):
    parents = parse_parents(copy_blocks(read_document(corpus / name), variant))
    assert_references(parents, GOLDEN[name])


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_corpus_parents_as_written(corpus, name):
    assert summary(parse_parents(read_document(corpus / name))) == GOLDEN[name]
