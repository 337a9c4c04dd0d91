"""The noise OCR puts into a scanned plan (issue 12, point 11), form by form, each through the
parser that reads it: as written, without accents and OCR-damaged (`VARIANTS`).

Roman numerals read as digits or letters, "Số" misread, the two-column letterhead run into
single lines, page numbers and running headers inside paragraphs, "đ"/"Đ" misread, bullets
as OCR reads them; the OCR-tolerant readings the golden tests of scanned copies needed; and
a scanned task table, its cells rebuilt from the rules found in the image, its row numbers
read in sequence.
"""

import datetime
import re

import pytest
from PIL import Image, ImageDraw, ImageFont

from chiso.docimport.blocks import BlockKind, text_block
from chiso.docimport.parsing.header import parse_header
from chiso.docimport.parsing.outline import build_outline
from chiso.docimport.parsing.responsibilities import responsibilities, responsibilities_part
from chiso.docimport.parsing.table_tasks import tasks_from_tables
from chiso.docimport.readers import ocr, read_document
from chiso.docimport.readers.rules import find_rules
from chiso.docimport.readers.text import read_text
from chiso.vietnamese.text import ocr_pattern, search_key

from .damage import VARIANTS, copy_blocks, make_blocks, reads_as
from .test_readers import FONTS

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FONT = next((str(f) for f in FONTS if f.exists()), None)
TITLE = ("KẾ HOẠCH", "Nâng cao Chỉ số cải cách hành chính (PAR INDEX) năm 2025")


