"""A round of the default SIPAS questionnaire, and its public form answered with Django's
test client screen by screen, as a phone would send it."""

import datetime

from django.urls import reverse

from chiso.surveys.defaults import default_questionnaire
from chiso.surveys.models import RoundUnit, SurveyKind, SurveyRound

from .conftest import CODES

YEAR = 2026


def default_round(*units, code: str = f"sipas-{YEAR}", **fields) -> SurveyRound:
    """An open round of the year's default SIPAS questionnaire over `units`, taking every
    form as it comes (no minimum time) unless `fields` say otherwise."""
    round = SurveyRound.objects.create(
        code=code,
        name=f"Khảo sát SIPAS năm {YEAR}",
        questionnaire=default_questionnaire(SurveyKind.SIPAS, YEAR),
        period=str(YEAR),
        start=datetime.date(YEAR, 1, 1),
        end=datetime.date(YEAR, 12, 31),
        channels=["web", "paper"],
        **{"min_seconds": 0, "max_per_address": 100, **fields},
    )
    RoundUnit.objects.bulk_create([RoundUnit(round=round, unit=unit) for unit in units])
    return round


def start_url(round: SurveyRound, unit) -> str:
    return reverse("survey_form:start", args=[round.code, unit.code])


def screen_data(answers: dict) -> dict:
    """`answers` (code → level, choice name or list of names) as the form's fields."""
    return {
        f"q-{code}": [str(v) for v in value] if isinstance(value, list) else str(value)
        for code, value in answers.items()
    }


def answer_online(client, round: SurveyRound, unit, answers: dict, *, code: str = "", **start):
    """Start the unit's form with dossier `code` (and any other field of the first page in
    `start`), then send `answers` on every screen until the form is sent. The last answer
    of the site: a redirect to the thanks page, or the page that refused."""
    response = client.post(start_url(round, unit), {"dossier_code": code, **start})
    data = screen_data(answers)
    for _screen in range(30):
        if response.status_code != 302 or "/cam-on/" in response.url:
            return response
        response = client.post(response.url, data)
    raise AssertionError("the form never ended")


def rated(level: int = 4, **named) -> dict:
    """Every SIPAS criterion answered `level` unless named (SIPAS_2_3=5): what the online
    form needs at least (its ratings are required)."""
    given = {key.replace("_", "."): value for key, value in named.items()}
    return {code: given.get(code, level) for code in CODES} | given
