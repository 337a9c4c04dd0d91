"""The loop back to the plans: components that fell or rank lowest in last year's published
results, the next plan's tasks that address them, and the flag where none does; only the
indices the plans cover, those without a task first."""

import pytest
from django.urls import reverse

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component
from chiso.plans.models import Plan
from chiso.scoring.coverage import plan_coverage, year_coverage
from chiso.scoring.models import ResultEntry, ResultScope, ResultSet
from chiso.scoring.results_import import import_results
from chiso.scoring.scheme_file import load_scheme

from ..factories import PASSWORD, PlanFactory, TaskFactory
from .test_results_import import PAPI, write_csv
from .test_scheme_file import workbook


@pytest.fixture
def results(org, tmp_path):
    load_builtin_frameworks([2024, 2025])
    org.province.name = "UBND tỉnh Lạng Sơn"
    org.province.save()
    before = ["6", "5.5", "5", "6.5", "7", "7", "4", "5.2"]
    after = ["6.1", "5.6", "4.5", "6.6", "7.2", "7.1", "4.4", "4.8"]  # PAPI.3 and PAPI.8 fell
    for year, values in ((2024, before), (2025, after)):
        rows = [["Tỉnh, thành phố", *PAPI], ["Lạng Sơn", *values], ["Cao Bằng", *["5"] * 8]]
        import_results(write_csv(tmp_path / f"papi-{year}.csv", rows), "PAPI", year)


def test_the_components_that_fell_or_rank_lowest_with_the_plans_tasks(org, plans, results):
    plans.province.year = 2026
    plans.province.save()
    papi3 = Component.objects.get(framework__code="PAPI", framework__year=2025, code="PAPI.3")
    TaskFactory(plan=plans.province, lead=org.snv, text="Tiếp công dân định kỳ", component=papi3)
    found = {gap.code: gap for gap in plan_coverage(plans.province)}
    assert set(found) == {
        "PAPI.3",
        "PAPI.7",
        "PAPI.8",
    }  # fell: 3 and 8; lowest: 7 (4.4) and 3 (4.5)
    assert [t.text for t in found["PAPI.3"].tasks] == ["Tiếp công dân định kỳ"]
    assert found["PAPI.3"].text == "PAPI.3 giảm 0,5 điểm"
    assert found["PAPI.8"].text == "PAPI.8 giảm 0,4 điểm — chưa có nhiệm vụ"
    assert found["PAPI.7"].text == "PAPI.7 thuộc nhóm thấp nhất (4,4 điểm) — chưa có nhiệm vụ"


def test_the_plan_page_and_the_dashboard_flag_them(client, users, org, plans, results):
    plans.province.year = 2026
    plans.province.status = "issued"
    plans.province.save()
    assert client.login(username=users.coordinator.username, password=PASSWORD)
    page = client.get(reverse("plans:plan", args=[plans.province.pk])).content.decode()
    assert "PAPI.8 giảm 0,4 điểm — chưa có nhiệm vụ" in page
    dashboard = client.get(reverse("tracking:dashboard"), {"year": 2026}).content.decode()
    assert "PAPI.8 giảm 0,4 điểm — chưa có nhiệm vụ" in dashboard


def test_without_results_there_is_nothing_to_flag(org, plans):
    assert year_coverage(org.province, 2026) == []


@pytest.fixture
def pci(results, tmp_path):
    """PCI of the same years, its first sub-index fallen: an index the plans may not cover."""
    codes = [f"PCI.{i}" for i in range(1, 11)]
    for year, first in ((2024, "6"), (2025, "5")):
        rows = [["Tỉnh, thành phố", *codes], ["Lạng Sơn", first, *["6"] * 9]]
        rows.append(["Cao Bằng", *["5"] * 10])
        import_results(write_csv(tmp_path / f"pci-{year}.csv", rows), "PCI", year)


def test_a_plan_lists_the_indices_it_covers(org, plans, pci):
    plans.province.year, plans.province.indices = 2026, ["PAR", "PAPI"]
    plans.province.save()
    assert {gap.index for gap in plan_coverage(plans.province)} == {"PAPI"}
    plans.province.indices = []  # a plan that names no index: every one
    assert {gap.index for gap in plan_coverage(plans.province)} == {"PAPI", "PCI"}


def test_the_dashboard_lists_the_indices_of_the_years_issued_plans(org, plans, pci):
    plans.province.year, plans.province.indices = 2026, ["PAPI"]
    plans.province.save()
    assert {gap.index for gap in year_coverage(org.province, 2026)} == {"PAPI"}
    PlanFactory(issuer=org.province, year=2026, indices=["PCI"], status="draft")
    assert {gap.index for gap in year_coverage(org.province, 2026)} == {"PAPI"}
    PlanFactory(issuer=org.province, year=2026, indices=["PCI", "SIPAS"])
    assert {gap.index for gap in year_coverage(org.province, 2026)} == {"PAPI", "PCI"}
    Plan.objects.filter(issuer=org.province).update(indices=[])
    assert {gap.index for gap in year_coverage(org.province, 2026)} == {"PAPI", "PCI"}


def test_those_without_a_task_come_first_and_the_others_fold(client, users, org, plans, results):
    plans.province.year, plans.province.indices = 2026, ["PAPI"]
    plans.province.save()
    papi3 = Component.objects.get(framework__code="PAPI", framework__year=2025, code="PAPI.3")
    TaskFactory(plan=plans.province, lead=org.snv, text="Tiếp công dân định kỳ", component=papi3)
    found = plan_coverage(plans.province)
    assert [(gap.code, bool(gap.tasks)) for gap in found][-1] == ("PAPI.3", True)
    assert not any(gap.tasks for gap in found[:-1])
    assert client.login(username=users.coordinator.username, password=PASSWORD)
    page = client.get(reverse("plans:plan", args=[plans.province.pk])).content.decode()
    flagged = page.index("PAPI.8 giảm 0,4 điểm — chưa có nhiệm vụ")
    folded = page.index("<details><summary><span>PAPI.3 giảm 0,5 điểm</span>")
    assert flagged < folded
    assert "1 nhiệm vụ</span></summary>" in page and "Tiếp công dân định kỳ" in page


def test_a_departments_own_index_fields_are_read_as_the_national_fields(org, plans, tmp_path):
    """Sở Xây dựng's results in the province's PAR-SO: its field 1 fell; the plan's task
    under PAR.1 of the national index addresses it."""
    load_builtin_frameworks([2025])
    scheme = load_scheme(workbook(tmp_path))
    fields = list(
        scheme.framework.components.filter(parent=None)
        .order_by("order")
        .values_list("code", flat=True)
    )
    for year, first in ((2024, "10"), (2025, "8")):
        results = ResultSet.objects.create(
            index=scheme.framework.code,
            year=year,
            scope=ResultScope.UNITS,
            framework=scheme.framework,
            components=fields,
        )
        ResultEntry.objects.create(
            result_set=results,
            unit=org.dept_a,
            written_name=org.dept_a.name,
            line=1,
            components={code: first if code == fields[0] else "5" for code in fields},
            total=90,
        )
    plans.a.year, plans.a.indices = 2026, ["PAR"]
    plans.a.save()
    direction = Component.objects.get(framework__code="PAR", framework__year=2025, code="PAR.1")
    TaskFactory(plan=plans.a, lead=org.div_a, text="Ban hành kế hoạch CCHC", component=direction)
    found = {gap.code: gap for gap in plan_coverage(plans.a)}
    assert found[fields[0]].field == "PAR.1"
    assert [t.text for t in found[fields[0]].tasks] == ["Ban hành kế hoạch CCHC"]
