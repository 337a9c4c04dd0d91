"""Progress for the bench province: every plan's four standard periods and, for every task
with a lead, one update per period (at large scale 150,000 tasks give 600,000 updates)."""

import random

from chiso.plans.models import Plan, Task, TaskStatus
from chiso.tracking.models import ProgressUpdate, ReportingPeriod, UpdateState
from chiso.tracking.schedule import standard_periods

BATCH = 5_000
STATES = [UpdateState.APPROVED] * 7 + [
    UpdateState.SUBMITTED,
    UpdateState.RETURNED,
    UpdateState.DRAFT,
]


def write_progress(rng: random.Random) -> int:
    """Write the periods and updates; returns the number of updates."""
    periods: dict[int, list[int]] = {}
    for plan_id, year in Plan.objects.values_list("pk", "year"):
        rows = standard_periods(year)
        for period in rows:
            period.plan_id = plan_id
        ReportingPeriod.objects.bulk_create(rows, batch_size=BATCH)
    for plan_id, period_id in ReportingPeriod.objects.order_by("due").values_list("plan_id", "pk"):
        periods.setdefault(plan_id, []).append(period_id)
    written = 0
    batch: list[ProgressUpdate] = []
    tasks = Task.objects.exclude(lead__isnull=True).values_list("pk", "lead_id", "plan_id")
    for task_id, lead_id, plan_id in tasks.iterator(chunk_size=BATCH):
        for period_id in periods[plan_id]:
            batch.append(
                ProgressUpdate(
                    task_id=task_id,
                    period_id=period_id,
                    unit_id=lead_id,
                    state=rng.choice(STATES),
                    status=TaskStatus.IN_PROGRESS,
                    percent=rng.randrange(0, 101, 10),
                    narrative="Đã triển khai theo kế hoạch.",
                )
            )
        if len(batch) >= BATCH:
            ProgressUpdate.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    ProgressUpdate.objects.bulk_create(batch)
    return written + len(batch)
