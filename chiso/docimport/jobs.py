"""Read a plan document: parse it, resolve its units; as a job when it comes from the web.

`read_plan` does the work for the CLI and the web alike; `start_import` records an upload
and reads it at once or, for a large file or a scan to OCR, hands it to the worker
(`parse_import`), which reports each page it OCRs.
"""

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from chiso.jobs.models import Job, JobKind
from chiso.jobs.running import Progress, run_job
from chiso.org.models import OrgUnit

from .blocks import Block, DocumentError
from .draft import DraftPlan
from .models import ImportJob
from .parse import parse_blocks
from .readers import needs_ocr, read_document
from .resolution import resolve_draft

BACKGROUND_BYTES = 1_000_000  # larger uploads are parsed by the worker, not in the request


def read_plan(
    path: Path,
    *,
    name: str | None = None,
    issuer: OrgUnit | None = None,
    progress: Progress | None = None,
) -> tuple[list[Block], DraftPlan]:
    """Blocks and resolved draft of the document at `path`; raises DocumentError."""
    say = progress or (lambda _stage, _done: None)
    say(_("Đang đọc văn bản…"), 0.0)

    def page_read(page: int, pages: int) -> None:
        say(
            _("Đang nhận dạng chữ (OCR) trang %(page)d/%(pages)d…")
            % {"page": page, "pages": pages},
            0.6 * (page - 1) / pages,
        )

    blocks = read_document(path, name=name, progress=page_read)
    say(_("Đang phân tích %d đoạn…") % len(blocks), 0.6)
    draft = parse_blocks(blocks)
    say(_("Đang đối chiếu đơn vị…"), 0.8)
    resolve_draft(draft, issuer)
    return blocks, draft


def start_import(upload: UploadedFile, issuer: OrgUnit | None, user) -> ImportJob:
    """Record the upload with its queued job, then read it now or, if large, in the worker."""
    with transaction.atomic():
        record = ImportJob.objects.create(
            job=Job.objects.create(kind=JobKind.PLAN_DOCUMENT, created_by=user),
            file=upload,
            filename=upload.name[:255],
            size=upload.size,
            issuer=issuer,
            created_by=user,
        )
        if upload.size > BACKGROUND_BYTES or needs_ocr(Path(record.file.path)):
            parse_import.enqueue(record.pk)
            return record
    read_import(record)
    return record


def read_import(record: ImportJob) -> None:
    """Read the import's document as its job, keeping the blocks and the draft for review."""

    def work(progress: Progress) -> None:
        blocks, draft = read_plan(
            Path(record.file.path), name=record.filename, issuer=record.issuer, progress=progress
        )
        record.blocks = [block.to_json() for block in blocks]
        record.draft = draft.to_json()
        record.save(update_fields=["blocks", "draft"])

    run_job(record.job, work, subject=record.filename, expected=(DocumentError,))


@task()
def parse_import(import_id: int) -> None:
    """Background task: read the queued import's document."""
    record = ImportJob.objects.select_related("job", "issuer").filter(pk=import_id).first()
    if record is not None:
        read_import(record)
