"""Reports due under the reporting regime, and plans asked of units by a date."""

import datetime

import pytest

from chiso.docimport.parsing.schedule import parse_child_plans, parse_schedule
from chiso.docimport.readers import read_document

from .damage import VARIANTS, copy_blocks, make_blocks, reads_as

D = datetime.date


def assert_reports(found, expected) -> None:
    """Period, data window and due date exactly; the label as written, up to damage."""
    assert [(r.period, r.data_from, r.data_to, r.due) for r in found] == [e[1:] for e in expected]
    assert all(reads_as(r.label, e[0]) for r, e in zip(found, expected, strict=True))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            (
                "5. Chế độ báo cáo",
                "- Báo cáo quý I gửi trước ngày 18/3/2025 (số liệu tính từ ngày 15/12/2024 đến"
                " ngày 14/3/2025).",
                "- Báo cáo năm gửi trước ngày 02/01/2026 (số liệu tính từ ngày 01/01/2025 đến"
                " ngày 31/12/2025).",
            ),
            [
                ("Báo cáo quý I", "quarter", D(2024, 12, 15), D(2025, 3, 14), D(2025, 3, 18)),
                ("Báo cáo năm", "year", D(2025, 1, 1), D(2025, 12, 31), D(2026, 1, 2)),
            ],
            id="dated-reports-with-data-windows",
        ),
        pytest.param(
            (
                "IV. CHẾ ĐỘ BÁO CÁO",
                "Định kỳ hằng quý, 6 tháng, năm các phòng báo cáo kết quả về Văn phòng Sở.",
            ),
            [
                ("hằng quý", "quarter", None, None, None),
                ("6 tháng", "half_year", None, None, None),
                ("năm", "year", None, None, None),
            ],
            id="periodic-without-dates",
        ),
        pytest.param(
            (
                "3. Chế độ báo cáo",
                "Báo cáo 6 tháng gửi trước ngày 15/6/2025; báo cáo năm gửi chậm nhất ngày"
                " 15/12/2025.",
            ),
            [
                ("Báo cáo 6 tháng", "half_year", None, None, D(2025, 6, 15)),
                ("báo cáo năm", "year", None, None, D(2025, 12, 15)),
            ],
            id="two-reports-in-a-sentence",
        ),
        pytest.param(
            (
                "III. TỔ CHỨC THỰC HIỆN",
                "3. Giao Văn phòng tổng hợp, thực hiện chế độ báo cáo định kỳ hoặc đột xuất.",
                "4. Phòng Nội vụ kiểm tra thường xuyên, đột xuất việc chấp hành kỷ luật.",
            ),
            [("báo cáo định kỳ hoặc đột xuất", "ad_hoc", None, None, None)],
            id="reporting-regime-named-outside-its-section",
        ),
        pytest.param(
            (
                "6. Chế độ báo cáo",
                "- Báo cáo hằng tháng gửi Văn phòng Sở.",
                "7. Kinh phí",
                "- Bố trí kinh phí 6 tháng đầu năm.",
            ),
            [("Báo cáo hằng tháng", "month", None, None, None)],
            id="section-ends-at-the-next-heading",
        ),
        pytest.param(("Báo cáo kết quả thực hiện năm 2024.",), [], id="no-reporting-part"),
    ],
)
def test_parse_schedule(variant, items, expected):
    assert_reports(parse_schedule(copy_blocks(make_blocks(*items), variant)), expected)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            (
                "8. Chủ tịch UBND các xã, thị trấn",
                "- Tuyên truyền đến cán bộ, công chức cấp xã.",
                "- Căn cứ tình hình địa phương, xây dựng kế hoạch thực hiện; kế hoạch gửi về UBND"
                " huyện (qua Phòng Nội vụ) chậm nhất ngày 31/5/2024.",
            ),
            [("UBND các xã, thị trấn", D(2024, 5, 31), 2)],
            id="units-from-the-heading",
        ),
        pytest.param(
            (
                "III. TỔ CHỨC THỰC HIỆN",
                "Đề nghị UBND các phường, xã xây dựng kế hoạch triển khai, gửi về Phòng Nội vụ"
                " trước ngày 15/6/2024.",
            ),
            [("UBND các phường, xã", D(2024, 6, 15), 1)],
            id="units-asked-in-the-sentence",
        ),
        pytest.param(
            (
                "2. Thủ trưởng các cơ quan, đơn vị thuộc UBND huyện",
                "Xây dựng kế hoạch thực hiện Kế hoạch số 105/KH-UBND ngày 14/5/2024 của UBND tỉnh.",
                "Báo cáo kết quả gửi trước ngày 15/12/2024.",
                ("1", "Xây dựng kế hoạch kiểm tra", "Trước ngày 15/3/2025"),
            ),
            [],
            id="no-due-date-a-report-a-table-row",
        ),
    ],
)
def test_parse_child_plans(variant, items, expected):
    found = parse_child_plans(copy_blocks(make_blocks(*items), variant))
    assert [(c.due, c.block_index) for c in found] == [e[1:] for e in expected]
    assert all(reads_as(c.units_text, e[0]) for c, e in zip(found, expected, strict=True))


