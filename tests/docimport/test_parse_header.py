"""The top of a plan: issuer, number, place and date, title, indices, year."""

import datetime
from dataclasses import replace

import pytest

from chiso.docimport.blocks import Block, BlockKind
from chiso.docimport.parsing.header import Header, parse_header
from chiso.docimport.readers import read_document

from .damage import VARIANTS, copy_blocks, make_blocks, reads_as

D = datetime.date
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TEXT_FIELDS = ("issuer_text", "parent_issuer_text", "number", "place", "doc_type", "title")

CASES = [
    pytest.param(
        (
            "UBND TỈNH LẠNG SƠN",
            "SỞ TƯ PHÁP",
            "Số: 90/KH-STP",
            *MOTTO,
            "Lạng Sơn, ngày 20 tháng 5 năm 2025",
            "KẾ HOẠCH",
            "Nâng cao Chỉ số cải cách hành chính (PAR INDEX)",
            "của Sở Tư pháp năm 2025",
            "Căn cứ Kế hoạch số 146/KH-UBND ngày 29/5/2025 của UBND tỉnh, Sở Tư pháp ban hành"
            " kế hoạch như sau:",
            "I. MỤC ĐÍCH, YÊU CẦU",
        ),
        Header(
            issuer_text="SỞ TƯ PHÁP",
            parent_issuer_text="UBND TỈNH LẠNG SƠN",
            number="90/KH-STP",
            place="Lạng Sơn",
            date=D(2025, 5, 20),
            doc_type="KẾ HOẠCH",
            title="Nâng cao Chỉ số cải cách hành chính (PAR INDEX) của Sở Tư pháp năm 2025",
            indices=("PAR",),
            year=2025,
            block_range=(0, 9),
        ),
        id="department-plan",
    ),
    pytest.param(
        (
            (
                "ỦY BAN NHÂN DÂN\nHUYỆN BÌNH GIA\nSố:        /KH-UBND",
                "\n".join(MOTTO) + "\nBình Gia, ngày 03 tháng 6 năm 2024",
            ),
            "KẾ HOẠCH",
            "Triển khai các Chỉ số PAPI, SIPAS và PAR INDEX trên địa bàn huyện",
            "Thực hiện Kế hoạch số 105/KH-UBND ngày 14/5/2024 của UBND tỉnh.",
        ),
        Header(
            issuer_text="ỦY BAN NHÂN DÂN HUYỆN BÌNH GIA",
            number="/KH-UBND",
            number_blank=True,
            place="Bình Gia",
            date=D(2024, 6, 3),
            doc_type="KẾ HOẠCH",
            title="Triển khai các Chỉ số PAPI, SIPAS và PAR INDEX trên địa bàn huyện",
            indices=("PAPI", "SIPAS", "PAR"),
            year=2024,
            block_range=(0, 3),
        ),
        id="blank-number-in-header-table",
    ),
    pytest.param(
        (
            (
                "UBND TỈNH LẠNG SƠN\nTHANH TRA TỈNH\nSố: 12/KH-TTr",
                "CỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh\nphúc\n"
                "Lạng Sơn, ngày 02 tháng 01 năm 2025",
            ),
            "KẾ HOẠCH",
            "Nâng cao Chỉ số hài lòng (SIPAS) năm 2025",
        ),
        Header(
            issuer_text="THANH TRA TỈNH",
            parent_issuer_text="UBND TỈNH LẠNG SƠN",
            number="12/KH-TTr",
            place="Lạng Sơn",
            date=D(2025, 1, 2),
            doc_type="KẾ HOẠCH",
            title="Nâng cao Chỉ số hài lòng (SIPAS) năm 2025",
            indices=("SIPAS",),
            year=2025,
            block_range=(0, 3),
        ),
        id="narrow-columns-break-the-motto",
    ),
    pytest.param(
        (
            "KẾ HOẠCH",
            "Nâng cao các chỉ số năm 2024",
            "Thực hiện Kế hoạch số 105/KH-UBND ngày 14/5/2024 của UBND tỉnh. UBND huyện Bình Gia"
            " xây dựng kế hoạch triển khai như sau:",
            "I. MỤC ĐÍCH",
            "Cải thiện Chỉ số SIPAS và Chỉ số PAPI của huyện.",
        ),
        Header(
            issuer_text="UBND huyện Bình Gia",
            doc_type="KẾ HOẠCH",
            title="Nâng cao các chỉ số năm 2024",
            indices=("SIPAS", "PAPI"),
            year=2024,
            issuer_inferred=True,
            block_range=(0, 2),
        ),
        id="no-letterhead-issuer-from-basis",
    ),
    pytest.param(
        (
            "KẾ HOẠCH",
            "Nâng cao Chỉ số PAR INDEX năm 2025 Thực hiện Kế hoạch số 146/KH-UBND ngày 29/5/2025"
            " của UBND tỉnh; Văn phòng Sở xây dựng kế hoạch như sau:",
            "1. Mục đích",
        ),
        Header(
            issuer_text="Văn phòng Sở",
            doc_type="KẾ HOẠCH",
            title="Nâng cao Chỉ số PAR INDEX năm 2025",
            indices=("PAR",),
            year=2025,
            issuer_inferred=True,
            block_range=(0, 2),
        ),
        id="title-run-into-basis",
    ),
    pytest.param(
        (
            "Phụ lục II CÁC NHIỆM VỤ NÂNG CAO CHỈ SỐ HÀI LÒNG (SIPAS) NĂM 2025 (Kèm theo Kế hoạch"
            " số 55/KH-SXD ngày 11/ 6/2025 của Sở Xây dựng)",
            ("STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì", "Thời gian hoàn thành"),
        ),
        Header(
            issuer_text="Sở Xây dựng",
            number="55/KH-SXD",
            date=D(2025, 6, 11),
            doc_type="Phụ lục II",
            title="CÁC NHIỆM VỤ NÂNG CAO CHỈ SỐ HÀI LÒNG (SIPAS) NĂM 2025",
            indices=("SIPAS",),
            year=2025,
            attached_to=True,
            block_range=(0, 1),
        ),
        id="appendix-attached-to-a-plan",
    ),
    pytest.param((), Header(), id="empty"),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("items", "expected"), CASES)
