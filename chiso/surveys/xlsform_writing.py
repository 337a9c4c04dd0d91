"""Write a questionnaire as an XLSForm workbook (.xlsx) that KoboToolbox, ODK and chiso's own
reader load: sheets survey, choices and settings, with our `weight` column and settings."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Questionnaire, QuestionType
from .parsed_form import ParsedForm, ParsedQuestion, ParsedSection, form_of

SURVEY_COLUMNS = ("type", "name", "label", "hint", "required", "relevant", "weight")
CHOICES_COLUMNS = ("list_name", "name", "label")
SETTINGS_COLUMNS = (
    "form_title",
    "form_id",
    "version",
    "year",
    "survey_kind",
    "index_code",
    "index_name",
    "default_language",
)
_WIDTHS = {"type": 24, "name": 14, "label": 70, "hint": 30, "relevant": 30, "list_name": 16}


def write_xlsform(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as an .xlsx workbook in the XLSForm layout."""
    return write_form(form_of(questionnaire))


def write_form(form: ParsedForm) -> bytes:
    """A parsed questionnaire as an .xlsx workbook in the XLSForm layout."""
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    _header(survey, SURVEY_COLUMNS)
    sections = {section.code: section for section in form.sections}
    current: str | None = None
    for question in form.questions:
        if question.section != current:
            if current is not None:
                survey.append(["end_group", current])
            current = question.section
            if current is not None:
                section = sections[current]
                survey.append(_group_row(section))
        survey.append(_question_row(question))
    if current is not None:
        survey.append(["end_group", current])
    written = {q.section for q in form.questions}
    for section in form.sections:
        if section.code not in written:
            survey.append(_group_row(section))
            survey.append(["end_group", section.code])

    choices = book.create_sheet("choices")
    _header(choices, CHOICES_COLUMNS)
    for choice in form.choices:
        choices.append([choice.list_name, choice.name, choice.label])

    settings = book.create_sheet("settings")
    _header(settings, SETTINGS_COLUMNS)
    settings.append(
        [
            form.title,
            form.form_id,
            form.version,
            form.year,
            form.kind,
            form.index_code,
            form.index_name or None,
            "vi",
        ]
    )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _group_row(section: ParsedSection) -> list[object]:
    return [
        "begin_group",
        section.code,
        section.label,
        None,
        None,
        section.relevant or None,
        _weight(section.weight),
    ]


def _question_row(question: ParsedQuestion) -> list[object]:
    if question.type in (QuestionType.RATING, QuestionType.SELECT_ONE):
        type_text = f"select_one {question.list_name}"
    elif question.type == QuestionType.SELECT_MULTIPLE:
        type_text = f"select_multiple {question.list_name}"
    elif question.type == QuestionType.NUMBER:
        type_text = "decimal"
    else:
        type_text = str(question.type)
    return [
        type_text,
        question.code,
        question.label,
        question.hint or None,
        "yes" if question.required else None,
        question.relevant or None,
        _weight(question.weight),
    ]


def _header(sheet, columns: tuple[str, ...]) -> None:
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = _WIDTHS.get(column, 12)
    sheet.freeze_panes = "A2"


def _weight(value: Decimal) -> int | float | None:
    """Blank for the default weight 1; a whole number without decimals."""
    if value == 1:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