GOLDEN_REPORTS = {
    "van-quan-2024-papi-ke-hoach.txt": [
        ("Báo cáo 6 tháng đầu năm", "half_year", D(2024, 1, 1), D(2024, 6, 30), D(2024, 7, 2)),
        ("Báo cáo năm", "year", D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 2)),
    ],
    # "thực hiện chế độ báo cáo định kỳ hoặc đột xuất theo yêu cầu": periods not named.
    "thanh-tra-tinh-2025-ke-hoach.txt": [
        ("báo cáo định kỳ hoặc đột xuất", "ad_hoc", None, None, None)
    ],
    **{f"tp-lang-son-2024-ke-hoach{suffix}": [] for suffix in (".md", ".docx", ".pdf")},
    "so-xay-dung-2025-phu-luc-I.txt": [],
}
GOLDEN_CHILD_PLANS = {
    "van-quan-2024-papi-ke-hoach.txt": [
        ("các cơ quan, đơn vị thuộc UBND huyện", D(2024, 5, 31)),
        ("UBND các xã, thị trấn", D(2024, 5, 31)),
    ],
    **{
        f"tp-lang-son-2024-ke-hoach{suffix}": [("UBND các phường, xã", D(2024, 6, 15))]
        for suffix in (".md", ".docx", ".pdf")
    },
    "thanh-tra-tinh-2025-ke-hoach.txt": [],
    "so-xay-dung-2025-phu-luc-I.txt": [],
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", sorted(GOLDEN_REPORTS))
def test_corpus_schedule(corpus, variant, name):
    blocks = copy_blocks(read_document(corpus / name), variant)
    assert_reports(parse_schedule(blocks), GOLDEN_REPORTS[name])


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", sorted(GOLDEN_CHILD_PLANS))
def test_corpus_child_plans(corpus, variant, name):
    found = parse_child_plans(copy_blocks(read_document(corpus / name), variant))
    expected = GOLDEN_CHILD_PLANS[name]
    assert [c.due for c in found] == [due for _units, due in expected]
    assert all(reads_as(c.units_text, e[0]) for c, e in zip(found, expected, strict=True))


def test_corpus_reports_as_written(corpus):
    blocks = read_document(corpus / "van-quan-2024-papi-ke-hoach.txt")
    assert [r.label for r in parse_schedule(blocks)] == ["Báo cáo 6 tháng đầu năm", "Báo cáo năm"]


def test_plan_year_completes_a_due_date_written_without_one():
    blocks = make_blocks(
        "5. Chế độ báo cáo", "Báo cáo năm gửi trước ngày 15/12 (số liệu từ ngày 16/12/2024)."
    )
    (report,) = parse_schedule(blocks, year=2025)
    assert (report.due, report.data_from, report.data_to) == (
        D(2025, 12, 15),
        D(2024, 12, 16),
        None,
    )
    (child,) = parse_child_plans(
        make_blocks("Đề nghị UBND các xã xây dựng kế hoạch, gửi trước ngày 15/6."), year=2024
    )
    assert child.due == D(2024, 6, 15)
