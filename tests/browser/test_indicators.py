"""In a real browser: the coordinator uploads the hand-made export and watches the import
finish; a department's leader opens the unit's indicator page and reads a value."""

import pytest
from django.core.management import call_command

from ..metrics.conftest import HEADER, ROWS
from .test_site import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def data_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHISO_METRICS_DIR = tmp_path / "metrics"


def test_upload_an_export_and_read_the_indicators(page, live_server, users, tmp_path):
    export = tmp_path / "ho-so-thang-3.csv"
    export.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8-sig")
    log_in(page, live_server, users.leader_a)
    page.click("nav >> text=Chỉ tiêu dịch vụ")
    page.wait_for_url(f"**/indicators/units/{users.leader_a.unit_id}/")
    assert "chưa có số liệu" in page.content()

    page.context.clear_cookies()  # the province's exports are imported by its coordinator
    log_in(page, live_server, users.coordinator)
    page.goto(f"{live_server.url}/indicators/imports/")
    page.set_input_files("#id_file", str(export))
    page.click("text=Tải lên và nhập")
    page.wait_for_url("**/indicators/imports/*/")
    assert page.locator("#import-status [role=status]").count() == 1  # waiting for the worker
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.wait_for_selector("text=Đã nhập 5 bản ghi", timeout=10_000)  # htmx polled the status

    page.context.clear_cookies()
    log_in(page, live_server, users.leader_a)
    page.click("nav >> text=Chỉ tiêu dịch vụ")
    page.wait_for_url(f"**/indicators/units/{users.leader_a.unit_id}/")
    page.click('.period-kinds >> text="Tháng"')
    page.select_option("#period", "2025-03")
    page.wait_for_url("**period=2025-03")
    row = page.locator("#indicator-on_time")
    assert "50%" in row.locator(".value").inner_text()
    assert "1 / 2" in row.inner_text()
    page.wait_for_selector("#trend svg")  # the chart was drawn
