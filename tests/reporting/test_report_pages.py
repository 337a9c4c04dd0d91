"""Requesting a report on the web: queued, built by the worker, downloaded; scoped by unit."""

import io
import logging

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from chiso.accounts.models import Role
from chiso.jobs.models import JobKind, JobState
from chiso.reporting import tasks as report_tasks
from chiso.reporting.models import ReportFile

from ..factories import PASSWORD, UserFactory

# The worker closes its database connection when done: a test that runs it needs real
# transactions, not the one the test would roll back.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def request_url(period, unit, fmt="docx"):
    return reverse("reporting:request", args=[period.pk, unit.pk, fmt])


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_request_build_and_download_a_word_report(client, org, users, half_year):
    login(client, users.leader_a)
    response = client.post(request_url(half_year.period, org.dept_a))
    report = ReportFile.objects.get()
    assert response.url == report.get_absolute_url()
    job = report.job
    assert (job.kind, job.state, job.created_by) == (
        JobKind.REPORT_FILE,
        JobState.QUEUED,
        users.leader_a,
    )
    assert report.created_by == users.leader_a
    polling = client.get(report.get_absolute_url(), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in polling.content.decode()
    assert client.get(reverse("reporting:download", args=[report.pk])).status_code == 404

    run_worker()
    report.refresh_from_db()
    assert report.job.state == JobState.DONE and report.job.finished_at
    page = client.get(report.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in page and reverse("reporting:download", args=[report.pk]) in page
    download = client.get(reverse("reporting:download", args=[report.pk]))
    assert download["Content-Disposition"].endswith('filename="bao-cao-sxd-2025-H1.docx"')
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Rà soát thủ tục của Sở Xây dựng" in text


def test_an_excel_report(client, org, users, half_year):
    login(client, users.leader_a)
    client.post(request_url(half_year.period, org.dept_a, "xlsx"))
    run_worker()
    report = ReportFile.objects.get()
    full_page = client.get(report.get_absolute_url()).content.decode()
    assert "bi-file-earmark-excel" in full_page and "6 tháng đầu năm 2025" in full_page
    download = client.get(reverse("reporting:download", args=[report.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Nhiệm vụ" in workbook.sheetnames


def test_a_failed_build_is_shown_with_a_retry(client, org, users, half_year, monkeypatch, caplog):
    def broken(document, fmt):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report_tasks, "document_file", broken)
    login(client, users.leader_a)
    client.post(request_url(half_year.period, org.dept_a))
    with caplog.at_level(logging.ERROR, logger="chiso.jobs.running"):
        run_worker()
    assert "disk full" in caplog.text  # for the administrator, in the log
    report = ReportFile.objects.get()
    assert report.job.state == JobState.FAILED and "disk full" not in report.job.message
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Không tạo được báo cáo bao-cao-sxd-2025-H1.docx do lỗi của hệ thống" in page
    assert request_url(half_year.period, org.dept_a) in page and "every 1s" not in page
    assert "disk full" not in page


def test_a_division_officer_reports_for_the_division_only(client, org, users, half_year):
    login(client, users.officer_a)
    assert client.post(request_url(half_year.period, org.div_a)).status_code == 302
    assert client.post(request_url(half_year.period, org.dept_a)).status_code == 404


def test_viewers_may_request_a_report(client, org, users, half_year):
    login(client, users.viewer_a)
    assert client.post(request_url(half_year.period, org.dept_a)).status_code == 302


def test_a_coordinator_may_request_any_units_report(client, org, users, half_year):
    login(client, users.coordinator)
    assert client.post(request_url(half_year.period, org.dept_a)).status_code == 302


def test_another_units_officer_gets_404_everywhere(client, org, users, half_year):
    login(client, users.leader_a)
    client.post(request_url(half_year.period, org.dept_a))
    run_worker()
    report = ReportFile.objects.get()
    login(client, users.officer_b)
    assert client.post(request_url(half_year.period, org.dept_a)).status_code == 404
    # the province's plan is visible to Sở Tư pháp, Sở Xây dựng is not
    assert client.post(request_url(half_year.province_period, org.dept_a)).status_code == 404
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("reporting:download", args=[report.pk])).status_code == 404
    assert ReportFile.objects.count() == 1


def test_a_user_without_a_unit_sees_nothing(client, org, half_year):
    nobody = UserFactory(username="nobody", role=Role.OFFICER)
    login(client, nobody)
    assert client.post(request_url(half_year.period, org.dept_a)).status_code == 404


def test_only_post_and_known_formats(client, org, users, half_year):
    login(client, users.leader_a)
    assert client.get(request_url(half_year.period, org.dept_a)).status_code == 405
    assert client.post(request_url(half_year.period, org.dept_a, "pdf")).status_code == 404
    assert ReportFile.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client, org, half_year):
    response = client.post(request_url(half_year.period, org.dept_a))
    assert response.status_code == 302 and "login" in response.url


def test_admin_lists_report_files(client, org, users, half_year):
    login(client, users.leader_a)
    client.post(request_url(half_year.period, org.dept_a))
    assert admin.site.is_registered(ReportFile)
    root = UserFactory(username="root", unit=org.province, is_staff=True, is_superuser=True)
    login(client, root)
    changelist = reverse("admin:reporting_reportfile_changelist")
    assert client.get(changelist, {"q": "sxd"}).status_code == 200
