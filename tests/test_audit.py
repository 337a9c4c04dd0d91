"""Every change to a plan, task or target is recorded: who, when, before, after."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from chiso.audit.models import AuditEntry
from chiso.audit.recording import acting_user
from chiso.plans.models import Task

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("pk")


def test_creation_and_change_are_recorded_with_before_and_after(plans, users):
    task = plans.task_a
    with acting_user(users.officer_a):
        task.status = "done"
        task.save()
    created, changed = entries_for(task)
    assert created.action == "create"
    assert changed.action == "update"
    assert changed.user == users.officer_a
    assert changed.changes == {"status": ["not_started", "done"]}


def test_a_change_through_the_page_names_the_user(client, plans, users):
    client.login(username=users.officer_a.username, password=PASSWORD)
    client.post(
        reverse("plans:task_edit", args=[plans.task_a.pk]),
        {
            "text": "Nội dung mới",
            "lead": users.officer_a.unit.pk,
            "status": "in_progress",
            "deadline_text": "Thường xuyên",
        },
    )
    last = entries_for(plans.task_a).last()
    assert last.user == users.officer_a
    assert last.changes["text"] == ["Rà soát thủ tục của Sở Xây dựng", "Nội dung mới"]
    assert last.changes["deadline_kind"] == ["unspecified", "ongoing"]


def test_coordinator_changes_are_recorded(plans, org):
    plans.task_a.coordinators.add(org.dept_b)
    assert entries_for(plans.task_a).last().changes == {"coordinators": {"added": [org.dept_b.pk]}}


def test_saving_unchanged_writes_nothing(plans):
    before = AuditEntry.objects.count()
    Task.objects.get(pk=plans.task_a.pk).save()
    assert AuditEntry.objects.count() == before


def test_deletion_keeps_the_last_values(plans):
    pk = plans.task_b.pk
    plans.task_b.delete()
    entry = AuditEntry.objects.filter(object_id=str(pk), action="delete").get()
    assert entry.changes["text"][0] == "Rà soát văn bản của Sở Tư pháp"
