"""Pages show every change at once: their figures are kept on write, nothing is cached."""

import datetime
import re

import pytest
from django.urls import reverse

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component
from chiso.plans.models import TaskStatus

from .factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db


def _page(client, url) -> str:
    """The page without its CSRF tokens, which differ on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


PAGES = {
    "home": lambda plans, org: reverse("home"),
    "plan": lambda plans, org: reverse("plans:plan", args=[plans.a.pk]),
    "plan list": lambda plans, org: reverse("plans:list"),
    "unit": lambda plans, org: reverse("org:unit", args=[org.dept_a.pk]),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_a_change_at_once(client, users, org, plans, page):
    client.login(username=users.coordinator.username, password=PASSWORD)
    plans.a.year = datetime.date.today().year  # home counts the tasks of the year
    plans.a.save()
    url = PAGES[page](plans, org)
    before = _page(client, url)
    assert _page(client, url) == before  # nothing changed
    task = plans.task_a
    task.status = TaskStatus.DONE
    task.save()
    after = _page(client, url)
    assert after != before


def test_the_dashboard_shows_a_change_at_once(client, users, org, plans):
    load_builtin_frameworks([2025])
    field = Component.objects.get(level=1, framework__year=2025, code="PAR.1")
    task = TaskFactory(plan=plans.a, lead=org.div_a, component=field)
    client.login(username=users.coordinator.username, password=PASSWORD)
    url = reverse("tracking:dashboard") + f"?year={plans.a.year}"
    assert "0% (0/1)" in _page(client, url)
    task.status = TaskStatus.DONE
    task.save()
    assert "100% (1/1)" in _page(client, url)


@pytest.mark.parametrize("query", ["", "?q=S%E1%BB%9F&year=&status="])
def test_a_cached_plan_list_is_kept_apart_by_scope(client, users, plans, query):
    url = reverse("plans:list") + query
    client.login(username=users.coordinator.username, password=PASSWORD)
    assert "Kế hoạch Sở Tư pháp" in _page(client, url)
    client.logout()
    client.login(username=users.officer_a.username, password=PASSWORD)
    page = _page(client, url)
    assert "Kế hoạch Sở Xây dựng" in page
    assert "Kế hoạch Sở Tư pháp" not in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Kế hoạch Sở Xây dựng" in partial
    assert "<html" not in partial
