"""The comments of a unit's respondents in a round: typed in, answered online (the comment
and every free-text answer) or imported from files; newest first, searched without accents."""

import datetime
from dataclasses import dataclass

import duckdb

from chiso.metrics.columns import literal
from chiso.org.models import OrgUnit
from chiso.vietnamese.text import search_key

from .models import Question, QuestionType, Response, ReviewState, SurveyRound
from .store import ResponseStore

MOST = 5000  # comments read per unit; a unit has a few hundred forms


@dataclass(frozen=True)
class Comment:
    surveyed_on: datetime.date
    channel: str
    text: str


def comments(round: SurveyRound, unit: OrgUnit, query: str = "") -> list[Comment]:
    texts = list(
        Question.objects.filter(
            questionnaire=round.questionnaire, type=QuestionType.TEXT
        ).values_list("code", flat=True)
    )
    found = []
    for surveyed_on, channel, comment, answers in Response.objects.filter(
        round=round, unit=unit, state=ReviewState.ACCEPTED
    ).values_list("surveyed_on", "channel", "comment", "answers")[:MOST]:
        parts = [comment] + [str(answers[c]) for c in texts if answers.get(c)]
        text = " · ".join(p for p in parts if p)
        if text:
            found.append(Comment(surveyed_on, channel, text))
    store = ResponseStore()
    if store.files(round):
        con = duckdb.connect()
        try:
            rows = con.execute(
                f"SELECT surveyed_on, channel, comment FROM {store.source(round, [])} "
                f"WHERE unit = {literal(unit.code)} AND comment <> '' LIMIT {MOST}"
            ).fetchall()
        finally:
            con.close()
        found += [Comment(*row) for row in rows]
    if query:
        words = search_key(query).split()
        found = [c for c in found if all(w in search_key(c.text) for w in words)]
    return sorted(found, key=lambda c: c.surveyed_on, reverse=True)