def outline(items, variant) -> list[tuple[str, str]]:
    """(kind, label) of every numbered section and bullet, in document order."""
    blocks = copy_blocks(make_blocks(*items), variant)
    return [(s.kind, s.label) for top in build_outline(blocks) for s in top.walk()][1:]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            ("I. MỤC ĐÍCH, YÊU CẦU", "Il. NHIỆM VỤ, GIẢI PHÁP", "I11. TỔ CHỨC THỰC HIỆN"),
            ["I", "II", "III"],
            id="Il-I11",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH, YÊU CẦU", "1I. NHIỆM VỤ, GIẢI PHÁP", "III, TỔ CHỨC THỰC HIỆN"),
            ["I", "II", "III"],
            id="1I-III,",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ, GIẢI PHÁP", "Il. TỔ CHỨC THỰC HIỆN"),
            ["I", "II", "III"],
            id="Il-after-II",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH, YÊU CẦU", "[I. NHIỆM VỤ, GIẢI PHÁP", "IIIL. TỔ CHỨC THỰC HIỆN"),
            ["I", "II", "III"],
            id="bracket-and-stray-L",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH, YÊU CẦU", "IT. NHIỆM VỤ, GIẢI PHÁP", "TI1. TỔ CHỨC THỰC HIỆN"),
            ["I", "II", "III"],
            id="I-read-T",
        ),
        pytest.param(
            ("I. MỤC ĐÍCH, YÊU CẦU", "TL. GIÁM ĐỐC", "TT. TRUNG TÂM"),
            ["I"],
            id="signing-for-is-no-numeral",
        ),
    ],
)
def test_roman_parts_as_ocr_reads_them(variant, items, expected):
    assert [label for kind, label in outline(items, variant) if kind == "roman"] == expected


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            ("1. Phòng Nội vụ", "2. Văn phòng", "3, Thanh tra huyện", "4. Trung tâm"),
            ["1", "2", "3", "4"],
            id="comma-in-sequence",
        ),
        pytest.param(("1, Mục đích", "2,. Yêu cầu"), ["1", "2"], id="comma-and-stop"),
        pytest.param(("1. Phòng Nội vụ", "5, Thanh tra huyện"), ["1"], id="out-of-sequence"),
        pytest.param(("1. Mục đích", "2, trong đó có 3 việc"), ["1"], id="lower-case-after"),
    ],
)
def test_arabic_numbers_read_with_a_comma(variant, items, expected):
    assert [label for kind, label in outline(items, variant) if kind == "arabic"] == expected


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("misread", "expected"),
    [
        pytest.param("đ) Cải cách chế độ công vụ", "đ", id="as-written"),
        pytest.param("d) Cải cách chế độ công vụ", "đ", id="d"),
        pytest.param("ð) Cải cách chế độ công vụ", "đ", id="eth"),
        pytest.param("Ð) Cải cách chế độ công vụ", "đ", id="capital-eth"),
        pytest.param("D) Cải cách chế độ công vụ", "đ", id="D"),
        pytest.param("P) Cải cách chế độ công vụ", "đ", id="P"),
    ],
)
def test_letter_dd_as_ocr_reads_it(variant, misread, expected):
    items = ("a) Cải cách thể chế", "b) Cải cách TTHC", "c) Tổ chức bộ máy", "d) Công chức")
    labels = [label for kind, label in outline((*items, misread, "e) Tài chính công"), variant)]
    assert labels == ["a", "b", "c", "d", expected, "e"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_capital_d_or_p_is_no_letter_out_of_sequence(variant):
    items = ("a) Cải cách thể chế", "D) Cải cách TTHC", "P) Tổ chức bộ máy")
    assert [label for _kind, label in outline(items, variant)] == ["a"]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("bullet", ["-", "+", "•", "¢", "»"])
def test_bullets_as_ocr_reads_them(variant, bullet):
    items = ("1. Mục đích", f"{bullet} Phát huy kết quả", f"{bullet} Khắc phục hạn chế")
    # Without accents "¢" reads as the "o" it stands for: a round bullet read as a letter.
    assert [kind for kind, _label in outline(items, variant)] == ["arabic", "bullet", "bullet"]
    lines = "\n".join(["1. Mục đích", f"{bullet} Phát huy kết", "quả;", f"{bullet} Khắc phục"])
    assert_texts(
        read_text(variant(lines)),
        ["1. Mục đích", f"{bullet} Phát huy kết quả;", f"{bullet} Khắc phục"],
    )


def assert_texts(blocks, expected: list[str]) -> None:
    """The blocks' texts are the expected ones, up to accents and damaged letters."""
    assert len(blocks) == len(expected), [b.text for b in blocks]
    for block, text in zip(blocks, expected, strict=True):
        assert reads_as(block.text, text), (block.text, text)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "line",
    ["Số: 90/KH-STP", "$6: 90/KH-STP", "S6: 90/KH-STP", "Sé: 90/KH-STP", "S¢: 90/KH-STP"],
)
def test_so_as_ocr_reads_it(variant, line):
    items = ("UBND TỈNH LẠNG SƠN", "SỞ TƯ PHÁP", line, *MOTTO, "Lạng Sơn, ngày 20 tháng 5 năm 2025")
    header = parse_header(copy_blocks(make_blocks(*items, *TITLE), variant))
    assert search_key(header.number) == "90 kh stp"
    assert header.date == datetime.date(2025, 5, 20)
    assert reads_as(header.issuer_text, "SỞ TƯ PHÁP")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "line", ["Số:       /KH-TTr", "S6:      /KH-TTr", "$6: /KH-TTr", "Số: KH-TTr", "S6: KH-TTr"]
)
def test_blank_number_as_ocr_reads_it(variant, line):
    items = ("THANH TRA TỈNH", line, "Lạng Sơn, ngày 14 tháng 6 năm 2025")
    header = parse_header(copy_blocks(make_blocks(*items, *TITLE), variant))
    assert (search_key(header.number), header.number_blank) == ("kh ttr", True)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            (
                "UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "THANH TRA TỈNH Độc lập - Tự do - Hạnh phúc",
                "Số: /KH-TTr Lạng Sơn, ngày 14 tháng 6 năm 2025",
            ),
            id="each-line-both-columns",
        ),
        pytest.param(
            (
                "UBND TỈNH LẠNG SƠN CỘNG HÒA XÃ HỘI CHỦ",
                "THANH TRA TỈNH NGHĨA VIỆT NAM",
                "S6: /KH-TTr Độc lập - Tự do - Hạnh phúc",
                "Lạng Sơn, ngày 14 tháng 6 năm 2025",
            ),
            id="motto-broken-number-beside-it",
        ),
        pytest.param(
            (
                "UBND TỈNH LẠNG SƠN CONG HOA XA HOI CHU NGHIA VIET NAM",
                "THANH TRA TỈNH Doc lap - Tu do - Hanh phuc",
                "$6: /KH-TTr Lang Son, ngay 14 thang 6 nam 2025",
            ),
            id="eng-model",
        ),
    ],
)
def test_two_column_letterhead_merged_into_lines(variant, lines):
    header = parse_header(copy_blocks(make_blocks(*lines, *TITLE), variant))
    assert reads_as(header.issuer_text, "THANH TRA TỈNH"), header.issuer_text
    assert reads_as(header.parent_issuer_text, "UBND TỈNH LẠNG SƠN"), header.parent_issuer_text
    assert search_key(header.number) == "kh ttr"
    assert (header.date, reads_as(header.place, "Lạng Sơn")) == (datetime.date(2025, 6, 14), True)
    assert reads_as(header.title, TITLE[1])


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "motto",
    ["Độc lập - Tự do - Hạnh phúc", "Doc lap - Tu do - Hanh phuc", "Pộc lập - Tự do - Hạnh phúc"],
)
def test_motto_with_dd_misread_is_not_the_issuer(variant, motto):
    items = ("SỞ TƯ PHÁP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 90/KH-STP", motto.upper())
    header = parse_header(copy_blocks(make_blocks(*items, *TITLE), variant))
    assert reads_as(header.issuer_text, "SỞ TƯ PHÁP"), header.issuer_text


