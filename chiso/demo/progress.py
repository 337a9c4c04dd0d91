"""Demo progress: the reports of the periods already due, most approved, some missing,
some waiting for review or sent back, so that every tracking page has something to show."""

import datetime
import random

from chiso.plans.models import Plan, Task, TaskStatus
from chiso.tracking.models import ProgressUpdate, UpdateState
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
                    )
                )
            if not past_due:
                break  # the period being reported now is the last with updates
    ProgressUpdate.objects.bulk_create(made)
    return len(made)


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
