"""Reminders of the reports a unit owes (`tracking.reminders`, through its `reminding`
signal): each day, the leaders and officers of a unit get one notice listing the reports of
issued plans' periods it has not sent, due within the reminder window or late by up to
`LATE_FOR` days, by email and in the app, once a day."""

import datetime

from django.utils.translation import gettext as _

from chiso.accounts.models import Role, User
from chiso.plans.models import PlanStatus
from chiso.tracking.models import NoticeKind, ReportingPeriod
from chiso.tracking.reminders import mail, notice_once

from .submissions import submissions

LATE_FOR = datetime.timedelta(days=14)


def remind_reports(sender, today: datetime.date, days: int, **kwargs) -> tuple[int, int]:
    """Send today's notices of reports owed; (notices, emails) sent."""
    periods = (
        ReportingPeriod.objects.filter(
            plan__status=PlanStatus.ISSUED,
            due__gte=today - LATE_FOR,
            due__lte=today + datetime.timedelta(days=days),
        )
        .select_related("plan__issuer")
        .order_by("due", "pk")
    )
    owed: dict[int, list[str]] = {}  # unit id → what it owes
    seen = set()
    for period in periods:
        parent = period.plan.issuer
        key = (parent.pk, period.code, period.plan.year)
        if key in seen:  # the parent's other plans with the same period
            continue
        seen.add(key)
        for submission in submissions(parent, period, today):
            if submission.first is not None:
                continue
            late = today > submission.due
            line = (_("Quá hạn gửi báo cáo") if late else _("Sắp đến hạn gửi báo cáo")) + (
                f" {period.label} — {parent.name} ({submission.due:%d/%m/%Y})"
            )
            owed.setdefault(submission.unit.pk, []).append(line)
    notices = emails = 0
    users = User.objects.filter(
        is_active=True, unit_id__in=list(owed), role__in=(Role.LEADER, Role.OFFICER)
    )
    for user in users:
        lines = owed[user.unit_id]
        if notice_once(user, None, NoticeKind.REPORTS_DUE, today, "; ".join(lines)):
            notices += 1
            emails += mail(user, lines, _("Báo cáo đơn vị phải gửi"))
    return notices, emails
