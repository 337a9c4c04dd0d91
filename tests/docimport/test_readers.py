"""Readers: every corpus file read into blocks, its three forms alike, hand-made files, OCR."""

import re
from pathlib import Path

import docx
import pdfplumber.page
import pytest
from docx.shared import Cm
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz import fuzz

from chiso.docimport import readers
from chiso.docimport.blocks import Block, BlockKind, DocumentError, join_lines
from chiso.docimport.readers import ocr, read_document
from chiso.vietnamese.text import search_key

from .corpus_files import CORPUS_FILES

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]
ROMAN = re.compile(r"^[IVX]+$")


def texts(blocks, kind=None):
    return [b.text for b in blocks if kind is None or b.kind == kind]


def rows(blocks):
    return [b for b in blocks if b.kind == BlockKind.ROW]


@pytest.fixture
def font() -> Path:
    found = next((f for f in FONTS if f.exists()), None)
    if not found:
        pytest.skip("no TrueType font with Vietnamese letters (install fonts-dejavu-core)")
    return found


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_corpus_file_reads(corpus, name):
    blocks = read_document(corpus / name)
    assert len(blocks) > 30
    assert [b.index for b in blocks] == list(range(len(blocks)))
    assert all(b.text == b.text.strip() and b.text for b in blocks)


@pytest.mark.parametrize("suffix", ["txt", "docx", "pdf"])
def test_appendix_gives_42_tasks_under_8_fields(corpus, suffix):
    table = rows(read_document(corpus / f"so-xay-dung-2025-phu-luc-I.{suffix}"))
    assert {b.table for b in table} == {1}
    assert search_key(table[0].cells[0]) == "stt" and len(table[0].cells) == 6
    fields = [b for b in table if ROMAN.match(b.cells[0])]
    tasks = [b for b in table if b.cells[0].isdigit()]
    assert [b.cells[0] for b in fields] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert all(len(b.cells) == 2 for b in fields)
    assert len(tasks) == 42 and all(len(b.cells) == 6 for b in tasks)
    assert len(table) == 1 + 8 + 42


def appendix_cells(blocks):
    return [tuple(search_key(c) for c in b.cells) for b in rows(blocks)]


def test_appendix_forms_give_the_same_cells(corpus):
    txt, docx_, pdf = (
        appendix_cells(read_document(corpus / f"so-xay-dung-2025-phu-luc-I.{suffix}"))
        for suffix in ("txt", "docx", "pdf")
    )
    assert docx_ == txt
    assert pdf == txt  # including the rows cut by page breaks, merged back


def test_appendix_pdf_without_rules_is_read_by_columns(corpus, monkeypatch):
    expected = appendix_cells(read_document(corpus / "so-xay-dung-2025-phu-luc-I.docx"))
    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", lambda self, *a, **k: [])
    blocks = read_document(corpus / "so-xay-dung-2025-phu-luc-I.pdf")
    assert appendix_cells(blocks) == expected
    assert {b.table for b in rows(blocks)} == {1}


def test_city_plan_forms_give_the_same_headings(corpus):
    headings = [
        texts(read_document(corpus / f"tp-lang-son-2024-ke-hoach.{suffix}"), BlockKind.HEADING)
        for suffix in ("md", "docx", "pdf")
    ]
    assert headings[1] == headings[0] and headings[2] == headings[0]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in headings[0]
    assert "III. TỔ CHỨC THỰC HIỆN" in headings[0]
    bodies = headings[0][headings[0].index("III. TỔ CHỨC THỰC HIỆN") + 1 :]
    assert [h.split(".")[0] for h in bodies[:6]] == ["1", "2", "3", "4", "5", "6"]
    assert bodies[0] == "1. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Lạng Sơn"
    assert bodies[5] == "6. UBND các phường, xã"


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_city_plan_issuer_block_is_one_row_of_two_cells(corpus, suffix):
    first = read_document(corpus / f"tp-lang-son-2024-ke-hoach.{suffix}")[0]
    assert first.kind == BlockKind.ROW
    assert first.cells == (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN\nSố: /KH-UBND",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "TP. Lạng Sơn, ngày 07 tháng 6 năm 2024",
    )


