"""Who may do what with scores and rankings.

The province's secretariat (admins and coordinators) imports official results, opens the
scoring windows and publishes them; a window's appraisal council is the members named for it
(any staff, such as officers of the departments that check their fields; none appraises the
unit they work in), else the secretariat; a unit's staff (everyone but viewers, in
the unit or a unit under it, such as its office) score its sub-criteria and answer the
council, its leader submits; those who may view a unit read its assessment. Published
results are read by everyone signed in, and on the public page.
"""

from django.http import Http404

from chiso.accounts.models import Role
from chiso.org.access import can_view_unit, sees_everything, works_for_province

from .models import Assessment, Window


def can_run_scoring(user) -> bool:
    """Import official results, load the province's index, open windows, review as the
    council, finalise and publish."""
    return works_for_province(user)


def council_members(window: Window) -> set[int]:
    """The ids of the members named for the window's council (none: the secretariat)."""
    return set(window.council.values_list("pk", flat=True))


def is_council(user, window: Window) -> bool:
    """Sits on the window's council: named for it, or of the secretariat when none are."""
    members = council_members(window)
    return user.pk in members if members else can_run_scoring(user)


def can_appraise(user, assessment: Assessment) -> bool:
    """Review the assessment's scores, send them to the unit, finalise: a council member;
    a named member not for the unit they work in."""
    members = council_members(assessment.window)
    if not members:
        return can_run_scoring(user)
    return user.pk in members and not (user.unit_id and user.unit.is_within(assessment.unit))


def can_view_assessment(user, assessment: Assessment) -> bool:
    return (
        can_run_scoring(user)
        or can_view_unit(user, assessment.unit)
        or can_score(user, assessment)
        or is_council(user, assessment.window)
    )


def can_score(user, assessment: Assessment) -> bool:
    """Type the unit's points, explanations, evidence and answers."""
    if not user.is_authenticated or user.role == Role.VIEWER:
        return False
    if sees_everything(user):
        return True
    return user.unit is not None and user.unit.is_within(assessment.unit)


def can_submit(user, assessment: Assessment) -> bool:
    return can_score(user, assessment) and (
        user.role in (Role.LEADER, Role.ADMIN) or sees_everything(user)
    )


def get_assessment_for_user(user, pk: int) -> Assessment:
    found = (
        Assessment.objects.select_related("unit", "window__scheme__framework", "window__block")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_view_assessment(user, found):
        raise Http404
    return found


def get_window(pk: int) -> Window:
    found = Window.objects.select_related("scheme__framework", "block").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
