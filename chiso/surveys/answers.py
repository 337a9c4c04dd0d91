"""The five levels of satisfaction and how an answer to a rating question is written.

A rating answer is stored as a number: 1 (rất không hài lòng) … 5 (rất hài lòng), 0 for "không
áp dụng" (not applicable), and no value for no answer. Files write it as a digit or as one of
the five labels, with or without accents, in any case (`read_rating`). Answers 4 and 5 are
"satisfied" (`SATISFIED_FROM`).
"""

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from chiso.vietnamese.text import search_key, usual_spellings

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
WRITTEN_LABELS = {
    "Rất không hài lòng": 1,
    "Không hài lòng": 2,
    "Bình thường": 3,
    "Hài lòng": 4,
    "Rất hài lòng": 5,
    "Không áp dụng": NOT_APPLICABLE,
}
_WRITTEN = {search_key(label): level for label, level in WRITTEN_LABELS.items()}
_WRITTEN.update({str(level): level for level in range(1, 6)})
# "5.0" or "5,0": a number written by a tool that writes every number with a decimal (the
# key of a text makes its punctuation a space).
_WRITTEN.update({f"{level} 0": level for level in range(1, 6)})


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


def common_spellings() -> list[str]:
    """How files usually write an answer: the digits and each label's usual spellings. Each
    still reads through `read_rating`; a file mapper looks these up first and reads any other
    spelling on its own."""
    labels = {form for label in WRITTEN_LABELS for form in usual_spellings(label)}
    return sorted(labels | {str(level) for level in range(1, 6)})


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


def components(
    questionnaire: Questionnaire, only: Collection[str] | None = None
) -> list[Component]:
    """The index's components, in order: the sections holding rating questions (a rating
    question outside any section is a component of its own). With `only`, those criteria
    alone (the ones a file has columns for) and the components holding any. Two queries."""
    sections = {s.pk: s for s in Section.objects.filter(questionnaire=questionnaire)}
    grouped: dict[str, list[Criterion]] = {}
    heads: dict[str, Section | Question] = {}
    for question in Question.objects.filter(
        questionnaire=questionnaire, type=QuestionType.RATING
    ).order_by("order"):
        if only is not None and question.code not in only:
            continue
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
