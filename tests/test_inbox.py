"""The inbox: what each role must do now, on the home page and whole on its own page; review
in order with "next" and several at once; the late-task list behind the home page's count."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chiso.plans.models import Task
from chiso.plans.state import TaskState
from chiso.tracking import actions
from chiso.tracking.inbox import inbox_for
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import current_period, ensure_periods

from .factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db

VALUES = {
    "status": "in_progress",
    "percent": 50,
    "milestone": "",
    "narrative": "Đang làm.",
    "status_note": "",
    "target_values": {},
}
TODAY = datetime.date(2025, 5, 20)  # in the six months' period of the plans' year


@pytest.fixture
def issued(plans):
    for plan in (plans.province, plans.a, plans.b):
        plan.status = "issued"
        plan.save()
    for plan in (plans.a, plans.b):
        ensure_periods(plan)
    return plans


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def submit(task, unit, user, today=TODAY):
    period = current_period(ensure_periods(task.plan), today)
    draft = actions.current_update(task, period, unit)
    return actions.record(draft, VALUES, [], user, submit=True)


def test_the_officer_has_reports_to_write_and_the_leader_none(users, issued):
    inbox = inbox_for(users.officer_a, TODAY)
    assert [(row.task, row.unit) for row in inbox.to_write] == [
        (issued.task_a, users.officer_a.unit)
    ]
    assert inbox_for(users.leader_a, TODAY).to_write == []
    assert inbox_for(users.viewer_a, TODAY).count == 0
    assert inbox_for(users.officer_b, TODAY).to_write[0].task == issued.task_b


def test_the_leader_sees_waiting_reports_oldest_first_and_next_after_deciding(
    client, users, issued
):
    second = TaskFactory(plan=issued.a, lead=users.officer_a.unit, text="Việc thứ hai")
    first_update = submit(issued.task_a, users.officer_a.unit, users.officer_a)
    second_update = submit(second, users.officer_a.unit, users.officer_a)
    assert inbox_for(users.leader_a, TODAY).to_review == [first_update, second_update]
    page = login(client, users.leader_a).get(reverse("home")).content.decode()
    assert "Báo cáo chờ bạn duyệt" in page and first_update.get_absolute_url() in page
    response = client.post(
        reverse("tracking:review", args=[first_update.pk]), {"decision": "approve"}
    )
    assert response.url == second_update.get_absolute_url()  # the next one waiting
    response = client.post(
        reverse("tracking:review", args=[second_update.pk]), {"decision": "approve"}
    )
    assert response.url == second_update.get_absolute_url()  # none left: stays
    assert not inbox_for(users.leader_a, TODAY).to_review
    assert inbox_for(users.officer_b, TODAY).to_review == []


def test_approve_several_at_once_skips_what_the_user_may_not(client, users, issued):
    mine = submit(issued.task_a, users.officer_a.unit, users.officer_a)
    other = submit(issued.task_b, users.officer_b.unit, users.officer_b)
    login(client, users.leader_a).post(
        reverse("tracking:approve_many"), {"update": [mine.pk, other.pk]}
    )
    assert ProgressUpdate.objects.get(pk=mine.pk).state == UpdateState.APPROVED
    assert ProgressUpdate.objects.get(pk=other.pk).state == UpdateState.SUBMITTED


def test_the_officer_sees_the_return_and_its_reason(client, users, issued):
    update = submit(issued.task_a, users.officer_a.unit, users.officer_a)
    actions.send_back(update, users.leader_a, "Bổ sung biên bản.")
    inbox = inbox_for(users.officer_a, TODAY)
    assert inbox.returned == [update] and inbox.to_write == []
    page = login(client, users.officer_a).get(reverse("inbox")).content.decode()
    assert "Báo cáo bị trả lại" in page and "Bổ sung biên bản." in page
    badge = client.get(reverse("inbox_count")).content.decode()
    assert f">{inbox_for(users.officer_a, datetime.date.today()).count}<" in badge


def test_plans_due_from_units(users, issued):
    issued.province.child_plans_due = [
        {"units": [users.leader_a.unit.pk], "text": "Các sở xây dựng kế hoạch", "due": "2025-02-15"}
    ]
    issued.province.save()
    (due,) = inbox_for(users.leader_a, TODAY).plans_due
    assert due.unit == users.leader_a.unit and due.is_overdue(TODAY)
    assert inbox_for(users.officer_b, TODAY).plans_due == []
    assert len(inbox_for(users.coordinator, TODAY).plans_due) == 1
    issued.a.references.create(parent=issued.province, text="Kế hoạch tỉnh")
    assert inbox_for(users.leader_a, TODAY).plans_due == []


def test_the_task_list_filters_searches_without_accents_and_exports(client, users, plans):
    today = datetime.date.today()
    issued = plans
    for plan in (plans.province, plans.a, plans.b):
        plan.year, plan.status = today.year, "issued"
        plan.save()
    late = TaskFactory(
        plan=issued.a,
        lead=users.officer_a.unit,
        text="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        deadline_date=today - datetime.timedelta(days=30),
    )
    Task.objects.filter(pk=late.pk).update(late_from=late.deadline_date)
    client = login(client, users.leader_a)
    url = reverse("plans:tasks")
    page = client.get(url, {"state": TaskState.LATE}).content.decode()
    assert "Số hóa hồ sơ" in page and "Rà soát thủ tục" not in page
    for written in ("so hoa ho so", "SỐ HÓA", "ket qua giai quyet"):
        assert "Số hóa hồ sơ" in client.get(url, {"q": written}).content.decode(), written
    assert "Số hóa hồ sơ" not in client.get(url, {"q": "xay dung nong thon"}).content.decode()
    assert "Việc của Sở Tư pháp" not in client.get(url).content.decode()  # outside the scope
    response = client.get(url, {"state": TaskState.LATE, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[1] for row in rows] == [late.text]
    assert client.get(url, {"state": "bogus", "unit": "x", "from": "31/02"}).status_code == 200


def test_the_inbox_lists_the_late_tasks_the_home_counts(client, users, plans):
    today = datetime.date.today()
    for plan in (plans.province, plans.a):
        plan.year, plan.status = today.year, "issued"
        plan.save()
    TaskFactory(
        plan=plans.a,
        lead=users.officer_a.unit,
        text="Việc đã quá hạn",
        deadline_date=today - datetime.timedelta(days=3),
    )
    client = login(client, users.leader_a)
    home = client.get(reverse("home")).context["counts"].late
    page = client.get(reverse("inbox"))
    assert page.context["late_count"] == home >= 1
    assert "Việc đã quá hạn" in page.content.decode()
