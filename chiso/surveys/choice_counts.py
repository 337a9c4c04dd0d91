"""The answers to the choice questions of a round, counted and ranked: needs and
expectations ("what to improve first"), perceptions, the respondents' profile. Counted over
the accepted responses answered online or typed in (files carry the criteria only)."""

from collections import Counter
from dataclasses import dataclass

from chiso.org.models import OrgUnit

from .models import Choice, Question, QuestionType, Response, ReviewState, Section, SurveyRound


@dataclass(frozen=True)
class Counted:
    label: str
    count: int
    percent: float  # of the responses that answered the question


@dataclass(frozen=True)
class ChoiceQuestion:
    code: str
    label: str
    section: str
    answered: int
    choices: list[Counted]  # most chosen first


def choice_counts(round: SurveyRound, unit: OrgUnit | None = None) -> list[ChoiceQuestion]:
    """Each choice question of the round's questionnaire with its choices ranked by how many
    responses chose them, for one unit or (without `unit`) the whole round. Four queries."""
    questionnaire = round.questionnaire
    questions = list(
        Question.objects.filter(
            questionnaire=questionnaire,
            type__in=[QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE],
        ).order_by("order")
    )
    if not questions:
        return []
    labels: dict[str, dict[str, str]] = {}
    for choice in Choice.objects.filter(questionnaire=questionnaire).order_by("order"):
        labels.setdefault(choice.list_name, {})[choice.name] = choice.label
    sections = dict(Section.objects.filter(questionnaire=questionnaire).values_list("pk", "label"))
    responses = Response.objects.filter(round=round, state=ReviewState.ACCEPTED)
    if unit is not None:
        responses = responses.filter(unit=unit)
    counts = {q.code: Counter() for q in questions}
    answered = Counter()
    for answers in responses.values_list("answers", flat=True).iterator(chunk_size=2000):
        for question in questions:
            given = answers.get(question.code)
            if not given:
                continue
            answered[question.code] += 1
            counts[question.code].update(given if isinstance(given, list) else [given])
    found = []
    for question in questions:
        names = labels.get(question.list_name, {})
        total = answered[question.code]
        ranked = sorted(
            counts[question.code].items(),
            key=lambda item: (-item[1], list(names).index(item[0]) if item[0] in names else 999),
        )
        found.append(
            ChoiceQuestion(
                question.code,
                question.label,
                sections.get(question.section_id, ""),
                total,
                [
                    Counted(names.get(name, name), count, 100 * count / total)
                    for name, count in ranked
                ],
            )
        )
    return found
