"""A province's own scoring index as a workbook: loaded with its tree, maxima, rules and
grades; refused whole with every problem's sheet, row and column; written back, edited and
loaded again; frozen once units have scored."""

import copy
import datetime
from decimal import Decimal as D
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component, Framework
from chiso.scoring.models import Assessment, Rule, Scheme, Score, Window
from chiso.scoring.scheme_file import (
    SchemeFileError,
    SchemeInUse,
    load_scheme,
    read_scheme,
    write_scheme,
)

HEADER = [
    "Mã",
    "Tên",
    "Điểm tối đa",
    "Phần",
    "Cách tính",
    "Nguồn số liệu",
    "Mã chỉ tiêu, chỉ số",
    "Ngưỡng",
    "Điểm khi trễ hạn",
    "Không áp dụng cho",
]
DONE = "> 90%: 6,5; 70 – 90%: 3; < 70%: 0"
ON_TIME = "trên 99: 20; từ 95 đến 99: 10; còn lại: 0"
# Self-assessment 60 (fields 1 and 2) + survey 40 (field 3) = 100; a bonus and a penalty block.
# The sheet's rows are Excel rows 2… in this order.
VALID = {
    "Thông tin": [
        ["Mã chỉ số", "PAR-SO"],
        ["Tên", "Chỉ số CCHC của các sở, ban, ngành và UBND cấp xã"],
        ["Năm", 2025],
        ["Điểm tối đa", 100],
        ["Đơn vị được chấm", "Sở, ban, ngành; UBND xã, phường"],
        ["Căn cứ", "Quyết định số 123/QĐ-UBND ngày 10/3/2025"],
    ],
    "Tiêu chí": [
        HEADER,
        ["1", "Công tác chỉ đạo, điều hành CCHC", 30],  # row 2
        ["1.1", "Kế hoạch CCHC năm", 10],
        ["1.1.1", "Ban hành kế hoạch đúng hạn", "3,5", "", "đúng hạn"],
        ["1.1.2", "Mức độ hoàn thành kế hoạch", 6.5, "", "", "nhiệm vụ hoàn thành", "", DONE],
        ["1.2", "Báo cáo CCHC đúng hạn", 20, "", "tỷ lệ", "báo cáo đúng hạn"],
        ["2", "Cải cách thủ tục hành chính", 30, "", "", "", "", "", "", "Sở Tư pháp"],
        ["2.1", "Hồ sơ giải quyết đúng hạn", 20, "", "ngưỡng", "chỉ tiêu", "on_time", ON_TIME],
        ["2.2", "Công khai thủ tục hành chính", 10, "", "", "", "", "", "", "UBND xã, phường"],
        ["3", "Sự hài lòng của người dân, tổ chức", 40, "Điều tra xã hội học"],  # row 10
        ["3.1", "Tiếp cận dịch vụ", 20, "", "tỷ lệ", "khảo sát", "SIPAS.1"],
        ["3.2", "Thủ tục hành chính", 20, "", "tỷ lệ", "khảo sát"],
        ["4", "Điểm thưởng", 5, "Điểm thưởng"],
        ["4.1", "Sáng kiến CCHC được công nhận", 5],
        ["5", "Điểm trừ", 10, "diem tru"],
        ["5.1", "Bị phê bình vì chậm thực hiện nhiệm vụ", 10],  # row 16
    ],
    "Xếp loại": [["Xếp loại", "Từ (%)"], ["Khá", 80], ["Tốt", 90], ["Yếu", 0], ["Trung bình", 65]],
}
ROW = {row[0]: number for number, row in enumerate(VALID["Tiêu chí"], start=1)}


def workbook(tmp_path, sheets=None, name="chi-so.xlsx"):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (VALID if sheets is None else sheets).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def edited(change):
    """VALID with `change(sheets)` applied."""
    sheets = copy.deepcopy(VALID)
    change(sheets)
    return sheets


