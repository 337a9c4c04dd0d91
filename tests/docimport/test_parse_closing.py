"""Recipients and signature, in turn or side by side in a table row."""

import pytest

from chiso.docimport.parsing.closing import Closing, parse_closing
from chiso.docimport.readers import read_document

from .damage import VARIANTS, copy_blocks, make_blocks, reads_as


def assert_closing(found: Closing, expected: Closing) -> None:
    """Every text as written, up to accents and damaged letters; same block range."""
    assert len(found.recipients) == len(expected.recipients)
    assert all(reads_as(*pair) for pair in zip(found.recipients, expected.recipients, strict=True))
    assert reads_as(found.signer, expected.signer)
    assert reads_as(found.signer_title, expected.signer_title)


CASES = [
    pytest.param(
        (
            "Trên đây là Kế hoạch của Sở./.",
            "Nơi nhận:",
            "- UBND tỉnh (b/c);",
            "- Sở Lao động - Thương binh và Xã hội;",
            "- Ủy ban MTTQ và các tổ chức CT-",
            "XH huyện;",
            "- Lưu: VT.",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "(Đã ký)",
            "Hoàng Văn Nam",
        ),
        Closing(
            recipients=[
                "UBND tỉnh (b/c)",
                "Sở Lao động - Thương binh và Xã hội",
                "Ủy ban MTTQ và các tổ chức CT-XH huyện",
                "Lưu: VT",
            ],
            signer="Hoàng Văn Nam",
            signer_title="KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC",
            block_range=(1, 11),
        ),
        id="paragraphs-in-turn",
    ),
    pytest.param(
        (
            "Trên đây là Kế hoạch./.",
            ("Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\nLê Văn An"),
        ),
        Closing(["Sở Nội vụ", "Lưu: VT"], "Lê Văn An", "TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH", (1, 2)),
        id="side-by-side-in-a-table-row",
    ),
    pytest.param(
        (("Nơi nhận: - Sở Nội vụ; - Lưu: VT.", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn An"),),
        Closing(["Sở Nội vụ", "Lưu: VT"], "Lê Văn An", "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH", (0, 1)),
        id="table-cells-without-line-breaks",
    ),
    pytest.param(
        (
            "***Nơi nhận:***",
            "- Sở Nội vụ; - Thường trực HĐND huyện; - Lưu: VT, NV.",
            "**CHỦ TỊCH**",
            "**Nông Thị Hoa**",
        ),
        Closing(
            ["Sở Nội vụ", "Thường trực HĐND huyện", "Lưu: VT, NV"],
            "Nông Thị Hoa",
            "CHỦ TỊCH",
            (0, 4),
        ),
        id="markdown-items-in-one-paragraph",
    ),
    pytest.param(
        ("Tổ chức thực hiện nghiêm túc./.", "GIÁM ĐỐC", "Trần Thị Bích"),
        Closing([], "Trần Thị Bích", "GIÁM ĐỐC", (1, 3)),
        id="signature-without-recipients",
    ),
    pytest.param(
        ("Phụ lục", ("STT", "Nhiệm vụ", "Thời gian"), ("1", "Rà soát", "Quý II")),
        Closing([], "", ""),
        id="no-closing",
    ),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("items", "expected"), CASES)
def test_parse_closing(variant, items, expected):
    found = parse_closing(copy_blocks(make_blocks(*items), variant))
    assert_closing(found, expected)
    assert found.block_range == expected.block_range


@pytest.mark.parametrize(("items", "expected"), CASES)
def test_closing_as_written(items, expected):
    assert parse_closing(make_blocks(*items)) == expected


CITY = Closing(
    recipients=[
        "Sở Nội vụ",
        "CT, các PCT UBND TP",
        "Ủy ban MTTQVN và các TC CTXH TP",
        "Công an, Ban CHQS TP",
        "Phòng Nội vụ TP",
        "Các cơ quan chuyên môn, đơn vị sự nghiệp thuộc UBND thành phố",
        "UBND các phường, xã",
        "Trang thông tin điện tử TP",
        "Lưu: VT (TTPT)",
    ],
    signer="Nguyễn Văn Hạnh",
    signer_title="CHỦ TỊCH",
)
GOLDEN = {
    "thanh-tra-tinh-2025-ke-hoach.txt": Closing(
        recipients=[
            "Sở Nội vụ",
            "Lãnh đạo Thanh tra tỉnh",
            "Văn phòng, các phòng NV",
            "Lưu: VT(NHD)",
        ],
        signer="Nguyễn Mai Loan",
        signer_title="KT. CHÁNH THANH TRA, PHÓ CHÁNH THANH TRA",
    ),
    "van-quan-2024-papi-ke-hoach.txt": Closing(
        recipients=[
            "Sở Nội vụ tỉnh Lạng Sơn (b/c)",
            "Thường trực Huyện ủy",
            "Thường trực HĐND huyện",
            "Q.CT, PCT UBND huyện",
            "Ủy ban MTTQ Việt Nam huyện và các tổ chức CT-XH huyện",
            "Các cơ quan, đơn vị thuộc UBND huyện",
            "Công an huyện",
            "BHXH huyện",
            "UBND các xã, thị trấn",
            "Trang thông tin điện tử huyện",
            "Lưu: VT, NV (NCA)",
        ],
        signer="Triệu Đức Dũng",
        signer_title="KT. CHỦ TỊCH, PHÓ CHỦ TỊCH",
    ),
    **{f"tp-lang-son-2024-ke-hoach{suffix}": CITY for suffix in (".md", ".docx", ".pdf")},
    **{f"so-xay-dung-2025-phu-luc-I{suffix}": Closing([], "", "") for suffix in (".txt", ".docx")},
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_corpus_closing(corpus, variant, name):
    found = parse_closing(copy_blocks(read_document(corpus / name), variant))
    assert_closing(found, GOLDEN[name])


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_corpus_closing_as_written(corpus, name):
    blocks = read_document(corpus / name)
    found = parse_closing(blocks)
    assert (found.recipients, found.signer, found.signer_title) == (
        GOLDEN[name].recipients,
        GOLDEN[name].signer,
        GOLDEN[name].signer_title,
    )
    if found.signer:
        assert found.block_range[1] == blocks[-1].index + 1
