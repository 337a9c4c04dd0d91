"""Reading a published results table of an index: as published, as typed, and refused."""

import csv
from decimal import Decimal

import openpyxl
import pytest

from chiso.metrics.reading import FileError
from chiso.scoring.results_file import CellError, ResultsRefused, read_results

PAPI = {
    "PAPI.1": "Tham gia của người dân ở cấp cơ sở",
    "PAPI.2": "Công khai, minh bạch trong việc ra quyết định ở địa phương",
    "PAPI.3": "Trách nhiệm giải trình với người dân",
    "PAPI.4": "Kiểm soát tham nhũng trong khu vực công",
    "PAPI.5": "Thủ tục hành chính công",
    "PAPI.6": "Cung ứng dịch vụ công",
    "PAPI.7": "Quản trị môi trường",
    "PAPI.8": "Quản trị điện tử",
}
MAXIMA = dict.fromkeys(PAPI, Decimal(10))
LANG_SON = [5.1, 5.62, 4.48, 6.9, 7.35, 7.4, 3.21, 3.68]
HA_NOI = [4.9, 5.3, 4.7, 6.2, 7.1, 7.6, 3.0, 4.1]


def write_csv(tmp_path, rows, name="ket_qua.csv", delimiter=",", encoding="utf-8"):
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(tmp_path, rows, merged=(), name="ket_qua.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    path = tmp_path / name
    workbook.save(path)
    return path


def read(path, scope="national", components=PAPI, maxima=MAXIMA):
    workdir = path.parent / "work"
    workdir.mkdir(exist_ok=True)
    return read_results(path, workdir, scope=scope, components=components, maxima=maxima)


def refusal(path, **options) -> list[CellError]:
    with pytest.raises(ResultsRefused) as refused:
        read(path, **options)
    return refused.value.errors


def test_a_papi_table_as_published_in_excel(tmp_path):
    codes = list(PAPI)
    path = write_xlsx(
        tmp_path,
        [
            ["BẢNG XẾP HẠNG CHỈ SỐ PAPI CÁC TỈNH, THÀNH PHỐ NĂM 2024"],
            ["Đơn vị tính: điểm", None, None, None, None, None, None, None, None, None, "Năm 2024"],
            [],
            ["STT", "Tỉnh/Thành phố", "Chỉ số nội dung", *[None] * 7, "Tổng điểm", "Xếp hạng"],
            [None, None, *codes, None, None],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)"],
            [1, "Lạng Sơn", *LANG_SON, 43.847, "13/63"],
            [2, "Hà Nội", *HA_NOI, 42.9, 20],
            ["Trung bình cả nước", None, *HA_NOI, 42.5, None],
            ["Ghi chú: điểm mỗi chỉ số nội dung từ 1 đến 10."],
        ],
        merged=["A1:L1", "A4:A5", "B4:B5", "C4:J4", "K4:K5", "L4:L5", "A9:B9", "A10:L10"],
    )

    table = read(path)

    assert table.name == "ket_qua.xlsx"
    assert (table.components, table.has_total, table.has_rank) == (codes, True, True)
    lang_son, ha_noi = table.rows
    assert (lang_son.line, lang_son.name, lang_son.rank) == (7, "Lạng Sơn", 13)
    assert lang_son.total == Decimal("43.847")
    assert lang_son.components["PAPI.2"] == Decimal("5.62")
    assert list(lang_son.components) == codes
    assert (ha_noi.line, ha_noi.rank, ha_noi.components["PAPI.8"]) == (8, 20, Decimal("4.1"))
    assert table.skipped == [(9, "Trung bình cả nước")]


def test_an_excel_error_names_the_row_a_user_sees(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["KẾT QUẢ PAPI 2024"],
            [],
            ["Tỉnh, thành phố", *PAPI, "Tổng"],
            ["Lạng Sơn", *LANG_SON[:2], "abc", *LANG_SON[3:], 43.8],
        ],
    )

    assert refusal(path) == [CellError(4, "PAPI.3", "abc", "một số từ 0 đến 10")]


