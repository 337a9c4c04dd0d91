"""In a real browser, the reporting cycle up the tree: a department writes its report (bold
and a list in the narrative), its leader approves and sends it; another department sent late
and a commune not at all; the province compiles, the compiled report lists the late and the
missing, and its figures are the sums of the units' (from the .docx and from `--json`)."""

import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document

from chiso.reporting import unit_reports
from chiso.reporting.models import UnitReport
from chiso.tracking.schedule import ensure_periods

from ..factories import TaskFactory
from .test_site import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_units_send_and_the_province_compiles(
    page, live_server, org, plans, users, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    TaskFactory(plan=plans.province, lead=org.commune, text="Việc của xã")
    year = ensure_periods(plans.province)[-1]  # the year's report of the province's plan
    today = timezone.localdate()
    year.due = today + datetime.timedelta(days=1)
    year.save()

    # Sở Xây dựng writes and sends its report in the browser.
    log_in(page, live_server, users.leader_a)
    page.goto(f"{live_server.url}/reports/units/{org.dept_a.pk}/periods/{year.pk}/")
    page.click("button:has-text('Soạn báo cáo')")
    page.wait_for_url("**/unit-reports/*/")
    editor = page.locator(".rich-text[data-field=results]")
    editor.click()
    page.keyboard.type("Đã hoàn thành ")
    page.click(".rich-tools [data-command=bold] >> nth=0")
    page.keyboard.type("rà soát thủ tục")
    page.click("button:has-text('Lưu phần viết')")
    page.wait_for_load_state()
    assert "Đã lưu phần viết" in page.content()
    page.click("button:has-text('Duyệt')")
    page.wait_for_load_state()
    page.click("button:has-text('Gửi báo cáo')")
    page.wait_for_load_state()
    assert "Đã gửi báo cáo số 1/BC-SXD" in page.content()
    sxd = UnitReport.objects.get(unit=org.dept_a)
    assert "<strong>rà soát thủ tục</strong>" in sxd.narratives["results"]

    # Sở Tư pháp sent after the due date; the commune sent nothing; the due date has passed.
    stp = unit_reports.start(org.dept_b, year, users.admin)
    unit_reports.approve(stp, users.admin)
    stp = unit_reports.submit(stp, users.admin)
    due = today - datetime.timedelta(days=2)
    year.due = due
    year.save()
    moment = timezone.make_aware(datetime.datetime.combine(due, datetime.time(9)))
    UnitReport.objects.filter(pk=sxd.pk).update(submitted_at=moment)  # as if sent in time
    UnitReport.objects.filter(pk=stp.pk).update(submitted_at=moment + datetime.timedelta(days=1))

    # The province (its admin) sees who sent, compiles, approves and sends.
    page.context.clear_cookies()
    log_in(page, live_server, users.admin)
    page.goto(f"{live_server.url}/reports/units/{org.province.pk}/periods/{year.pk}/")
    rows = page.locator("tbody tr")
    assert "Đúng hạn" in rows.nth(0).text_content() and "Sở Xây dựng" in rows.nth(0).text_content()
    assert "Muộn" in rows.nth(1).text_content() and "Chưa gửi" in rows.nth(2).text_content()
    page.click("button:has-text('Tổng hợp từ báo cáo các đơn vị')")
    page.wait_for_url("**/unit-reports/*/")
    summary = page.locator("section", has_text="Tổng hợp từ báo cáo các đơn vị").text_content()
    assert "Gửi muộn: Sở Tư pháp" in summary and "Chưa gửi: UBND xã An Bình" in summary
    page.click("button:has-text('Duyệt')")
    page.wait_for_load_state()
    page.click("button:has-text('Gửi báo cáo')")
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.click("a:has-text('Word')")
    text = "\n".join(
        p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs
    )

    out = StringIO()
    call_command(
        "report",
        "--unit", "tinh", "--period", year.code, "--compiled", "--json",
        "--out", str(tmp_path / "tinh.docx"),
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    printed = json.loads(out.getvalue())
    assert printed["missing"] == ["x-an"] and printed["late"] == ["stp"]
    children = [UnitReport.objects.get(pk=pk).figures for pk in (sxd.pk, stp.pk)]
    total = sum(c["total"] for child in children for c in child["tasks"].values())
    assert total == sum(c["total"] for c in printed["tasks"].values())
    assert f"Tổng số nhiệm vụ của các đơn vị: {total};" in text
    assert "Sở Tư pháp (hạn" in text and "UBND xã An Bình (hạn" in text
    assert "rà soát thủ tục" in text  # Sở Xây dựng's narrative, under its name
