"""Who may report, review and read progress: scoped lookups for every tracking view.

A unit's updates and evidence are readable inside the scope that contains the unit (its own
subtree, the units above it through province-wide roles). Reporting needs a role other than
viewer in the reporting unit's subtree; reviewing needs a leader (or admin) above it.
"""

from django.db.models import Q
from django.http import Http404

from chiso.accounts.models import Role
from chiso.org.access import (
    can_change_unit,
    scope_is_whole_tree,
    scope_root,
    scope_unit_ids,
    sees_everything,
    works_for_province,
)
from chiso.org.models import OrgUnit, in_subtree
from chiso.plans.models import Task

from .models import Evidence, ProgressUpdate, ReportingPeriod
from .owed import new_activity_since, owes_progress

REVIEWERS = {Role.LEADER, Role.ADMIN}


def can_open_dashboard(user) -> bool:
    """The province dashboard: those who work for the whole province."""
    return works_for_province(user)


def updates_for(user):
    if scope_is_whole_tree(user):
        return ProgressUpdate.objects.all()
    return ProgressUpdate.objects.filter(unit_id__in=scope_unit_ids(user))


def get_update_for_user(user, pk: int) -> ProgressUpdate:
    update = (
        updates_for(user)
        .select_related("task__plan__issuer", "task__lead", "period", "unit")
        .filter(pk=pk)
        .first()
    )
    if update is None:
        raise Http404
    return update


def get_evidence_for_user(user, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk, update__in=updates_for(user)).first()
    if evidence is None:
        raise Http404
    return evidence


def reporting_units(user, task: Task) -> list[OrgUnit]:
    """The task's lead and coordinating units that `user` may report for."""
    units = ([task.lead] if task.lead else []) + list(task.coordinators.all())
    return [unit for unit in units if can_change_unit(user, unit)]


def can_report(user, update: ProgressUpdate) -> bool:
    return update.editable and can_change_unit(user, update.unit)


def review_root(user) -> OrgUnit | None:
    """The top unit whose updates `user` may review (see `can_review`); None: none."""
    if user.role not in REVIEWERS or user.unit is None:
        return None
    return scope_root(user) if user.role == Role.ADMIN else user.unit


def can_review(user, update: ProgressUpdate) -> bool:
    """A leader (or admin) of a unit at or above the reporting unit; never their own update."""
    root = review_root(user)
    if root is None or update.submitted_by_id == user.pk:
        return False
    return update.unit.is_within(root)


def reporting_units_for(
    user, period: ReportingPeriod, periods: list[ReportingPeriod] | None = None
) -> list[OrgUnit]:
    """The units with tasks in `period` that `user` may report for: one sheet each
    (`periods`: all of the plan's, when the caller has them)."""
    if not sees_everything(user) and getattr(user, "unit", None) is None:
        return []
    if periods is None:
        periods = list(period.plan.periods.all())
    owed = Task.objects.filter(owes_progress(period, new_activity_since(period, periods)))
    coordinating = Task.coordinators.through.objects.filter(task__in=owed).values("orgunit_id")
    units = OrgUnit.objects.filter(
        Q(pk__in=owed.values("lead_id")) | Q(pk__in=coordinating)
    ).order_by("path")
    if not sees_everything(user):
        units = units.filter(in_subtree(user.unit))
    return [unit for unit in units if can_change_unit(user, unit)]
