"""In a real browser: upload a Word plan, edit one task on the review page, confirm; upload
a scanned plan, which the worker OCRs, and reach its review page."""

import pytest
from django.core.management import call_command

from chiso.accounts.models import Role
from chiso.docimport.models import ImportJob

from ..docimport.lang_son import build_lang_son
from ..docimport.test_ocr_scans import needs_tesseract, scanned_pdf
from ..factories import UserFactory
from .test_site import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_edit_and_confirm_a_docx(page, live_server, corpus):
    units = build_lang_son()
    user = UserFactory(username="vp.sxd", unit=units["sxd"], role=Role.OFFICER)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("#id_file", str(corpus / "so-xay-dung-2025-phu-luc-I.docx"))
    page.select_option("#id_issuer", str(units["sxd"].pk))
    page.click("text=Tải lên và đọc")
    page.wait_for_url("**/review/")
    assert page.locator(".review-task").count() == 42

    page.fill("#task-0-text", "Báo cáo CCHC định kỳ, sửa trên trang rà soát")
    page.fill("#task-0-deadline", "Quý IV/2025")
    page.click("text=Xác nhận và lưu dự thảo")
    page.wait_for_url("**/plans/*/")
    assert "Báo cáo CCHC định kỳ, sửa trên trang rà soát" in page.content()
    assert page.locator(".task-table tbody tr").count() == 42
    assert "31/12/2025" in page.locator('[id="component-PAR.1"]').inner_text()


@needs_tesseract
def test_upload_a_scanned_plan_ocr_in_the_worker(page, live_server, corpus, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    units = build_lang_son()
    user = UserFactory(username="vp.sxd", unit=units["sxd"], role=Role.OFFICER)
    scan = scanned_pdf(corpus / "so-xay-dung-2025-phu-luc-I.pdf", tmp_path / "phu-luc-scan.pdf")
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("#id_file", str(scan))
    page.select_option("#id_issuer", str(units["sxd"].pk))
    page.click("text=Tải lên và đọc")
    page.wait_for_url("**/imports/*/")
    assert page.locator("#job-status [role=status]").count() == 1  # waiting for the worker

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job = ImportJob.objects.select_related("job").get()
    assert job.job.state == "done", job.job.message
    page.wait_for_url("**/review/", timeout=15_000)  # htmx polled the status, then went on
    assert page.locator("#id_number").input_value() == "55/KH-SXD"


def test_review_asks_first_for_an_issuer_not_found_searched_without_accents(
    page, live_server, corpus
):
    units = build_lang_son()
    user = UserFactory(username="noivu", unit=units["snv"], role=Role.COORDINATOR)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/imports/")
    page.set_input_files("#id_file", str(corpus / "van-quan-2024-papi-ke-hoach.txt"))
    page.select_option("#id_issuer", "")  # read it from the document, which is undated
    page.click("text=Tải lên và đọc")
    page.wait_for_url("**/review/")
    assert page.locator("#issuer-first").is_visible()

    page.click("text=Xác nhận và lưu dự thảo")
    page.wait_for_load_state()
    assert page.locator("#review-problems").is_visible()
    assert "Chưa chọn cơ quan ban hành" in page.locator("#issuer-first").inner_text()

    page.fill("#id_issuer-q", "huyen van quan")
    page.press("#id_issuer-q", "Enter")  # searches; never submits the page
    district = page.locator(f'#id_issuer option[value="{units["vq"].pk}"]')
    district.wait_for(state="attached")
    assert district.inner_text() == "UBND huyện Văn Quan — UBND tỉnh Lạng Sơn (đến 30/06/2025)"
    page.select_option("#id_issuer", str(units["vq"].pk))
    page.click("text=Xác nhận và lưu dự thảo")
    page.wait_for_url("**/plans/*/")
    assert "UBND huyện Văn Quan" in page.content()
