"""The org tree: paths and subtrees, and the .csv/.xlsx import that saves all or nothing."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from chiso.org.models import OrgUnit, UnitKind
from chiso.org.unit_files import UnitFileError, export_units, import_units

pytestmark = pytest.mark.django_db


def write_csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """code,name,parent_code,kind,aliases,peer_group
tinh,UBND tỉnh Thử,,province,UBND tỉnh,
sxd,Sở Xây dựng,tinh,department,SXD;Sở XD,"Khối sở, ban, ngành"
sxd-vp,Văn phòng Sở,sxd,division,Văn phòng,
x-an,UBND xã An Bình,tinh,commune,Xã An Bình,"Khối xã, phường"
"""


def test_subtree_and_search_key(org):
    subtree = set(OrgUnit.objects.subtree(org.dept_a).values_list("code", flat=True))
    assert subtree == {"sxd", "sxd-vp"}
    assert org.div_a.search_key == "van phong so"
    assert org.div_a.is_within(org.province)
    assert not org.div_a.is_within(org.dept_b)


def test_moving_a_unit_moves_its_subtree(org):
    org.dept_a.parent = org.dept_b
    org.dept_a.save()
    org.div_a.refresh_from_db()
    assert org.div_a.is_within(org.dept_b)
    assert org.div_a.path == f"{org.dept_b.path}{org.dept_a.pk}/{org.div_a.pk}/"


def test_a_unit_cannot_move_below_itself(org):
    org.dept_a.parent = org.div_a
    with pytest.raises(ValueError):
        org.dept_a.save()


def test_import_creates_the_tree_with_aliases_and_peer_groups(tmp_path):
    result = import_units(write_csv(tmp_path / "units.csv", GOOD))
    assert (result.created, result.updated) == (4, 0)
    sxd = OrgUnit.objects.get(code="sxd")
    assert sxd.aliases == ["SXD", "Sở XD"]
    assert sxd.peer_group.name == "Khối sở, ban, ngành"
    assert OrgUnit.objects.get(code="sxd-vp").is_within(sxd)


def test_import_twice_updates(tmp_path):
    path = write_csv(tmp_path / "units.csv", GOOD)
    import_units(path)
    result = import_units(write_csv(path, GOOD.replace("Sở Xây dựng", "Sở Xây dựng tỉnh")))
    assert (result.created, result.updated) == (0, 4)
    assert OrgUnit.objects.get(code="sxd").name == "Sở Xây dựng tỉnh"


def test_vietnamese_headers_semicolons_and_kind_words(tmp_path):
    text = (
        "Mã;Tên đơn vị;Mã cấp trên;Loại;Tên khác;Khối\n"
        "tinh;UBND tỉnh Thử;;Tỉnh;;\n"
        "sxd;Sở Xây dựng;tinh;Sở, ban, ngành;SXD;\n"
        "x-an;UBND xã An Bình;tinh;xã;;\n"
    )
    import_units(write_csv(tmp_path / "dv.csv", text))
    assert OrgUnit.objects.get(code="x-an").kind == UnitKind.COMMUNE
    assert OrgUnit.objects.get(code="sxd").kind == UnitKind.DEPARTMENT


def test_xlsx_import_and_export_round_trip(tmp_path):
    import_units(write_csv(tmp_path / "units.csv", GOOD))
    out = tmp_path / "units.xlsx"
    assert export_units(out) == 4
    OrgUnit.objects.filter(code="sxd").update(name="đã đổi")
    import_units(out)
    assert OrgUnit.objects.get(code="sxd").name == "Sở Xây dựng"


def test_xlsx_with_numbers_as_codes(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "parent_code", "kind"])
    sheet.append([1, "UBND tỉnh Thử", None, "province"])
    sheet.append([2, "Sở Y tế", 1, "department"])
    book.save(tmp_path / "units.xlsx")
    import_units(tmp_path / "units.xlsx")
    assert OrgUnit.objects.get(code="2").parent.code == "1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "sxd,Sở khác,tinh,department,,\n", "dòng 6: mã “sxd” trùng với dòng 3"),
        (GOOD + "p1,Phòng A,khong-co,division,,\n", "dòng 6: đơn vị cấp trên “khong-co”"),
        (GOOD + "p1,Phòng A,sxd,hợp tác xã,,\n", "dòng 6: loại đơn vị “hợp tác xã” không hợp lệ"),
        (GOOD + ",Phòng A,sxd,division,,\n", "dòng 6: thiếu mã đơn vị"),
        (GOOD + "a,A,b,division,,\nb,B,a,division,,\n", "vòng lặp cấp trên"),
        ("ten,loai\nA,xã\n", "dòng 1: thiếu cột code"),
        ("", "tệp trống"),
    ],
)
def test_bad_files_name_the_row_and_save_nothing(tmp_path, text, message):
    with pytest.raises(UnitFileError) as error:
        import_units(write_csv(tmp_path / "bad.csv", text))
    assert message in str(error.value)
    assert "bad.csv" in str(error.value)
    assert OrgUnit.objects.count() == 0


def test_unsupported_format(tmp_path):
    path = tmp_path / "units.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnitFileError, match=r"cần \.csv hoặc \.xlsx"):
        import_units(path)


def test_command_reports_counts_and_errors(tmp_path, capsys):
    call_command("import_units", write_csv(tmp_path / "units.csv", GOOD))
    assert "4 đơn vị mới" in capsys.readouterr().out
    with pytest.raises(CommandError, match="không có gì được lưu"):
        call_command("import_units", write_csv(tmp_path / "bad.csv", GOOD + "x,X,zz,xã,,\n"))
    call_command("export_units", tmp_path / "out.csv")
    assert "sxd-vp" in (tmp_path / "out.csv").read_text(encoding="utf-8-sig")


def test_subtree_does_not_take_a_sibling_whose_id_starts_alike(org):
    near = OrgUnit.objects.create(
        pk=90002, code="a", name="A", kind="department", parent=org.province
    )
    far = OrgUnit.objects.create(
        pk=900021, code="b", name="B", kind="department", parent=org.province
    )
    child = OrgUnit.objects.create(code="a-1", name="A1", kind="division", parent=near)
    assert set(OrgUnit.objects.subtree(near)) == {near, child}
    assert far not in OrgUnit.objects.subtree(near)