@pytest.mark.parametrize(
    "name_header", ["Tỉnh, thành phố", "Tinh/Thanh pho", "TỈNH, THÀNH PHỐ", "Tỉnh/thành phố"]
)
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("PAPI.1", "PAPI.2"),
        ("papi.1", "papi.2"),
        ("PAPI 1", "PAPI 2"),
        (
            "Tham gia của người dân ở cấp cơ sở",
            "CONG KHAI, MINH BACH TRONG VIEC RA QUYET DINH O DIA PHUONG",
        ),
        ("1. Tham gia của người dân ở cấp cơ sở", "PAPI.2 (từ 1 đến 10)"),
    ],
)
def test_headers_as_people_write_them(tmp_path, name_header, first, second):
    path = write_csv(
        tmp_path,
        [
            ["STT", name_header, first, second, "Tổng", "Ghi chú"],
            ["1", "Lạng Sơn", "5,1", "5,62", "43,847", "tăng 2 bậc"],
        ],
    )

    table = read(path)

    assert (table.components, table.has_total, table.has_rank) == (
        ["PAPI.1", "PAPI.2"],
        True,
        False,
    )
    [row] = table.rows
    assert row == type(row)(
        2,
        "Lạng Sơn",
        {"PAPI.1": Decimal("5.1"), "PAPI.2": Decimal("5.62")},
        Decimal("43.847"),
        None,
    )


@pytest.mark.parametrize(
    ("total_header", "rank_header"),
    [
        ("Tổng", "Xếp hạng"),
        ("Tổng điểm", "Thứ hạng"),
        ("TONG SO", "HANG"),
        ("Điểm tổng", "Xếp hạng 2024"),
        ("Tổng điểm (80 điểm)", "Xếp hạng (trên 63)"),
    ],
)
def test_total_and_rank_headers(tmp_path, total_header, rank_header):
    path = write_csv(
        tmp_path, [["Tỉnh, thành phố", total_header, rank_header], ["Lạng Sơn", "43,847", "13"]]
    )

    table = read(path)

    assert (table.has_total, table.has_rank) == (True, True)
    assert (table.rows[0].total, table.rows[0].rank) == (Decimal("43.847"), 13)


@pytest.mark.parametrize(
    ("written", "points"),
    [
        ("43,847", "43.847"),
        ("43.847", "43.847"),
        ("7.2", "7.2"),
        ("85,5%", "85.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        (" 7 ,2 ", "7.2"),
        ("80", "80"),
        ("", None),
        ("-", None),
    ],
)
def test_numbers_with_a_comma_or_a_point(tmp_path, written, points):
    path = write_csv(tmp_path, [["Tỉnh, thành phố", "Tổng"], ["Lạng Sơn", written]])

    [row] = read(path).rows

    assert row.total == (None if points is None else Decimal(points))
    assert row.total is None or isinstance(row.total, Decimal)


@pytest.mark.parametrize(
    ("written", "rank"), [("01", 1), ("13/63", 13), ("13 / 63", 13), ("1.0", 1), ("", None)]
)
def test_published_ranks(tmp_path, written, rank):
    path = write_csv(
        tmp_path, [["Tỉnh, thành phố", "Tổng", "Xếp hạng"], ["Lạng Sơn", "43,8", written]]
    )

    assert read(path).rows[0].rank == rank


def test_a_csv_with_semicolons_a_bom_and_a_title_line(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["Kết quả PAPI 2024", "", ""],
            ["Tỉnh/thành phố", "PAPI.1", "Tổng"],
            ["Lạng Sơn", "5,1", "43,8"],
        ],
        delimiter=";",
        encoding="utf-8-sig",
    )

    table = read(path)

    assert [(row.line, row.name, row.total) for row in table.rows] == [
        (3, "Lạng Sơn", Decimal("43.8"))
    ]
    assert table.has_rank is False


