"""The five levels of satisfaction and how an answer to a rating question is written.

A rating answer is stored as a number: 1 (rất không hài lòng) … 5 (rất hài lòng), 0 for "không
áp dụng" (not applicable), and no value for no answer. Files write it as a digit or as one of
the five labels, with or without accents, in any case (`read_rating`). Answers 4 and 5 are
"satisfied" (`SATISFIED_FROM`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from chiso.vietnamese.text import search_key

from .models import Question, Questionnaire, QuestionType, Section

NOT_APPLICABLE = 0
SATISFIED_FROM = 4
LEVELS = {
    1: _("Rất không hài lòng"),
    2: _("Không hài lòng"),
    3: _("Bình thường"),
    4: _("Hài lòng"),
    5: _("Rất hài lòng"),
}
# The labels as the files write them (in Vietnamese whatever the interface's language).
_WRITTEN = {
    "rat khong hai long": 1,
    "khong hai long": 2,
    "binh thuong": 3,
    "hai long": 4,
    "rat hai long": 5,
    "khong ap dung": NOT_APPLICABLE,
}
_WRITTEN.update({str(level): level for level in range(1, 6)})
_WRITTEN.update({f"{level}.0": level for level in range(1, 6)})  # a number cell read as text


class BadAnswer(ValueError):
    """Text that is no rating answer."""


def read_rating(text: str | None) -> int | None:
    """The level written in `text`: 1–5, NOT_APPLICABLE, or None when blank; BadAnswer else."""
    key = search_key(text or "")
    if not key:
        return None
    try:
        return _WRITTEN[key]
    except KeyError:
        raise BadAnswer(text) from None


RATING_EXPECTED = _(
    "một số từ 1 đến 5, một trong các mức “Rất không hài lòng”, “Không hài lòng”, “Bình "
    "thường”, “Hài lòng”, “Rất hài lòng”, “Không áp dụng”, hoặc để trống"
)


@dataclass(frozen=True)
class Criterion:
    code: str  # the rating question's code, e.g. SIPAS.1.1
    component: str  # its section's code, e.g. SIPAS.1
    weight: Decimal
    label: str


@dataclass(frozen=True)
class Component:
    code: str
    label: str
    weight: Decimal
    criteria: tuple[Criterion, ...]


def components(questionnaire: Questionnaire) -> list[Component]:
    """The index's components, in order: the sections holding rating questions (a rating
    question outside any section is a component of its own). Two queries."""
    sections = {s.pk: s for s in Section.objects.filter(questionnaire=questionnaire)}
    grouped: dict[str, list[Criterion]] = {}
    heads: dict[str, Section | Question] = {}
    for question in Question.objects.filter(
        questionnaire=questionnaire, type=QuestionType.RATING
    ).order_by("order"):
        head = sections.get(question.section_id) or question
        heads.setdefault(head.code, head)
        grouped.setdefault(head.code, []).append(
            Criterion(question.code, head.code, question.weight, question.label)
        )
    return [
        Component(code, heads[code].label, heads[code].weight, tuple(criteria))
        for code, criteria in grouped.items()
    ]


def criteria(questionnaire: Questionnaire) -> list[Criterion]:
    """Every criterion (rating question) of the questionnaire, in order."""
    return [c for component in components(questionnaire) for c in component.criteria]
