"""Reminders (đôn đốc): each day, every unit's officers get the tasks their unit leads that
are due within N days or late, and each leader a digest of the unit's subtree; by email and
in the app, never twice for the same item, kind and day. Apps above this one add their own
reminders (the reports a unit owes) through the `reminding` signal."""

import datetime
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task as background_task

from chiso.accounts.models import Role, User
from chiso.plans import branch_tallies
from chiso.plans.models import Task

from .models import NoticeKind, Notification

DUE_WITHIN = 7
REMINDER_HOUR = 7
# Sent by `remind` with `today` and `days`; each receiver returns (notices, emails) it sent.
reminding = Signal()


@dataclass
class RemindResult:
    notices: int
    emails: int


def remind(today: datetime.date, days: int = DUE_WITHIN) -> RemindResult:
    """Send today's reminders; running it twice the same day sends nothing new."""
    notices = emails = 0
    users = User.objects.filter(is_active=True, unit__isnull=False).select_related("unit")
    for user in users.filter(role=Role.OFFICER):
        tasks = Task.objects.counted().filter(lead=user.unit).select_related("plan")
        fresh = [
            *_notify_tasks(user, tasks.late(today), NoticeKind.LATE, today),
            *_notify_tasks(user, tasks.due_soon(today, days), NoticeKind.DUE_SOON, today),
        ]
        notices += len(fresh)
        emails += mail(user, fresh, _("Nhiệm vụ quá hạn và sắp đến hạn"))
    for user in users.filter(role=Role.LEADER):
        subtree = Task.objects.counted().led_within(user.unit)
        late = subtree.late(today).count()
        soon = subtree.due_soon(today, days).count()
        if not (late or soon):
            continue
        message = _(
            "%(unit)s: %(late)d nhiệm vụ quá hạn, %(soon)d nhiệm vụ đến hạn trong %(days)d ngày."
        ) % {
            "unit": user.unit.name,
            "late": late,
            "soon": soon,
            "days": days,
        }
        if notice_once(user, None, NoticeKind.DIGEST, today, message):
            notices += 1
            emails += mail(user, [message], _("Tổng hợp tiến độ của đơn vị"))
    for _receiver, (sent, mailed) in reminding.send(sender=remind, today=today, days=days):
        notices, emails = notices + sent, emails + mailed
    return RemindResult(notices=notices, emails=emails)


def _notify_tasks(user, tasks, kind: str, today: datetime.date) -> list[str]:
    fresh = []
    for task in tasks:
        when = task.deadline_date.strftime("%d/%m/%Y") if task.deadline_date else ""
        label = _("Quá hạn") if kind == NoticeKind.LATE else _("Sắp đến hạn")
        message = f"{label} ({when}): {task.ordinal} {task.text[:200]} — {task.plan}"
        if notice_once(user, task, kind, today, message):
            fresh.append(message)
    return fresh


def notice_once(user, task, kind: str, today: datetime.date, message: str) -> bool:
    """True when the notice is new today. The lookup covers digests (no task: SQLite lets
    NULLs repeat in a unique constraint); the constraint guards against a race."""
    if Notification.objects.filter(user=user, task=task, kind=kind, day=today).exists():
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, task=task, kind=kind, day=today, message=message)
    except IntegrityError:
        return False
    return True


def mail(user, lines: list[str], subject: str) -> int:
    """Email `lines` to `user` under `subject`; how many mails went (0 or 1)."""
    if not lines or not user.email:
        return 0
    body = "\n".join([_("Kính gửi %s,") % user.display_name, "", *(f"- {line}" for line in lines)])
    return send_mail(f"[chiso] {subject}", body, None, [user.email], fail_silently=False)


@background_task()
def daily_reminders() -> None:
    """The scheduled job: the branch counts rolled to today, today's reminders, then the
    same job again tomorrow morning."""
    now = timezone.localtime()
    branch_tallies.roll(now.date())
    remind(now.date())
    tomorrow = (now + datetime.timedelta(days=1)).replace(
        hour=REMINDER_HOUR, minute=0, second=0, microsecond=0
    )
    daily_reminders.using(run_after=tomorrow).enqueue()
