"""Dossier imports as jobs: `new_import` records one with its queued job, `import_record` runs
it through the jobs runner (the worker's `run_import`, the CLI and the demo alike)."""

from collections.abc import Callable
from pathlib import Path

from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from chiso.jobs.models import Job, JobKind
from chiso.jobs.running import Progress, run_job

from .importing import ImportRefused, ImportResult, import_export, note_result
from .models import DataImport
from .reading import FileError


@transaction.atomic
def new_import(
    kind: str,
    name: str,
    *,
    user=None,
    upload: File | None = None,
    skip_invalid: bool = False,
    mapping: dict[str, str] | None = None,
) -> DataImport:
    """A dossier import of `name` with its queued job; `upload` is stored as its file."""
    return DataImport.objects.create(
        job=Job.objects.create(kind=JobKind.DOSSIER_IMPORT, created_by=user),
        kind=kind,
        file=upload,
        name=name[:255],
        skip_invalid=skip_invalid,
        mapping=mapping or {},
        created_by=user,
    )


def import_record(
    record: DataImport,
    path: Path | None = None,
    *,
    progress: Progress | None = None,
    describe: Callable[[Exception], str] | None = None,
) -> ImportResult | None:
    """Import the record's file (or `path`) as its job. The result; None when the job did not
    run here or failed, and then its message says why: by default in the words of the web
    page, or `describe(error)` for a bad file or bad rows."""
    path = path or Path(record.file.path)

    def work(report: Progress) -> ImportResult:
        def both(stage: str, done: float) -> None:
            report(stage, done)
            if progress is not None:
                progress(stage, done)

        try:
            return import_export(
                path,
                record.kind,
                mapping=record.mapping or None,
                skip_invalid=record.skip_invalid,
                record=record,
                progress=both,
            )
        except ImportRefused as refused:  # nothing stored; the bad rows are listed
            note_result(record, refused.result)
            record.save(update_fields=["rows", "rejected", "errors", "errors_file"])
            raise

    def on_the_page(error: Exception) -> str:
        if isinstance(error, ImportRefused):
            return _(
                "Tệp %(name)s có %(n)s dòng không hợp lệ nên chưa nhập dòng nào. Sửa các dòng "
                "trong danh sách lỗi rồi tải lên lại, hoặc chọn “Bỏ qua dòng lỗi”."
            ) % {"name": record.name, "n": error.result.rejected}
        # The stored file may have been renamed on upload: name it as the user did.
        return str(error).replace(path.name, record.name)

    return run_job(
        record.job,
        work,
        subject=record.name,
        expected=(FileError, ImportRefused),
        describe=describe or on_the_page,
    )


@task()
def run_import(import_id: int) -> None:
    """Background task: import a queued upload."""
    record = DataImport.objects.select_related("job").filter(pk=import_id).first()
    if record is not None:
        import_record(record)


@transaction.atomic
def queue_import(
    upload: UploadedFile, kind: str, *, skip_invalid: bool, mapping: dict[str, str] | None, user
) -> DataImport:
    """A queued import of an uploaded file, handed to the worker."""
    record = new_import(
        kind, upload.name, user=user, upload=upload, skip_invalid=skip_invalid, mapping=mapping
    )
    run_import.enqueue(record.pk)
    return record
