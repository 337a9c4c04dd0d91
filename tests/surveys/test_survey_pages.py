"""The survey pages with Django's test client: paper entry, who may open what, the public
form's guards (a unit not surveyed, the honeypot, the limit per address), the poster and QR
code, the results and their files, and the queries of the main pages."""

import datetime
import io

import pdfplumber
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from chiso.accounts.models import Role
from chiso.surveys.abuse import STARTS_PER_HOUR
from chiso.surveys.indices import refresh_round
from chiso.surveys.models import AddressHits, Channel, Flag, Response, ReviewState, RoundUnit
from chiso.surveys.responding import record_response

from ..factories import PASSWORD, UnitFactory, UserFactory
from .answering import answer_online, default_round, rated, start_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def data_dirs(settings, tmp_path):
    settings.CHISO_SURVEYS_DIR = tmp_path / "surveys"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def round(org):
    return default_round(org.dept_a, org.dept_b, org.commune)


def login(client, user) -> Client:
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(name: str, round, *args) -> str:
    return reverse(f"surveys:{name}", args=[round.code, *args])


def answered(round, unit, count: int = 1, level: int = 4) -> None:
    for _ in range(count):
        record_response(round, unit, rated(level), channel=Channel.PAPER)


# --- paper entry --------------------------------------------------------------------------


def typed_row(unit, code: str = "", **answers) -> dict:
    """A row of the entry page: the unit, a date, a dossier code and answers (SIPAS_1_1=…)."""
    fields = {f"a-{key.replace('_', '.')}": value for key, value in answers.items()}
    return {"unit": unit.pk, "surveyed_on": "15/03/2026", "dossier_code": code, **fields}


def test_a_row_with_an_answer_that_is_none_is_refused_naming_its_criterion(
    client, users, org, round
):
    login(client, users.coordinator)
    row = typed_row(org.dept_a, SIPAS_1_1="5", SIPAS_1_2="0", SIPAS_1_3="", SIPAS_1_4="7")
    response = client.post(url("entry", round), row)
    assert response.status_code == 400
    assert "SIPAS.1.4: “7” — cần số từ 1 đến 5" in response.content.decode()
    assert not Response.objects.exists()


def test_a_good_row_is_stored_as_a_paper_form_typed_by_the_user(client, users, org, round):
    login(client, users.coordinator)
    row = typed_row(org.dept_a, " h-2026 001 ", SIPAS_1_1="5", SIPAS_1_2="0", SIPAS_1_3="")
    response = client.post(url("entry", round), row)
    assert response.status_code == 302
    assert response.url == f"{url('entry', round)}?unit={org.dept_a.pk}&date=15/03/2026"
    stored = Response.objects.get()
    assert (stored.channel, stored.entered_by, stored.unit, stored.state) == (
        Channel.PAPER,
        users.coordinator,
        org.dept_a,
        ReviewState.ACCEPTED,
    )
    assert stored.answers == {"SIPAS.1.1": 5, "SIPAS.1.2": 0}  # blank: no answer at all
    assert (stored.dossier_code, str(stored.surveyed_on)) == ("H-2026001", "2026-03-15")
    page = client.get(response.url)  # the next row, under the forms just typed
    assert page.status_code == 200
    assert "H-2026001" in page.content.decode()


def test_a_dossier_code_already_answered_is_refused_on_the_entry_page(client, users, org, round):
    login(client, users.coordinator)
    assert client.post(url("entry", round), typed_row(org.dept_a, "HS-1", SIPAS_1_1="4"))
    response = client.post(url("entry", round), typed_row(org.dept_b, "hs-1", SIPAS_1_1="2"))
    assert response.status_code == 400
    assert "Hồ sơ mã “HS-1” đã được đánh giá" in response.content.decode()
    assert Response.objects.count() == 1


# --- who may open what --------------------------------------------------------------------

MANAGERS_PAGES = ["entry", "imports", "targets", "round_edit", "responses"]


