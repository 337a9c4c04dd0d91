"""Demo progress: the reports of the periods already due, most approved, some missing,
some waiting for review or sent back, so that every tracking page has something to show."""

import datetime
import random

from django.utils import timezone

from chiso.plans.models import Plan, Task, TaskStatus
from chiso.tracking.models import EventKind, ProgressUpdate, UpdateEvent, UpdateState
from chiso.tracking.owed import new_activity_since, owes_progress
from chiso.tracking.schedule import ensure_periods

NARRATIVES = [
    "Đã ban hành văn bản triển khai, phân công cụ thể cho từng phòng, bộ phận.",
    "Đã tổ chức thực hiện theo kế hoạch; kết quả được tổng hợp định kỳ.",
    "Đang phối hợp với các đơn vị liên quan hoàn thiện hồ sơ.",
    "Đã hoàn thành, có văn bản báo cáo kết quả gửi cơ quan thường trực.",
    "Chậm do chờ hướng dẫn của cơ quan cấp trên; đã có văn bản đề nghị.",
]


def build_progress(plans: list[Plan], today: datetime.date, rng: random.Random) -> int:
    """Create the updates of every period already due (and drafts of the current one)."""
    made = []
    for plan in plans:
        if plan.year != today.year:
            continue
        periods = ensure_periods(plan)
        for period in sorted(periods, key=lambda p: p.due):
            if period.data_from > today:
                continue
            past_due = period.due < today
            since = new_activity_since(period, periods)
            tasks = Task.objects.filter(owes_progress(period, since)).exclude(lead__isnull=True)
            for task in tasks:
                state = _state(past_due, rng)
                if state is None:
                    continue
                sent, reviewed = _times(period, today, state, rng)
                made.append(
                    ProgressUpdate(
                        task=task,
                        period=period,
                        unit_id=task.lead_id,
                        state=state,
                        status=task.status
                        if task.status != TaskStatus.NOT_STARTED
                        else TaskStatus.IN_PROGRESS,
                        percent=100 if task.is_done() else rng.choice([20, 40, 50, 60, 80]),
                        narrative=rng.choice(NARRATIVES),
                        review_comment="Bổ sung tài liệu kiểm chứng."
                        if state == UpdateState.RETURNED
                        else "",
                        submitted_at=sent,
                        reviewed_at=reviewed,
                    )
                )
            if not past_due:
                break  # the period being reported now is the last with updates
    ProgressUpdate.objects.bulk_create(made)
    UpdateEvent.objects.bulk_create(event for update in made for event in _events(update))
    return len(made)


def _times(period, today: datetime.date, state: str, rng: random.Random):
    """When a demo update was sent (a few days before its period's due date, never after
    today) and, if decided, reviewed (a day or two later)."""
    if state == UpdateState.DRAFT:
        return None, None
    day = min(today, period.due - datetime.timedelta(days=rng.randint(0, 6)))
    sent = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 7))))
    if state == UpdateState.SUBMITTED:
        return sent, None
    return sent, min(timezone.now(), sent + datetime.timedelta(days=rng.randint(1, 2), hours=2))


def _events(update: ProgressUpdate) -> list[UpdateEvent]:
    """The timeline the update's fields tell: its submission and its review."""
    events = []
    if update.submitted_at:
        events.append(UpdateEvent(update=update, kind=EventKind.SUBMITTED, at=update.submitted_at))
    if update.reviewed_at:
        kind = EventKind.APPROVED if update.state == UpdateState.APPROVED else EventKind.RETURNED
        events.append(
            UpdateEvent(
                update=update, kind=kind, at=update.reviewed_at, comment=update.review_comment
            )
        )
    return events


def _state(past_due: bool, rng: random.Random) -> str | None:
    roll = rng.random()
    if past_due:
        if roll < 0.78:
            return UpdateState.APPROVED
        if roll < 0.86:
            return UpdateState.SUBMITTED
        return UpdateState.RETURNED if roll < 0.9 else None
    if roll < 0.3:
        return UpdateState.SUBMITTED
    return UpdateState.DRAFT if roll < 0.5 else None
