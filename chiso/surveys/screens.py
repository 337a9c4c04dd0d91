"""A questionnaire as the public form shows it: one screen per question group, the questions
a respondent's earlier answers make relevant ("show if"), and the answers read back from a
submitted screen as typed values."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .conditions import ConditionError, parse
from .models import Choice, Question, Questionnaire, QuestionType, Section


@dataclass
class Screen:
    code: str
    label: str
    relevant: str
    questions: list[Question] = field(default_factory=list)


@dataclass
class Form:
    """The screens of a questionnaire and its choice lists (name, label) by list name."""

    screens: list[Screen]
    choices: dict[str, list[tuple[str, str]]]

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> "Form":
        sections = {s.pk: s for s in Section.objects.filter(questionnaire=questionnaire)}
        screens: list[Screen] = []
        for question in Question.objects.filter(questionnaire=questionnaire).order_by("order"):
            section = sections.get(question.section_id)
            code = section.code if section else ""
            if not screens or screens[-1].code != code:
                label = section.label if section else ""
                screens.append(Screen(code, label, section.relevant if section else ""))
            screens[-1].questions.append(question)
        choices: dict[str, list[tuple[str, str]]] = {}
        for choice in Choice.objects.filter(questionnaire=questionnaire).order_by("order"):
            choices.setdefault(choice.list_name, []).append((choice.name, choice.label))
        return cls(screens, choices)

    def shown(self, answers: dict) -> list[int]:
        """The indexes of the screens shown for `answers` (a screen whose condition fails, or
        whose questions are all hidden, is skipped)."""
        return [
            i
            for i, screen in enumerate(self.screens)
            if holds(screen.relevant, answers) and self.questions(screen, answers)
        ]

    def questions(self, screen: Screen, answers: dict) -> list[Question]:
        return [q for q in screen.questions if holds(q.relevant, answers)]


def holds(expression: str, answers: dict) -> bool:
    """True when the "show if" expression holds (an empty one always does)."""
    if not expression:
        return True
    try:
        return parse(expression).holds(answers)
    except ConditionError:  # refused on load; shown rather than hidden if one slipped by
        return True


def read_screen(form: Form, screen: Screen, data, answers: dict) -> tuple[dict, dict[str, str]]:
    """The answers of `screen` in the submitted `data` (a QueryDict), merged into a copy of
    `answers`, and an error message per question code. Questions hidden by the answers given
    on this screen are dropped."""
    merged = dict(answers)
    errors: dict[str, str] = {}
    for question in screen.questions:
        merged.pop(question.code, None)
        if question.type == QuestionType.NOTE:
            continue
        names = {name for name, _label in form.choices.get(question.list_name, [])}
        key = f"q-{question.code}"
        if question.type == QuestionType.SELECT_MULTIPLE:
            picked = [v for v in data.getlist(key) if v in names]
            if picked:
                merged[question.code] = picked
            continue
        raw = (data.get(key) or "").strip()
        if not raw:
            continue
        if question.type == QuestionType.RATING:
            if raw in names and raw.isdigit():
                merged[question.code] = int(raw)
            else:
                errors[question.code] = _("Hãy chọn một mức.")
        elif question.type == QuestionType.SELECT_ONE:
            if raw in names:
                merged[question.code] = raw
            else:
                errors[question.code] = _("Hãy chọn một trong các lựa chọn.")
        elif question.type == QuestionType.NUMBER:
            try:
                number = float(raw.replace(",", "."))
            except ValueError:
                errors[question.code] = _("Hãy nhập một số.")
            else:
                merged[question.code] = int(number) if number.is_integer() else number
        else:
            merged[question.code] = raw[:2000]
    for question in screen.questions:
        if not holds(question.relevant, merged):
            merged.pop(question.code, None)
            errors.pop(question.code, None)
        elif (
            question.required
            and question.type != QuestionType.NOTE
            and question.code not in merged
            and question.code not in errors
        ):
            errors[question.code] = _("Câu hỏi này cần được trả lời.")
    return merged, errors