def cell(code, column, value):
    """A change setting `column` of the criteria row of `code`."""

    def change(sheets):
        row = sheets["Tiêu chí"][ROW[code] - 1]
        index = HEADER.index(column)
        row.extend([""] * (index + 1 - len(row)))
        row[index] = value

    return change


def info(label, value):
    def change(sheets):
        for row in sheets["Thông tin"]:
            if row[0] == label:
                row[1] = value

    return change


def without_info(label):
    def change(sheets):
        sheets["Thông tin"] = [row for row in sheets["Thông tin"] if row[0] != label]

    return change


def swap(first, second):
    def change(sheets):
        rows = sheets["Tiêu chí"]
        a, b = ROW[first] - 1, ROW[second] - 1
        rows[a], rows[b] = rows[b], rows[a]

    return change


def column_renamed(old, new):
    def change(sheets):
        header = sheets["Tiêu chí"][0]
        header[header.index(old)] = new

    return change


def sheet_renamed(old, new):
    def change(sheets):
        sheets[new] = sheets.pop(old)

    return change


def both(*changes):
    def change(sheets):
        for each in changes:
            each(sheets)

    return change


@pytest.fixture
def scheme(org, tmp_path):
    return load_scheme(workbook(tmp_path))


def rules(framework):
    return {
        rule.component.code: rule
        for rule in Rule.objects.filter(component__framework=framework).select_related("component")
    }


def test_a_valid_scheme_loads_with_its_tree_maxima_rules_and_grades(scheme):
    framework = scheme.framework
    assert (framework.code, framework.year, framework.max_points) == ("PAR-SO", 2025, 100)
    assert framework.legal_basis.startswith("Quyết định số 123/QĐ-UBND")
    components = {c.code: c for c in framework.components.select_related("parent")}
    assert list(components) == [row[0] for row in VALID["Tiêu chí"][1:]]
    assert [c for c in components if components[c].parent is None] == ["1", "2", "3", "4", "5"]
    assert components["1.1.1"].parent.code == "1.1" and components["1.1.1"].level == 3
    assert components["1.1.1"].max_points == D("3.5")
    assert components["1"].max_points == 30 and components["3"].max_points == 40
    assert scheme.unit_kinds == ["department", "commune"]
    assert scheme.bands == [["Tốt", "90"], ["Khá", "80"], ["Trung bình", "65"], ["Yếu", "0"]]

    found = rules(framework)
    assert sorted(found) == ["1.1.1", "1.1.2", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "5.1"]
    plan = found["1.1.1"]
    assert (plan.kind, plan.source, plan.late_points) == ("on_time", "plan_on_time", D("1.75"))
    done = found["1.1.2"]
    assert (done.kind, done.source) == ("bands", "tasks_done")
    assert done.bands == "> 90: 6.5; 70 - 90: 3; < 70: 0"
    assert (found["1.2"].kind, found["1.2"].source) == ("proportional", "reports_on_time")
    dossiers = found["2.1"]
    assert (dossiers.source, dossiers.source_code) == ("indicator", "on_time")
    assert dossiers.bands == "> 99: 20; 95 - 99: 10; còn lại: 0"
    assert dossiers.not_for_units == ["stp"] and dossiers.not_for_kinds == []
    assert found["2.2"].not_for_kinds == ["commune"] and found["2.2"].not_for_units == ["stp"]
    assert found["2.2"].kind == "manual" and found["2.2"].source == ""
    assert [found[c].part for c in ("1.2", "3.1", "3.2", "4.1", "5.1")] == [
        "self",
        "survey",
        "survey",
        "bonus",
        "penalty",
    ]
    assert (found["3.1"].source_code, found["3.2"].source_code) == ("SIPAS.1", "SIPAS")