@pytest.mark.parametrize("who", ["officer_a", "leader_a", "viewer_a", "officer_b"])
def test_only_the_secretariat_types_imports_reviews_and_edits(client, users, org, round, who):
    login(client, getattr(users, who))
    for name in MANAGERS_PAGES:
        assert client.get(url(name, round)).status_code == 404, name
    assert client.get(reverse("surveys:round_new")).status_code == 404
    review = client.post(url("review", round), {"state": "accepted", "ids": []})
    assert review.status_code == 404
    assert client.get(url("round", round)).status_code == 200  # everyone reads the round


def test_the_coordinator_opens_every_page_of_the_round(client, users, org, round):
    login(client, users.coordinator)
    for name in MANAGERS_PAGES:
        assert client.get(url(name, round)).status_code == 200, name
    assert client.get(url("entry", round) + f"?unit={org.dept_a.pk}").status_code == 200
    assert client.get(reverse("surveys:round_new")).status_code == 200
    review = client.post(url("review", round), {"state": "accepted", "ids": []})
    assert review.status_code == 302


def test_a_units_results_are_read_by_its_own_people_only(client, users, org, round):
    leader_b = UserFactory(username="leader_b", unit=org.dept_b, role=Role.LEADER)
    page = url("unit_results", round, org.dept_a.pk)
    assert login(client, leader_b).get(page).status_code == 404
    assert login(client, users.leader_a).get(page).status_code == 200
    assert login(client, users.viewer_a).get(page).status_code == 200


def test_the_results_and_the_round_link_the_units_results_one_may_read(client, users, org, round):
    answered(round, org.dept_a)
    answered(round, org.dept_b)
    refresh_round(round)
    own, other = (url("unit_results", round, unit.pk) for unit in (org.dept_a, org.dept_b))
    for page in (url("results", round), url("round", round)):
        html = login(client, users.leader_a).get(page).content.decode()
        assert f'href="{own}"' in html and f'href="{other}"' not in html, page
        html = login(client, users.coordinator).get(page).content.decode()
        assert f'href="{own}"' in html and f'href="{other}"' in html, page


def test_channels_are_named_in_words_not_codes(client, users, org, round):
    record_response(round, org.dept_a, rated() | {"YK.1": "Cần thêm ghế"}, channel=Channel.WEB)
    login(client, users.leader_a)
    html = client.get(url("round", round)).content.decode()
    assert "Trực tuyến (mã QR), Phiếu giấy" in html
    comments = reverse("surveys:comments", args=[round.code, org.dept_a.pk])
    assert comments in client.get(url("unit_results", round, org.dept_a.pk)).content.decode()
    html = client.get(comments).content.decode()  # loaded after the page
    assert "Cần thêm ghế" in html and "· Trực tuyến (mã QR)" in html


def test_the_surveys_page_lists_the_newest_round_first(client, users, org):
    older = default_round(org.dept_a, code="sipas-2025")
    older.start, older.name = datetime.date(2025, 1, 1), "Khảo sát SIPAS năm 2025"
    older.save()
    newer = default_round(org.dept_a, code="sipas-2026")  # made later, listed first
    html = login(client, users.leader_a).get(reverse("surveys:index")).content.decode()
    assert html.index(newer.get_absolute_url()) < html.index(older.get_absolute_url())


# --- the public form's guards -------------------------------------------------------------


def test_a_unit_not_surveyed_in_the_round_has_no_form(client, org, round):
    assert client.get(start_url(round, org.snv)).status_code == 404
    assert client.get(start_url(round, org.dept_a)).status_code == 200


def test_a_form_whose_hidden_field_was_filled_is_thanked_and_dropped(client, org, round):
    response = answer_online(client, round, org.dept_a, rated(5), website="http://mua-ban.vn")
    assert response.url.endswith("/cam-on/")
    assert not Response.objects.exists()
    response = answer_online(client, round, org.dept_a, rated(5))  # a person is counted
    assert response.url.endswith("/cam-on/")
    assert Response.objects.get().state == ReviewState.ACCEPTED


def test_an_address_starting_too_many_forms_is_asked_to_wait(client, org, round):
    start = start_url(round, org.dept_a)
    for _ in range(STARTS_PER_HOUR):
        assert client.post(start, {"dossier_code": ""}).status_code == 302
    response = client.post(start, {"dossier_code": ""})
    assert response.status_code == 429
    assert "Quá nhiều phiếu từ một thiết bị" in response.content.decode()
    # Counted in the database, where every process of the site sees the same count.
    assert AddressHits.objects.get(key__startswith="survey-start:").hits == STARTS_PER_HOUR + 1
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert elsewhere.post(start, {"dossier_code": ""}).status_code == 302


