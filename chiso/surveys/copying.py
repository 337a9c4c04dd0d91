"""A questionnaire copied to a new version, of the next year or of the same one: the way to
change a questionnaire that already has responses. Same codes, labels, weights and choices;
`copied_from` names the source. One transaction."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Questionnaire
from .parsed_form import form_of
from .xlsform import store_items

FIRST_YEAR, LAST_YEAR = 2000, 2100


class QuestionnaireCopyError(Exception):
    """The copy was not made; the message says why, in Vietnamese."""


def next_version(kind: str, year: int) -> str:
    """The first free version "YYYY.N" of `kind` in `year`."""
    taken = set(
        Questionnaire.objects.filter(kind=kind, year=year).values_list("version", flat=True)
    )
    number = 1
    while f"{year}.{number}" in taken:
        number += 1
    return f"{year}.{number}"


def copy_questionnaire(
    source: Questionnaire, year: int, version: str | None = None
) -> Questionnaire:
    """`source` copied as `version` of `year` (the first free "YYYY.N" by default); refused
    when that version exists. A year written in the title or form id becomes the new one."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise QuestionnaireCopyError(
            _("Năm %(year)s không hợp lệ: cần một năm từ %(first)d đến %(last)d.")
            % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    version = (version or "").strip() or next_version(source.kind, year)
    taken = _("Đã có bộ câu hỏi năm %(year)d, phiên bản %(version)s; không sao chép đè lên.") % {
        "year": year,
        "version": version,
    }
    if Questionnaire.objects.filter(kind=source.kind, year=year, version=version).exists():
        raise QuestionnaireCopyError(taken)
    try:
        with transaction.atomic():
            copy = Questionnaire.objects.create(
                kind=source.kind,
                year=year,
                version=version,
                title=_with_year(source.title, source.year, year),
                form_id=_with_year(source.form_id, source.year, year),
                index_code=source.index_code,
                index_name=source.index_name,
                copied_from=source,
            )
            store_items(copy, form_of(source))  # as an XLSForm would carry it
    except IntegrityError:  # made meanwhile by someone else
        raise QuestionnaireCopyError(taken) from None
    return copy


def _with_year(text: str, old: int, new: int) -> str:
    return text.replace(str(old), str(new)) if old != new else text
