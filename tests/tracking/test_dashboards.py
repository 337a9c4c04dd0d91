"""The coordinator's heatmap, who has not reported, the trend; the unit's own figures."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component
from chiso.plans.models import Target, TaskStatus
from chiso.tracking.dashboards import province_heatmap, provincial_reporting
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods
from chiso.tracking.target_status import assess_targets

from ..factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(db):
    load_builtin_frameworks([2025])
    return {c.code: c for c in Component.objects.filter(level=1, framework__year=2025)}


def test_heatmap_by_unit_and_field(org, plans, fields):
    TaskFactory(plan=plans.a, lead=org.div_a, component=fields["PAR.1"], status=TaskStatus.DONE)
    TaskFactory(plan=plans.a, lead=org.div_a, component=fields["PAR.1"], manual_percent=50)
    TaskFactory(plan=plans.b, lead=org.dept_b, component=fields["PAR.2"])
    heat = province_heatmap(org.province, 2025, datetime.date(2025, 7, 1))
    assert [f.code for f in heat.fields] == ["PAR.1", "PAR.2"]
    cell = heat.cell(org.dept_a.pk, "PAR.1")
    assert (cell.done, cell.total, cell.percent, cell.label) == (1, 2, 75, "75% (1/2)")
    assert heat.cell(org.dept_b.pk, "PAR.2").percent == 0
    data = heat.chart_data()
    assert data["units"][:3] == ["Sở Nội vụ", "Sở Tư pháp", "Sở Xây dựng"]  # departments first
    assert sorted(x[:2] for x in data["values"]) == [[0, 2], [1, 1]]


def test_who_has_not_reported_and_the_trend(org, plans):
    periods = ensure_periods(plans.province)
    today = datetime.date(2025, 8, 1)  # reporting "9 tháng" now; Q1 and H1 are past
    ProgressUpdate.objects.create(
        task=plans.province_task_a, period=periods[0], unit=org.dept_a, state=UpdateState.APPROVED
    )
    ProgressUpdate.objects.create(
        task=plans.province_task_a, period=periods[2], unit=org.dept_a, state=UpdateState.SUBMITTED
    )
    reporting = provincial_reporting(org.province, 2025, today)
    assert reporting.period == periods[2]
    assert [(unit.pk, owed, missing) for unit, owed, missing in reporting.missing] == [
        (org.dept_b.pk, 1, 1)
    ]
    assert [(p.code, owed, done) for p, owed, done in reporting.trend] == [
        ("2025-Q1", 2, 1),
        ("2025-H1", 2, 0),
    ]


def test_targets_against_their_thresholds(plans):
    target = Target.objects.create(
        plan=plans.a,
        task=plans.task_a,
        indicator="on_time",
        comparator="gt",
        value=99,
        unit="%",
        text="trên 99%",
    )
    period = ensure_periods(plans.a)[0]
    ProgressUpdate.objects.create(
        task=plans.task_a,
        period=period,
        unit=plans.task_a.lead,
        state=UpdateState.APPROVED,
        target_values={str(target.pk): "98,5"},
    )
    (reading,) = assess_targets([target], datetime.date(2025, 7, 10))
    assert str(reading.actual) == "98.5" and reading.status == "at_risk"


def test_only_coordinators_open_the_province_dashboard(client, users, plans):
    client.login(username=users.officer_a.username, password=PASSWORD)
    assert client.get(reverse("tracking:dashboard")).status_code == 404
    client.login(username=users.coordinator.username, password=PASSWORD)
    page = client.get(reverse("tracking:dashboard"), {"year": 2025}).content.decode()
    assert "Sở Xây dựng" in page and "heat-data" in page
    assert "export=heatmap" in page
    client.login(username=users.officer_a.username, password=PASSWORD)
    assert client.get(reverse("tracking:dashboard"), {"export": "heatmap"}).status_code == 404


def test_dashboard_tables_export_whole(client, users, org, plans, fields):
    TaskFactory(plan=plans.a, lead=org.div_a, component=fields["PAR.1"], status=TaskStatus.DONE)
    ensure_periods(plans.province)
    client.login(username=users.coordinator.username, password=PASSWORD)
    url = reverse("tracking:dashboard")
    heat = client.get(url, {"year": 2025, "kind": "department", "export": "heatmap"})
    sheet = load_workbook(io.BytesIO(heat.content)).active
    header, *rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert header[0] == "Đơn vị" and "PAR.1" in header
    assert {row[0] for row in rows} == {"Sở Xây dựng", "Sở Tư pháp", "Sở Nội vụ"}
    missing = client.get(url, {"year": 2025, "kind": "department", "export": "missing"})
    header, *rows = list(
        load_workbook(io.BytesIO(missing.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert header == ("Đơn vị", "Nhiệm vụ phải báo cáo", "Chưa gửi")


def test_home_shows_completion_by_field(client, users, plans, fields):
    year = timezone.localdate().year
    plans.a.year = year
    plans.a.save()
    plans.task_a.component = fields["PAR.3"]
    plans.task_a.status = TaskStatus.DONE
    plans.task_a.save()
    client.login(username=users.leader_a.username, password=PASSWORD)
    response = client.get(reverse("home"))
    ((code, name, counts),) = response.context["fields"]
    assert (code, name, counts.percent) == ("PAR.3", fields["PAR.3"].name, 100)
    assert response.context["fields_data"]["names"] == [fields["PAR.3"].name]
    assert fields["PAR.3"].name in response.content.decode()  # in the table, not only the code


def test_the_public_plan_page_shows_approved_progress_only(client, plans, org):
    period = ensure_periods(plans.a)[0]
    ProgressUpdate.objects.create(
        task=plans.task_a,
        period=period,
        unit=org.div_a,
        state=UpdateState.APPROVED,
        narrative="Đã công khai 100% TTHC",
    )
    ProgressUpdate.objects.create(
        task=plans.task_a,
        period=ensure_periods(plans.a)[1],
        unit=org.div_a,
        state=UpdateState.SUBMITTED,
        narrative="Chưa duyệt, không công khai",
    )
    page = client.get(reverse("public:plan", args=[plans.a.pk])).content.decode()
    assert "Đã công khai 100% TTHC" in page
    assert "Chưa duyệt" not in page
    plans.b.status = "draft"
    plans.b.save()
    assert client.get(reverse("public:plan", args=[plans.b.pk])).status_code == 404
