"""Run an import: read the file, parse it, resolve its units; record each step on the job.

`read_plan` does the work for the CLI and the web alike; `parse_import` is the background
task the web enqueues for large files.
"""

from pathlib import Path

from django.utils.translation import gettext as _
from django_tasks import task

from chiso.org.models import OrgUnit

from .blocks import Block, DocumentError
from .draft import DraftPlan
from .models import ImportJob, ImportStatus
from .parse import parse_blocks
from .readers import read_document
from .resolution import resolve_draft

BACKGROUND_BYTES = 1_000_000  # larger uploads are parsed by the worker, not in the request


def read_plan(
    path: Path, *, name: str | None = None, issuer: OrgUnit | None = None, progress=None
) -> tuple[list[Block], DraftPlan]:
    """Blocks and resolved draft of the document at `path`; raises DocumentError."""
    say = progress or (lambda message: None)
    say(_("Đang đọc văn bản…"))
    blocks = read_document(path, name=name)
    say(_("Đang phân tích %d đoạn…") % len(blocks))
    draft = parse_blocks(blocks)
    say(_("Đang đối chiếu đơn vị…"))
    resolve_draft(draft, issuer)
    return blocks, draft


def run_job(job: ImportJob) -> ImportJob:
    def say(message: str) -> None:
        ImportJob.objects.filter(pk=job.pk).update(progress=message)

    job.status = ImportStatus.READING
    job.save(update_fields=["status", "updated_at"])
    try:
        blocks, draft = read_plan(
            Path(job.file.path), name=job.filename, issuer=job.issuer, progress=say
        )
    except DocumentError as error:
        job.status, job.error, job.progress = ImportStatus.FAILED, str(error), ""
    else:
        job.blocks = [block.to_json() for block in blocks]
        job.draft = draft.to_json()
        job.status, job.progress = ImportStatus.REVIEW, ""
    job.save()
    return job


@task()
def parse_import(job_id: int) -> None:
    """Background task: parse the import job's document."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).first()
    if job is not None:
        run_job(job)