def test_headers_sheets_and_words_without_accents_load_the_same(org, tmp_path):
    plain = edited(
        both(
            column_renamed("Điểm tối đa", "DIEM TOI DA"),
            column_renamed("Nguồn số liệu", "nguon so lieu"),
            info("Đơn vị được chấm", "department; xa phuong"),
            cell("2.1", "Cách tính", "THEO NGUONG"),
            sheet_renamed("Tiêu chí", "TIEU CHI"),
            sheet_renamed("Thông tin", "thong tin"),
        )
    )
    plain["TIEU CHI"][ROW["1"] - 1][0] = 1  # codes typed as numbers
    plain["TIEU CHI"][ROW["1.1"] - 1][0] = 1.1
    path = workbook(tmp_path, plain)
    book = openpyxl.load_workbook(path)
    book["Xếp loại"]["B3"].value = 0.9  # 90 % in a percent cell
    book["Xếp loại"]["B3"].number_format = "0%"
    book.save(path)
    scheme = load_scheme(path)
    assert scheme.unit_kinds == ["department", "commune"]
    assert scheme.bands[0] == ["Tốt", "90"]
    assert rules(scheme.framework)["2.1"].kind == "bands"
    assert scheme.framework.components.get(code="1.1.1").parent.code == "1.1"


def test_a_criterion_may_be_worth_nothing(org, tmp_path):
    sheets = edited(lambda s: s["Tiêu chí"].append(["4.2", "Được khen thưởng", 0]))
    framework = load_scheme(workbook(tmp_path, sheets)).framework
    assert framework.components.get(code="4.2").max_points == 0
    assert rules(framework)["4.2"].part == "bonus"


def test_a_national_framework_written_out_is_a_start_for_a_provinces_own(db, tmp_path):
    load_builtin_frameworks([2025])
    out = write_scheme(Framework.objects.get(code="PAR", year=2025), tmp_path / "par.xlsx")
    with pytest.raises(SchemeFileError) as refused:
        load_scheme(out)
    errors = refused.value.errors
    assert "Trang “Thông tin”, dòng 1, cột “Mã chỉ số”: “PAR” — mã này là của bộ" in errors[0]
    assert "Trang “Thông tin”, dòng 5, cột “Đơn vị được chấm”: ô trống" in errors[1]
    assert any("cột “Điểm tối đa”: ô trống — cần điểm tối đa của tiêu chí" in e for e in errors)


