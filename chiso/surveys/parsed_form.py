"""A questionnaire as a typed value outside the database: what the XLSForm reader returns, the
writer and the defaults start from, and `xlsform.save_questionnaire` stores. Errors in a
workbook are `CellError`s, named by sheet, Excel row and column header."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Choice, Question, Questionnaire, Section

ONE = Decimal(1)


@dataclass(frozen=True)
class ParsedSection:
    code: str
    label: str
    relevant: str = ""
    weight: Decimal = ONE  # 0: not part of the index
    row: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ParsedQuestion:
    code: str
    type: str  # a QuestionType value
    label: str
    section: str | None = None  # the code of its (innermost) group
    list_name: str = ""
    hint: str = ""
    required: bool = False
    relevant: str = ""
    weight: Decimal = ONE
    row: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ParsedChoice:
    list_name: str
    name: str
    label: str
    row: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ParsedForm:
    """One questionnaire version; sections, questions and choices in their order."""

    title: str
    form_id: str
    version: str
    year: int
    kind: str  # a SurveyKind value
    index_code: str
    index_name: str = ""
    sections: tuple[ParsedSection, ...] = ()
    questions: tuple[ParsedQuestion, ...] = ()
    choices: tuple[ParsedChoice, ...] = ()


@dataclass(frozen=True)
class CellError:
    """One problem in a workbook; `row` is the Excel row (None: the sheet as a whole)."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("Trang “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            where.append(_("dòng %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("cột “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class XLSFormError(ValueError):
    """A workbook refused; `errors` lists every problem found, each with its cell."""

    def __init__(self, errors: list[CellError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def form_of(questionnaire: Questionnaire) -> ParsedForm:
    """The questionnaire as stored, in the order the writer lays it out (a section's questions
    together, at the place of its first question; sections without questions last). Three
    queries."""
    sections = list(Section.objects.filter(questionnaire=questionnaire).order_by("order", "pk"))
    by_pk = {section.pk: section for section in sections}
    blocks: list[tuple[Section | None, list[Question]]] = []
    open_blocks: dict[int, list[Question]] = {}
    questions = Question.objects.filter(questionnaire=questionnaire).order_by("order", "pk")
    for question in questions:
        if question.section_id is None:
            if blocks and blocks[-1][0] is None:
                blocks[-1][1].append(question)
            else:
                blocks.append((None, [question]))
        elif question.section_id in open_blocks:
            open_blocks[question.section_id].append(question)
        else:
            open_blocks[question.section_id] = [question]
            blocks.append((by_pk[question.section_id], open_blocks[question.section_id]))
    blocks.extend((s, []) for s in sections if s.pk not in open_blocks)
    choices = Choice.objects.filter(questionnaire=questionnaire).order_by("list_name", "order")
    # lists in the order a question first uses them, then the unused ones
    used = [q.list_name for _s, qs in blocks for q in qs if q.list_name]
    rank = {name: i for i, name in reversed(list(enumerate(used)))}
    ordered = sorted(choices, key=lambda c: (rank.get(c.list_name, len(rank)), c.list_name))
    return ParsedForm(
        title=questionnaire.title,
        form_id=questionnaire.form_id,
        version=questionnaire.version,
        year=questionnaire.year,
        kind=questionnaire.kind,
        index_code=questionnaire.index_code,
        index_name=questionnaire.index_name,
        sections=tuple(
            ParsedSection(s.code, s.label, s.relevant, s.weight) for s, _q in blocks if s
        ),
        questions=tuple(
            ParsedQuestion(
                code=q.code,
                type=q.type,
                label=q.label,
                section=section.code if section else None,
                list_name=q.list_name,
                hint=q.hint,
                required=q.required,
                relevant=q.relevant,
                weight=q.weight,
            )
            for section, qs in blocks
            for q in qs
        ),
        choices=tuple(ParsedChoice(c.list_name, c.name, c.label) for c in ordered),
    )
