"""The background import of an uploaded export: `run_import` is the task the web enqueues,
`import_record` does the work and records progress and outcome on the DataImport."""

import logging
import time
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .importing import ImportRefused, import_export, note_result
from .models import DataImport, ImportStatus
from .reading import FileError

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between two progress writes


class _Progress:
    """Keeps the stage on the record and writes it to the database at most every
    PROGRESS_EVERY seconds, for the status page to poll."""

    def __init__(self, record: DataImport):
        self.record = record
        self.written = 0.0

    def __call__(self, stage: str, done: float) -> None:
        self.record.stage, self.record.done = stage[:100], done
        now = time.monotonic()
        if now - self.written >= PROGRESS_EVERY:
            self.written = now
            DataImport.objects.filter(pk=self.record.pk).update(stage=stage[:100], done=done)


def import_record(record: DataImport) -> DataImport:
    """Import the record's file; the record ends done or failed with a message naming it."""
    record.status, record.stage, record.done = ImportStatus.RUNNING, "", 0.0
    record.save(update_fields=["status", "stage", "done"])
    path = Path(record.file.path)
    try:
        import_export(
            path,
            record.kind,
            mapping=record.mapping or None,
            skip_invalid=record.skip_invalid,
            record=record,
            progress=_Progress(record),
        )
    except FileError as error:
        # The stored file may have been renamed on upload: name it as the user did.
        _fail(record, str(error).replace(path.name, record.name))
    except ImportRefused as refused:
        result = refused.result
        message = _(
            "Tệp %(name)s có %(n)s dòng không hợp lệ nên chưa nhập dòng nào. Sửa các dòng "
            "trong danh sách lỗi rồi tải lên lại, hoặc chọn “Bỏ qua dòng lỗi”."
        ) % {"name": record.name, "n": result.rejected}
        note_result(record, result)
        _fail(record, message)
    except Exception:  # recorded on the import, so that its page stops waiting
        logger.exception("import %s failed", record.pk)
        _fail(
            record,
            _("Không nhập được tệp %(name)s do lỗi của hệ thống; hãy báo quản trị hệ thống.")
            % {"name": record.name},
        )
    else:
        DataImport.objects.filter(pk=record.pk).update(stage=_("Hoàn tất"), done=1.0)
        record.stage, record.done = _("Hoàn tất"), 1.0
    return record


def _fail(record: DataImport, message: str) -> None:
    record.status, record.message, record.stage = ImportStatus.FAILED, message, ""
    record.finished_at = timezone.now()
    record.save()


@task()
def run_import(import_id: int) -> None:
    """Background task: import a queued upload."""
    record = DataImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).first()
    if record is not None:
        import_record(record)


@transaction.atomic
def queue_import(
    upload: UploadedFile, kind: str, *, skip_invalid: bool, mapping: dict[str, str] | None, user
) -> DataImport:
    """A queued import of an uploaded file, handed to the worker."""
    record = DataImport.objects.create(
        kind=kind,
        file=upload,
        name=upload.name[:255],
        skip_invalid=skip_invalid,
        mapping=mapping or {},
        created_by=user,
    )
    run_import.enqueue(record.pk)
    return record