def test_city_plan_sentence_split_over_two_paragraphs_is_joined(corpus):
    for suffix in ("md", "docx", "pdf"):
        blocks = read_document(corpus / f"tp-lang-son-2024-ke-hoach.{suffix}")
        joined = [t for t in texts(blocks) if "uy tín của chính quyền các cấp" in t]
        assert len(joined) == 1, suffix


def test_narrative_text_sentences_are_joined(corpus):
    blocks = read_document(corpus / "van-quan-2024-papi-ke-hoach.txt")
    basis = [t for t in texts(blocks) if "105/KH-UBND ngày 14/5/2024" in t]
    assert len(basis) == 1
    assert basis[0].startswith("Thực hiện Kế hoạch số 105/KH-UBND")
    assert "Ủy ban nhân dân tỉnh Lạng Sơn" in basis[0] and basis[0].endswith("như sau:")
    assert "- Ủy ban MTTQ Việt Nam huyện và các tổ chức CT-XH huyện;" in texts(blocks)
    assert "5. Phòng Văn hóa và Thông tin huyện" in texts(blocks)  # the heading, not its text
    report = [t for t in texts(blocks) if t.startswith("- Báo cáo 6 tháng")]
    assert report == [
        "- Báo cáo 6 tháng đầu năm gửi trước ngày 02/7/2024 (số liệu tính từ ngày "
        "01/01/2024 đến ngày 30/6/2024)."
    ]


def test_narrative_text_keeps_header_items_and_signature_apart(corpus):
    found = texts(read_document(corpus / "thanh-tra-tinh-2025-ke-hoach.txt"))
    assert found[:7] == [
        "UBND TỈNH LẠNG SƠN",
        "THANH TRA TỈNH",
        "Số: /KH-TTr",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lạng Sơn, ngày 14 tháng 6 năm 2025",
        "KẾ HOẠCH",
    ]
    assert "a) Công tác chỉ đạo, điều hành CCHC:" in found
    assert found[-3:] == ["KT. CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "Nguyễn Mai Loan"]


def test_docx_keeps_body_order(corpus):
    blocks = read_document(corpus / "so-xay-dung-2025-phu-luc-I.docx")
    kinds = [b.kind for b in blocks]
    first_row = kinds.index(BlockKind.ROW)
    assert texts(blocks)[:first_row][0] == "Phụ lục I"
    assert "(Kèm theo" in blocks[first_row - 1].text
    assert all(k == BlockKind.ROW for k in kinds[first_row:])


def test_join_lines_rules():
    assert join_lines(["Thực hiện Kế hoạch của Ủy ban nhân", "", "dân tỉnh Lạng Sơn như sau:"]) == [
        "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh Lạng Sơn như sau:"
    ]
    assert join_lines(["I. MỤC ĐÍCH", "1. Mục đích", "a) Phát huy", "- Một", "+ Hai"]) == [
        "I. MỤC ĐÍCH",
        "1. Mục đích",
        "a) Phát huy",
        "- Một",
        "+ Hai",
    ]
    assert join_lines(["các tổ chức CT-", "XH huyện;"]) == ["các tổ chức CT-XH huyện;"]
    assert join_lines(["Xong rồi.", "Câu sau"]) == ["Xong rồi.", "Câu sau"]
    assert join_lines(["Nơi nhận:", "- Sở Nội vụ;", "Số: 12/KH"]) == [
        "Nơi nhận:",
        "- Sở Nội vụ;",
        "Số: 12/KH",
    ]
    # a blank line is a break only when asked, and never before a lower-case continuation
    assert join_lines(["Một đoạn", "", "Đoạn khác"], blank_is_break=True) == [
        "Một đoạn",
        "Đoạn khác",
    ]
    assert join_lines(["uy tín của", "", "chính quyền"], blank_is_break=True) == [
        "uy tín của chính quyền"
    ]


def test_markdown_tables_headings_and_emphasis(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(
        "# **KẾ HOẠCH**\n\nMột câu *nhấn mạnh* bị\n\nngắt dòng.\n\n"
        "| STT | Nhiệm vụ |\n|---|:---:|\n| 1 | Rà soát **TTHC** |\n| 2 | Báo cáo |\n\nHết.\n",
        encoding="utf-8",
    )
    blocks = read_document(path)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.HEADING, "KẾ HOẠCH"),
        (BlockKind.PARAGRAPH, "Một câu nhấn mạnh bị ngắt dòng."),
        (BlockKind.ROW, "STT | Nhiệm vụ"),
        (BlockKind.ROW, "1 | Rà soát TTHC"),
        (BlockKind.ROW, "2 | Báo cáo"),
        (BlockKind.PARAGRAPH, "Hết."),
    ]
    assert {b.table for b in rows(blocks)} == {1}


