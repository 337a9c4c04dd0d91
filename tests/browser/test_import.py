"""In a real browser: upload a Word plan, edit one task on the review page, confirm."""

import pytest

from chiso.accounts.models import Role

from ..docimport.lang_son import build_lang_son
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
