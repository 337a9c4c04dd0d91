"""In a real browser on a phone: a citizen answers a unit's SIPAS form by tapping, screen by
screen, with a dossier code that cannot be used twice; a form left halfway resumes where it
stopped; a form answered too fast waits out of the indices until the coordinator accepts it."""

import pytest
from django.core.management import call_command

from chiso.surveys.models import Channel, Flag, Response, ReviewState, SurveyIndex

from ..surveys.answering import default_round
from .test_site import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "vi-VN",
}
SMALLEST_TAP = 44  # px, the smallest comfortable touch target (Apple HIG, WCAG 2.5.5)


@pytest.fixture(autouse=True)
def data_dirs(settings, tmp_path):
    settings.CHISO_SURVEYS_DIR = tmp_path / "surveys"


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def start(phone, live_server, round, unit, code: str = "") -> None:
    phone.goto(f"{live_server.url}/khao-sat/{round.code}/{unit.code}/")
    phone.locator("#dossier_code").tap()
    phone.fill("#dossier_code", code)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Bắt đầu").tap()


def fits_the_screen(page) -> None:
    """Nothing is wider than the phone: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], page.url


def answer_screen(page, answers: dict) -> None:
    """Tap an answer to every question of the screen, noting it in `answers`: "Hài lòng"
    and "Rất hài lòng" by turns for a rating, the first choice otherwise; then go on."""
    fits_the_screen(page)
    for question in page.locator("fieldset.question").all():
        code = question.get_attribute("id").removeprefix("q-")
        if question.locator(".options.rating").count():
            level = 4 + len(answers) % 2
            question.get_by_text("Hài lòng" if level == 4 else "Rất hài lòng", exact=True).tap()
            answers[code] = level
        elif question.locator("input[type=radio]").count():
            choice = question.locator("label.option").first
            choice.tap()
            answers[code] = choice.locator("input").get_attribute("value")
        elif question.locator("input[type=checkbox]").count():
            choice = question.locator("label.option").first
            choice.tap()
            answers[code] = [choice.locator("input").get_attribute("value")]
        elif question.locator("textarea").count():
            question.locator("textarea").fill("Cán bộ hướng dẫn tận tình.")
            answers[code] = "Cán bộ hướng dẫn tận tình."
    with page.expect_navigation():
        page.locator(".nav .btn.primary").tap()


def answer_every_screen(page, answers: dict | None = None) -> dict:
    answers = {} if answers is None else answers
    for _screen in range(20):
        if page.url.endswith("/cam-on/"):
            return answers
        answer_screen(page, answers)
    raise AssertionError("the form never ended")


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_a_citizen_answers_by_tapping_and_a_dossier_is_rated_once(phone, live_server, org):
    round = default_round(org.dept_a)
    start(phone, live_server, round, org.dept_a, "HS-2026-0001")
    assert "Bước 1/11" in phone.locator(".steps").inner_text()
    answers: dict = {}
    answer_screen(phone, answers)  # the opening note
    answer_screen(phone, answers)  # about the respondent
    ratings = phone.locator('[id="q-SIPAS.1.1"] label.option')
    assert ratings.count() == 6  # the five levels and "Không áp dụng"
    for option in ratings.all():
        assert option.bounding_box()["height"] >= SMALLEST_TAP
    answer_every_screen(phone, answers)
    assert "Cảm ơn ông/bà!" in phone.locator("h1").inner_text()

    response = Response.objects.get()
    assert (response.state, response.channel, response.unit) == (
        ReviewState.ACCEPTED,
        Channel.WEB,
        org.dept_a,
    )
    assert response.dossier_code == "HS-2026-0001"
    assert response.answers == answers
    assert len([code for code in answers if code.startswith("SIPAS.")]) == 22
    assert {answers["SIPAS.1.1"], answers["SIPAS.1.2"]} == {4, 5}

    phone.goto(f"{live_server.url}/khao-sat/{round.code}/{org.dept_a.code}/")
    phone.fill("#dossier_code", " hs-2026-0001 ")
    phone.get_by_role("button", name="Bắt đầu").tap()
    alert = phone.get_by_role("alert")
    assert "đã được đánh giá" in alert.inner_text()
    assert "HS-2026-0001" in alert.inner_text()
    assert phone.url.endswith(f"/{org.dept_a.code}/")  # still the first page
    fits_the_screen(phone)
    assert Response.objects.count() == 1


def test_a_form_left_halfway_resumes_at_the_next_screen(phone, live_server, org):
    round = default_round(org.dept_a)
    start(phone, live_server, round, org.dept_a)
    answers: dict = {}
    answer_screen(phone, answers)  # the opening note
    answer_screen(phone, answers)  # about the respondent
    assert phone.url.endswith("/3/")
    phone.goto(f"{live_server.url}/khao-sat/{round.code}/{org.dept_a.code}/")  # back later
    resume = phone.get_by_role("link", name="Tiếp tục trả lời")
    with phone.expect_navigation():
        resume.tap()
    assert phone.url.endswith("/3/")
    assert phone.locator("h1").inner_text() == "Tiếp cận dịch vụ"
    with phone.expect_navigation():
        phone.get_by_role("button", name="Quay lại").tap()
    first = answers["TT.1"]
    assert phone.locator(f'input[name="q-TT.1"][value="{first}"]').is_checked()


def unit_index(round, unit) -> int | None:
    found = SurveyIndex.objects.filter(round=round, unit=unit, code="SIPAS").first()
    return found.n if found else None


def test_a_form_answered_too_fast_counts_once_the_coordinator_accepts_it(
    phone, page, live_server, org, users
):
    round = default_round(org.dept_a, min_seconds=3600)
    start(phone, live_server, round, org.dept_a)
    answer_every_screen(phone)
    response = Response.objects.get()
    assert (response.state, response.flags) == (ReviewState.FLAGGED, [Flag.TOO_FAST])
    run_worker()
    assert unit_index(round, org.dept_a) is None

    log_in(page, live_server, users.coordinator)
    page.goto(f"{live_server.url}/surveys/rounds/{round.code}/responses/")
    page.check(f'input[name="ids"][value="{response.pk}"]')
    with page.expect_navigation():
        page.get_by_role("button", name="Chấp nhận các phiếu đã chọn").click()
    assert "Đã chuyển 1 phiếu sang “Được tính”" in page.content()
    response.refresh_from_db()
    assert (response.state, response.reviewed_by) == (ReviewState.ACCEPTED, users.coordinator)
    run_worker()
    assert unit_index(round, org.dept_a) == 1