ERRORS = [  # (change, where, what the message says)
    (sheet_renamed("Tiêu chí", "Sheet1"), "Trang “Tiêu chí”: thiếu trang này", ""),
    (sheet_renamed("Tiêu chí", "Sheet1"), "Trang “Sheet1”", "không rõ là trang gì"),
    (
        lambda sheets: sheets.update({"tieu chi": sheets["Tiêu chí"]}),
        "Trang “tieu chi”",
        "trùng với trang “Tiêu chí”",
    ),
    (without_info("Tên"), "Trang “Thông tin”: thiếu dòng “Tên”", ""),
    (info("Năm", "năm nay"), "Trang “Thông tin”, dòng 3, cột “Năm”: “năm nay”", "cần năm"),
    (info("Mã chỉ số", "PAR"), "Trang “Thông tin”, dòng 1, cột “Mã chỉ số”", "mã riêng"),
    (
        info("Đơn vị được chấm", "Sở, ban, ngành; Bộ"),
        "Trang “Thông tin”, dòng 5, cột “Đơn vị được chấm”",
        "UBND xã, phường",
    ),
    (
        column_renamed("Điểm tối đa", "Điểm"),
        "Trang “Tiêu chí”, dòng 1, cột “Điểm tối đa”: thiếu cột này",
        "",
    ),
    (column_renamed("Ngưỡng", "Ghi chép"), "Trang “Tiêu chí”, dòng 1, cột “Ghi chép”", "cột"),
    (cell("1.2", "Mã", ""), "Trang “Tiêu chí”, dòng 6, cột “Mã”: ô trống", "cần mã"),
    (cell("1.2", "Tên", ""), "Trang “Tiêu chí”, dòng 6, cột “Tên”: ô trống", "cần tên"),
    (
        cell("1.2", "Mã", "1.1.2"),
        "Trang “Tiêu chí”, dòng 6, cột “Mã”: “1.1.2”",
        "trùng mã với dòng 5",
    ),
    (cell("1.2", "Mã", "1.3.1"), "dòng 6, cột “Mã”: “1.3.1”", "thiếu dòng mục cha “1.3”"),
    (swap("3", "3.1"), "dòng 10, cột “Mã”: “3.1”", "mục cha “3” ở dòng 11"),
    (
        cell("1.1.2", "Mã", "1.1.1.1"),
        "dòng 5, cột “Mã”: “1.1.1.1”",
        "quá 3 cấp",
    ),
    (cell("1.2", "Điểm tối đa", "mười"), "dòng 6, cột “Điểm tối đa”: “mười”", "số"),
    (cell("1.2", "Điểm tối đa", -20), "dòng 6, cột “Điểm tối đa”: “-20”", "không âm"),
    (cell("2.2", "Điểm tối đa", ""), "dòng 9, cột “Điểm tối đa”: ô trống", "điểm tối đa"),
    (
        cell("1.1", "Điểm tối đa", 12),
        "dòng 3, cột “Điểm tối đa”: “12”",
        "các mục con (1.1.1, 1.1.2) cộng lại 10, khác điểm tối đa 12 của “1.1”",
    ),
    (
        both(cell("3", "Điểm tối đa", 35), cell("3.2", "Điểm tối đa", 15)),
        "Trang “Thông tin”, dòng 4, cột “Điểm tối đa”: “100”",
        "cộng lại 95",
    ),
    (cell("4.1", "Phần", "thưởng nóng"), "dòng 14, cột “Phần”: “thưởng nóng”", "Điểm thưởng"),
    (cell("2.2", "Cách tính", "công thức"), "dòng 9, cột “Cách tính”", "Theo ngưỡng"),
    (cell("1.2", "Nguồn số liệu", "phần mềm"), "dòng 6, cột “Nguồn số liệu”", "Chỉ tiêu"),
    (
        cell("2.1", "Ngưỡng", "> chín mươi: 2"),
        "dòng 8, cột “Ngưỡng”: “> chín mươi: 2”",
        "cần “điều kiện: điểm”",
    ),
    (cell("2.1", "Ngưỡng", ""), "dòng 8, cột “Ngưỡng”: ô trống", "cần ngưỡng"),
    (
        cell("2.1", "Ngưỡng", "trên 99: 25; còn lại: 0"),
        "dòng 8, cột “Ngưỡng”",
        "“> 99: 25” cho 25 điểm — cần không quá điểm tối đa 20",
    ),
    (cell("1.2", "Nguồn số liệu", ""), "dòng 6, cột “Nguồn số liệu”: ô trống", "đọc ở đâu"),
    (
        cell("1.1.1", "Nguồn số liệu", "báo cáo đúng hạn"),
        "dòng 4, cột “Nguồn số liệu”: “báo cáo đúng hạn”",
        "cần nguồn “Kế hoạch CCHC năm ban hành đúng hạn”",
    ),
    (
        cell("2.1", "Mã chỉ tiêu, chỉ số", "dung_han_99"),
        "dòng 8, cột “Mã chỉ tiêu, chỉ số”: “dung_han_99”",
        "online_full_process",
    ),
    (
        cell("2.2", "Không áp dụng cho", "UBND xã, phường; Sở Du lịch"),
        "dòng 9, cột “Không áp dụng cho”: “Sở Du lịch”",
        "không phải loại đơn vị hay đơn vị nào",
    ),
    (
        cell("1", "Cách tính", "thủ công"),
        "dòng 2, cột “Cách tính”: “thủ công”",
        "không có mục con",
    ),
    (
        lambda sheets: sheets["Xếp loại"].append(["Xuất sắc", "chín mươi lăm"]),
        "Trang “Xếp loại”, dòng 6, cột “Từ (%)”: “chín mươi lăm”",
        "từ 0 đến 100",
    ),
]