def test_coming_back_resumes_after_the_screens_answered_past_the_opening_note(client, org, round):
    start = start_url(round, org.dept_a)
    first = client.post(start, {"dossier_code": ""}).url
    second = client.post(first, {}).url  # the opening note: nothing to answer
    assert client.post(second, {"q-TT.1": "nam"}).url == f"{start}3/"
    html = client.get(start).content.decode()
    assert "Tiếp tục trả lời" in html
    assert f'href="{start}3/"' in html


def test_going_back_keeps_the_answers_given_and_asks_for_none(client, org, round):
    start = start_url(round, org.dept_a)
    client.post(start, {"dossier_code": ""})
    third = f"{start}3/"  # SIPAS.1: four required ratings
    back = client.post(third, {"q-SIPAS.1.1": "5", "back": "1"})
    assert back.url == f"{start}2/"
    assert client.session[f"survey:{round.pk}:{org.dept_a.pk}"]["answers"] == {"SIPAS.1.1": 5}
    assert client.post(third, {"q-SIPAS.1.1": "5"}).status_code == 400  # going on asks


def test_a_question_shown_by_an_answer_on_its_own_screen_is_asked_before_moving_on(
    client, org, round
):
    start = start_url(round, org.dept_a)
    client.post(start, {"dossier_code": ""})
    number = 10  # NC: NC.1 the improvements wanted, NC.2 "which other?" when "Khác" is ticked
    page = f"{start}{number}/"
    assert 'name="q-NC.2"' not in client.get(page).content.decode()
    again = client.post(page, {"q-NC.1": ["thoi_gian", "khac"]})
    assert again.status_code == 200  # the same screen, now with NC.2, nothing marked wrong
    html = again.content.decode()
    assert 'name="q-NC.2"' in html and "Câu hỏi này cần được trả lời" not in html
    done = client.post(page, {"q-NC.1": ["thoi_gian", "khac"], "q-NC.2": "Bãi đỗ xe"})
    assert done.url == f"{start}{number + 1}/"
    assert client.session[f"survey:{round.pk}:{org.dept_a.pk}"]["answers"]["NC.2"] == "Bãi đỗ xe"


# --- poster and QR code -------------------------------------------------------------------


