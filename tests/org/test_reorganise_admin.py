"""The reorganising actions of the OrgUnit admin: an intermediate form, then the action."""

import datetime

import pytest
from django.urls import reverse

from chiso.accounts.models import Role
from chiso.audit.models import AuditEntry
from chiso.org.models import ChangeKind, OrgUnit, UnitChange
from chiso.plans.models import TaskStatus

from ..factories import PASSWORD, PlanFactory, TaskFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:org_orgunit_changelist")


@pytest.fixture
def root(client, org):
    user = UserFactory(
        username="root", unit=org.province, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    client.login(username=user.username, password=PASSWORD)
    return user


def act(client, action: str, units, **fields):
    data = {"action": action, "_selected_action": [u.pk for u in units], **fields}
    return client.post(CHANGELIST, data)


def test_each_action_shows_its_form_first(client, root, org):
    for action in ["move_units", "rename_unit", "merge_units", "split_unit", "end_units"]:
        page = client.post(
            CHANGELIST, {"action": action, "_selected_action": [org.dept_b.pk], "index": 0}
        )
        assert page.status_code == 200, action
        assert b'name="apply"' in page.content
        assert b"S\xe1\xbb\x9f T\xc6\xb0 ph\xc3\xa1p (stp)" in page.content  # Sở Tư pháp (stp)
    assert UnitChange.objects.count() == 0


def test_move_through_the_admin_is_applied_and_audited(client, root, org):
    response = act(
        client,
        "move_units",
        [org.div_a],
        apply=1,
        date="01/03/2025",
        new_parent=org.dept_b.pk,
        legal_basis="QĐ 5",
    )
    assert response.status_code == 302
    org.div_a.refresh_from_db()
    assert org.div_a.parent == org.dept_b
    assert UnitChange.objects.get().kind == ChangeKind.MOVE
    entry = AuditEntry.objects.filter(object_id=str(org.div_a.pk), action="update").get()
    assert entry.user == root
    followed = client.get(response.url)
    assert "1 thay đổi (điều chuyển: 1)" in followed.content.decode()


def test_an_action_error_is_shown_on_its_field_and_nothing_changes(client, root, org):
    page = act(
        client, "move_units", [org.dept_a], apply=1, date="01/03/2025", new_parent=org.div_a.pk
    )
    assert page.status_code == 200
    assert "không chuyển đơn vị vào chính nó" in page.content.decode()
    org.dept_a.refresh_from_db()
    assert org.dept_a.parent == org.province
    assert UnitChange.objects.count() == 0


def test_merge_into_a_new_unit(client, root, org):
    response = act(
        client,
        "merge_units",
        [org.dept_a, org.dept_b],
        apply=1,
        date="01/03/2025",
        new_code="sxd-tp",
        new_name="Sở Xây dựng và Tư pháp",
    )
    assert response.status_code == 302
    new = OrgUnit.objects.get(code="sxd-tp")
    assert new.valid_from == datetime.date(2025, 3, 1)
    assert OrgUnit.objects.get(code="stp").valid_until == datetime.date(2025, 2, 28)


def test_split_asks_who_takes_each_open_task(client, root, org):
    plan = PlanFactory(issuer=org.province)
    first = TaskFactory(plan=plan, lead=org.dept_b, text="Việc thứ nhất")
    second = TaskFactory(plan=plan, lead=org.dept_b, text="Việc thứ hai")
    done = TaskFactory(plan=plan, lead=org.dept_b, status=TaskStatus.DONE)
    north = UnitFactory(code="x-bac", name="UBND xã Bắc", parent=org.province)
    south = UnitFactory(code="x-nam", name="UBND xã Nam", parent=org.province)
    fields = {"apply": 1, "date": "01/07/2025", "into": [north.pk, south.pk]}
    step = act(client, "split_unit", [org.dept_b], **fields)
    assert step.status_code == 200
    assert f'name="task_{first.pk}"'.encode() in step.content
    assert f'name="task_{done.pk}"'.encode() not in step.content
    assert OrgUnit.objects.get(code="stp").valid_until is None
    fields[f"task_{first.pk}"] = north.pk
    fields[f"task_{second.pk}"] = south.pk
    assert act(client, "split_unit", [org.dept_b], **fields).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    done.refresh_from_db()
    assert (first.lead, second.lead, done.lead) == (north, south, org.dept_b)


def test_end_without_a_successor_is_refused_while_tasks_are_open(client, root, org, plans):
    page = act(client, "end_units", [org.div_b], apply=1, date="01/07/2025")
    assert "cần đơn vị kế thừa" in page.content.decode()
    assert (
        act(
            client, "end_units", [org.div_b], apply=1, date="01/07/2025", into=org.dept_b.pk
        ).status_code
        == 302
    )
    plans.task_b.refresh_from_db()
    assert plans.task_b.lead == org.dept_b


def test_rename_takes_one_unit(client, root, org):
    response = act(client, "rename_unit", [org.dept_a, org.dept_b])
    assert response.status_code == 302
    assert (
        act(
            client, "rename_unit", [org.dept_a], apply=1, date="01/07/2025", new_name="Sở Mới"
        ).status_code
        == 302
    )
    org.dept_a.refresh_from_db()
    assert org.dept_a.name_on(datetime.date(2025, 6, 1)) == "Sở Xây dựng"