PAGE_BREAKS = [
    pytest.param("đầy\n4\n\nđủ", id="number-after-the-last-line"),
    pytest.param("đầy\n\n4\n\nđủ", id="number-alone"),
    pytest.param("đầy\n\n- 4 -\n\nđủ", id="dashes"),
    pytest.param("đầy\n\nTrang 4\n\nđủ", id="trang"),
    pytest.param("đầy\n\n4/7\n\nđủ", id="of-pages"),
]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("page_break", PAGE_BREAKS)
def test_page_numbers_inside_paragraphs(variant, page_break):
    text = f"Mở đầu.\n\n3\n\nKế hoạch phải được thực hiện {page_break}, bảo đảm thực chất."
    assert_texts(
        read_text(variant(text)),
        ["Mở đầu.", "Kế hoạch phải được thực hiện đầy đủ, bảo đảm thực chất."],
    )


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "header",
    ["THANH TRA TỈNH - KẾ HOẠCH CCHC NĂM 2025", "Kế hoạch số 90/KH-STP ngày 20/5/2025"],
)
def test_running_headers_inside_paragraphs(variant, header):
    pages = [
        "Đoạn thứ nhất của trang một được viết",
        f"2\n\n{header}\n\ntiếp sang trang hai.\n\nĐoạn thứ hai của trang hai được viết",
        f"3\n\n{header}\n\ntiếp sang trang ba.",
    ]
    assert_texts(
        read_text(variant("\n".join(pages))),
        [
            "Đoạn thứ nhất của trang một được viết tiếp sang trang hai.",
            "Đoạn thứ hai của trang hai được viết tiếp sang trang ba.",
        ],
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_number_out_of_page_sequence_stays(variant):
    text = "Số lượng hồ sơ:\n\n250\n\nđược giải quyết."
    assert_texts(read_text(variant(text)), ["Số lượng hồ sơ:", "250 được giải quyết."])


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "request_words",
    ["Đề nghị", "Dé nghi", "De nghi", "Pề nghị", "Ðề nghị"],
)
def test_requested_body_with_dd_misread(variant, request_words):
    items = (
        "III. TỔ CHỨC THỰC HIỆN",
        f"1. {request_words} Ủy ban MTTQ Việt Nam huyện",
        "- Phối hợp tuyên truyền.",
    )
    part = responsibilities_part(build_outline(copy_blocks(make_blocks(*items), variant)))
    (duty,), _tasks = responsibilities(part, 2024)
    assert duty["requested"]
    assert reads_as(duty["unit"].text, "Ủy ban MTTQ Việt Nam huyện"), duty["unit"].text


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("title", "unit"),
    [
        pytest.param("Thủ trưởng các cơ quan, đơn vị", "các cơ quan, đơn vị", id="as-written"),
        pytest.param("Thu trudéng cac co quan, don vi", "cac co quan, don vi", id="holder-eng"),
        pytest.param("Chu tich UBND cac x§, thi tran", "UBND cac x§, thi tran", id="chair-eng"),
        pytest.param("Trung tâm Văn hóa và Thể thao", "Trung tâm Văn hóa và Thể thao", id="trung"),
    ],
)
def test_office_holders_stand_for_their_units(variant, title, unit):
    items = ("III. TỔ CHỨC THỰC HIỆN", f"1. {title}", "- Triển khai kế hoạch.")
    part = responsibilities_part(build_outline(copy_blocks(make_blocks(*items), variant)))
    (duty,), _tasks = responsibilities(part, 2024)
    assert reads_as(duty["unit"].text, unit), duty["unit"].text


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("title", ["Chế độ báo cáo", "Ché dé bao cao", "Kinh phi thuc hién"])
def test_sections_that_name_no_unit(variant, title):
    items = (
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Phòng Nội vụ",
        "- Theo dõi.",
        f"2. {title}",
        "- Hằng quý.",
    )
    part = responsibilities_part(build_outline(copy_blocks(make_blocks(*items), variant)))
    found, _tasks = responsibilities(part, 2024)
    assert [reads_as(duty["unit"].text, "Phòng Nội vụ") for duty in found] == [True]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "closing", ["Nơi nhận:", "Noi nhan:", "*** Nii nhan:***", "N¢i nhan:", "Noinhan:"]
)
def test_recipients_close_every_section(variant, closing):
    items = ("III. TỔ CHỨC THỰC HIỆN", "1. Phòng Nội vụ", "- Theo dõi.", closing, "- Như trên;")
    sections = build_outline(copy_blocks(make_blocks(*items), variant))
    assert [s.kind for s in sections[0].walk()] == ["root", "roman", "arabic", "bullet", "bullet"]
    assert sections[0].children[-1].kind == "bullet"  # "- Như trên" under the root


