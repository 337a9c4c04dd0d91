"""The loop back to the plans: components that fell or rank lowest in last year's published
results, the next plan's tasks that address them, and the flag where none does."""

import pytest
from django.urls import reverse

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component
from chiso.scoring.coverage import plan_coverage, year_coverage
from chiso.scoring.results_import import import_results

from ..factories import PASSWORD, TaskFactory
from .test_results_import import PAPI, write_csv


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