def test_text_with_tab_separated_cells(tmp_path):
    path = tmp_path / "bang.txt"
    path.write_text("Bảng\n\n\tSTT\n\tNhiệm vụ\n\n\t1\n\tRà soát\n\nSau bảng.\nTT\tViệc\tHạn\n")
    blocks = read_document(path)
    assert [(b.kind, b.cells, b.table) for b in blocks] == [
        (BlockKind.PARAGRAPH, (), None),
        (BlockKind.ROW, ("STT", "Nhiệm vụ"), 1),
        (BlockKind.ROW, ("1", "Rà soát"), 1),
        (BlockKind.PARAGRAPH, (), None),
        (BlockKind.ROW, ("TT", "Việc", "Hạn"), 2),
    ]


def test_docx_merged_cells_header_table_and_nested_table(tmp_path):
    document = docx.Document()
    header = document.sections[0].header
    issuer = header.add_table(rows=1, cols=2, width=Cm(16))
    issuer.cell(0, 0).text = "SỞ XÂY DỰNG\nSố: 55/KH-SXD"
    issuer.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.add_heading("I. MỤC ĐÍCH", level=1)
    document.add_paragraph("Trước bảng.")
    table = document.add_table(rows=3, cols=3)
    for col, title in enumerate(("STT", "Nhiệm vụ", "Hạn")):
        table.cell(0, col).text = title
    table.cell(1, 1).merge(table.cell(1, 2)).text = "gộp ngang"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "gộp dọc"
    table.cell(2, 1).text = "Rà soát"
    nested = table.cell(2, 2).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "Quý II", "2025"
    document.add_paragraph("Sau bảng.")
    path = tmp_path / "plan.docx"
    document.save(path)

    blocks = read_document(path)
    assert [(b.kind, b.cells or b.text, b.table, b.source) for b in blocks] == [
        (
            BlockKind.ROW,
            ("SỞ XÂY DỰNG\nSố: 55/KH-SXD", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            1,
            "header",
        ),
        (BlockKind.HEADING, "I. MỤC ĐÍCH", None, "body"),
        (BlockKind.PARAGRAPH, "Trước bảng.", None, "body"),
        (BlockKind.ROW, ("STT", "Nhiệm vụ", "Hạn"), 2, "body"),
        (BlockKind.ROW, ("gộp dọc", "gộp ngang"), 2, "body"),
        (BlockKind.ROW, ("", "Rà soát", "Quý II 2025"), 2, "body"),
        (BlockKind.PARAGRAPH, "Sau bảng.", None, "body"),
    ]


def test_generated_pdf_paragraph_and_table_over_pages(tmp_path, font):
    fpdf = pytest.importorskip("fpdf")
    sentence = (
        "Thực hiện Kế hoạch số 146/KH-UBND ngày 29/5/2025 của UBND tỉnh về nâng cao Chỉ số cải "
        "cách hành chính, Chỉ số hài lòng về sự phục vụ hành chính và Chỉ số hiệu quả quản trị "
        "và hành chính công cấp tỉnh năm 2025, Thanh tra tỉnh xây dựng kế hoạch như sau:"
    )
    pdf = fpdf.FPDF()
    pdf.add_font("body", fname=str(font))
    pdf.add_font("body", style="B", fname=str(font))  # table headings are bold
    pdf.set_font("body", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 7, sentence)
    pdf.ln(5)
    with pdf.table(col_widths=(15, 95, 40, 40), repeat_headings=1) as table:
        table.row(["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"])
        for n in range(1, 61):
            table.row([str(n), f"Nhiệm vụ số {n} về cải cách", "Văn phòng Sở", "Năm 2025"])
    pdf.ln(5)
    pdf.multi_cell(0, 7, "Nơi nhận:")
    path = tmp_path / "generated.pdf"
    pdf.output(str(path))

    blocks = read_document(path)
    assert blocks[0].text == sentence
    table_rows = rows(blocks)
    assert [b.cells[0] for b in table_rows] == ["STT", *map(str, range(1, 61))]
    assert table_rows[-1].cells == ("60", "Nhiệm vụ số 60 về cải cách", "Văn phòng Sở", "Năm 2025")
    assert {b.table for b in table_rows} == {1} and table_rows[-1].page > 1
    assert blocks[-1].text == "Nơi nhận:"


def sentence_image(font: Path) -> Image.Image:
    image = Image.new("L", (1800, 260), "white")
    draw = ImageDraw.Draw(image)
    draw.text((40, 80), OCR_SENTENCE, fill="black", font=ImageFont.truetype(str(font), 44))
    return image


OCR_SENTENCE = "Nâng cao chất lượng giải quyết thủ tục hành chính năm 2025."


@pytest.mark.parametrize("suffix", ["png", "pdf"])
def test_ocr_of_image_and_scanned_pdf(tmp_path, font, suffix):
    path = tmp_path / f"scan.{suffix}"
    sentence_image(font).save(path, resolution=150)
    if not ocr._has_vietnamese():
        with pytest.raises(DocumentError, match="tesseract-ocr-vie"):
            read_document(path)
        return
    blocks = read_document(path)
    got = search_key(" ".join(texts(blocks)))
    assert fuzz.ratio(got, search_key(OCR_SENTENCE)) >= 80, got


def test_missing_tesseract_names_the_packages(tmp_path, font, monkeypatch):
    path = tmp_path / "scan.png"
    sentence_image(font).save(path)
    monkeypatch.setattr(ocr, "_has_vietnamese", lambda: False)
    with pytest.raises(DocumentError) as raised:
        read_document(path, name="ban-quet.png")
    message = str(raised.value)
    assert "ban-quet.png" in message
    assert "tesseract-ocr" in message and "tesseract-ocr-vie" in message


def test_ocr_words_come_with_their_places_in_points():
    tsv = "\n".join(
        [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth"
            "\theight\tconf\ttext",
            "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t",
            "5\t1\t1\t1\t1\t1\t300\t600\t150\t50\t96.1\tThực",
            "5\t1\t1\t1\t1\t2\t470\t600\t20\t60\t40.0\t|",  # a rule read as a bar
            "5\t1\t1\t1\t1\t3\t500\t600\t120\t50\t91.0\t|hiện",
        ]
    )
    words = ocr.words_from_tsv(tsv, 72 / 300)
    assert [(w["text"], w["x0"], w["top"]) for w in words] == [
        ("Thực", 72, 144),
        ("hiện", 120, 144),
    ]


def test_supported_suffixes_are_read():
    assert {".txt", ".md", ".docx", ".pdf", ".png", ".jpg", ".tif"} <= set(readers.SUPPORTED)
    assert readers.MAX_PAGES == 300


def test_pdf_blocks_know_their_page_and_round_trip_through_json(corpus):
    blocks = read_document(corpus / "tp-lang-son-2024-ke-hoach.pdf")
    assert [Block.from_json(b.to_json()) for b in blocks] == blocks
    pages = [b.page for b in blocks]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 6
