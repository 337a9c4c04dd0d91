"""Daily reminders: officers get their unit's late and due-soon tasks, leaders a digest;
by email and in the app; never twice for the same item and day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from chiso.tracking.models import Notification
from chiso.tracking.reminders import remind

from ..factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 7, 10)


@pytest.fixture
def due(org, plans, users):
    for user in (users.officer_a, users.leader_a):
        user.email = f"{user.username}@example.gov.vn"
        user.save()
    TaskFactory(
        plan=plans.a, lead=org.div_a, text="Việc quá hạn", deadline_date=datetime.date(2025, 7, 1)
    )
    TaskFactory(
        plan=plans.a,
        lead=org.div_a,
        text="Việc sắp đến hạn",
        deadline_date=datetime.date(2025, 7, 14),
    )
    TaskFactory(
        plan=plans.a, lead=org.div_a, text="Việc còn xa", deadline_date=datetime.date(2025, 12, 1)
    )


def test_officers_get_their_tasks_and_leaders_a_digest(due, users):
    result = remind(TODAY, days=7)
    assert result.notices == 3
    officer = mail.outbox[0]
    assert officer.to == [users.officer_a.email]
    assert "Việc quá hạn" in officer.body and "Việc sắp đến hạn" in officer.body
    assert "Việc còn xa" not in officer.body
    leader = mail.outbox[1]
    assert leader.to == [users.leader_a.email]
    assert "1 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn" in leader.body


def test_no_duplicate_reminder_the_same_day(due):
    remind(TODAY)
    sent = len(mail.outbox)
    again = remind(TODAY)
    assert (again.notices, again.emails) == (0, 0)
    assert len(mail.outbox) == sent
    assert remind(TODAY + datetime.timedelta(days=1)).notices == 3


def test_the_command_and_the_in_app_list(due, client, users, capsys):
    call_command("remind", "--date", "2025-07-10")
    assert "3 thông báo mới" in capsys.readouterr().out
    client.login(username=users.officer_a.username, password=PASSWORD)
    page = client.get(reverse("tracking:notifications")).content.decode()
    assert "Việc quá hạn" in page
    assert Notification.objects.filter(user=users.officer_a, read=False).count() == 0
