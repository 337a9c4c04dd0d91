"""Notices of a progress update's steps: the leaders of the reporting unit hear of a
submission, the unit's reporter of a return or an approval. In the app at once, by email from
the worker once the step is committed; each notice links to the update itself."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task as background_task

from chiso.accounts.models import Role, User

from .models import NoticeKind, Notification, ProgressUpdate


def notify_step(update: ProgressUpdate, kind: str, actor, comment: str = "") -> list[Notification]:
    """Tell those the step concerns (never the actor), and queue their emails."""
    users = [user for user in _recipients(update, kind) if user.pk != getattr(actor, "pk", None)]
    return _create(users, update, kind, _message(update, kind, actor, comment))


def _create(users: list[User], update: ProgressUpdate, kind: str, message: str):
    today = timezone.localdate()
    notices = Notification.objects.bulk_create(
        Notification(
            user=user, task=update.task, update=update, kind=kind, day=today, message=message
        )
        for user in users
    )
    ids = [notice.pk for notice in notices if notice.user.email]
    if ids:
        transaction.on_commit(lambda: mail_notices.enqueue(ids))
    return notices


def notify_submitted(updates: list[ProgressUpdate], actor) -> list[Notification]:
    """One notice per reviewer for reports submitted together (an Excel upload), linking to
    the first: from there each decision opens the next one waiting."""
    if not updates:
        return []
    if len(updates) == 1:
        return notify_step(updates[0], NoticeKind.SUBMITTED, actor)
    first = updates[0]
    message = _("%(who)s gửi %(count)d báo cáo chờ duyệt: %(unit)s, %(period)s") % {
        "who": getattr(actor, "display_name", ""),
        "count": len(updates),
        "unit": first.unit.display_name,
        "period": first.period.label,
    }
    users = [user for user in reviewers_of(first) if user.pk != getattr(actor, "pk", None)]
    return _create(users, first, NoticeKind.SUBMITTED, message)


def reviewers_of(update: ProgressUpdate) -> list[User]:
    """The leaders of the nearest unit at or above the reporting unit that has any."""
    chain = [*update.unit.ancestor_ids(), update.unit_id]
    leaders = list(User.objects.filter(is_active=True, role=Role.LEADER, unit_id__in=chain))
    for unit_id in reversed(chain):
        nearest = [user for user in leaders if user.unit_id == unit_id]
        if nearest:
            return nearest
    return []


def _recipients(update: ProgressUpdate, kind: str) -> list[User]:
    if kind == NoticeKind.SUBMITTED:
        return reviewers_of(update)
    if update.submitted_by_id and update.submitted_by.is_active:
        return [update.submitted_by]
    return list(User.objects.filter(is_active=True, role=Role.OFFICER, unit_id=update.unit_id))


def _message(update: ProgressUpdate, kind: str, actor, comment: str) -> str:
    task = update.task
    about = f"{task.ordinal} {task.text[:160]} — {update.unit.display_name}, {update.period.label}"
    who = getattr(actor, "display_name", "")
    if kind == NoticeKind.SUBMITTED:
        return _("%(who)s gửi báo cáo chờ duyệt: %(about)s") % {"who": who, "about": about}
    if kind == NoticeKind.RETURNED:
        return _("%(who)s trả lại báo cáo: %(about)s. Lý do: %(reason)s") % {
            "who": who,
            "about": about,
            "reason": comment,
        }
    return _("%(who)s đã duyệt báo cáo: %(about)s") % {"who": who, "about": about}


@background_task()
def mail_notices(ids: list[int]) -> None:
    """One email per notice, with the link to what it is about."""
    notices = Notification.objects.filter(pk__in=ids).exclude(user__email="").select_related("user")
    for notice in notices:
        link = settings.CHISO_BASE_URL.rstrip("/") + notice.get_absolute_url()
        body = "\n".join(
            [_("Kính gửi %s,") % notice.user.display_name, "", notice.message, "", link]
        )
        subject = f"[chiso] {notice.get_kind_display()}"
        send_mail(subject, body, None, [notice.user.email], fail_silently=False)
