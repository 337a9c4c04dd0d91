"""An update's timeline keeps every step, and each step tells those it concerns (in the app,
by email, linking to the update)."""

import pytest
from django.core import mail
from django.urls import reverse

from chiso.tracking import actions
from chiso.tracking.models import EventKind, NoticeKind, Notification, UpdateEvent
from chiso.tracking.notices import mail_notices
from chiso.tracking.schedule import ensure_periods

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

VALUES = {
    "status": "in_progress",
    "percent": 40,
    "milestone": "",
    "narrative": "Đã rà soát 12 thủ tục.",
    "status_note": "",
    "delay_cause": "Chờ ý kiến của Bộ.",
    "target_values": {},
}


@pytest.fixture
def update(users, plans, django_capture_on_commit_callbacks):
    period = ensure_periods(plans.a)[1]
    draft = actions.current_update(plans.task_a, period, users.officer_a.unit)
    with django_capture_on_commit_callbacks(execute=True):
        return actions.record(draft, VALUES, [], users.officer_a, submit=True)


def page(client, user, url):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_return_resubmit_approve_keeps_every_step(client, users, update):
    actions.send_back(update, users.leader_a, "Thiếu biên bản kiểm tra.")
    actions.record(update, VALUES, [], users.officer_a, submit=True)
    html = page(client, users.officer_a, update.get_absolute_url())
    # While pending again, the old reason is shown as the return it was, not as an approval.
    assert "Trả lại" in html and "Thiếu biên bản kiểm tra." in html and "Gửi lại" in html
    assert "Duyệt:" not in html
    actions.approve(update, users.leader_a, "Đạt.")
    kinds = list(UpdateEvent.objects.filter(update=update).values_list("kind", "comment"))
    assert kinds == [
        (EventKind.SUBMITTED, ""),
        (EventKind.RETURNED, "Thiếu biên bản kiểm tra."),
        (EventKind.RESUBMITTED, ""),
        (EventKind.APPROVED, "Đạt."),
    ]
    html = page(client, users.leader_a, update.get_absolute_url())
    assert html.index("Thiếu biên bản kiểm tra.") < html.index("Đạt.")
    assert "Chờ ý kiến của Bộ." in html  # the cause of the delay


def test_a_correction_continues_the_same_timeline(client, users, update):
    actions.approve(update, users.leader_a)
    draft = actions.correct(update, users.officer_a)
    html = page(client, users.officer_a, draft.get_absolute_url())
    for label in ("Gửi duyệt", "Duyệt", "Mở phiên bản sửa đổi"):
        assert label in html
    assert draft.delay_cause == VALUES["delay_cause"]


def test_each_step_tells_those_it_concerns(users, update):
    submitted = Notification.objects.get(kind=NoticeKind.SUBMITTED)
    assert submitted.user == users.leader_a and submitted.update == update
    assert submitted.get_absolute_url() == reverse("tracking:update", args=[update.pk])
    actions.send_back(update, users.leader_a, "Thiếu số liệu.")
    returned = Notification.objects.get(kind=NoticeKind.RETURNED)
    assert returned.user == users.officer_a and "Thiếu số liệu." in returned.message
    actions.record(update, VALUES, [], users.officer_a, submit=True)
    actions.approve(update, users.leader_a)
    assert Notification.objects.filter(kind=NoticeKind.SUBMITTED).count() == 2
    assert Notification.objects.get(kind=NoticeKind.APPROVED).user == users.officer_a
    assert not Notification.objects.filter(user=users.viewer_a).exists()


def test_the_email_links_to_the_update(users, update, django_capture_on_commit_callbacks):
    users.officer_a.email = "vanphong@example.vn"
    users.officer_a.save()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        actions.send_back(update, users.leader_a, "Thiếu số liệu.")
    assert len(queued) == 1  # the email goes to the worker once the step is committed
    mail_notices.call([Notification.objects.get(kind=NoticeKind.RETURNED).pk])
    (message,) = mail.outbox
    assert message.to == ["vanphong@example.vn"] and "Thiếu số liệu." in message.body
    assert reverse("tracking:update", args=[update.pk]) in message.body


def test_the_bell_counts_the_new_notice(client, users, update):
    html = page(client, users.leader_a, reverse("home"))
    assert 'class="position-absolute' in html
    page(client, users.leader_a, reverse("tracking:notifications"))
    assert not Notification.objects.filter(user=users.leader_a, read=False).exists()