@pytest.mark.parametrize(("change", "where", "says"), ERRORS)
def test_a_wrong_workbook_is_refused_naming_sheet_row_and_column(
    org, tmp_path, change, where, says
):
    with pytest.raises(SchemeFileError) as refused:
        load_scheme(workbook(tmp_path, edited(change)))
    found = [error for error in refused.value.errors if where in error]
    assert found, refused.value.errors
    assert says in found[0]
    assert not Framework.objects.exists()


def test_every_problem_is_listed_and_nothing_is_written(org, tmp_path):
    change = both(
        info("Năm", "hai nghìn"),
        cell("2.1", "Ngưỡng", "> chín mươi: 2"),
        cell("3.1", "Nguồn số liệu", "phần mềm"),
        cell("1.2", "Tên", ""),
    )
    with pytest.raises(SchemeFileError) as refused:
        load_scheme(workbook(tmp_path, edited(change)))
    errors = refused.value.errors
    assert len(errors) == 4  # listed by sheet, then row
    assert "Trang “Thông tin”, dòng 3" in errors[0] and "dòng 6, cột “Tên”" in errors[1]
    assert "dòng 8, cột “Ngưỡng”" in errors[2] and "dòng 11, cột “Nguồn số liệu”" in errors[3]
    assert "4 lỗi" in str(refused.value)
    assert not Framework.objects.exists() and not Scheme.objects.exists()


def test_a_missing_or_unreadable_file_is_one_clear_message(tmp_path):
    with pytest.raises(SchemeFileError) as missing:
        read_scheme(tmp_path / "khong-co.xlsx")
    assert missing.value.errors == [f"Không tìm thấy tệp {tmp_path / 'khong-co.xlsx'}."]
    text = tmp_path / "chi-so.xlsx"
    text.write_text("Mã;Tên\n1;Một\n", encoding="utf-8")
    with pytest.raises(SchemeFileError) as unreadable:
        read_scheme(text)
    assert unreadable.value.errors == [
        "Không đọc được tệp chi-so.xlsx: cần một bảng tính Excel (.xlsx)."
    ]


RULE_FIELDS = ("pk", "part", "kind", "source", "source_code", "bands", "late_points")
RULE_FIELDS += ("not_for_kinds", "not_for_units")


def snapshot(framework):
    components = list(
        framework.components.order_by("order").values_list(
            "pk", "code", "name", "parent__code", "level", "max_points"
        )
    )
    found = {
        code: tuple(getattr(r, f) for f in RULE_FIELDS) for code, r in rules(framework).items()
    }
    scheme = Scheme.objects.get(framework=framework)
    return components, found, scheme.unit_kinds, scheme.bands


def test_loading_the_same_file_again_changes_nothing(scheme, tmp_path):
    before = snapshot(scheme.framework)
    again = load_scheme(workbook(tmp_path))
    assert again.pk == scheme.pk
    assert snapshot(again.framework) == before
    assert Framework.objects.count() == 1


def test_written_back_edited_and_loaded_again(scheme, tmp_path):
    before = snapshot(scheme.framework)
    out = write_scheme(scheme.framework, tmp_path / "xuat.xlsx")
    load_scheme(out)
    assert snapshot(scheme.framework) == before  # written back as it was read

    book = openpyxl.load_workbook(out)
    sheet = book["Tiêu chí"]
    assert [c.value for c in sheet[1]] == HEADER
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    # What a field says for the criteria below it is written on each of them.
    assert rows["2.2"][9].value == "UBND xã, phường; Sở Tư pháp"
    assert rows["2"][9].value is None and rows["3.1"][3].value == "Điều tra xã hội học"
    assert rows["1.1.1"][4].value == "Đúng hạn / trễ hạn / không thực hiện"
    rows["2.2"][1].value = "Công khai đầy đủ thủ tục hành chính"
    rows["1.1.2"][7].value = "> 80%: 6,5; còn lại: 0"
    book.save(out)
    load_scheme(out)

    _components, found, *_rest = snapshot(scheme.framework)
    assert Component.objects.get(code="2.2").name == "Công khai đầy đủ thủ tục hành chính"
    assert found["1.1.2"][RULE_FIELDS.index("bands")] == "> 80: 6.5; còn lại: 0"
    assert {code: r for code, r in found.items() if code != "1.1.2"} == {
        code: r for code, r in before[1].items() if code != "1.1.2"
    }