def test_parse_header(variant, items, expected):
    header = parse_header(copy_blocks(make_blocks(*items), variant))
    assert_header(header, expected)


def test_values_are_kept_as_written():
    header = parse_header(make_blocks(*CASES[0].values[0]))
    assert header == CASES[0].values[1]


def test_letterhead_in_the_page_header():
    (letterhead,) = make_blocks(
        ("SỞ XÂY DỰNG\nSố: 55/KH-SXD", "\n".join([*MOTTO, "Lạng Sơn, ngày 11 tháng 6 năm 2025"]))
    )
    letterhead = replace(letterhead, source="header")
    footer = Block(BlockKind.PARAGRAPH, "Trang 1", 1, source="footer")
    body = [replace(b, index=b.index + 2) for b in make_blocks("KẾ HOẠCH", "Cải cách TTHC")]
    header = parse_header([letterhead, footer, *body])
    assert (header.issuer_text, header.number, header.date, header.title) == (
        "SỞ XÂY DỰNG",
        "55/KH-SXD",
        D(2025, 6, 11),
        "Cải cách TTHC",
    )


def assert_header(header: Header, expected: Header) -> None:
    """Parsed values exactly; text fields as written, up to accents and damaged letters."""
    for name in TEXT_FIELDS:
        assert reads_as(getattr(header, name), getattr(expected, name)), name
    for name in ("number_blank", "date", "indices", "year", "attached_to", "issuer_inferred"):
        assert getattr(header, name) == getattr(expected, name), name
    assert header.block_range == expected.block_range


# Golden facts of the corpus documents. Block ranges are left out: they depend on the reader.
GOLDEN = {
    "thanh-tra-tinh-2025-ke-hoach.txt": Header(
        issuer_text="THANH TRA TỈNH",
        parent_issuer_text="UBND TỈNH LẠNG SƠN",
        number="/KH-TTr",
        number_blank=True,
        place="Lạng Sơn",
        date=D(2025, 6, 14),
        doc_type="KẾ HOẠCH",
        title="Nâng cao Chỉ số cải cách hành chính (PAR INDEX); Chỉ số hài lòng về sự phục vụ"
        " hành chính (SIPAS) và Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)"
        " tỉnh Lạng Sơn năm 2025",
        indices=("PAR", "SIPAS", "PAPI"),
        year=2025,
    ),
    "van-quan-2024-papi-ke-hoach.txt": Header(
        issuer_text="UBND huyện Văn Quan",
        doc_type="KẾ HOẠCH",
        title="Nâng cao Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI) của tỉnh"
        " Lạng Sơn năm 2024, trên địa bàn huyện Văn Quan",
        indices=("PAPI",),
        year=2024,
        issuer_inferred=True,
    ),
    **{
        f"tp-lang-son-2024-ke-hoach{suffix}": Header(
            # The Word and PDF files carry the letterhead; the markdown copy lost it.
            issuer_text="Ủy ban nhân dân thành phố Lạng Sơn",
            number="/KH-UBND",
            number_blank=True,
            place="TP. Lạng Sơn",
            date=D(2024, 6, 7),
            doc_type="KẾ HOẠCH",
            title="Nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng của người dân"
            " đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS) và Chỉ số hiệu quả quản"
            " trị và hành chính công cấp tỉnh (PAPI)",
            indices=("PAR", "SIPAS", "PAPI"),
            year=2024,
            issuer_inferred=suffix == ".md",
        )
        for suffix in (".md", ".docx", ".pdf")
    },
    **{
        f"so-xay-dung-2025-phu-luc-I{suffix}": Header(
            issuer_text="Sở Xây dựng",
            number="55/KH-SXD",
            date=D(2025, 6, 11),
            doc_type="Phụ lục I",
            title="CÁC NHIỆM VỤ, GIẢI PHÁP NHẰM NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)"
            " TỈNH LẠNG SƠN NĂM 2025",
            indices=("PAR",),
            year=2025,
            attached_to=True,
        )
        for suffix in (".txt", ".docx", ".pdf")
    },
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_corpus_headers(corpus, variant, name):
    header = parse_header(copy_blocks(read_document(corpus / name), variant))
    expected = GOLDEN[name]
    assert_header(header, Header(**{**vars(expected), "block_range": header.block_range}))
    assert header.block_range[0] == 0 < header.block_range[1]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_corpus_headers_as_written(corpus, name):
    header = parse_header(read_document(corpus / name))
    expected = GOLDEN[name]
    assert (header.number, header.place, header.doc_type, header.title) == (
        expected.number,
        expected.place,
        expected.doc_type,
        expected.title,
    )
