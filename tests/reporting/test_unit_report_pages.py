"""A unit's report through the pages (Django's test client): the officer starts it and
writes the narratives, the leader approves and sends it, the frozen Word file downloads;
who may open and do what; the period's page lists what the units sent."""

import pytest
from django.urls import reverse

from chiso.reporting.models import ReportState, UnitReport
from chiso.tracking.schedule import ensure_periods

from ..factories import PASSWORD


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def test_the_officer_writes_the_leader_approves_and_sends(client, org, plans, users):
    h1 = ensure_periods(plans.a)[1]
    page = reverse("reporting:period_reports", args=[org.dept_a.pk, h1.pk])
    login(client, users.viewer_a)
    assert "Soạn báo cáo" not in client.get(page).content.decode()
    assert client.post(reverse("reporting:start", args=[org.dept_a.pk, h1.pk])).status_code == 404

    login(client, users.officer_a)
    assert "Soạn báo cáo" in client.get(page).content.decode()
    opened = client.post(reverse("reporting:start", args=[org.dept_a.pk, h1.pk]), follow=True)
    report = UnitReport.objects.get(unit=org.dept_a, period=h1)
    assert opened.redirect_chain[-1][0] == report.get_absolute_url()
    written = "<p>Đã làm <b>tốt</b></p><ul><li>Một</li></ul><script>alert(1)</script>"
    client.post(reverse("reporting:narratives", args=[report.pk]), {"results": written})
    report.refresh_from_db()
    assert report.narratives["results"].startswith("<p>Đã làm <strong>tốt</strong></p>")
    assert "script" not in report.narratives["results"]
    approve = reverse("reporting:approve", args=[report.pk])
    assert client.post(approve).status_code == 404  # an officer does not approve

    login(client, users.leader_a)
    client.post(approve)
    sent = client.post(reverse("reporting:submit", args=[report.pk]), follow=True)
    assert "Đã gửi báo cáo số 1/BC-SXD" in sent.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    word = client.get(reverse("reporting:unit_report_file", args=[report.pk, "docx"]))
    assert word.status_code == 200 and word["Content-Disposition"].endswith('v1.docx"')

    login(client, users.officer_b)  # another department
    assert client.get(report.get_absolute_url()).status_code == 404


def test_the_parent_sees_who_sent_and_who_did_not(client, org, plans, users):
    h1 = ensure_periods(plans.province)[1]
    login(client, users.coordinator)
    page = client.get(reverse("reporting:period_reports", args=[org.province.pk, h1.pk]))
    text = page.content.decode()
    assert "Sở Xây dựng" in text and "Sở Tư pháp" in text and "Tổng hợp từ báo cáo" in text


def test_the_secretariat_writes_the_provinces_report_not_a_departments(client, org, plans, users):
    h1 = ensure_periods(plans.province)[1]
    login(client, users.coordinator)
    mine = client.post(reverse("reporting:start", args=[org.province.pk, h1.pk]))
    assert mine.status_code == 302 and UnitReport.objects.filter(unit=org.province).exists()
    theirs = client.post(reverse("reporting:start", args=[org.dept_a.pk, h1.pk]))
    assert theirs.status_code == 404
