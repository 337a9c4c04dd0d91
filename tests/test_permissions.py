"""A user sees and changes only their own subtree, through the pages and by guessing URLs."""

import datetime

import pytest
from django.urls import reverse

from chiso.org.models import UnitKind
from chiso.plans.models import Task

from .factories import PASSWORD, PlanFactory, UnitFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_it_requires_login(client, plans):
    response = client.get(reverse("plans:plan", args=[plans.a.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_officer_sees_own_plans_and_the_plan_above(client, users, plans):
    page = login(client, users.officer_a).get(reverse("plans:list")).content.decode()
    assert "Kế hoạch Sở Xây dựng" in page
    assert "Kế hoạch tỉnh" in page
    assert "Kế hoạch Sở Tư pháp" not in page


def test_officer_cannot_open_another_subtree_plan(client, users, plans):
    login(client, users.officer_a)
    assert client.get(reverse("plans:plan", args=[plans.b.pk])).status_code == 404
    assert client.get(reverse("plans:plan", args=[plans.a.pk])).status_code == 200


def test_officer_cannot_open_another_subtree_unit(client, org, users):
    login(client, users.officer_a)
    assert client.get(reverse("org:unit", args=[org.dept_b.pk])).status_code == 404
    assert client.get(reverse("org:unit", args=[org.div_b.pk])).status_code == 404
    assert client.get(reverse("org:unit", args=[org.div_a.pk])).status_code == 200


def test_unit_list_shows_only_the_subtree(client, users):
    page = login(client, users.leader_a).get(reverse("org:list"), {"q": "so"}).content.decode()
    assert "Sở Xây dựng" in page
    assert "Sở Tư pháp" not in page


def test_officer_cannot_change_another_subtree_task(client, users, plans):
    login(client, users.officer_b)
    url = reverse("plans:task_edit", args=[plans.task_a.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"text": "đã bị sửa", "status": "done", "deadline_text": ""})
    assert response.status_code == 404
    assert Task.objects.get(pk=plans.task_a.pk).text == "Rà soát thủ tục của Sở Xây dựng"


def test_officer_cannot_change_another_subtree_plan(client, users, plans):
    login(client, users.officer_b)
    url = reverse("plans:edit", args=[plans.a.pk])
    response = client.post(url, {"title": "x", "year": 2025, "status": "draft"})
    assert response.status_code == 404
    plans.a.refresh_from_db()
    assert plans.a.title == "Kế hoạch Sở Xây dựng"


def test_officer_changes_own_task_and_deadline_is_parsed(client, users, plans):
    login(client, users.officer_a)
    url = reverse("plans:task_edit", args=[plans.task_a.pk])
    response = client.post(
        url,
        {
            "ordinal": "1",
            "text": "Rà soát thủ tục",
            "lead": users.officer_a.unit.pk,
            "deadline_text": "Quý II/2025",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(pk=plans.task_a.pk)
    assert task.status == "not_started"  # the status follows approved progress only
    assert str(task.deadline_date) == "2025-06-30"


def test_officer_cannot_pick_a_lead_outside_their_scope(client, org, users, plans):
    login(client, users.officer_a)
    url = reverse("plans:task_edit", args=[plans.task_a.pk])
    response = client.post(
        url, {"text": "x", "lead": org.div_b.pk, "deadline_text": "", "status": "done"}
    )
    assert response.status_code == 200
    assert Task.objects.get(pk=plans.task_a.pk).lead == org.div_a


def test_viewer_reads_but_cannot_change(client, users, plans):
    login(client, users.viewer_a)
    assert client.get(reverse("plans:plan", args=[plans.a.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[plans.a.pk])).status_code == 404
    assert client.get(reverse("plans:task_edit", args=[plans.task_a.pk])).status_code == 404


def test_leader_cannot_change_the_provincial_plan_but_sees_it(client, users, plans):
    login(client, users.leader_a)
    assert client.get(reverse("plans:plan", args=[plans.province.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[plans.province.pk])).status_code == 404


def test_leader_may_update_a_provincial_task_their_unit_leads(client, users, plans):
    login(client, users.leader_a)
    own = reverse("plans:task_edit", args=[plans.province_task_a.pk])
    other = reverse("plans:task_edit", args=[plans.province_task_b.pk])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404


def test_coordinator_sees_the_whole_province(client, org, users, plans):
    login(client, users.coordinator)
    assert client.get(reverse("plans:plan", args=[plans.b.pk])).status_code == 200
    assert client.get(reverse("org:unit", args=[org.div_a.pk])).status_code == 200


def test_coordinator_edits_the_plans_she_may_import_but_reports_only_her_own(
    client, org, users, plans
):
    """The reform secretariat drafts the province's plan and enters units' plans for them
    (issue 12: import issuers are any unit of the province), so she may edit any plan of the
    province; a unit's progress stays the unit's to report."""
    from chiso.tracking.schedule import ensure_periods

    login(client, users.coordinator)
    assert client.get(reverse("plans:edit", args=[plans.b.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[plans.province.pk])).status_code == 200
    period = ensure_periods(plans.b)[0]
    form = reverse("tracking:report", args=[period.pk, plans.task_b.pk, org.div_b.pk])
    assert client.get(form).status_code == 404


def test_admin_changes_anything_in_the_province(client, users, plans):
    login(client, users.admin)
    url = reverse("plans:edit", args=[plans.b.pk])
    response = client.post(
        url, {"title": "Kế hoạch đã sửa", "year": 2025, "status": "closed", "number": "3/KH-STP"}
    )
    assert response.status_code == 302
    plans.b.refresh_from_db()
    assert plans.b.title == "Kế hoạch đã sửa"


def test_home_counts_only_the_users_tasks(client, users, plans):
    for plan in (plans.province, plans.a, plans.b):
        plan.year = datetime.date.today().year  # home counts the tasks of the year
        plan.save()
    response = login(client, users.officer_b).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"].total == 2  # own plan's task + province task it leads


def test_a_province_wide_user_sees_only_their_own_province(client, org, users, plans):
    """With other provinces in the tree, the coordinator's scope is the top of their own
    tree, never the whole tree."""
    others = [
        UnitFactory(code=f"tinh-{n}", name=f"UBND tỉnh Khác {n}", kind=UnitKind.PROVINCE)
        for n in range(3)
    ]
    other_plan = PlanFactory(issuer=others[0], title="Kế hoạch tỉnh khác")
    login(client, users.coordinator)
    page = client.get(reverse("plans:list")).content.decode()
    assert "Kế hoạch tỉnh khác" not in page and "Kế hoạch tỉnh" in page
    assert client.get(reverse("plans:plan", args=[other_plan.pk])).status_code == 404
    assert client.get(reverse("plans:plan", args=[plans.province.pk])).status_code == 200
