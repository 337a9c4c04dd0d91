"""Questionnaires exchanged as XLSForm workbooks, the layout KoboToolbox and ODK use: read and
checked (`read_xlsform`), written (`write_xlsform`) and stored (`save_questionnaire`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Choice, Question, Questionnaire, Section
from .parsed_form import CellError, ParsedForm, XLSFormError, form_of
from .xlsform_reading import read_xlsform
from .xlsform_writing import write_form, write_xlsform

__all__ = [
    "CellError",
    "ParsedForm",
    "QuestionnaireFrozen",
    "XLSFormError",
    "form_of",
    "read_xlsform",
    "save_questionnaire",
    "store_items",
    "write_form",
    "write_xlsform",
]


class QuestionnaireFrozen(Exception):
    """The version already has responses; the message says to copy it, in Vietnamese."""


def save_questionnaire(parsed: ParsedForm) -> Questionnaire:
    """Store `parsed` as its kind/year/version, in one transaction: a new questionnaire, or the
    same version's sections, questions and choices replaced; QuestionnaireFrozen when that
    version already has responses."""
    with transaction.atomic():
        questionnaire = (
            Questionnaire.objects.select_for_update()
            .filter(kind=parsed.kind, year=parsed.year, version=parsed.version)
            .first()
        )
        if questionnaire is None:
            questionnaire = Questionnaire(
                kind=parsed.kind, year=parsed.year, version=parsed.version
            )
        elif questionnaire.has_responses:
            raise QuestionnaireFrozen(
                _(
                    "Bộ câu hỏi năm %(year)d, phiên bản %(version)s đã có phiếu trả lời: chỉ có "
                    "thể sao sang phiên bản mới."
                )
                % {"year": parsed.year, "version": parsed.version}
            )
        else:
            questionnaire.questions.all().delete()
            questionnaire.sections.all().delete()
            questionnaire.choices.all().delete()
        questionnaire.title = parsed.title
        questionnaire.form_id = parsed.form_id
        questionnaire.index_code = parsed.index_code
        questionnaire.index_name = parsed.index_name
        questionnaire.save()
        store_items(questionnaire, parsed)
    return questionnaire


def store_items(questionnaire: Questionnaire, parsed: ParsedForm) -> None:
    """The sections, questions and choices of `parsed` stored under `questionnaire`."""
    sections = Section.objects.bulk_create(
        Section(
            questionnaire=questionnaire,
            code=s.code,
            label=s.label,
            relevant=s.relevant,
            weight=s.weight,
            order=order,
        )
        for order, s in enumerate(parsed.sections, start=1)
    )
    by_code = {section.code: section for section in sections}
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            section=by_code[q.section] if q.section else None,
            code=q.code,
            type=q.type,
            list_name=q.list_name,
            label=q.label,
            hint=q.hint,
            required=q.required,
            relevant=q.relevant,
            weight=q.weight,
            order=order,
        )
        for order, q in enumerate(parsed.questions, start=1)
    )
    orders: dict[str, int] = {}
    choices = []
    for c in parsed.choices:
        orders[c.list_name] = orders.get(c.list_name, 0) + 1
        choices.append(
            Choice(
                questionnaire=questionnaire,
                list_name=c.list_name,
                name=c.name,
                label=c.label,
                order=orders[c.list_name],
            )
        )
    Choice.objects.bulk_create(choices)
