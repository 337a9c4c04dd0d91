"""The daily reminders include the reports a unit owes: its leaders and officers get one
notice a day listing those due soon or late; a unit that sent its report gets none."""

import datetime

import pytest

from chiso.reporting import unit_reports
from chiso.tracking.models import NoticeKind, Notification
from chiso.tracking.reminders import remind
from chiso.tracking.schedule import ensure_periods

from ..factories import UserFactory

H1_DUE = datetime.date(2025, 7, 2)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_units_that_owe_a_report_are_reminded_once_a_day(org, plans, users):
    h1 = ensure_periods(plans.province)[1]
    leader_b = UserFactory(username="leader_b", unit=org.dept_b, role="leader")
    report = unit_reports.start(org.dept_a, h1, users.leader_a)
    unit_reports.approve(report, users.leader_a)
    unit_reports.submit(report, users.leader_a, H1_DUE)

    soon = H1_DUE - datetime.timedelta(days=3)
    remind(soon, days=7)
    notices = Notification.objects.filter(kind=NoticeKind.REPORTS_DUE)
    assert {n.user.username for n in notices} == {"officer_b", "leader_b"}  # not Sở Xây dựng
    assert "Sắp đến hạn gửi báo cáo 6 tháng đầu năm 2025 — " in notices.first().message
    remind(soon, days=7)
    assert notices.count() == 2  # once a day

    late = H1_DUE + datetime.timedelta(days=5)
    remind(late, days=7)
    latest = Notification.objects.filter(kind=NoticeKind.REPORTS_DUE, day=late, user=leader_b)
    assert "Quá hạn gửi báo cáo" in latest.get().message
    long_after = H1_DUE + datetime.timedelta(days=30)  # beyond the reminders' fortnight
    remind(long_after, days=7)
    assert not Notification.objects.filter(kind=NoticeKind.REPORTS_DUE, day=long_after).exists()
