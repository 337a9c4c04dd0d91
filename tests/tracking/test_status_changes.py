"""A task's status and percent change only through an approved progress update, or through the
plan owner's audited correction; "done" below 100 % needs a reason and is shown so."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from chiso.audit.models import AuditEntry
from chiso.plans.models import Task, TaskStatus
from chiso.tracking.models import ProgressUpdate
from chiso.tracking.schedule import ensure_periods

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_task_form_does_not_change_the_status(client, users, plans):
    task = plans.task_a
    login(client, users.leader_a)
    url = reverse("plans:task_edit", args=[task.pk])
    assert "correction-status" in client.get(url).content.decode()  # the owner's correction
    client.post(url, {"ordinal": "1", "text": task.text, "lead": task.lead_id, "status": "done"})
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_the_owner_corrects_with_a_reason_and_it_is_audited(client, users, plans):
    task = plans.task_a
    login(client, users.leader_a)
    url = reverse("plans:task_status", args=[task.pk])
    refused = client.post(url, {"correction-status": "done", "correction-manual_percent": "80"})
    assert refused.status_code == 400
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
    client.post(
        url,
        {
            "correction-status": "done",
            "correction-manual_percent": "80",
            "correction-status_note": "Đã ban hành quyết định, còn chờ công khai",
        },
    )
    task.refresh_from_db()
    assert (task.status, task.manual_percent, task.done_short) == (TaskStatus.DONE, 80, True)
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Task), object_id=str(task.pk)
    ).latest("pk")
    assert entry.user == users.leader_a and entry.changes["status"] == ["not_started", "done"]
    page = client.get(reverse("plans:plan", args=[plans.a.pk])).content.decode()
    assert "đạt 80%: Đã ban hành quyết định" in page


def test_an_officer_of_a_division_cannot_correct(client, users, plans):
    login(client, users.officer_a)  # the lead unit, not the plan's owner
    url = reverse("plans:task_status", args=[plans.task_a.pk])
    data = {"correction-status": "done", "correction-status_note": "x"}
    assert client.post(url, data).status_code == 404


def test_done_below_100_needs_a_reason(client, users, plans):
    period = ensure_periods(plans.a)[1]
    task = plans.task_a
    login(client, users.officer_a)
    url = reverse("tracking:report", args=[period.pk, task.pk, users.officer_a.unit.pk])
    page = client.post(url, {"status": "done", "percent": "70", "narrative": "Xong", "submit": "1"})
    assert "cần ghi lý do" in page.content.decode()
    assert not ProgressUpdate.objects.exists()
    client.post(
        url,
        {
            "status": "done",
            "percent": "70",
            "status_note": "Phần còn lại chuyển sang năm sau",
            "narrative": "Xong",
            "submit": "1",
        },
    )
    update = ProgressUpdate.objects.get()
    login(client, users.leader_a)
    client.post(reverse("tracking:review", args=[update.pk]), {"decision": "approve"})
    task.refresh_from_db()
    assert task.is_done() and task.done_short
    assert task.status_note == "Phần còn lại chuyển sang năm sau"
