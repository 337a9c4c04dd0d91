"""Needs, perceptions and the profile ranked by how many responses chose each answer; the
questionnaire's page."""

from django.test import Client

from chiso.surveys.choice_counts import choice_counts
from chiso.surveys.models import Channel
from chiso.surveys.responding import record_response

from .answering import default_round, rated


def test_needs_are_ranked_by_the_responses_choosing_them(org):
    round = default_round(org.dept_a, org.dept_b)
    for needs in (["don_gian", "thai_do"], ["don_gian"], ["thoi_gian", "don_gian"]):
        record_response(round, org.dept_a, {**rated(), "NC.1": needs}, channel=Channel.PAPER)
    record_response(round, org.dept_b, {**rated(), "NC.1": ["thai_do"]}, channel=Channel.PAPER)
    needs = next(q for q in choice_counts(round, org.dept_a) if q.code == "NC.1")
    assert needs.answered == 3
    first, *others = needs.choices
    assert (first.count, round_(first.percent)) == (3, 100.0)
    assert [c.count for c in others] == [1, 1]
    province = next(q for q in choice_counts(round) if q.code == "NC.1")
    assert province.answered == 4
    assert [c.count for c in province.choices][:2] == [3, 2]


def round_(value: float) -> float:
    return round(value, 1)


def test_the_questionnaire_page_lists_its_questions_by_code(org, users):
    round = default_round(org.dept_a)
    client = Client()
    client.force_login(users.viewer_a)
    page = client.get(f"/surveys/questionnaires/{round.questionnaire.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "SIPAS.1.1" in text and "SIPAS.5.4" in text and "selected(${NC.1}" in text
