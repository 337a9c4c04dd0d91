"""Which survey round a year's responses go to (`find_round`), made on first use."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from .defaults import default_questionnaire
from .models import Channel, SurveyKind, SurveyRound


class RoundError(ValueError):
    """No round, or more than one, answers to what was asked: the message says which."""


def find_round(year: int, code: str | None = None) -> SurveyRound:
    """The round `code` of questionnaire year `year`; without a code, the one round of that
    year (a SIPAS round first), made with the year's default SIPAS questionnaire when the
    year has none. RoundError otherwise."""
    rounds = SurveyRound.objects.select_related("questionnaire")
    if code:
        found = rounds.filter(code=code.strip()).first()
        if found is None:
            raise RoundError(_("Không có đợt khảo sát mã “%(code)s”.") % {"code": code})
        if found.questionnaire.year != year:
            raise RoundError(
                _("Đợt khảo sát “%(code)s” dùng bộ câu hỏi năm %(found)s, không phải năm %(year)s.")
                % {"code": found.code, "found": found.questionnaire.year, "year": year}
            )
        return found
    of_year = list(rounds.filter(questionnaire__year=year).order_by("code"))
    candidates = [r for r in of_year if r.questionnaire.kind == SurveyKind.SIPAS] or of_year
    if len(candidates) > 1:
        raise RoundError(
            _("Năm %(year)s có nhiều đợt khảo sát (%(codes)s): hãy chọn một bằng mã đợt.")
            % {"year": year, "codes": ", ".join(r.code for r in candidates)}
        )
    if candidates:
        return candidates[0]
    return _new_round(year)


@transaction.atomic
def _new_round(year: int) -> SurveyRound:
    code = f"sipas-{year}"
    if SurveyRound.objects.filter(code=code).exists():  # of another year's questionnaire
        raise RoundError(
            _("Đã có đợt “%(code)s” nhưng không dùng bộ câu hỏi năm %(year)s.")
            % {"code": code, "year": year}
        )
    return SurveyRound.objects.create(
        code=code,
        name=f"Khảo sát SIPAS năm {year}",  # data, in Vietnamese whatever the language
        questionnaire=default_questionnaire(SurveyKind.SIPAS, year),
        period=str(year),
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        channels=[Channel.PAPER.value, Channel.WEB.value],
    )
