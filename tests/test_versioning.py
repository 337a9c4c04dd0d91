"""Cached aggregates and tables follow every change of the data they show."""

import re

import pytest
from django.urls import reverse

from chiso.audit.versioning import cached, data_version
from chiso.plans.models import TaskStatus

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_version_moves_with_every_change_and_only_then(org, plans):
    task = plans.task_a
    start = data_version()
    task.save()
    assert data_version() == start  # nothing changed: no audit entry
    task.status = TaskStatus.IN_PROGRESS
    task.save()
    after_save = data_version()
    assert after_save > start
    task.coordinators.add(org.dept_b)
    assert data_version() > after_save


def test_a_cached_value_is_computed_again_after_a_change(plans):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("answer", compute) == 1
    assert cached("answer", compute) == 1
    plans.task_a.text = "Nội dung khác"
    plans.task_a.save()
    assert cached("answer", compute) == 2


def _page(client, url) -> str:
    """The page without its CSRF tokens, which differ on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


@pytest.mark.parametrize("page", ["home", "plan"])
def test_pages_show_a_change_at_once(client, users, plans, page):
    client.login(username=users.coordinator.username, password=PASSWORD)
    url = reverse("home") if page == "home" else reverse("plans:plan", args=[plans.a.pk])
    before = _page(client, url)
    assert _page(client, url) == before  # served again, from the cache
    task = plans.task_a
    task.status = TaskStatus.DONE
    task.save()
    after = _page(client, url)
    assert after != before
    assert "Hoàn thành" in after
