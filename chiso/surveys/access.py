"""Who may do what with surveys: the scoped lookups.

The province's secretariat (admins and coordinators) runs the surveys: rounds, paper entry,
imports and the review of flagged responses; a unit never judges its own citizens' answers.
Everyone signed in reads the rounds and the province's comparison; a unit's results are read
by those who may view the unit.
"""

from django.http import Http404

from chiso.org.access import (
    can_view_unit,
    visible_units,
    works_for_province,
)
from chiso.org.models import OrgUnit

from .models import RoundUnit, SurveyImport, SurveyRound


def can_manage_surveys(user) -> bool:
    """True when `user` may create rounds, type in and import forms and review responses."""
    return works_for_province(user)


def get_round(code: str) -> SurveyRound:
    """The round with this code (every signed-in user reads rounds); 404 otherwise."""
    found = SurveyRound.objects.select_related("questionnaire").filter(code=code).first()
    if found is None:
        raise Http404
    return found


def get_round_unit(round: SurveyRound, unit_pk: int) -> RoundUnit:
    found = round.units.select_related("unit").filter(unit_id=unit_pk).first()
    if found is None:
        raise Http404
    return found


def can_view_results(user, unit: OrgUnit) -> bool:
    return can_manage_surveys(user) or can_view_unit(user, unit)


def get_import_for_user(user, pk: int) -> SurveyImport:
    """An import, for those who run the surveys; 404 otherwise."""
    record = SurveyImport.objects.select_related("job", "round").filter(pk=pk).first()
    if record is None or not can_manage_surveys(user):
        raise Http404
    return record


def viewable_ids(user, unit_ids: list[int]) -> set[int]:
    """Those of `unit_ids` whose results `user` may open (one query; decided per request)."""
    if can_manage_surveys(user):
        return set(unit_ids)
    return set(visible_units(user).filter(pk__in=unit_ids).values_list("pk", flat=True))
