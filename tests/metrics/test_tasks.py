"""The background import: queued, run by the worker, done with its values; a bad file or bad
rows end failed with a message naming the file; a task run twice imports once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from chiso.jobs.models import Job, JobState
from chiso.metrics import tasks
from chiso.metrics.models import IndicatorValue
from chiso.metrics.tasks import queue_import, run_import

from .conftest import HEADER, ROWS


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(rows: list[str], name: str = "ho-so-quy-1.csv", header: str = HEADER) -> bytes:
    content = "\n".join([header, *rows]) + "\n"
    return SimpleUploadedFile(name, content.encode("utf-8-sig"), content_type="text/csv")


def queued(users, rows=ROWS, name="ho-so-quy-1.csv", skip_invalid=False, header=HEADER):
    return queue_import(
        upload(rows, name, header),
        "dossiers",
        skip_invalid=skip_invalid,
        mapping=None,
        user=users.officer_a,
    )


# The worker closes its database connection when done: real transactions, not a rolled-back one.
@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_a_queued_upload(users):
    record = queued(users)
    assert record.job.state == JobState.QUEUED and record.job.created_by == users.officer_a
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    record.refresh_from_db()
    job = record.job
    assert (job.state, record.rows, record.rejected, job.done) == ("done", 5, 0, 1.0)
    assert job.stage == "Hoàn tất" and job.started_at <= job.finished_at
    assert "2025-Q1" in record.periods
    assert IndicatorValue.objects.filter(unit=users.officer_a.unit.parent, period="2025-03")


@pytest.mark.django_db
def test_a_file_that_is_not_an_export_fails_naming_it(users):
    record = queued(users, rows=["một dòng chữ"], name="bao-cao.csv", header="Không phải bảng")
    run_import.call(record.pk)
    record.refresh_from_db()
    assert record.job.state == JobState.FAILED and record.job.finished_at
    assert "bao-cao.csv" in record.job.message
    assert "không phải tệp CSV hay Excel" in record.job.message


@pytest.mark.django_db
def test_missing_columns_are_named(users):
    record = queued(users, rows=["A1,Sở Xây dựng"], header="Mã hồ sơ,Đơn vị")
    run_import.call(record.pk)
    record.refresh_from_db()
    assert record.job.state == JobState.FAILED
    assert "Thiếu cột bắt buộc: Thủ tục, Ngày tiếp nhận, Hạn xử lý" in record.job.message


@pytest.mark.django_db
def test_bad_rows_refuse_the_file_and_list_the_errors(users):
    bad = "X9,Sở Không Có,TT,31/02/2025,05/03/2025,,,Trực tiếp,,,,"
    record = queued(users, rows=[*ROWS, bad])
    run_import.call(record.pk)
    record.refresh_from_db()
    assert record.job.state == JobState.FAILED
    assert "ho-so-quy-1.csv" in record.job.message and "1 dòng không hợp lệ" in record.job.message
    assert record.rejected == 1 and len(record.errors) == 2  # the unit and the date
    assert record.errors_file.endswith(".errors.csv")
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_skipping_bad_rows_imports_the_good_ones(users):
    bad = "X9,Sở Không Có,TT,01/03/2025,05/03/2025,,,Trực tiếp,,,,"
    record = queued(users, rows=[*ROWS, bad], skip_invalid=True)
    run_import.call(record.pk)
    record.refresh_from_db()
    assert (record.job.state, record.rows, record.rejected) == ("done", 5, 1)
    assert record.errors_file.endswith(".rejected.csv")


@pytest.mark.django_db
def test_an_unexpected_error_ends_the_import(users, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "import_export", broken)
    record = queued(users)
    run_import.call(record.pk)
    record.refresh_from_db()
    assert record.job.state == JobState.FAILED
    assert "ho-so-quy-1.csv" in record.job.message and "disk full" not in record.job.message


@pytest.mark.django_db
def test_only_a_queued_import_runs(users):
    record = queued(users)
    Job.objects.filter(pk=record.job_id).update(state=JobState.DONE)
    run_import.call(record.pk)
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_a_task_enqueued_twice_imports_once(users):
    record = queued(users)
    run_import.call(record.pk)
    first = Job.objects.get(pk=record.job_id)
    run_import.call(record.pk)
    again = Job.objects.get(pk=record.job_id)
    assert (again.state, again.started_at, again.finished_at) == (
        JobState.DONE,
        first.started_at,
        first.finished_at,
    )
