"""In a real browser: log in, open the plan list and a plan page, switch to English."""

import datetime

import pytest

from chiso.plans.models import TaskStatus

from ..factories import PASSWORD, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_login_plan_list_and_plan_page(page, live_server, users, plans):
    TaskFactory(
        plan=plans.a,
        lead=users.officer_a.unit,
        text="Nhiệm vụ đã quá hạn",
        deadline_date=datetime.date(2020, 1, 1),
        status=TaskStatus.IN_PROGRESS,
    )
    page.goto(f"{live_server.url}/plans/")
    assert "/login/" in page.url
    log_in(page, live_server, users.leader_a)
    assert page.locator("h1").first.inner_text() == "Tổng quan"

    page.click("nav >> text=Kế hoạch")
    page.wait_for_url("**/plans/")
    rows = page.locator(".plan-table tbody tr")
    assert rows.count() == 2
    assert "Kế hoạch Sở Tư pháp" not in page.content()

    page.click("text=Kế hoạch Sở Xây dựng")
    page.wait_for_url(f"**/plans/{plans.a.pk}/")
    assert page.locator("h1").inner_text() == "Kế hoạch Sở Xây dựng"
    tasks = page.locator(".task-table tbody tr")
    assert tasks.count() == 2
    assert page.locator(".badge.text-bg-danger", has_text="Quá hạn").count() == 1


def test_search_filters_without_reload(page, live_server, users, plans):
    log_in(page, live_server, users.coordinator)
    page.goto(f"{live_server.url}/plans/")
    assert page.locator(".plan-table tbody tr").count() == 3
    page.fill("#q", "Tư pháp")
    page.wait_for_function("document.querySelectorAll('.plan-table tbody tr').length === 1")
    assert "Kế hoạch Sở Tư pháp" in page.locator(".plan-table").inner_text()


def test_switch_to_english(page, live_server, users, plans):
    log_in(page, live_server, users.leader_a)
    with page.expect_navigation():
        page.click("button[name=language][value=en]")
    assert page.locator("h1").first.inner_text() == "Overview"
    assert page.locator("html").get_attribute("lang") == "en"