def test_the_export_command_and_the_load_command(scheme, tmp_path):
    out = tmp_path / "par-so.xlsx"
    printed = StringIO()
    call_command("export_scheme", code="PAR-SO", year=2025, out=str(out), stdout=printed)
    assert "Đã ghi PAR-SO năm 2025" in printed.getvalue() and out.is_file()
    printed = StringIO()
    call_command("load_scheme", str(out), stdout=printed)
    assert "Đã nạp PAR-SO năm 2025" in printed.getvalue()
    assert "5 lĩnh vực, 9 tiêu chí chấm (1 điểm thưởng, 1 điểm trừ), 4 mức xếp loại" in (
        printed.getvalue()
    )
    with pytest.raises(CommandError, match="Không có bộ chỉ số PAR-SO năm 2030"):
        call_command("export_scheme", code="PAR-SO", year=2030, out=str(out))


def test_the_load_command_on_a_bad_file_names_each_problem(org, tmp_path):
    bad = workbook(tmp_path, edited(cell("2.1", "Ngưỡng", "> chín mươi: 2")), "sai.xlsx")
    errors = StringIO()
    with pytest.raises(CommandError, match=r"sai\.xlsx: 1 lỗi, chưa nạp gì"):
        call_command("load_scheme", str(bad), stderr=errors)
    assert "sai.xlsx: Trang “Tiêu chí”, dòng 8, cột “Ngưỡng”" in errors.getvalue()
    assert not Framework.objects.exists()


def scored(scheme, org, points):
    window = Window.objects.create(
        scheme=scheme,
        opens_on=datetime.date(2025, 11, 1),
        closes_at=timezone.make_aware(datetime.datetime(2025, 12, 5)),
    )
    assessment = Assessment.objects.create(window=window, unit=org.dept_a)
    component = scheme.framework.components.get(code="2.2")
    return Score.objects.create(assessment=assessment, component=component, self_points=points)


def test_a_scheme_units_have_scored_is_refused(scheme, org, tmp_path):
    scored(scheme, org, D(8))
    before = snapshot(scheme.framework)
    change = cell("2.2", "Tên", "Tên mới")
    with pytest.raises(SchemeInUse) as refused:
        load_scheme(workbook(tmp_path, edited(change)))
    assert "đã có đơn vị chấm điểm" in refused.value.errors[0]
    assert "sao chép sang năm sau" in refused.value.errors[0]
    assert snapshot(scheme.framework) == before
    with pytest.raises(CommandError, match="sao chép sang năm sau"):
        call_command("load_scheme", str(workbook(tmp_path, edited(change), "lai.xlsx")))


def test_a_blank_score_of_a_dropped_criterion_goes_with_it(scheme, org, tmp_path):
    scored(scheme, org, None)

    def drop(sheets):
        sheets["Tiêu chí"] = [row for row in sheets["Tiêu chí"] if row[0] != "2.2"]

    change = both(drop, cell("2", "Điểm tối đa", 20), cell("1", "Điểm tối đa", 40))
    change = both(change, cell("1.2", "Điểm tối đa", 30))
    load_scheme(workbook(tmp_path, edited(change)))
    assert not Score.objects.exists()
    assert "2.2" not in rules(scheme.framework)
    assert not scheme.framework.components.filter(code="2.2").exists()
