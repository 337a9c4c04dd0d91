"""The report as Word (official layout) and as Excel reads back with what the unit reported."""

import datetime
import io

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from openpyxl import load_workbook

from chiso.reporting.excel_report import report_xlsx
from chiso.reporting.report_context import document_date, document_number
from chiso.reporting.report_data import collect
from chiso.reporting.word_report import report_docx
from chiso.tracking.models import ProgressUpdate

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> tuple[DocxDocument, str]:
    document = Document(io.BytesIO(content))
    cells = [
        paragraph.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]
    return document, "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def data(org, plans, half_year):
    return collect(org.dept_a, half_year.period, TODAY)


def test_word_report_has_the_heading_block_and_every_task(data):
    _document, text = docx_text(report_docx(data))
    for expected in (
        "UBND TỈNH THỬ",
        "SỞ XÂY DỰNG",
        "Số:         /BC-SXD",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thử, ngày 02 tháng 7 năm 2025",
        "BÁO CÁO",
        "6 tháng đầu năm 2025",
        "Rà soát thủ tục của Sở Xây dựng",
        "Đã rà soát 12 thủ tục hành chính",
        "Ban hành quy chế phối hợp",
        "+ Nguyên nhân: Đang chờ ý kiến góp ý của Sở Tư pháp",
        "Việc của Sở Xây dựng (Kế hoạch số 1/KH-UBND)",
        "+ Kết quả: Chưa báo cáo",
        "Có nguy cơ",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nơi nhận:",
        "- UBND tỉnh Thử (b/c);",
        "- Lưu: VT.",
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        "Trần Văn Bình",
    ):
        assert expected in text, expected
    assert "Bản sửa chưa duyệt" not in text and "Việc của Sở Tư pháp" not in text


def test_word_report_layout(data):
    document, _text = docx_text(report_docx(data))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin)
    assert [round(size.cm, 1) for size in sizes] == [21.0, 29.7, 3.0, 1.5]  # A4, the decree
    assert document.styles["Normal"].font.name == "Times New Roman"
    heading, targets, closing = document.tables
    assert heading.style.name == closing.style.name == "Normal Table"  # no borders
    assert targets.style.name == "Table Grid"
    motto = heading.rows[0].cells[1].paragraphs[0].runs[0]
    assert motto.bold and motto.text.isupper()
    date = heading.rows[1].cells[1].paragraphs[0].runs[0]
    assert date.italic


def test_word_report_arguments_replace_the_defaults(data):
    _document, text = docx_text(
        report_docx(
            data,
            number="45/BC-SXD",
            place="Lạng Sơn",
            signer="Nguyễn Thị Hoa",
            signer_title="GIÁM ĐỐC",
            recipients=["Sở Nội vụ;", "Lưu: VT, VP"],
        )
    )
    assert "Số: 45/BC-SXD" in text and "Lạng Sơn, ngày 02 tháng 7 năm 2025" in text
    assert "- Sở Nội vụ;\n- Lưu: VT, VP." in text
    assert "GIÁM ĐỐC" in text and "Nguyễn Thị Hoa" in text and "Trần Văn Bình" not in text


def test_a_report_without_tasks_or_targets_says_so(org, plans, half_year):
    _document, text = docx_text(report_docx(collect(org.snv, half_year.period, TODAY)))
    assert "Tổng số nhiệm vụ đơn vị chủ trì: 0" in text
    assert "Không có nhiệm vụ chậm tiến độ." in text
    assert "không đặt mục tiêu định lượng" in text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 2, 5), "Lạng Sơn, ngày 05 tháng 02 năm 2025"),
        (datetime.date(2025, 11, 15), "Lạng Sơn, ngày 15 tháng 11 năm 2025"),
    ],
)
def test_document_date(day, expected):
    assert document_date("Lạng Sơn", day) == expected


def test_document_number():
    assert document_number("", "STP") == "        /BC-STP"
    assert document_number("12", "STP") == "12/BC-STP"
    assert document_number("12/BC-VP", "STP") == "12/BC-VP"


def test_excel_report_has_three_sheets(data):
    workbook = load_workbook(io.BytesIO(report_xlsx(data)))
    assert workbook.sheetnames == ["Nhiệm vụ", "Mục tiêu", "Chậm tiến độ"]
    tasks = list(workbook["Nhiệm vụ"].iter_rows(values_only=True))
    assert tasks[0][:3] == ("Thành phần chỉ số", "STT", "Nhiệm vụ")
    review = next(row for row in tasks if row[2] == "Rà soát thủ tục của Sở Xây dựng")
    assert review[0] == "Cải cách thủ tục hành chính (PAR.3)"
    assert review[5:] == ("Đang thực hiện", 60, "Đã rà soát 12 thủ tục hành chính")
    targets = list(workbook["Mục tiêu"].iter_rows(min_row=2, values_only=True))
    assert [row[-1] for row in targets] == ["Đạt", "Có nguy cơ", "Chưa có số liệu"]
    (late,) = workbook["Chậm tiến độ"].iter_rows(min_row=2, values_only=True)
    assert late[1] == "Ban hành quy chế phối hợp" and late[-1].startswith("Đang chờ")


def test_excel_keeps_text_that_looks_like_a_formula(org, plans, half_year):
    ProgressUpdate.objects.filter(narrative__startswith="Đã rà soát").update(
        narrative='=HYPERLINK("http://x")'
    )
    workbook = load_workbook(io.BytesIO(report_xlsx(collect(org.dept_a, half_year.period, TODAY))))
    cell = next(
        row[7] for row in workbook["Nhiệm vụ"].iter_rows() if row[2].value.startswith("Rà soát")
    )
    assert cell.data_type == "s"
