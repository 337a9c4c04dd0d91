"""One truth on the demo province: for every unit and every role, the task figures of the home
page, the unit page, the province dashboard and the Word report are the same numbers; and the
summary rows kept on write equal those rebuilt from scratch."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chiso.accounts.models import User
from chiso.demo.build import build_demo
from chiso.demo.users import PASSWORD
from chiso.org.models import OrgUnit, UnitKind
from chiso.plans import branch_tallies
from chiso.plans.models import Plan
from chiso.reporting.report_data import collect
from chiso.tracking.schedule import current_period, ensure_periods
from chiso.tracking.summaries import rebuild_all, summary_rows

pytestmark = pytest.mark.django_db
FIELDS = ("total", "done", "late", "in_progress", "not_started", "blocked")


def figures(counts) -> tuple:
    return tuple(getattr(counts, name) for name in FIELDS)


@pytest.fixture
def demo(settings, tmp_path):
    settings.CHISO_METRICS_DIR = tmp_path / "metrics"
    build_demo(timezone.localdate())
    return OrgUnit.objects.get(code="tinh")


def dashboard_totals(client, root) -> dict[int, tuple]:
    """Each unit's total column on every tab and page of the province dashboard."""
    totals = {}
    kinds = [UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.DISTRICT]
    for kind in kinds:
        number = 1
        while True:
            page = client.get(reverse("tracking:dashboard"), {"kind": kind, "page": number})
            assert page.status_code == 200
            if page.context["kind"] != kind:
                break
            for unit, _cells, total in page.context["heat_rows"]:
                totals[unit.pk] = figures(total) if total else (0,) * len(FIELDS)
            if not page.context["page"].has_next():
                break
            number += 1
    return totals


def test_every_page_counts_the_same_tasks(client, demo):
    today = timezone.localdate()
    province_plan = Plan.objects.filter(issuer=demo, year=today.year).first()
    period = current_period(ensure_periods(province_plan), today)
    coordinator = User.objects.get(username="noivu")
    client.login(username=coordinator.username, password=PASSWORD)
    on_dashboard = dashboard_totals(client, demo)
    assert on_dashboard, "the dashboard lists the departments and communes"
    compared = 0
    for unit in demo.children.current().exclude(kind=UnitKind.EXTERNAL):
        if unit.kind == UnitKind.DIVISION:
            continue
        on_page = figures(client.get(reverse("org:unit", args=[unit.pk])).context["counts"])
        in_report = figures(collect(unit, period, today).counts)
        assert on_page == in_report == on_dashboard[unit.pk], unit.name
        compared += on_page[0] > 0
    assert compared >= 10  # units with tasks were compared, not only empty ones
    for user in User.objects.exclude(unit=None):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        home = figures(client.get(reverse("home")).context["counts"])
        scope = demo if user.role in ("admin", "coordinator") else user.unit
        client.logout()
        client.login(username=coordinator.username, password=PASSWORD)
        unit_page = figures(client.get(reverse("org:unit", args=[scope.pk])).context["counts"])
        assert home == unit_page == figures(collect(scope, period, today).counts), user.username


def test_summaries_kept_on_write_equal_a_rebuild(demo):
    branch_tallies.roll(timezone.localdate())  # as the first page of the day does
    kept = summary_rows()
    assert kept[0] and kept[1]
    rebuild_all()
    assert summary_rows() == kept
