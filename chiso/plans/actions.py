"""Changes to a plan's tasks that are not progress: the owner's audited correction."""

from django.db import transaction

from .models import Task


@transaction.atomic
def correct_status(task: Task, status: str, percent: int | None, reason: str) -> Task:
    """Set the task's status and percent outside the reviewed workflow, with the reason;
    the audit trail (`chiso.audit`) records who did it and what changed."""
    task.status, task.manual_percent, task.status_note = status, percent, reason.strip()[:500]
    task.save(update_fields=["status", "manual_percent", "status_note"])
    return task