def test_the_poster_is_a_pdf_naming_the_unit(client, users, org, round):
    login(client, users.leader_a)
    response = client.get(url("poster", round, org.dept_a.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = pdf.pages[0].extract_text()
    assert org.dept_a.name.upper() in text
    assert round.name in text


def test_the_qr_code_is_served_as_svg(client, users, org, round):
    login(client, users.leader_a)
    response = client.get(url("qr", round, org.dept_a.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content


# --- results and their files --------------------------------------------------------------


def test_the_results_their_excel_and_word_files(client, users, org, round):
    answered(round, org.dept_a, 2, level=5)
    answered(round, org.dept_b, 3, level=2)
    refresh_round(round)
    login(client, users.coordinator)
    page = client.get(url("results", round))
    assert page.status_code == 200
    assert "Sở Xây dựng" in page.content.decode()

    excel = client.get(url("results", round) + "?format=xlsx")
    assert (excel.status_code, excel["Content-Type"]) == (200, XLSX)
    sheet = load_workbook(io.BytesIO(excel.content)).active
    header = [cell.value for cell in sheet[2]]
    assert header[:2] == ["Hạng", "Đơn vị"]
    ranked = {row[1]: row[0] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert ranked["Sở Xây dựng"] == 1 and ranked["Sở Tư pháp"] == 2

    word = client.get(url("results", round) + "?format=docx")
    assert word.status_code == 200
    assert Document(io.BytesIO(word.content)).paragraphs

    unit_page = url("unit_results", round, org.dept_a.pk)
    assert client.get(unit_page).status_code == 200
    excel = client.get(unit_page + "?format=xlsx")
    assert (excel.status_code, excel["Content-Type"]) == (200, XLSX)
    sheet = load_workbook(io.BytesIO(excel.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["SIPAS"][2:4] == (2, 100)  # n, value (%)


# --- queries ------------------------------------------------------------------------------


def queries_of(client, page: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_the_round_and_results_pages_read_as_many_units_in_as_many_queries(
    client, users, org, round
):
    answered(round, org.dept_a)
    answered(round, org.dept_b)
    refresh_round(round)
    login(client, users.coordinator)
    pages = [url("round", round), url("results", round), reverse("surveys:index")]
    few = [queries_of(client, page) for page in pages]
    for k in range(6):
        unit = UnitFactory(code=f"so-{k}", name=f"Sở thứ {k}", parent=org.province)
        RoundUnit.objects.create(round=round, unit=unit, target=10)
        answered(round, unit, level=1 + k % 5)
    refresh_round(round)
    assert [queries_of(client, page) for page in pages] == few
    assert max(few) <= 20


def test_every_flagged_response_the_filters_keep_is_accepted_at_once(org, users, client):
    round = default_round(org.dept_a, org.dept_b)
    fast = record_response(round, org.dept_a, rated(), channel=Channel.WEB, flags=[Flag.TOO_FAST])
    crowded = record_response(
        round, org.dept_a, rated(), channel=Channel.WEB, flags=[Flag.REPEATED_ADDRESS]
    )
    record_response(round, org.dept_b, rated(), channel=Channel.WEB, flags=[Flag.TOO_FAST])
    client.force_login(users.coordinator)
    listing = f"/surveys/rounds/{round.code}/responses/?state=flagged&flag=too_fast"
    response = client.post(
        f"/surveys/rounds/{round.code}/responses/review/?scope=filtered",
        {"state": "accepted", "next": listing},
    )
    assert response.status_code == 302 and response["Location"] == listing
    assert Response.objects.filter(state=ReviewState.ACCEPTED).count() == 2
    crowded.refresh_from_db()
    assert crowded.state == ReviewState.FLAGGED  # another flag: still to review
    fast.refresh_from_db()
    assert fast.state == ReviewState.ACCEPTED
    page = client.get(f"/surveys/rounds/{round.code}/responses/{crowded.pk}/")
    assert page.status_code == 200 and "Hài lòng" in page.content.decode()


def test_the_review_goes_back_only_to_a_page_of_the_site(org, users, client):
    round = default_round(org.dept_a)
    flagged = record_response(
        round, org.dept_a, rated(), channel=Channel.WEB, flags=[Flag.TOO_FAST]
    )
    client.force_login(users.coordinator)
    response = client.post(
        f"/surveys/rounds/{round.code}/responses/review/",
        {"state": "accepted", "ids": [flagged.pk], "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/surveys/rounds/{round.code}/responses/"


def test_the_parts_loaded_after_a_units_page_keep_its_permission(client, users, org, round):
    answered(round, org.dept_a)
    answered(round, org.dept_b)
    refresh_round(round)
    parts = [
        reverse(name, args=[round.code, org.dept_b.pk])
        for name in ("surveys:comments", "surveys:unit_choices")
    ]
    login(client, users.leader_a)
    assert [client.get(part).status_code for part in parts] == [404, 404]
    login(client, users.coordinator)
    assert [client.get(part).status_code for part in parts] == [200, 200]
    assert client.get(reverse("surveys:choices", args=[round.code])).status_code == 200


def test_two_flagged_responses_of_one_dossier_code_accepted_together_count_once(org, users):
    from chiso.surveys.responding import review

    round = default_round(org.dept_a)
    both = [
        record_response(
            round, org.dept_a, rated(), channel=Channel.WEB, dossier_code="HS-9", flags=[flag]
        )
        for flag in (Flag.TOO_FAST, Flag.REPEATED_ADDRESS)
    ]
    changed, refused = review(
        Response.objects.filter(pk__in=[r.pk for r in both]).select_related("round"),
        ReviewState.ACCEPTED,
        users.coordinator,
    )
    assert (changed, len(refused)) == (1, 1)
    assert Response.objects.filter(state=ReviewState.ACCEPTED, dossier_code="HS-9").count() == 1