@pytest.mark.parametrize(
    "summary",
    [
        "Toàn quốc",
        "Cả nước",
        "Trung bình",
        "Trung bình cả nước",
        "TRUNG BINH 63 TINH",
        "Tổng cộng",
        "Bình quân",
    ],
)
def test_summary_rows_are_left_out(tmp_path, summary):
    path = write_csv(
        tmp_path,
        [["Tỉnh, thành phố", "Tổng"], ["Lạng Sơn", "43,8"], [summary, "42,1"], ["Hà Nội", "44"]],
    )

    table = read(path)

    assert [row.name for row in table.rows] == ["Lạng Sơn", "Hà Nội"]
    assert table.skipped == [(3, summary)]


def test_blank_rows_and_ignored_columns(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["STT", "Tỉnh, thành phố", "Tổng"],
            ["1", "Lạng Sơn", "43,8"],
            [],
            ["", "", ""],
            ["64", "", ""],
        ],
    )

    assert [row.name for row in read(path).rows] == ["Lạng Sơn"]


def test_units_of_the_org_tree(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["STT", "Đơn vị", "PAR.1", "PAR.3", "Tổng điểm"],
            ["1", "Sở Tư pháp", "8,5", "12", "88,25"],
        ],
    )

    table = read(path, scope="units", components={"PAR.1": "Công tác chỉ đạo", "PAR.3": "TTHC"})

    assert table.rows[0].name == "Sở Tư pháp"
    assert table.rows[0].components == {"PAR.1": Decimal("8.5"), "PAR.3": Decimal(12)}


def test_without_a_framework_only_totals_are_read(tmp_path):
    path = write_csv(
        tmp_path,
        [["Tỉnh, thành phố", "PAPI.1", "Tổng", "Xếp hạng"], ["Lạng Sơn", "5,1", "43,8", "13"]],
    )

    table = read(path, components=None, maxima=None)

    assert (table.components, table.has_total, table.has_rank) == ([], True, True)
    assert table.rows[0].components == {}
    assert (table.rows[0].total, table.rows[0].rank) == (Decimal("43.8"), 13)


def test_without_a_framework_the_total_is_required(tmp_path):
    path = write_csv(
        tmp_path, [["Tỉnh, thành phố", "PAPI.1", "Xếp hạng"], ["Lạng Sơn", "5,1", "13"]]
    )

    with pytest.raises(FileError) as refused:
        read(path, components=None, maxima=None)

    assert "ket_qua.csv thiếu cột “Tổng”" in str(refused.value)
    assert "“PAPI.1”" in str(refused.value)


def test_without_a_total_the_total_is_reported_absent(tmp_path):
    path = write_csv(
        tmp_path, [["Tỉnh, thành phố", "PAPI.1", "PAPI.2"], ["Lạng Sơn", "5,1", "5,6"]]
    )

    table = read(path)

    assert (table.has_total, table.rows[0].total) == (False, None)


def test_a_rank_under_each_component_is_not_the_rank(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Tỉnh, thành phố", "PAPI.1", None, "PAPI.2", None, "Tổng", "Xếp hạng"],
            [None, "Điểm", "Hạng", "Điểm", "Hạng", None, None],
            ["Lạng Sơn", 5.1, 30, 5.62, 12, 43.847, "13/63"],
        ],
        merged=["B1:C1", "D1:E1"],
    )

    table = read(path)

    assert table.components == ["PAPI.1", "PAPI.2"]
    assert (table.rows[0].rank, table.rows[0].line) == (13, 3)


