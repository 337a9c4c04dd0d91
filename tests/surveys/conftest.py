"""Survey fixtures: a SIPAS questionnaire built with the models, and a round of it."""

import datetime

import pytest

# The 22 service criteria of SIPAS, by component.
SIPAS_CRITERIA = {
    "SIPAS.1": ["SIPAS.1.1", "SIPAS.1.2", "SIPAS.1.3", "SIPAS.1.4"],
    "SIPAS.2": ["SIPAS.2.1", "SIPAS.2.2", "SIPAS.2.3", "SIPAS.2.4", "SIPAS.2.5"],
    "SIPAS.3": ["SIPAS.3.1", "SIPAS.3.2", "SIPAS.3.3", "SIPAS.3.4", "SIPAS.3.5", "SIPAS.3.6"],
    "SIPAS.4": ["SIPAS.4.1", "SIPAS.4.2", "SIPAS.4.3"],
    "SIPAS.5": ["SIPAS.5.1", "SIPAS.5.2", "SIPAS.5.3", "SIPAS.5.4"],
}
CODES = [code for codes in SIPAS_CRITERIA.values() for code in codes]


@pytest.fixture
def sipas_questionnaire(db):
    """A 2026 SIPAS questionnaire: sections SIPAS.1–5 holding the 22 rating questions."""
    from chiso.surveys.models import Question, Questionnaire, QuestionType, Section

    questionnaire = Questionnaire.objects.create(
        kind="sipas",
        year=2026,
        version="2026.test",
        title="Phiếu khảo sát SIPAS 2026",
        form_id="sipas_2026_test",
        index_code="SIPAS",
    )
    order = 0
    for s, (section_code, codes) in enumerate(SIPAS_CRITERIA.items()):
        section = Section.objects.create(
            questionnaire=questionnaire, code=section_code, label=f"Thành phần {s + 1}", order=s
        )
        for code in codes:
            order += 1
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                code=code,
                type=QuestionType.RATING,
                label=f"Tiêu chí {code}",
                order=order,
            )
    return questionnaire


@pytest.fixture
def sipas_round(sipas_questionnaire):
    from chiso.surveys.models import SurveyRound

    return SurveyRound.objects.create(
        code="sipas-2026-thu",
        name="Khảo sát SIPAS 2026 (thử)",
        questionnaire=sipas_questionnaire,
        period="2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        channels=["paper", "web"],
    )