@pytest.mark.parametrize(
    "line",
    [
        "## 1. Mục đích",
        "#t Nâng cao Chỉ số",
        "ft **2, Yêu cầu**",
        "tt **2. Phòng Nội vụ**",
        "HH **2,. Yeu cau**",
        "?##Ht **1. Đề nghị**",
        "?H† **5. Trung tâm**",
        "#H## 1. Muc dich",
        "ft Nâng cao Chỉ số",
        "Ht Đề nghị",
    ],
)
def test_markdown_heading_marks_as_ocr_reads_them(line):
    block = text_block(line)
    assert block.kind == BlockKind.HEADING
    assert not re.match(r"[#?Hft†]", block.text), block.text


@pytest.mark.parametrize(
    "line", ["ft là viết tắt", "Hà Nội", "tt. Văn Quan", "tt Văn Quan", "HH bị hỏng"]
)
def test_words_like_heading_marks_stay(line):
    assert text_block(line).text == line


@pytest.mark.parametrize(
    ("phrase", "read", "matches"),
    [
        ("nhom", "nhem", True),  # "nhóm" read "nhém"
        ("nhom", "nham", False),  # "nhằm" is another word
        ("mat tran to quoc", "mat tran t6 quec", True),
        ("thanh pho", "thanh phe", True),
        ("thanh pho", "thanh phan", False),
        ("phuong", "phwong", True),
        ("xa", "x", True),  # "xã" read "x§": the mark is no letter
        ("xa", "x4", True),
        ("thu truong", "thu trudeng", True),
        ("truong", "trung", False),  # a vowel pair is not read as one vowel
        ("che do bao cao", "che de bao cao", True),
        ("noi nhan", "nii nhan", True),
        ("noi nhan", "noinhan", True),
        ("dan dau", "dan dau", True),
    ],
)
def test_ocr_pattern(phrase, read, matches):
    assert bool(re.fullmatch(ocr_pattern(phrase), read)) is matches


HEADER = ("STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì", "Thời gian hoàn thành")


