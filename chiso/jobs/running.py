"""The one runner of background work: claim the queued job, hand the work a progress
callable, record how it ended. The web's tasks, the CLI and the demo all go through
`run_job`, so every job's page stops polling with a message the user can act on."""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Job, JobKind, JobState

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5  # seconds between two progress writes
Progress = Callable[[str, float], None]  # (stage, share done 0..1)
T = TypeVar("T")

SYSTEM_ERROR = {
    JobKind.PLAN_DOCUMENT: _(
        "Không đọc được tệp %(name)s do lỗi của hệ thống; hãy báo quản trị hệ thống."
    ),
    JobKind.DOSSIER_IMPORT: _(
        "Không nhập được tệp %(name)s do lỗi của hệ thống; hãy báo quản trị hệ thống."
    ),
    JobKind.REPORT_FILE: _(
        "Không tạo được báo cáo %(name)s do lỗi của hệ thống; hãy báo quản trị hệ thống."
    ),
    JobKind.SURVEY_IMPORT: _(
        "Không nhập được tệp phiếu khảo sát %(name)s do lỗi của hệ thống; hãy báo quản trị "
        "hệ thống."
    ),
}


def claim(job: Job) -> bool:
    """Mark the queued `job` running, in one UPDATE; False when it is not queued (already
    claimed by another run of the same task, or finished), and then nothing changes."""
    now = timezone.now()
    fields = {"state": JobState.RUNNING, "started_at": now, "heartbeat_at": now}
    if not Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(**fields):
        return False
    for name, value in fields.items():
        setattr(job, name, value)
    return True


class ProgressWriter:
    """Keeps the stage and share done on the job, and writes them with a heartbeat at most
    every PROGRESS_EVERY seconds, for the status page to poll."""

    def __init__(self, job: Job):
        self.job = job
        self.written = float("-inf")

    def __call__(self, stage: str, done: float) -> None:
        self.job.stage, self.job.done = stage[:100], done
        now = time.monotonic()
        if now - self.written >= PROGRESS_EVERY:
            self.written = now
            self.job.heartbeat_at = timezone.now()
            Job.objects.filter(pk=self.job.pk).update(
                stage=self.job.stage, done=done, heartbeat_at=self.job.heartbeat_at
            )


def run_job(
    job: Job,
    work: Callable[[Progress], T],
    *,
    subject: str,
    expected: tuple[type[Exception], ...] = (),
    describe: Callable[[Exception], str] = str,
) -> T | None:
    """Run `work(progress)` as `job` if the job is still queued, and record how it ended.

    An `expected` error fails the job with `describe(error)`, the user's message; any other
    exception is logged and fails it with a message naming `subject` (the file the user
    knows). Returns what `work` returned; None when the job did not run here or failed."""
    if not claim(job):
        return None
    try:
        result = work(ProgressWriter(job))
    except expected as error:
        _finish(job, JobState.FAILED, describe(error))
        return None
    except Exception:
        logger.exception("%s job %s failed", job.kind, job.pk)
        _finish(job, JobState.FAILED, SYSTEM_ERROR[job.kind] % {"name": subject})
        return None
    _finish(job, JobState.DONE)
    return result


def _finish(job: Job, state: str, message: str = "") -> None:
    now = timezone.now()
    fields = {
        "state": state,
        "message": message,
        "finished_at": now,
        "heartbeat_at": now,
        # done: full, at the work's last stage; failed: the message says it all
        "stage": job.stage if state == JobState.DONE else "",
        "done": 1.0 if state == JobState.DONE else job.done,
    }
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
