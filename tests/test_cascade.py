"""A unit builds its own plan from the plan above in one step; progress rolls up."""

import datetime

import pytest
from django.urls import reverse

from chiso.plans.cascade import cascade_plan
from chiso.plans.grouping import group_by_component
from chiso.plans.models import Plan, TaskStatus
from chiso.plans.rollup import completion
from chiso.plans.tallies import attach_child_counts

from .factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 7, 1)


def test_cascade_copies_the_tasks_that_concern_the_unit(org, plans):
    coordinated = TaskFactory(plan=plans.province, lead=org.dept_b, text="Việc phối hợp")
    coordinated.coordinators.add(org.div_a)
    TaskFactory(plan=plans.province, lead=org.commune, text="Việc của xã")
    plan = cascade_plan(plans.province, org.dept_a)
    copied = {t.text: t for t in plan.tasks.all()}
    assert set(copied) == {"Việc của Sở Xây dựng", "Việc phối hợp"}
    assert copied["Việc của Sở Xây dựng"].parent_task == plans.province_task_a
    assert copied["Việc của Sở Xây dựng"].lead == org.dept_a
    assert copied["Việc phối hợp"].lead == org.dept_a  # led outside: the unit takes it on
    assert list(copied["Việc phối hợp"].coordinators.all()) == [org.div_a]
    assert plan.references.get().parent == plans.province
    assert plan.status == "draft"


def test_cascade_through_the_plan_page(client, users, plans):
    client.login(username=users.leader_a.username, password=PASSWORD)
    page = client.get(reverse("plans:plan", args=[plans.province.pk])).content.decode()
    assert "Lập kế hoạch của" in page
    response = client.post(
        reverse("plans:cascade", args=[plans.province.pk]), {"unit": users.leader_a.unit.pk}
    )
    plan = Plan.objects.get(issuer=users.leader_a.unit, references__parent=plans.province)
    assert response["Location"] == plan.get_absolute_url()


def test_no_cascade_for_another_unit_or_a_viewer(client, users, plans, org):
    client.login(username=users.leader_a.username, password=PASSWORD)
    url = reverse("plans:cascade", args=[plans.province.pk])
    assert client.post(url, {"unit": org.dept_b.pk}).status_code == 404
    client.login(username=users.viewer_a.username, password=PASSWORD)
    assert client.post(url, {"unit": org.dept_a.pk}).status_code == 404


def test_parent_task_shows_its_child_tasks_across_units(org, plans):
    parent = plans.province_task_a
    TaskFactory(plan=plans.a, parent_task=parent, status=TaskStatus.DONE)
    TaskFactory(plan=plans.b, parent_task=parent, deadline_date=datetime.date(2025, 6, 1))
    TaskFactory(plan=plans.b, parent_task=parent)
    [task] = attach_child_counts([plans.province.tasks.get(pk=parent.pk)], TODAY)
    counts = task.child_counts
    assert (counts.total, counts.done, counts.late) == (3, 1, 1)


def test_completion_rule(plans):
    done = TaskFactory(plan=plans.a, status=TaskStatus.DONE_LATE, manual_percent=40)
    half = TaskFactory(plan=plans.a, manual_percent=50)
    none = TaskFactory(plan=plans.a)
    assert [completion(t) for t in (done, half, none)] == [100, 50, 0]
    (group,) = group_by_component([done, half, none])
    assert group.percent == 50
