"""The one status partial: a spinner while queued, the stage and percent while running, the
message in an alert when failed, nothing once done (each page shows its own outcome)."""

from django.template.loader import render_to_string
from django.utils import translation

from chiso.jobs.models import Job, JobKind, JobState

HINT = "Trang tự cập nhật."


def render(**fields) -> str:
    job = Job(kind=JobKind.DOSSIER_IMPORT, **fields)
    return render_to_string("jobs/_progress.html", {"job": job, "hint": HINT})


def test_queued_shows_a_spinner_and_the_hint():
    html = render()
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "spinner-border" in html and "Đang chờ" in html and HINT in html


def test_running_shows_the_stage_and_percent():
    html = render(state=JobState.RUNNING, stage="Kiểm tra 5 dòng", done=0.42)
    assert "Đang xử lý — Kiểm tra 5 dòng" in html
    assert 'aria-valuenow="42"' in html and "width: 42%" in html and ">42%<" in html


def test_failed_shows_the_message_in_an_alert():
    html = render(state=JobState.FAILED, message="Tệp a.csv trống.")
    assert 'role="alert"' in html and "Tệp a.csv trống." in html
    assert 'role="status"' not in html


def test_done_leaves_the_outcome_to_the_page():
    assert render(state=JobState.DONE, done=1.0).strip() == ""


def test_in_english():
    with translation.override("en"):
        html = render(state=JobState.RUNNING, stage="Reading", done=0.1)
    assert "Running — Reading" in html and 'aria-label="Progress"' in html
