"""Who may import plan documents, for which issuers, and which import jobs they may read."""

from django.http import Http404

from chiso.accounts.models import Role
from chiso.org.access import sees_everything, visible_units
from chiso.org.models import OrgUnit

from .models import ImportJob


def changeable_units(user):
    """Units whose plans the user may create: their own subtree (admins: the province)."""
    if user.role == Role.VIEWER or (user.unit is None and not sees_everything(user)):
        return OrgUnit.objects.none()
    if sees_everything(user) or user.role == Role.ADMIN:
        return visible_units(user).current().order_by("path")
    return OrgUnit.objects.subtree(user.unit).current().order_by("path")


def import_issuers(user):
    """Units `user` may import a plan for: any unit of their scope, the province for a
    coordinator or an admin (ended units too, for the plans of past years)."""
    if not changeable_units(user).exists():
        return OrgUnit.objects.none()
    return visible_units(user)


def get_job_for_user(user, pk: int) -> ImportJob:
    jobs = ImportJob.objects.select_related("job", "issuer", "plan")
    if not (sees_everything(user) or user.role == Role.ADMIN):
        jobs = jobs.filter(created_by=user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def can_import_plan(user) -> bool:
    """True when `user` may upload a plan document (for some unit)."""
    return changeable_units(user).exists()