@pytest.mark.parametrize(
    ("cell", "written", "column", "expected"),
    [
        (2, "abc", "PAPI.1", "một số từ 0 đến 10"),
        (2, "10,5", "PAPI.1", "một số từ 0 đến 10"),
        (2, "-1", "PAPI.1", "một số từ 0 đến 10"),
        (3, "5,1.2,3", "PAPI.2", "một số từ 0 đến 10"),
        (4, "-43,8", "Tổng", "một số không âm"),
        (4, "43,8 điểm", "Tổng", "một số"),
        (4, "NaN", "Tổng", "một số"),
        (5, "nhất", "Xếp hạng", "một số nguyên từ 1 trở lên (như 1, 01 hoặc 13/63)"),
        (5, "1.5", "Xếp hạng", "một số nguyên từ 1 trở lên (như 1, 01 hoặc 13/63)"),
        (5, "0", "Xếp hạng", "một số nguyên từ 1 trở lên (như 1, 01 hoặc 13/63)"),
        (1, "", "Tỉnh, thành phố", "tên tỉnh, thành phố"),
    ],
)
def test_a_bad_cell_is_named_by_line_and_column(tmp_path, cell, written, column, expected):
    row = ["1", "Lạng Sơn", "5,1", "5,6", "43,8", "13", "ghi chú\nhai dòng"]
    row[cell] = written
    path = write_csv(
        tmp_path,
        [
            ["KẾT QUẢ PAPI 2024", "", "", "", "", "", ""],
            ["STT", "Tỉnh, thành phố", "PAPI.1", "PAPI.2", "Tổng", "Xếp hạng", "Ghi chú"],
            ["2", "Hà Nội", "4,9", "5,3", "42,9", "20", "ghi chú\nhai dòng"],
            row,
        ],
    )

    # Line 4 holds Hà Nội's second note line: Lạng Sơn starts on line 5.
    assert refusal(path) == [CellError(5, column, written, expected)]


def test_every_bad_cell_is_reported_in_line_order(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["Tỉnh, thành phố", "PAPI.1", "Tổng", "Xếp hạng"],
            ["Lạng Sơn", "11", "43,8", "13"],
            ["Hà Nội", "4,9", "abc", "x"],
            ["", "5", "40", "30"],
            ["Cao Bằng", "5", "40", "31"],
        ],
    )

    with pytest.raises(ResultsRefused) as refused:
        read(path)

    assert [(e.line, e.column) for e in refused.value.errors] == [
        (2, "PAPI.1"),
        (3, "Tổng"),
        (3, "Xếp hạng"),
        (4, "Tỉnh, thành phố"),
    ]
    message = str(refused.value)
    assert message.startswith("Tệp ket_qua.csv bị từ chối, 4 lỗi: Dòng 2, cột “PAPI.1”: “11”")
    assert "Dòng 4, cột “Tỉnh, thành phố”: ô trống — cần tên tỉnh, thành phố." in message


def test_a_cell_error_reads_as_a_sentence():
    error = CellError(5, "PAPI.3", "abc", "một số từ 0 đến 10")

    assert str(error) == "Dòng 5, cột “PAPI.3”: “abc” — cần một số từ 0 đến 10."


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [["STT", "Tên", "Tổng"], ["1", "Lạng Sơn", "43,8"]],
            "ket_qua.csv thiếu cột “Tỉnh, thành phố”",
        ),
        ([["Tỉnh, thành phố", "Ghi chú"], ["Lạng Sơn", "x"]], "không có cột điểm nào"),
        (
            [["Tỉnh, thành phố", "PAPI.1", "papi 1"], ["Lạng Sơn", "5", "5"]],
            "có hai cột cùng là “PAPI.1”",
        ),
    ],
)
def test_a_file_that_is_not_a_results_table(tmp_path, rows, message):
    path = write_csv(tmp_path, rows)

    with pytest.raises(FileError) as refused:
        read(path)

    assert message in str(refused.value)


def test_a_missing_name_column_lists_the_headers_found(tmp_path):
    path = write_csv(
        tmp_path, [["Kết quả", ""], ["STT", "Địa bàn", "Tổng"], ["1", "Lạng Sơn", "4"]]
    )

    with pytest.raises(FileError) as refused:
        read(path, scope="units")

    assert "thiếu cột “Đơn vị”" in str(refused.value)
    assert "“STT”, “Địa bàn”, “Tổng”" in str(refused.value)
