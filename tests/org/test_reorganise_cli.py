"""`chiso reorganise FILE`: a file of unit changes applied whole or refused whole, naming
the row and the column; in-process on each database, and as a user runs it."""

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from chiso.accounts.models import User
from chiso.audit.models import AuditEntry
from chiso.org.models import ChangeKind, OrgUnit, UnitChange, UnitKind
from chiso.plans.models import TaskStatus

from ..factories import PlanFactory, TaskFactory, UnitFactory

CHISO = str(Path(sys.executable).parent / "chiso")
JULY = datetime.date(2025, 7, 1)

HEADER = "date,kind,units,into,new_parent,new_name,new_kind,legal_basis,note"
GOOD = [
    "01/03/2025,hợp nhất,stp;snv,sntp,tinh,Sở Nội vụ và Tư pháp,,NĐ 45/2025/NĐ-CP,",
    "01/03/2025,đổi tên,sxd,,,Sở Xây dựng và Giao thông,,NQ 04/NQ-HĐND,",
    "01/07/2025,di chuyển,sxd-vp,,sntp,,,,về Sở mới",
    "01/07/2025,chia tách,x-an,x-an-bac;x-an-nam,tinh,UBND xã An Bắc;UBND xã An Nam,xã,,",
]


def write(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def state() -> dict:
    """Everything a refused file must leave as it was."""
    return {
        "units": sorted(
            OrgUnit.objects.values_list("code", "name", "parent_id", "path", "valid_until")
        ),
        "changes": UnitChange.objects.count(),
        "audit": AuditEntry.objects.count(),
        "users": sorted(User.objects.values_list("username", "unit_id")),
    }


@pytest.mark.django_db
def test_a_good_file_is_applied_whole_with_a_summary(org, users, tmp_path, capsys):
    plan = PlanFactory(issuer=org.province)
    open_task = TaskFactory(plan=plan, lead=org.dept_b)
    done_task = TaskFactory(plan=plan, lead=org.dept_b, status=TaskStatus.DONE)
    call_command("reorganise", str(write(tmp_path / "sap-xep.csv", GOOD)))
    out = capsys.readouterr().out
    assert out.startswith("sap-xep.csv: 4 thay đổi")
    assert "3 đơn vị kết thúc, 3 đơn vị mới; 1 nhiệm vụ chủ trì" in out
    assert "2 người dùng, 1 đơn vị trực thuộc" in out
    assert out.count("\n") == 1
    sntp = OrgUnit.objects.get(code="sntp")
    assert (sntp.name, sntp.valid_from, sntp.parent) == (
        "Sở Nội vụ và Tư pháp",
        datetime.date(2025, 3, 1),
        org.province,
    )
    assert OrgUnit.objects.get(code="stp").valid_until == datetime.date(2025, 2, 28)
    open_task.refresh_from_db()
    done_task.refresh_from_db()
    assert (open_task.lead, done_task.lead) == (sntp, org.dept_b)
    assert User.objects.get(username="noivu").unit == sntp
    assert OrgUnit.objects.get(code="sxd").name_on(datetime.date(2025, 2, 1)) == "Sở Xây dựng"
    assert OrgUnit.objects.get(code="sxd-vp").parent == sntp
    bac = OrgUnit.objects.get(code="x-an-bac")
    assert (bac.name, bac.kind, bac.valid_from) == ("UBND xã An Bắc", UnitKind.COMMUNE, JULY)
    change = UnitChange.objects.get(kind=ChangeKind.MERGE)
    assert change.legal_basis == "NĐ 45/2025/NĐ-CP"
    assert AuditEntry.objects.filter(user=None, object_repr="Sở Nội vụ và Tư pháp").exists()


@pytest.mark.django_db
def test_vietnamese_headers_and_xlsx(org, tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(["Ngày hiệu lực", "Hình thức", "Mã đơn vị", "Đơn vị kế thừa", "Căn cứ"])
    sheet.append([datetime.datetime(2025, 3, 1), "Sáp nhập", "stp", "sxd", "NĐ 45/2025/NĐ-CP"])
    sheet.append(["01/07/2025", "Giải thể", "x-an", "sxd", ""])
    path = tmp_path / "sap-xep.xlsx"
    book.save(path)
    call_command("reorganise", str(path))
    assert "2 thay đổi" in capsys.readouterr().out
    assert OrgUnit.objects.get(code="stp-vp").parent == org.dept_a
    assert OrgUnit.objects.get(code="x-an").valid_until == datetime.date(2025, 6, 30)


@pytest.mark.django_db
def test_a_dry_run_checks_and_saves_nothing(org, tmp_path, capsys):
    before = state()
    call_command("reorganise", str(write(tmp_path / "thu.csv", GOOD)), "--dry-run")
    assert "hợp lệ, chưa lưu (--dry-run): 4 thay đổi" in capsys.readouterr().out
    assert state() == before


@pytest.mark.django_db
def test_a_file_with_a_bad_row_is_refused_whole_naming_row_and_column(org, tmp_path):
    UnitFactory(
        code="x-moi",
        name="UBND xã Mới",
        kind=UnitKind.COMMUNE,
        parent=org.province,
        valid_from=JULY,
    )
    rows = [
        "01/03/2025,sáp nhập,stp,sxd,,,,,",  # good, but the file is refused: undone
        "01/03/2025,giải thể,khong-co,sxd,,,,,",
        "01/03/2025,đổi tên,x-moi,,,UBND xã Mới Nhất,,,",
        "01/03/2025,di chuyển,sxd,,sxd-vp,,,,",
    ]
    before = state()
    with pytest.raises(CommandError) as refused:
        call_command("reorganise", str(write(tmp_path / "sai.csv", rows)))
    message = str(refused.value)
    assert message.startswith("sai.csv: không áp dụng được, không có gì được lưu:")
    assert "dòng 3, cột “units”: không có đơn vị mã “khong-co”" in message
    assert "dòng 4, cột “units”: UBND xã Mới bắt đầu hoạt động ngày 01/07/2025" in message
    assert "dòng 5, cột “new_parent”: Văn phòng Sở nằm trong Sở Xây dựng" in message
    assert "dòng 2" not in message
    assert state() == before


@pytest.mark.django_db
def test_unreadable_rows_are_listed_before_anything_is_tried(org, tmp_path):
    rows = [
        "1/3/2025,thành lập,stp,,,,,,",
        "31/02/2025,sáp nhập,stp,sxd,,,,,",
        "01/03/2025,chia tách,stp,sxd,,,,,",
        "01/03/2025,hợp nhất,stp;snv,snv-moi,,,,,",
    ]
    before = state()
    with pytest.raises(CommandError) as refused:
        call_command("reorganise", str(write(tmp_path / "sai.csv", rows)))
    message = str(refused.value)
    assert "dòng 2, cột “kind”: loại thay đổi “thành lập” không hợp lệ" in message
    assert "dòng 3, cột “date”: “31/02/2025” không phải ngày dd/mm/yyyy" in message
    assert "dòng 4, cột “into”: chia tách cần ít nhất hai đơn vị kế thừa" in message
    assert state() == before
    # a new code without its name is a row the tree check refuses
    with pytest.raises(CommandError, match="dòng 2, cột “into”: mã snv-moi chưa có"):
        call_command("reorganise", str(write(tmp_path / "sai.csv", rows[3:])))


@pytest.mark.django_db
def test_a_cycle_made_by_two_rows_is_refused(org, tmp_path):
    rows = ["01/03/2025,di chuyển,stp,,sxd,,,,", "01/03/2025,di chuyển,sxd,,stp-vp,,,,"]
    with pytest.raises(
        CommandError, match="dòng 3, cột “new_parent”: Văn phòng Sở nằm trong Sở Xây dựng"
    ):
        call_command("reorganise", str(write(tmp_path / "vong.csv", rows)))
    assert OrgUnit.objects.get(code="stp").parent == org.province


# As a user runs it: the console script on a SQLite database of its own.

TREE = """code,name,parent_code,kind
tinh,UBND tỉnh Thử,,province
sxd,Sở Xây dựng,tinh,department
sxd-vp,Văn phòng Sở,sxd,division
stp,Sở Tư pháp,tinh,department
"""


def run(*args, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHISO_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([CHISO, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def tree_dir(tmp_path_factory) -> Path:
    """A migrated database holding a small tree, copied for each test."""
    data_dir = tmp_path_factory.mktemp("tree")
    assert run("migrate", "-v", "0", data_dir=data_dir).returncode == 0
    units = data_dir / "units.csv"
    units.write_text(TREE, encoding="utf-8")
    loaded = run("import-units", str(units), data_dir=data_dir)
    assert loaded.returncode == 0, loaded.stderr
    return data_dir


@pytest.fixture
def data_dir(tree_dir, tmp_path) -> Path:
    shutil.copy(tree_dir / "chiso.sqlite3", tmp_path / "chiso.sqlite3")
    return tmp_path


def units_of(data_dir: Path) -> str:
    query = (
        "from chiso.org.models import OrgUnit;"
        "print(sorted(OrgUnit.objects.values_list('code', 'parent__code', 'valid_until')))"
    )
    return run("shell", "-v", "0", "-c", query, data_dir=data_dir).stdout


def test_the_console_script_refuses_a_bad_file_whole(data_dir):
    before = units_of(data_dir)
    bad = write(
        data_dir / "sai.csv",
        [
            "01/03/2025,sáp nhập,stp,sxd,,,,,",
            "01/03/2025,di chuyển,sxd,,sxd-vp,,,,",
            "01/03/2025,đổi tên,khong-co,,,Tên,,,",
        ],
    )
    result = run("reorganise", str(bad), data_dir=data_dir)
    assert result.returncode == 1
    assert "sai.csv: không áp dụng được, không có gì được lưu" in result.stderr
    assert "dòng 3, cột “new_parent”" in result.stderr
    assert "dòng 4, cột “units”: không có đơn vị mã “khong-co”" in result.stderr
    assert "Traceback" not in result.stderr
    assert units_of(data_dir) == before


def test_the_console_script_applies_a_good_file_with_one_line(data_dir):
    good = write(data_dir / "dung.csv", ["01/03/2025,sáp nhập,stp,sxd,,,,NĐ 45/2025/NĐ-CP,"])
    checked = run("reorganise", str(good), "--dry-run", data_dir=data_dir)
    assert checked.returncode == 0, checked.stderr
    assert "chưa lưu" in checked.stdout
    assert "datetime.date(2025, 2, 28)" not in units_of(data_dir)
    result = run("reorganise", str(good), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "dung.csv: 1 thay đổi (hợp nhất, sáp nhập: 1); 1 đơn vị kết thúc, 0 đơn vị mới; "
        "0 nhiệm vụ chủ trì, 0 nhiệm vụ phối hợp, 0 người dùng, 0 đơn vị trực thuộc chuyển "
        "sang đơn vị kế thừa."
    ]
    assert "('stp', 'tinh', datetime.date(2025, 2, 28))" in units_of(data_dir)


README = Path(__file__).resolve().parents[2] / "README.md"
README_TREE = """code,name,parent_code,kind
tinh,UBND tỉnh,,province
skhdt,Sở Kế hoạch và Đầu tư,tinh,department
stc,Sở Tài chính,tinh,department
stnmt,Sở Tài nguyên và Môi trường,tinh,department
snnptnt,Sở Nông nghiệp và PTNT,tinh,department
sxd,Sở Xây dựng,tinh,department
sxd-vp,Văn phòng Sở,sxd,division
h-vq,UBND huyện Văn Quan,tinh,district
tp,UBND thành phố,tinh,district
tp-vp,Văn phòng UBND thành phố,tp,division
"""


@pytest.mark.django_db
def test_the_readme_example_applies(tmp_path, capsys):
    from chiso.org.unit_files import import_units

    import_units(
        write(tmp_path / "units.csv", README_TREE.splitlines()[1:], README_TREE.split("\n")[0])
    )
    text = README.read_text(encoding="utf-8")
    start = text.index("date,kind,units,into")
    example = text[start : text.index("```", start)]
    call_command("reorganise", str(write(tmp_path / "readme.csv", example.split("\n")[1:-1])))
    assert "5 thay đổi" in capsys.readouterr().out
    assert OrgUnit.objects.get(code="tp-vp").parent.code == "x-vq"
