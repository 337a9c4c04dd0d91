"""The reporting cycle: report with evidence, submit, return, fix, approve, lock, correct."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chiso.plans.deadlines import DeadlineKind
from chiso.plans.models import Task, TaskStatus
from chiso.tracking import actions
from chiso.tracking.models import Evidence, ProgressUpdate, UpdateState
from chiso.tracking.owed import new_activity_since, owes_progress
from chiso.tracking.schedule import ensure_periods

from ..factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db
VALUES = {
    "status": "in_progress",
    "percent": 40,
    "milestone": "",
    "narrative": "Đang rà soát.",
    "status_note": "",
    "target_values": {},
}


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def period(plans):
    return ensure_periods(plans.a)[1]  # six months


def report_url(period, task, unit):
    return reverse("tracking:report", args=[period.pk, task.pk, unit.pk])


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def test_the_standard_periods_of_a_year(plans):
    periods = ensure_periods(plans.a)
    assert [p.label for p in periods] == [
        "Quý I/2025",
        "6 tháng đầu năm 2025",
        "9 tháng năm 2025",
        "Năm 2025",
    ]
    assert periods[1].due == datetime.date(2025, 7, 2)
    assert ensure_periods(plans.a) == periods  # made once


def test_periods_as_the_document_set_them(plans):
    plans.a.report_schedule = [
        {
            "period": "half_year",
            "label": "Báo cáo 6 tháng",
            "from": "2025-01-01",
            "to": "2025-06-30",
            "due": "2025-07-05",
        },
    ]
    plans.a.save()
    (period,) = ensure_periods(plans.a)
    assert period.label == "Báo cáo 6 tháng" and period.due == datetime.date(2025, 7, 5)


def test_which_tasks_owe_progress(plans, period):
    done_early = TaskFactory(
        plan=plans.a, deadline_date=datetime.date(2025, 2, 1), status=TaskStatus.DONE
    )
    late = TaskFactory(plan=plans.a, deadline_date=datetime.date(2025, 2, 1))
    ongoing = TaskFactory(plan=plans.a, deadline_kind=DeadlineKind.ONGOING)
    waiting = TaskFactory(plan=plans.a, deadline_kind=DeadlineKind.EVENT)
    happened = TaskFactory(
        plan=plans.a, deadline_kind=DeadlineKind.EVENT, event_occurred_on=datetime.date(2025, 5, 1)
    )
    periods = list(plans.a.periods.all())
    owed = set(Task.objects.filter(owes_progress(period, new_activity_since(period, periods))))
    assert {late, ongoing, happened} <= owed
    assert done_early not in owed and waiting not in owed


def test_report_return_fix_approve_and_lock(client, users, plans, period):
    task = plans.task_a
    url = report_url(period, task, users.officer_a.unit)
    login(client, users.officer_a)
    response = client.post(
        url,
        {
            "status": "in_progress",
            "percent": 40,
            "narrative": "Đã rà soát 12 thủ tục.",
            "evidence": [pdf()],
            "submit": "1",
        },
    )
    update = ProgressUpdate.objects.get()
    assert response["Location"] == update.get_absolute_url()
    assert update.state == UpdateState.SUBMITTED
    assert Evidence.objects.get().name == "bien-ban.pdf"

    login(client, users.leader_a)
    review = reverse("tracking:review", args=[update.pk])
    client.post(review, {"decision": "return", "comment": ""})
    assert ProgressUpdate.objects.get().state == UpdateState.SUBMITTED  # a reason is required
    client.post(review, {"decision": "return", "comment": "Thiếu biên bản kiểm tra"})
    assert ProgressUpdate.objects.get().state == UpdateState.RETURNED

    login(client, users.officer_a)
    assert "Thiếu biên bản kiểm tra" in client.get(url).content.decode()
    client.post(
        url,
        {
            "status": "done",
            "percent": 100,
            "narrative": "Hoàn thành.",
            "evidence": [pdf("bien-ban-2.pdf")],
            "submit": "1",
        },
    )

    login(client, users.leader_a)
    client.post(review, {"decision": "approve", "comment": "Đạt"})
    update.refresh_from_db()
    task.refresh_from_db()
    assert update.state == UpdateState.APPROVED
    assert task.status == TaskStatus.DONE and task.manual_percent == 100
    assert update.evidence.count() == 2

    login(client, users.officer_a)
    assert client.get(url)["Location"] == update.get_absolute_url()  # locked
    client.post(url, {"status": "blocked", "narrative": "sửa lén", "submit": "1"})
    assert ProgressUpdate.objects.get(pk=update.pk).narrative == "Hoàn thành."

    client.post(reverse("tracking:correct", args=[update.pk]))
    versions = list(ProgressUpdate.objects.order_by("version").values_list("version", "state"))
    assert versions == [(1, "approved"), (2, "draft")]


def test_done_reported_after_the_deadline_is_done_late(client, users, plans, period):
    task = plans.task_a
    task.deadline_date = datetime.date(2020, 1, 1)
    task.save()
    login(client, users.officer_a)
    client.post(
        report_url(period, task, users.officer_a.unit),
        {"status": "done", "narrative": "Xong.", "submit": "1"},
    )
    login(client, users.leader_a)
    client.post(
        reverse("tracking:review", args=[ProgressUpdate.objects.get().pk]), {"decision": "approve"}
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE_LATE


def test_an_officer_cannot_approve_their_own_report(client, users, plans, period):
    login(client, users.officer_a)
    client.post(
        report_url(period, plans.task_a, users.officer_a.unit),
        {"status": "in_progress", "narrative": "x", "submit": "1"},
    )
    update = ProgressUpdate.objects.get()
    response = client.post(reverse("tracking:review", args=[update.pk]), {"decision": "approve"})
    assert response.status_code == 404
    assert ProgressUpdate.objects.get().state == UpdateState.SUBMITTED


def test_wrong_evidence_is_refused_with_its_name(client, users, plans, period):
    login(client, users.officer_a)
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    page = client.post(
        report_url(period, plans.task_a, users.officer_a.unit),
        {"status": "in_progress", "narrative": "x", "evidence": [bad]},
    )
    assert "virus.exe" in page.content.decode()
    assert ProgressUpdate.objects.count() == 0


def test_another_unit_cannot_read_or_change_updates_or_evidence(client, users, plans, period):
    login(client, users.officer_a)
    client.post(
        report_url(period, plans.task_a, users.officer_a.unit),
        {"status": "in_progress", "narrative": "Nội bộ", "evidence": [pdf()], "submit": "1"},
    )
    update = ProgressUpdate.objects.get()
    evidence = Evidence.objects.get()
    login(client, users.officer_b)
    assert client.get(update.get_absolute_url()).status_code == 404
    assert client.get(reverse("tracking:evidence", args=[evidence.pk])).status_code == 404
    assert client.get(report_url(period, plans.task_a, users.officer_a.unit)).status_code == 404
    assert (
        client.post(
            reverse("tracking:review", args=[update.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    # but the owner's scope reads the file
    login(client, users.leader_a)
    response = client.get(reverse("tracking:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"


def test_period_page_lists_owed_tasks_and_states(client, users, plans, period):
    login(client, users.leader_a)
    page = client.get(period.get_absolute_url()).content.decode()
    assert "Rà soát thủ tục của Sở Xây dựng" in page
    assert "Chưa báo cáo" in page


def test_report_buttons_only_for_units_the_user_may_report_for(client, users, plans, period):
    form = report_url(period, plans.task_a, users.officer_a.unit)
    for user, shown in [
        (users.officer_a, True),
        (users.leader_a, True),
        (users.viewer_a, False),
        (users.coordinator, False),
    ]:
        page = login(client, user).get(period.get_absolute_url()).content.decode()
        assert "Rà soát thủ tục của Sở Xây dựng" in page
        assert (form in page) is shown, user.username
        if shown:
            assert client.get(form).status_code == 200


def test_period_page_filters_by_unit_and_state_and_exports(client, users, plans, period):
    TaskFactory(plan=plans.a, lead=users.leader_a.unit, text="Việc của lãnh đạo Sở")
    update = actions.current_update(plans.task_a, period, users.officer_a.unit)
    actions.record(update, VALUES, [], users.officer_a, submit=True)
    client = login(client, users.leader_a)
    url = period.get_absolute_url()
    submitted = client.get(url, {"state": "submitted"}).content.decode()
    assert "Rà soát thủ tục" in submitted and "Việc của lãnh đạo Sở" not in submitted
    waiting = client.get(url, {"state": "none"}).content.decode()
    assert "Việc của lãnh đạo Sở" in waiting and "Rà soát thủ tục của Sở" not in waiting
    by_unit = client.get(url, {"unit": users.officer_a.unit.pk}).content.decode()
    assert "Rà soát thủ tục" in by_unit and "Việc của lãnh đạo Sở" not in by_unit
    response = client.get(url, {"state": "submitted", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    (row,) = list(sheet.iter_rows(min_row=3, values_only=True))
    assert row[1] == "Rà soát thủ tục của Sở Xây dựng" and row[3] == "Văn phòng Sở"
    assert row[4] == "Chờ duyệt" and row[5] == 40
    assert client.get(url, {"state": "bogus", "unit": "x"}).status_code == 200
