"""Imports of survey responses as jobs: `new_import` records one with its queued job,
`import_record` runs it through the jobs runner (the worker's `run_import` and the CLI alike)."""

from collections.abc import Callable
from pathlib import Path

from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from chiso.jobs.models import Job, JobKind
from chiso.jobs.running import Progress, run_job
from chiso.metrics.reading import FileError

from .models import Channel, SurveyImport, SurveyRound
from .response_import import (
    ResponseImportResult,
    ResponsesRefused,
    import_responses,
    note_result,
)


@transaction.atomic
def new_import(
    round: SurveyRound,
    name: str,
    *,
    user=None,
    upload: File | None = None,
    skip_invalid: bool = False,
    channel: str = Channel.PAPER,
) -> SurveyImport:
    """An import of responses `name` into `round` with its queued job; `upload` is stored as
    its file."""
    return SurveyImport.objects.create(
        job=Job.objects.create(kind=JobKind.SURVEY_IMPORT, created_by=user),
        round=round,
        channel=channel,
        file=upload,
        name=name[:255],
        skip_invalid=skip_invalid,
        created_by=user,
    )


def import_record(
    record: SurveyImport,
    path: Path | None = None,
    progress: Progress | None = None,
    describe: Callable[[Exception], str] | None = None,
) -> ResponseImportResult | None:
    """Import the record's file (or `path`) as its job. The result; None when the job did not
    run here or failed, and then its message says why: by default in the words of the web
    page, or `describe(error)` for a bad file or bad rows."""
    path = path or Path(record.file.path)

    def work(report: Progress) -> ResponseImportResult:
        def both(stage: str, done: float) -> None:
            report(stage, done)
            if progress is not None:
                progress(stage, done)

        try:
            return import_responses(
                path,
                record.round,
                skip_invalid=record.skip_invalid,
                channel=record.channel,
                record=record,
                progress=both,
            )
        except ResponsesRefused as refused:  # nothing stored; the bad rows are listed
            note_result(record, refused.result)
            record.save(update_fields=["rows", "rejected", "errors", "errors_file"])
            raise

    def on_the_page(error: Exception) -> str:
        if isinstance(error, ResponsesRefused):
            return _(
                "Tệp %(name)s có %(n)s dòng không hợp lệ hoặc trùng mã hồ sơ nên chưa nhập "
                "phiếu nào. Sửa các dòng trong danh sách lỗi rồi tải lên lại, hoặc chọn “Bỏ "
                "qua dòng lỗi”."
            ) % {"name": record.name, "n": error.result.rejected}
        # The stored file may have been renamed on upload: name it as the user did.
        return str(error).replace(path.name, record.name)

    return run_job(
        record.job,
        work,
        subject=record.name,
        expected=(FileError, ResponsesRefused),
        describe=describe or on_the_page,
    )


@task()
def run_import(import_id: int) -> None:
    """Background task: import a queued upload of responses."""
    record = (
        SurveyImport.objects.select_related("job", "round__questionnaire")
        .filter(pk=import_id)
        .first()
    )
    if record is not None:
        import_record(record)


@transaction.atomic
def queue_import(
    upload: UploadedFile,
    round: SurveyRound,
    *,
    skip_invalid: bool,
    channel: str = Channel.PAPER,
    user=None,
) -> SurveyImport:
    """A queued import of an uploaded file of responses, handed to the worker."""
    record = new_import(
        round, upload.name, user=user, upload=upload, skip_invalid=skip_invalid, channel=channel
    )
    run_import.enqueue(record.pk)
    return record