def task_row(number: str, text: str) -> tuple[str, ...]:
    return (number, text, "Văn phòng Sở", "Năm 2025")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        # "§…" is a section row (its label, then its title); the others are task numbers.
        pytest.param(
            ["§I", "1", "2", "§II", "1", "2"], ["I.1", "I.2", "II.1", "II.2"], id="as-written"
        ),
        pytest.param(
            ["§I", "1", "3", "sử", "§H", "l", "2"],
            ["I.1", "I.2", "I.3", "II.1", "II.2"],
            id="misread-numbers-and-II-read-H",
        ),
        pytest.param(
            ["§I", "1", "§I", "1", "§Vv", "1"], ["I.1", "II.1", "III.1"], id="roman-read-again"
        ),
        pytest.param(
            ["§I", "1", "?", "3", "§?", "?"], ["I.1", "I.2", "I.3", "II.1"], id="unread-marks"
        ),
        pytest.param(
            ["§I", "1", "2", "§II", "3", "4"], ["I.1", "I.2", "II.3", "II.4"], id="numbered-on"
        ),
        pytest.param(["§", "1", "2"], ["1", "2"], id="section-without-label"),
    ],
)
def test_table_row_numbers_read_in_sequence(variant, labels, expected):
    titles = iter(["CẢI CÁCH THỂ CHẾ", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "CẢI CÁCH TỔ CHỨC BỘ MÁY"])
    rows = [HEADER]
    for label in labels:
        if label.startswith("§"):
            rows.append((label[1:], next(titles)))
        else:
            rows.append(task_row(label, f"Nhiệm vụ số {len(rows)} về cải cách"))
    found = tasks_from_tables(copy_blocks(make_blocks(*rows), variant), 2025, "PAR")
    assert [task.ordinal for task in found.tasks] == expected


def ruled_table(font_path: str) -> Image.Image:
    """A page image of a ruled task table, as a scanner gives one at 300 dpi."""
    image = Image.new("L", (2400, 1000), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path, 40)
    columns, rows = (150, 350, 1300, 1900, 2250), (200, 300, 450, 600, 750)
    for x in columns:
        draw.line([(x, rows[0]), (x, rows[-1])], fill="black", width=3)
    for y in rows:
        draw.line([(columns[0], y), (columns[-1], y)], fill="black", width=3)
    cells = [
        ("STT", "Nhiệm vụ cụ thể", "Cơ quan chủ trì", "Thời gian"),
        ("1", "Rà soát thủ tục hành chính", "Văn phòng Sở", "Năm 2025"),
        ("2", "Số hóa hồ sơ", "Thanh tra Sở", "Quý II/2025"),
        ("3", "Tuyên truyền cải cách", "Văn phòng Sở", "Thường xuyên"),
    ]
    for row, top in zip(cells, rows, strict=False):
        for text, left in zip(row, columns, strict=False):
            draw.text((left + 20, top + 25), text, fill="black", font=font)
    return image


def test_rules_are_found_in_the_image():
    if not FONT:
        pytest.skip("no TrueType font with Vietnamese letters (install fonts-dejavu-core)")
    found = find_rules(ruled_table(FONT), 300)
    assert sorted(round(r.at) for r in found if not r.horizontal) == [150, 350, 1300, 1900, 2250]
    assert sorted(round(r.at) for r in found if r.horizontal) == [200, 300, 450, 600, 750]
    assert all(r.end - r.start > 500 for r in found)


@pytest.mark.skipif(not ocr._has_vietnamese(), reason="Debian's tesseract-ocr-vie")
def test_a_scanned_table_gives_its_rows(tmp_path):
    if not FONT:
        pytest.skip("no TrueType font with Vietnamese letters (install fonts-dejavu-core)")
    path = tmp_path / "bang.png"
    ruled_table(FONT).save(path, dpi=(300, 300))
    rows = [b for b in read_document(path) if b.kind == BlockKind.ROW]
    assert [len(b.cells) for b in rows] == [4, 4, 4, 4]
    assert [b.cells[0] for b in rows] == ["STT", "1", "2", "3"]
    assert reads_as(rows[2].cells[1], "Số hóa hồ sơ") and reads_as(rows[2].cells[2], "Thanh tra Sở")
    assert reads_as(rows[3].cells[3], "Thường xuyên")
