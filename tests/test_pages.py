"""The main pages render for each role with a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chiso.org.models import ChangeKind, UnitChange
from chiso.plans import branch_tallies

from .factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_today(db):
    """The kept rows count as of today, as after the morning job: a count of queries is of
    the pages, not of the day's roll (`chiso.plans.branch_tallies`)."""
    branch_tallies.roll(timezone.localdate())


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["admin", "coordinator", "leader_a", "officer_a", "viewer_a"])
def test_every_page_renders_for_every_role(client, users, plans, role):
    user = getattr(users, role)
    client.login(username=user.username, password=PASSWORD)
    for url in [
        reverse("home"),
        reverse("plans:list"),
        reverse("plans:plan", args=[plans.province.pk]),
        reverse("org:list"),
        reverse("org:unit", args=[user.unit.pk]),
        reverse("frameworks:list"),
    ]:
        assert client.get(url).status_code == 200, url


def test_plan_page_queries_do_not_grow_with_tasks(client, org, users, plans):
    client.login(username=users.coordinator.username, password=PASSWORD)
    url = reverse("plans:plan", args=[plans.a.pk])
    before = queries(client, url)
    for _ in range(20):
        task = TaskFactory(plan=plans.a, lead=org.div_a)
        task.coordinators.set([org.dept_b, org.snv])
    assert queries(client, url) == before


def test_plan_list_queries_do_not_grow_with_plans(client, org, users, plans):
    from .factories import PlanFactory

    client.login(username=users.coordinator.username, password=PASSWORD)
    before = queries(client, reverse("plans:list"))
    for _ in range(10):
        PlanFactory(issuer=org.dept_b)
    assert queries(client, reverse("plans:list")) == before


def test_unit_page_shows_history(client, org, users):
    change = UnitChange.objects.create(kind=ChangeKind.MERGE, date="2025-03-01")
    change.predecessors.add(org.dept_b)
    change.successors.add(org.dept_a)
    client.login(username=users.leader_a.username, password=PASSWORD)
    page = client.get(reverse("org:unit", args=[org.dept_a.pk])).content.decode()
    assert "Lịch sử tổ chức" in page
    assert "Sở Tư pháp" in page


def test_english_interface(client, users):
    client.login(username=users.leader_a.username, password=PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/indicators/imports/", "Chỉ tiêu dịch vụ"),
        ("/imports/", "Nhập văn bản"),
        ("/units/", "Đơn vị"),
        ("/plans/", "Kế hoạch"),
    ],
)
def test_the_menu_marks_the_section_of_the_page(client, users, url, section):
    client.login(username=users.coordinator.username, password=PASSWORD)
    html = client.get(url).content.decode()
    menu = html[html.index('<nav class="nav flex-column') :]
    assert re.findall(r'nav-link active" href="[^"]*"><i [^>]*></i> ([^<]+)<', menu) == [section]
