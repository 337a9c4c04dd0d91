"""Moving, renaming, merging, splitting and ending units: what passes to the successor,
what stays with the old unit, and what each user may open afterwards."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from chiso.audit.models import AuditEntry
from chiso.audit.recording import acting_user
from chiso.org import actions
from chiso.org.access import can_change_unit, can_view_unit, visible_units
from chiso.org.models import ChangeKind, OrgUnit, UnitKind
from chiso.plans.access import plans_for, tasks_for
from chiso.plans.models import TaskStatus

from ..factories import PASSWORD, PlanFactory, TaskFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 1)
JULY = datetime.date(2025, 7, 1)


def fresh(obj):
    obj.refresh_from_db()
    return obj


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


# move


def test_a_moved_unit_takes_its_subtree_and_the_move_is_recorded(org, users):
    with acting_user(users.admin):
        outcome = actions.move(org.div_a, org.dept_b, date=MARCH, legal_basis="QĐ 1/QĐ-UBND")
    assert fresh(org.div_a).parent == org.dept_b
    assert org.div_a.path == f"{org.dept_b.path}{org.div_a.pk}/"
    change = outcome.change
    assert (change.kind, change.date, change.former_parent) == (ChangeKind.MOVE, MARCH, org.dept_a)
    assert change.legal_basis == "QĐ 1/QĐ-UBND"
    moved = entries_for(org.div_a).filter(action="update").get()
    assert moved.user == users.admin
    assert moved.changes == {"parent": [org.dept_a.pk, org.dept_b.pk]}


def test_moves_one_after_another_work_on_the_tree_as_it_is(org):
    """Objects read before the first move (as an admin action's selection is) still move
    right: the second move sees the first one's paths."""
    team = UnitFactory(code="sxd-vp-to", kind=UnitKind.DIVISION, parent=org.div_a)
    dept_a, div_a = OrgUnit.objects.get(pk=org.dept_a.pk), OrgUnit.objects.get(pk=org.div_a.pk)
    actions.move(dept_a, org.dept_b, date=MARCH)
    actions.move(div_a, org.snv, date=MARCH)
    assert fresh(team).path == f"{org.snv.path}{org.div_a.pk}/{team.pk}/"
    with pytest.raises(ValidationError, match="chính nó"):
        actions.move(org.snv, OrgUnit.objects.get(pk=team.pk), date=MARCH)


def test_a_move_under_its_own_subtree_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        actions.move(org.dept_a, org.div_a, date=MARCH)
    assert "new_parent" in refused.value.message_dict
    assert "chính nó" in refused.value.message_dict["new_parent"][0]
    assert fresh(org.dept_a).parent == org.province


def test_a_moved_unit_is_seen_by_its_users_at_once(client, org, users):
    """Officer A's division moves from Sở Xây dựng to Sở Tư pháp: the plans of the new parent
    open at once, those of the old parent answer 404."""
    old_plan = PlanFactory(issuer=org.dept_a, title="Kế hoạch cũ của Sở Xây dựng")
    new_plan = PlanFactory(issuer=org.dept_b, title="Kế hoạch của Sở Tư pháp")
    client.login(username=users.officer_a.username, password=PASSWORD)
    assert client.get(old_plan.get_absolute_url()).status_code == 200
    assert client.get(new_plan.get_absolute_url()).status_code == 404

    actions.move(org.div_a, org.dept_b, date=MARCH)

    officer = fresh(users.officer_a)
    assert set(plans_for(officer)) == {new_plan}
    assert can_view_unit(officer, fresh(org.div_a))
    assert client.get(new_plan.get_absolute_url()).status_code == 200
    assert client.get(old_plan.get_absolute_url()).status_code == 404
    # the division's leader above is now Sở Tư pháp's: Sở Xây dựng's leader lost it
    leader_a, officer_b = fresh(users.leader_a), fresh(users.officer_b)
    assert org.div_a not in visible_units(leader_a)
    assert not can_change_unit(leader_a, fresh(org.div_a))
    assert org.div_a in visible_units(officer_b)
    assert can_change_unit(officer_b, fresh(org.div_a))


def test_a_user_whose_unit_or_role_changes_sees_the_new_scope_on_the_next_request(
    client, org, users, plans
):
    client.login(username=users.officer_a.username, password=PASSWORD)
    assert client.get(plans.a.get_absolute_url()).status_code == 200
    assert client.get(plans.b.get_absolute_url()).status_code == 404
    user = users.officer_a
    user.unit = org.div_b
    user.save()
    assert client.get(plans.b.get_absolute_url()).status_code == 200
    assert client.get(plans.a.get_absolute_url()).status_code == 404
    assert client.get(reverse("org:unit", args=[org.div_a.pk])).status_code == 404
    user.unit, user.role = org.snv, "coordinator"
    user.save()
    assert client.get(plans.a.get_absolute_url()).status_code == 200
    user.role = "officer"
    user.save()
    assert client.get(plans.a.get_absolute_url()).status_code == 404
    assert entries_for(user).filter(action="update", changes__has_key="role").count() == 2


# rename


def test_a_renamed_unit_keeps_its_row_and_its_old_name_for_the_time_before(org, plans):
    actions.rename(org.dept_a, "Sở Xây dựng và Quy hoạch", date=JULY)
    unit = fresh(org.dept_a)
    assert unit.pk == org.dept_a.pk
    assert unit.name == "Sở Xây dựng và Quy hoạch"
    assert "Sở Xây dựng" in unit.aliases
    assert unit.name_on(datetime.date(2025, 6, 30)) == "Sở Xây dựng"
    assert unit.name_on(JULY) == "Sở Xây dựng và Quy hoạch"
    assert fresh(plans.a).issuer == unit
    actions.rename(unit, "Sở Quy hoạch", date=datetime.date(2025, 9, 1))
    unit = fresh(unit)
    assert unit.name_on(datetime.date(2025, 1, 1)) == "Sở Xây dựng"
    assert unit.name_on(datetime.date(2025, 8, 1)) == "Sở Xây dựng và Quy hoạch"
    assert unit.aliases == ["Sở Xây dựng", "Sở Xây dựng và Quy hoạch"]


def test_a_change_dated_before_the_last_one_is_refused(org):
    actions.rename(org.dept_a, "Sở Xây dựng mới", date=JULY)
    with pytest.raises(ValidationError, match="đã có thay đổi ngày 01/07/2025"):
        actions.rename(fresh(org.dept_a), "Sở khác", date=MARCH)


# merge


@pytest.fixture
def work(org, users):
    """Tasks of Sở Tư pháp: open and done, led and coordinated, and a user of it."""
    plan_b = PlanFactory(issuer=org.dept_b, title="Kế hoạch Sở Tư pháp 2025")
    province = PlanFactory(issuer=org.province, title="Kế hoạch tỉnh 2025")
    open_led = TaskFactory(plan=province, lead=org.dept_b, status=TaskStatus.IN_PROGRESS)
    done_led = TaskFactory(plan=province, lead=org.dept_b, status=TaskStatus.DONE)
    late_done = TaskFactory(plan=plan_b, lead=org.dept_b, status=TaskStatus.DONE_LATE)
    coordinated = TaskFactory(plan=province, lead=org.commune)
    coordinated.coordinators.add(org.dept_b, org.snv)
    done_coordinated = TaskFactory(plan=province, lead=org.commune, status=TaskStatus.DONE)
    done_coordinated.coordinators.add(org.dept_b)
    return type(
        "Work",
        (),
        {
            "plan_b": plan_b,
            "open_led": open_led,
            "done_led": done_led,
            "late_done": late_done,
            "coordinated": coordinated,
            "done_coordinated": done_coordinated,
        },
    )


def test_merge_into_an_existing_unit_passes_open_work_and_keeps_history(org, users, work):
    outcome = actions.merge([org.dept_b], org.dept_a, date=MARCH, legal_basis="NĐ 45/2025")
    assert fresh(org.dept_b).valid_until == datetime.date(2025, 2, 28)
    assert fresh(work.open_led).lead == org.dept_a
    assert fresh(work.done_led).lead == org.dept_b
    assert fresh(work.late_done).lead == org.dept_b
    assert set(work.coordinated.coordinators.all()) == {org.dept_a, org.snv}
    assert set(work.done_coordinated.coordinators.all()) == {org.dept_b}
    assert fresh(work.plan_b).issuer == org.dept_b
    assert fresh(users.officer_b).unit == org.dept_a
    assert fresh(org.div_b).parent == org.dept_a
    assert fresh(org.div_b).is_within(org.dept_a)
    assert (outcome.tasks, outcome.coordinations, outcome.users, outcome.units_moved) == (
        1,
        1,
        1,
        1,
    )
    change = outcome.change
    assert change.kind == ChangeKind.MERGE
    assert list(change.predecessors.all()) == [org.dept_b]
    assert list(change.successors.all()) == [org.dept_a]
    # every row that changed is in the audit trail
    assert entries_for(work.open_led).filter(changes__has_key="lead").exists()
    assert entries_for(users.officer_b).filter(changes__has_key="unit").exists()
    assert entries_for(org.dept_b).filter(changes__has_key="valid_until").exists()


def test_merge_into_a_new_unit_creates_it_from_the_date(org, users, work):
    outcome = actions.merge(
        [org.dept_a, org.dept_b],
        actions.NewUnit(code="sxdtp", name="Sở Xây dựng và Tư pháp"),
        date=MARCH,
    )
    new = OrgUnit.objects.get(code="sxdtp")
    assert outcome.created == [new]
    assert (new.valid_from, new.parent, new.kind) == (MARCH, org.province, UnitKind.DEPARTMENT)
    assert fresh(work.open_led).lead == new
    assert fresh(users.leader_a).unit == new
    assert set(new.children.values_list("code", flat=True)) == {"sxd-vp", "stp-vp"}
    assert set(OrgUnit.objects.current().values_list("code", flat=True)) >= {"sxdtp"}
    assert not fresh(org.dept_a).is_active_on(MARCH)


def test_the_successor_taking_a_coordination_is_not_added_twice(org, work):
    work.coordinated.coordinators.add(org.dept_a)
    actions.merge([org.dept_b], org.dept_a, date=MARCH)
    assert set(work.coordinated.coordinators.all()) == {org.dept_a, org.snv}
    led_by_successor = TaskFactory(plan=work.plan_b, lead=org.snv)
    led_by_successor.coordinators.add(org.commune)
    actions.merge([org.commune], org.snv, date=JULY)
    assert list(led_by_successor.coordinators.all()) == []


def test_nothing_leaks_to_the_old_scope(client, org, users):
    """The division's own plan and task leave Sở Xây dựng's view with it."""
    own_plan = PlanFactory(issuer=org.div_a, title="Kế hoạch Văn phòng Sở")
    own_task = TaskFactory(plan=own_plan, lead=org.div_a)
    leader_b = UserFactory(username="leader_b", unit=org.dept_b, role="leader")
    assert own_task in tasks_for(users.leader_a)
    assert own_task not in tasks_for(leader_b)
    actions.move(org.div_a, org.dept_b, date=MARCH)
    leader_a, leader_b = fresh(users.leader_a), fresh(leader_b)
    assert own_task not in tasks_for(leader_a)
    assert own_plan not in plans_for(leader_a)
    assert own_task in tasks_for(leader_b)
    client.login(username=leader_a.username, password=PASSWORD)
    assert client.get(own_plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("org:unit", args=[org.div_a.pk])).status_code == 404
    client.login(username=leader_b.username, password=PASSWORD)
    assert client.get(own_plan.get_absolute_url()).status_code == 200


def test_passed_work_is_seen_by_the_successor_only(org, users, work):
    actions.merge([org.dept_b], org.dept_a, date=MARCH)
    assert work.open_led in tasks_for(fresh(users.leader_a))
    assert work.open_led in tasks_for(fresh(users.officer_b))  # moved with the unit
    outsider = UserFactory(username="x-an-officer", unit=org.commune)
    assert work.open_led not in tasks_for(outsider)


def test_a_merge_with_a_successor_below_an_ended_unit_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        actions.merge([org.dept_a], org.div_a, date=MARCH)
    assert "into" in refused.value.message_dict
    assert fresh(org.dept_a).valid_until is None


def test_a_unit_cannot_end_on_or_before_its_first_day(org):
    commune = UnitFactory(code="x-moi", kind=UnitKind.COMMUNE, parent=org.province, valid_from=JULY)
    with pytest.raises(ValidationError, match="bắt đầu hoạt động ngày 01/07/2025"):
        actions.merge([commune], org.commune, date=JULY)
    with pytest.raises(ValidationError, match="chưa có"):
        actions.merge([commune], org.commune, date=MARCH)


def test_an_ended_unit_takes_no_more_changes(org):
    actions.merge([org.dept_b], org.dept_a, date=MARCH)
    with pytest.raises(ValidationError, match="đã kết thúc hoạt động ngày 28/02/2025"):
        actions.rename(fresh(org.dept_b), "Tên khác", date=JULY)
    with pytest.raises(ValidationError) as refused:
        actions.move(org.div_a, fresh(org.dept_b), date=JULY)
    assert "new_parent" in refused.value.message_dict


# split


def test_split_passes_each_open_task_to_its_chosen_successor(org, users, work):
    second = TaskFactory(plan=work.plan_b, lead=org.dept_b)
    north = actions.NewUnit(code="x-bac", name="UBND xã Bắc", kind=UnitKind.COMMUNE)
    outcome = actions.split(org.dept_b, [org.dept_a, north], date=JULY)
    north_unit = OrgUnit.objects.get(code="x-bac")
    assert outcome.created == [north_unit]
    assert fresh(work.open_led).lead == org.dept_a  # the first successor by default
    assert fresh(second).lead == org.dept_a
    assert fresh(users.officer_b).unit == org.dept_a
    assert fresh(work.done_led).lead == org.dept_b

    other = UnitFactory(code="stp2", parent=org.province)
    task = TaskFactory(plan=work.plan_b, lead=other)
    third = TaskFactory(plan=work.plan_b, lead=other)
    child = UnitFactory(code="stp2-vp", kind=UnitKind.DIVISION, parent=other)
    user = UserFactory(unit=other)
    actions.split(
        other,
        [org.dept_a, north_unit],
        date=JULY,
        shares={task: north_unit, child: north_unit, user: north_unit},
    )
    assert fresh(task).lead == north_unit
    assert fresh(third).lead == org.dept_a
    assert fresh(child).parent == north_unit
    assert fresh(user).unit == north_unit


def test_split_needs_two_successors_and_shares_among_them(org, work):
    with pytest.raises(ValidationError, match="ít nhất hai"):
        actions.split(org.dept_b, [org.dept_a], date=JULY)
    with pytest.raises(ValidationError, match="không phải đơn vị kế thừa"):
        actions.split(
            org.dept_b, [org.dept_a, org.snv], date=JULY, shares={work.open_led: org.commune}
        )
    assert fresh(org.dept_b).valid_until is None


# end


def test_ending_a_unit_with_open_tasks_needs_a_successor(org, work):
    with pytest.raises(ValidationError, match="còn 1 nhiệm vụ chủ trì chưa hoàn thành"):
        actions.end(org.dept_b, date=JULY)
    assert fresh(org.dept_b).valid_until is None
    outcome = actions.end(org.dept_b, date=JULY, successor=org.snv)
    assert outcome.change.kind == ChangeKind.ABOLISH
    assert fresh(work.open_led).lead == org.snv
    assert fresh(org.div_b).parent == org.snv


def test_ending_a_unit_without_work_needs_no_successor(org, plans):
    lone = UnitFactory(code="ban-cu", parent=org.province)
    TaskFactory(plan=plans.b, lead=lone, status=TaskStatus.DONE)
    coordinated = TaskFactory(plan=plans.b, lead=org.dept_b)
    coordinated.coordinators.add(lone)
    outcome = actions.end(lone, date=JULY, legal_basis="QĐ 9/QĐ-UBND")
    assert fresh(lone).valid_until == datetime.date(2025, 6, 30)
    assert list(coordinated.coordinators.all()) == []
    assert list(outcome.change.successors.all()) == []
    parent = UnitFactory(code="ban-khac", parent=org.province)
    UnitFactory(code="ban-khac-vp", kind=UnitKind.DIVISION, parent=parent)
    with pytest.raises(ValidationError, match="còn đơn vị trực thuộc"):
        actions.end(parent, date=JULY)


def test_the_unit_page_shows_its_history(client, org, users):
    actions.rename(org.dept_a, "Sở Xây dựng và Quy hoạch", date=MARCH, legal_basis="QĐ 2")
    actions.move(org.div_b, org.dept_a, date=JULY)
    client.login(username=users.admin.username, password=PASSWORD)
    page = client.get(reverse("org:unit", args=[org.dept_a.pk])).content.decode()
    assert "01/03/2025 — Đổi tên từ “Sở Xây dựng”" in page
    moved = client.get(reverse("org:unit", args=[org.div_b.pk])).content.decode()
    assert "01/07/2025 — Điều chuyển từ" in moved
    assert "Sở Tư pháp</a>" in moved


def test_messages_are_in_english_too(org):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.move(org.dept_a, org.div_a, date=MARCH)
    assert refused.value.message_dict["new_parent"] == [
        "Văn phòng Sở lies within Sở Xây dựng: a unit cannot move into itself."
    ]
