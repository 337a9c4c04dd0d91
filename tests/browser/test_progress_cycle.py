"""In a real browser, the whole cycle: an officer reports with evidence and submits, the
leader finds it in the inbox and returns it, the officer sees the return and its reason,
fixes and resubmits, the leader approves, the period locks, the coordinator's heatmap
changes, and the report downloads and opens."""

import io

import pytest
from django.core.management import call_command
from docx import Document

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component
from chiso.tracking.schedule import ensure_periods

from .test_site import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_review_approve_lock_and_download(page, live_server, users, plans, tmp_path):
    load_builtin_frameworks([2025])
    task = plans.task_a
    task.component = Component.objects.get(code="PAR.3", framework__year=2025)
    task.save()
    period = ensure_periods(plans.a)[1]
    form_url = (
        f"{live_server.url}/progress/periods/{period.pk}/tasks/{task.pk}/units/{task.lead_id}/"
    )
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4 test evidence")

    log_in(page, live_server, users.officer_a)
    page.goto(form_url)
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "60")
    page.fill("#id_narrative", "Đã rà soát 12 thủ tục")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("button[name=submit]")
    page.wait_for_url("**/progress/updates/*/")
    update_url = page.url
    assert "Chờ duyệt" in page.content() and "bien-ban.pdf" in page.content()

    page.context.clear_cookies()
    log_in(page, live_server, users.leader_a)
    page.wait_for_selector("a[href='/inbox/'] .badge")  # the menu counts what waits
    page.goto(f"{live_server.url}/inbox/")
    waiting = page.locator("#inbox-review")
    assert "Rà soát thủ tục của Sở Xây dựng" in waiting.text_content()
    waiting.locator("a", has_text="Rà soát thủ tục").click()
    page.wait_for_url(update_url)
    page.fill("#comment", "Thiếu biên bản kiểm tra")
    page.click("button[value=return]")
    page.wait_for_load_state()
    assert "Bị trả lại" in page.content()

    page.context.clear_cookies()
    log_in(page, live_server, users.officer_a)
    returned = page.locator("#inbox-returned")  # on the home page
    assert "Thiếu biên bản kiểm tra" in returned.text_content()
    page.goto(f"{live_server.url}/inbox/")
    assert "Thiếu biên bản kiểm tra" in page.locator("#inbox-returned").text_content()
    page.goto(form_url)
    assert "Thiếu biên bản kiểm tra" in page.content()
    page.select_option("#id_status", "done")
    page.fill("#id_percent", "100")
    page.fill("#id_narrative", "Hoàn thành rà soát, đã bổ sung biên bản")
    page.click("button[name=submit]")
    page.wait_for_url("**/progress/updates/*/")

    page.context.clear_cookies()
    log_in(page, live_server, users.coordinator)
    page.goto(f"{live_server.url}/progress/dashboard/?year=2025")
    before = page.locator(".heat-table").text_content()

    page.context.clear_cookies()
    log_in(page, live_server, users.leader_a)
    page.goto(update_url)
    page.click("button[value=approve]")
    page.wait_for_load_state()
    assert "Đã duyệt" in page.content()
    page.goto(form_url)  # locked: the form is gone, the approved update shows
    assert page.url == update_url and "Sửa báo cáo" not in page.content()

    page.goto(f"{live_server.url}{period.get_absolute_url()}")
    page.click("button:has-text('Word')")
    page.wait_for_url("**/reports/*/")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.reload()
    with page.expect_download() as download:
        page.click("a:has-text('Tải')")
    text = "\n".join(
        p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs
    )
    assert "Rà soát thủ tục của Sở Xây dựng" in text
    assert "Hoàn thành rà soát, đã bổ sung biên bản" in text

    page.context.clear_cookies()
    log_in(page, live_server, users.coordinator)
    page.goto(f"{live_server.url}/progress/dashboard/?year=2025")
    after = page.locator(".heat-table").text_content()
    assert before != after and "100%" in after
