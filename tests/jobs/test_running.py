"""The one runner: a queued job runs once, its progress is written sparingly with a heartbeat,
and it always ends done or failed with a message the user can read."""

import logging
from types import SimpleNamespace

import pytest

from chiso.jobs import running
from chiso.jobs.models import Job, JobKind, JobState
from chiso.jobs.running import ProgressWriter, claim, run_job

pytestmark = pytest.mark.django_db


class Refused(Exception):
    """An error the caller expects, whose text is for the user."""


def queued(kind: str = JobKind.DOSSIER_IMPORT) -> Job:
    return Job.objects.create(kind=kind)


def test_two_claims_of_a_queued_job_one_wins():
    job = queued()
    first, second = Job.objects.get(pk=job.pk), Job.objects.get(pk=job.pk)
    assert claim(first) is True
    assert claim(second) is False
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and job.started_at == first.started_at
    assert job.heartbeat_at == job.started_at


def test_a_job_enqueued_twice_runs_once():
    job = queued()
    runs = []
    assert run_job(job, lambda progress: runs.append(1) or "built", subject="a.csv") == "built"
    again = Job.objects.get(pk=job.pk)
    assert run_job(again, lambda progress: runs.append(2), subject="a.csv") is None
    assert runs == [1]


def test_done_with_its_times_and_last_stage():
    job = queued()

    def work(progress):
        progress("Đọc tệp", 0.2)
        progress("Tính chỉ tiêu", 0.8)
        return 5

    assert run_job(job, work, subject="a.csv") == 5
    job.refresh_from_db()
    assert (job.state, job.done, job.percent, job.message) == (JobState.DONE, 1.0, 100, "")
    assert job.stage == "Tính chỉ tiêu"  # the last stage, though the throttle skipped it
    assert job.started_at <= job.finished_at and job.finished
    assert job.heartbeat_at == job.finished_at


def test_progress_is_written_at_most_twice_a_second(monkeypatch, django_assert_num_queries):
    job = queued()
    clock = iter([100.0, 100.1, 100.2, 100.7])
    monkeypatch.setattr(running, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    progress = ProgressWriter(job)
    with django_assert_num_queries(2):
        for done in (0.1, 0.2, 0.3, 0.4):
            progress("Kiểm tra", done)
    job.refresh_from_db()
    assert (job.stage, job.done, job.percent) == ("Kiểm tra", 0.4, 40)
    assert job.heartbeat_at is not None


def test_an_expected_error_fails_the_job_with_its_message():
    job = queued()

    def work(progress):
        progress("Đọc tệp", 0.1)
        raise Refused("Tệp a.csv thiếu cột “Đơn vị”.")

    assert run_job(job, work, subject="a.csv", expected=(Refused,)) is None
    job.refresh_from_db()
    assert (job.state, job.message, job.stage) == (
        JobState.FAILED,
        "Tệp a.csv thiếu cột “Đơn vị”.",
        "",
    )
    assert job.finished_at and job.finished


def test_the_caller_words_an_expected_error():
    job = queued()

    def work(progress):
        raise Refused("3")

    run_job(job, work, subject="a.csv", expected=(Refused,), describe=lambda e: f"{e} dòng lỗi")
    job.refresh_from_db()
    assert job.message == "3 dòng lỗi"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (JobKind.PLAN_DOCUMENT, "Không đọc được tệp ke-hoach.docx do lỗi của hệ thống"),
        (JobKind.DOSSIER_IMPORT, "Không nhập được tệp ke-hoach.docx do lỗi của hệ thống"),
        (JobKind.REPORT_FILE, "Không tạo được báo cáo ke-hoach.docx do lỗi của hệ thống"),
    ],
)
def test_an_unexpected_error_is_logged_and_fails_with_a_plain_message(caplog, kind, message):
    job = queued(kind)

    def work(progress):
        raise RuntimeError("disk full")

    with caplog.at_level(logging.ERROR, logger="chiso.jobs.running"):
        assert run_job(job, work, subject="ke-hoach.docx", expected=(Refused,)) is None
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.finished_at
    assert job.message.startswith(message) and "hãy báo quản trị hệ thống" in job.message
    assert "disk full" not in job.message
    [record] = caplog.records
    assert record.exc_info and "disk full" in caplog.text


def test_a_finished_job_does_not_run_again():
    job = Job.objects.create(kind=JobKind.REPORT_FILE, state=JobState.FAILED, message="cũ")
    assert run_job(job, lambda progress: pytest.fail("ran"), subject="a.docx") is None
    job.refresh_from_db()
    assert (job.state, job.message) == (JobState.FAILED, "cũ")
