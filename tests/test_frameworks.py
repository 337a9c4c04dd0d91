"""Index frameworks: the built-in files, idempotent loading, bad files, the command; a
framework copied to another year (function, command through the console script, admin)."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chiso.accounts.models import Role
from chiso.frameworks.copying import FrameworkCopyError, copy_framework, copy_latest_to
from chiso.frameworks.loading import (
    DATA_DIR,
    FrameworkFileError,
    load_builtin_frameworks,
    load_framework,
    read_framework_file,
)
from chiso.frameworks.models import Component, ComponentLevel, Framework
from chiso.org.models import OrgUnit
from chiso.plans.models import Plan, Task

from .factories import PASSWORD, UserFactory

BUILTIN_FILES = [
    f"{index}-{year}.json" for index in ("par", "sipas", "papi", "pci") for year in (2024, 2025)
]
YEARS = [2024, 2025]
SIPAS_CRITERIA = [
    *(f"SIPAS.1.{n}" for n in range(1, 5)),
    *(f"SIPAS.2.{n}" for n in range(1, 6)),
    *(f"SIPAS.3.{n}" for n in range(1, 7)),
    *(f"SIPAS.4.{n}" for n in range(1, 4)),
    *(f"SIPAS.5.{n}" for n in range(1, 5)),
]
PCI_WEIGHTS = {
    "PCI.1": 5, "PCI.2": 5, "PCI.3": 20, "PCI.4": 5, "PCI.5": 10,
    "PCI.6": 5, "PCI.7": 5, "PCI.8": 20, "PCI.9": 20, "PCI.10": 5,
}  # fmt: skip


def small_framework() -> dict:
    """A valid three-level framework file, for tests that change it."""
    return {
        "code": "TST",
        "name": "Bộ chỉ số thử",
        "year": 2025,
        "max_points": 20,
        "components": [
            {
                "code": "TST.1",
                "name": "Lĩnh vực một",
                "max_points": 10,
                "components": [
                    {
                        "code": "TST.1.1",
                        "name": "Tiêu chí một",
                        "max_points": 4,
                        "components": [
                            {"code": "TST.1.1.1", "name": "Thành phần", "max_points": 2}
                        ],
                    },
                    {"code": "TST.1.2", "name": "Tiêu chí hai", "max_points": 6},
                ],
            },
            {"code": "TST.2", "name": "Lĩnh vực hai", "max_points": 8.5},
        ],
    }


def write(tmp_path: Path, data: dict, name: str = "tst-2025.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def rows() -> list[tuple]:
    """Every framework and component row, to compare the database before and after."""
    frameworks = list(Framework.objects.order_by("pk").values_list())
    components = list(Component.objects.order_by("pk").values_list())
    return frameworks + components


def components_of(code: str, year: int, level: int) -> dict[str, Component]:
    queryset = Component.objects.filter(framework__code=code, framework__year=year, level=level)
    return {component.code: component for component in queryset}


@pytest.mark.parametrize("name", BUILTIN_FILES)
def test_each_builtin_file_reads(name):
    spec = read_framework_file(DATA_DIR / name)
    assert f"{spec.code.lower()}-{spec.year}.json" == name
    assert spec.description


def test_data_folder_holds_exactly_the_builtin_files():
    assert sorted(path.name for path in DATA_DIR.glob("*.json")) == sorted(BUILTIN_FILES)


@pytest.mark.django_db
def test_builtin_frameworks_load():
    frameworks = load_builtin_frameworks()
    assert sorted(str(f) for f in frameworks) == sorted(
        f"{name} {year}" for name in ("PAR INDEX", "SIPAS", "PAPI", "PCI") for year in YEARS
    )
    assert Framework.objects.count() == 8


@pytest.mark.django_db
def test_builtin_frameworks_load_by_year():
    assert {f.year for f in load_builtin_frameworks(years=[2025])} == {2025}
    assert not Framework.objects.filter(year=2024).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_par_has_the_eight_fields(year):
    load_builtin_frameworks()
    fields = components_of("PAR", year, ComponentLevel.FIELD)
    assert sorted(fields) == [f"PAR.{n}" for n in range(1, 9)]
    assert fields["PAR.3"].name == "Cải cách thủ tục hành chính (TTHC)"
    assert fields["PAR.7"].name == "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"
    assert Framework.objects.get(code="PAR", year=year).max_points == 100
    criteria = components_of("PAR", year, ComponentLevel.CRITERION)
    assert {c.parent.code for c in criteria.values()} == set(fields)
    assert criteria["PAR.3.3"].name == "Thực hiện cơ chế một cửa, một cửa liên thông"


@pytest.mark.django_db
def test_par_2024_has_only_the_known_field_maxima():
    load_builtin_frameworks()
    points = {code: c.max_points for code, c in components_of("PAR", 2024, 1).items()}
    known = {"PAR.3": 13, "PAR.4": Decimal("10.5"), "PAR.5": 15, "PAR.8": Decimal("16.5")}
    assert points == {code: known.get(code) for code in points}
    assert "1187/QĐ-BNV" in Framework.objects.get(code="PAR", year=2025).description


@pytest.mark.django_db
def test_par_2025_has_the_field_maxima_known_from_2024():
    load_builtin_frameworks()
    maxima = {
        year: {code: c.max_points for code, c in components_of("PAR", year, 1).items()}
        for year in YEARS
    }
    assert maxima[2025] == maxima[2024]
    assert sum(points for points in maxima[2025].values() if points) == 55
    assert not any(c.max_points for c in components_of("PAR", 2025, 2).values())


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_sipas_has_five_components_and_22_criteria(year):
    load_builtin_frameworks()
    assert sorted(components_of("SIPAS", year, 1)) == [f"SIPAS.{n}" for n in range(1, 6)]
    criteria = components_of("SIPAS", year, 2)
    assert sorted(criteria) == sorted(SIPAS_CRITERIA)
    assert criteria["SIPAS.1.1"].name == "Nơi ngồi chờ có đủ chỗ ngồi"
    assert criteria["SIPAS.4.1"].parent.code == "SIPAS.4"
    framework = Framework.objects.get(code="SIPAS", year=year)
    assert "1001/QĐ-BNV" in framework.legal_basis
    assert framework.max_points is None
    assert not framework.components.filter(max_points__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_papi_has_eight_dimensions_of_ten_and_28_sub_dimensions(year):
    load_builtin_frameworks()
    dimensions = components_of("PAPI", year, 1)
    assert sorted(dimensions, key=lambda code: int(code.split(".")[1])) == [
        f"PAPI.{n}" for n in range(1, 9)
    ]
    assert {c.max_points for c in dimensions.values()} == {10}
    assert Framework.objects.get(code="PAPI", year=year).max_points == 80
    sub = components_of("PAPI", year, 2)
    per_dimension = [sum(c.parent.code == f"PAPI.{n}" for c in sub.values()) for n in range(1, 9)]
    assert per_dimension == [4, 4, 3, 4, 3, 4, 3, 3]
    assert sub["PAPI.1.1"].name == "Tri thức công dân"


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_pci_has_ten_weighted_sub_indices(year):
    load_builtin_frameworks()
    sub_indices = components_of("PCI", year, 1)
    assert {code: c.max_points for code, c in sub_indices.items()} == PCI_WEIGHTS
    assert sum(PCI_WEIGHTS.values()) == Framework.objects.get(code="PCI", year=year).max_points
    assert sub_indices["PCI.7"].name == "Tính năng động của chính quyền tỉnh"
    assert list(
        Component.objects.filter(framework__code="PCI", framework__year=year).values_list(
            "code", flat=True
        )
    ) == list(PCI_WEIGHTS)


@pytest.mark.django_db
def test_loading_twice_writes_nothing():
    load_builtin_frameworks()
    before = rows()
    with CaptureQueriesContext(connection) as queries:
        load_builtin_frameworks()
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert rows() == before


@pytest.mark.django_db
def test_levels_and_order_follow_the_file(tmp_path):
    load_framework(read_framework_file(write(tmp_path, small_framework())))
    tree = list(Component.objects.values_list("code", "level", "parent__code", "order"))
    assert tree == [
        ("TST.1", 1, None, 1),
        ("TST.1.1", 2, "TST.1", 2),
        ("TST.1.1.1", 3, "TST.1.1", 3),
        ("TST.1.2", 2, "TST.1", 4),
        ("TST.2", 1, None, 5),
    ]
    assert Component.objects.get(code="TST.2").max_points == Decimal("8.5")


@pytest.mark.django_db
def test_a_changed_file_updates_names_and_adds_components(tmp_path):
    load_framework(read_framework_file(write(tmp_path, small_framework())))
    ids = dict(Component.objects.values_list("code", "pk"))
    data = small_framework()
    data["name"] = "Bộ chỉ số thử, sửa đổi"
    data["components"][1]["name"] = "Lĩnh vực hai (tên mới)"
    data["components"][1]["components"] = [{"code": "TST.2.1", "name": "Tiêu chí mới"}]

    framework = load_framework(read_framework_file(write(tmp_path, data)))

    assert framework.name == "Bộ chỉ số thử, sửa đổi"
    assert Framework.objects.count() == 1
    changed = Component.objects.get(code="TST.2")
    assert (changed.pk, changed.name) == (ids["TST.2"], "Lĩnh vực hai (tên mới)")
    added = Component.objects.get(code="TST.2.1")
    assert (added.level, added.parent_id, added.framework_id) == (2, changed.pk, framework.pk)
    assert {
        code: pk for code, pk in Component.objects.values_list("code", "pk") if code in ids
    } == ids


@pytest.mark.django_db
def test_a_component_dropped_from_the_file_is_deleted(tmp_path):
    load_framework(read_framework_file(write(tmp_path, small_framework())))
    data = small_framework()
    del data["components"][0]["components"][0]
    load_framework(read_framework_file(write(tmp_path, data)))
    assert not Component.objects.filter(code__startswith="TST.1.1").exists()
    assert Component.objects.count() == 3


@pytest.mark.django_db
def test_a_component_a_task_refers_to_is_kept(tmp_path):
    load_framework(read_framework_file(write(tmp_path, small_framework())))
    unit = OrgUnit.objects.create(code="sxd", name="Sở Xây dựng", kind="department")
    plan = Plan.objects.create(issuer=unit, title="Kế hoạch nâng cao PAR INDEX", year=2025)
    Task.objects.create(plan=plan, component=Component.objects.get(code="TST.1.1.1"), text="Việc")
    data = small_framework()
    del data["components"][0]
    path = write(tmp_path, data)

    out = StringIO()
    call_command("load_frameworks", str(path), stdout=out)

    # The referenced sub-criterion stays, and so does its parent; its grandparent too.
    assert sorted(Component.objects.values_list("code", flat=True)) == [
        "TST.1",
        "TST.1.1",
        "TST.1.1.1",
        "TST.2",
    ]
    assert "giữ lại TST.1, TST.1.1, TST.1.1.1" in out.getvalue()


def _without(key: str, at: str):
    def change(data: dict) -> None:
        item = data
        for index in json.loads(at):
            item = item["components"][index]
        del item[key]

    return change


def _set(at: str, key: str, value):
    def change(data: dict) -> None:
        item = data
        for index in json.loads(at):
            item = item["components"][index]
        item[key] = value

    return change


BAD_FILES = {
    "missing code": (_without("code", "[0, 1]"), 'components[0].components[1]: "code" is missing'),
    "missing name": (_without("name", "[1]"), 'components[1]: "name" is missing'),
    "blank name": (_set("[0]", "name", "  "), 'components[0]: "name" is missing'),
    "missing year": (_without("year", "[]"), '"year" is missing'),
    "duplicate code": (
        _set("[0, 1]", "code", "TST.1.1"),
        'components[0].components[1]: duplicate code "TST.1.1"',
    ),
    "child code outside its parent": (
        _set("[0, 0, 0]", "code", "TST.2.1"),
        'components[0].components[0].components[0]: code "TST.2.1" does not start with "TST.1.1."',
    ),
    "top code outside the framework": (
        _set("[1]", "code", "PAR.2"),
        'components[1]: code "PAR.2" does not start with "TST."',
    ),
    "text max_points": (
        _set("[0, 1]", "max_points", "6 điểm"),
        'components[0].components[1]: "max_points" is not a number: "6 điểm"',
    ),
    "children above their parent": (
        _set("[0, 1]", "max_points", 7),
        "components[0]: the components' max_points add up to 11, more than its max_points 10",
    ),
    "fields above the total": (
        _set("[1]", "max_points", 11),
        "the components' max_points add up to 21, more than its max_points 20",
    ),
    "too many decimals": (
        _set("[1]", "max_points", 8.555),
        'components[1]: "max_points" must be from 0 to below 100000 with at most 2 decimals',
    ),
    "unknown key": (_set("[1]", "max_point", 3), 'components[1]: unknown key "max_point"'),
    "too deep": (
        _set("[0, 0, 0]", "components", [{"code": "TST.1.1.1.1", "name": "Cấp bốn"}]),
        "components[0].components[0].components[0].components[0]: too deep: at most 3 levels",
    ),
}


@pytest.mark.parametrize("change, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_names_the_bad_item(tmp_path, change, message):
    data = small_framework()
    change(data)
    with pytest.raises(FrameworkFileError) as error:
        read_framework_file(write(tmp_path, data))
    assert str(error.value).startswith(f"tst-2025.json: {message}")


@pytest.mark.django_db
@pytest.mark.parametrize("change, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_the_command_saves_nothing_from_a_bad_file(tmp_path, change, message):
    load_framework(read_framework_file(write(tmp_path, small_framework())))
    before = rows()
    data = small_framework()
    data["components"][0]["name"] = "Tên mới không được lưu"
    change(data)
    with pytest.raises(CommandError, match=r"^tst-2025\.json: "):
        call_command("load_frameworks", str(write(tmp_path, data)))
    assert rows() == before


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "par-2025.json"
    path.write_text('{"code": "PAR",\n "name": }', encoding="utf-8")
    with pytest.raises(
        FrameworkFileError, match=r"^par-2025\.json: line 2, column 10: invalid JSON"
    ):
        read_framework_file(path)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FrameworkFileError, match=r"^nowhere\.json: cannot be read"):
        read_framework_file(tmp_path / "nowhere.json")


@pytest.mark.django_db
def test_the_command_loads_nothing_when_any_file_is_bad(tmp_path):
    good = write(tmp_path, small_framework())
    bad_data = small_framework() | {"code": "BAD", "year": 2024}
    bad = write(tmp_path, bad_data, "bad-2024.json")
    with pytest.raises(CommandError, match=r'^bad-2024\.json: components\[0\]: code "TST\.1"'):
        call_command("load_frameworks", str(good), str(bad))
    assert not Framework.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_two_files_for_one_index_and_year(tmp_path):
    first = write(tmp_path, small_framework(), "a.json")
    second = write(tmp_path, small_framework(), "b.json")
    with pytest.raises(CommandError, match=r"^b\.json: TST 2025 is already in a\.json$"):
        call_command("load_frameworks", str(first), str(second))


@pytest.mark.django_db
def test_the_command_loads_the_builtin_frameworks_and_prints_counts():
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 8
    assert "SIPAS 2025: 5 lĩnh vực, 22 tiêu chí" in lines
    assert "PAPI 2024: 8 lĩnh vực, 28 tiêu chí" in lines
    assert "PCI 2025: 10 lĩnh vực" in lines
    par = Component.objects.filter(framework__code="PAR", framework__year=2025, level=2).count()
    assert f"PAR INDEX 2025: 8 lĩnh vực, {par} tiêu chí" in lines


@pytest.mark.django_db
def test_the_command_prints_sub_criteria(tmp_path):
    out = StringIO()
    call_command("load_frameworks", str(write(tmp_path, small_framework())), stdout=out)
    assert out.getvalue() == "TST 2025: 2 lĩnh vực, 2 tiêu chí, 1 tiêu chí thành phần\n"


# ---------------------------------------------------------------- copying to another year

CHISO = str(Path(sys.executable).parent / "chiso")
ADMIN_CHANGELIST = "admin:frameworks_framework_changelist"


def tree(framework: Framework) -> list[tuple]:
    """The component tree as its rows show it, without ids."""
    return list(
        framework.components.order_by("order").values_list(
            "code", "name", "level", "max_points", "order", "description", "parent__code"
        )
    )


@pytest.mark.django_db
def test_a_copy_has_the_same_tree_in_the_new_year(tmp_path):
    source = load_framework(read_framework_file(write(tmp_path, small_framework())))
    Component.objects.filter(code="TST.1.1").update(description="Ghi chú của tiêu chí")
    before = rows()
    copy = copy_framework("tst", 2025, 2026)
    assert (copy.code, copy.year, copy.name, copy.max_points) == ("TST", 2026, source.name, 20)
    assert tree(copy) == tree(source) and len(tree(copy)) == 5
    assert copy.components.get(code="TST.1.1.1").parent.framework == copy
    assert "Sao chép từ bộ năm 2025" in copy.description
    assert [row for row in rows() if row in before] == before  # the source is untouched
    assert len(rows()) == 2 * len(before)


@pytest.mark.django_db
def test_a_copy_is_refused_when_the_year_has_it_or_the_source_is_missing(tmp_path):
    load_framework(read_framework_file(write(tmp_path, small_framework())))
    copy_framework("TST", 2025, 2026)
    before = rows()
    refused = {
        ("TST", 2025, 2026): "Đã có bộ chỉ số TST năm 2026; không sao chép đè lên.",
        ("TST", 2024, 2027): "Không có bộ chỉ số TST năm 2024 để sao chép.",
        ("XYZ", 2025, 2026): "Không có bộ chỉ số XYZ năm 2025 để sao chép.",
        ("TST", 2025, 20260): "Năm 20260 không hợp lệ: cần một năm từ 2000 đến 2100.",
    }
    for args, message in refused.items():
        with pytest.raises(FrameworkCopyError) as raised:
            copy_framework(*args)
        assert str(raised.value) == message
    assert rows() == before


@pytest.mark.django_db
def test_a_broken_tree_copies_nothing(tmp_path):
    load_framework(read_framework_file(write(tmp_path, small_framework())))
    other = Framework.objects.create(code="OTH", name="Khác", year=2025)
    stray = Component.objects.create(framework=other, code="OTH.1", name="Ngoài", level=1)
    Component.objects.filter(code="TST.2").update(parent=stray)
    with pytest.raises(FrameworkCopyError, match=r"TST\.2 thuộc thành phần ngoài bộ"):
        copy_framework("TST", 2025, 2026)
    assert not Framework.objects.filter(year=2026).exists()
    assert not Component.objects.filter(framework__year=2026).exists()


@pytest.mark.django_db
def test_the_plans_year_gets_a_copy_of_each_index_it_lacks():
    load_builtin_frameworks()
    copies = copy_latest_to(2026)
    assert sorted(str(f) for f in copies) == [
        "PAPI 2026",
        "PAR INDEX 2026",
        "PCI 2026",
        "SIPAS 2026",
    ]
    par = Framework.objects.get(code="PAR", year=2026)
    assert tree(par) == tree(Framework.objects.get(code="PAR", year=2025))
    assert copy_latest_to(2026) == [] and copy_latest_to(2025) == []


def chiso(*args, data_dir: Path) -> subprocess.CompletedProcess:
    """The console script on a fresh SQLite database in `data_dir`."""
    env = {**os.environ, "CHISO_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([CHISO, *args], env=env, capture_output=True, text=True, timeout=300)


def test_the_command_copies_a_framework_to_a_year(tmp_path):
    assert chiso("migrate", "-v", "0", data_dir=tmp_path).returncode == 0
    assert chiso("load-frameworks", data_dir=tmp_path).returncode == 0
    done = chiso("copy-framework", "PAR", "2025", "2026", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã sao chép sang năm 2026: PAR INDEX 2026: 8 lĩnh vực, ")
    next_year = chiso("copy-framework", "sipas", "2025", data_dir=tmp_path)
    assert "SIPAS 2026: 5 lĩnh vực, 22 tiêu chí" in next_year.stdout, next_year.stderr
    for args, message in (
        (("PAR", "2025", "2026"), "Đã có bộ chỉ số PAR năm 2026; không sao chép đè lên."),
        (("PAR", "2019", "2026"), "Không có bộ chỉ số PAR năm 2019 để sao chép."),
    ):
        refused = chiso("copy-framework", *args, data_dir=tmp_path)
        assert refused.returncode == 1
        assert message in refused.stderr and "Traceback" not in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1


@pytest.fixture
def admin_client(client, org):
    root = UserFactory(
        username="root", unit=org.province, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    client.login(username=root.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_admin_action_asks_the_year_then_copies(admin_client):
    frameworks = load_builtin_frameworks(years=[2025])
    chosen = [f.pk for f in frameworks if f.code in ("PAR", "PAPI")]
    action = {"action": "copy_to_year", "_selected_action": chosen}
    asked = admin_client.post(reverse(ADMIN_CHANGELIST), action)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert 'name="to_year"' in page and 'value="2026"' in page and "PAR INDEX 2025" in page
    done = admin_client.post(reverse(ADMIN_CHANGELIST), {**action, "apply": "1", "to_year": ""})
    assert done.status_code == 302
    assert sorted(Framework.objects.filter(year=2026).values_list("code", flat=True)) == [
        "PAPI",
        "PAR",
    ]
    message = admin_client.get(done["Location"]).content.decode()
    assert (
        "Đã sao chép: PAR INDEX 2026, PAPI 2026." in message
        or "PAPI 2026, PAR INDEX 2026" in message
    )


@pytest.mark.django_db
def test_the_admin_action_copies_none_when_one_cannot_be_copied(admin_client):
    frameworks = load_builtin_frameworks(years=[2025])
    copy_framework("PCI", 2025, 2027)
    action = {"action": "copy_to_year", "_selected_action": [f.pk for f in frameworks]}
    refused = admin_client.post(
        reverse(ADMIN_CHANGELIST), {**action, "apply": "1", "to_year": "2027"}
    )
    assert refused.status_code == 200
    assert "Đã có bộ chỉ số PCI năm 2027" in refused.content.decode()
    assert list(Framework.objects.filter(year=2027).values_list("code", flat=True)) == ["PCI"]
