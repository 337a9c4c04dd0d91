"""Who may see and change which units: one scoped lookup for every view.

Admins and coordinators see the whole province their unit belongs to; leaders, officers and
viewers see their own unit's subtree. Changing needs a role other than viewer, and the unit
must lie in the user's own subtree (admins: anywhere).
"""

from django.db.models import Case, Q, Value, When
from django.http import Http404

from chiso.accounts.models import Role

from .models import OrgUnit, OrgUnitQuerySet, in_subtree

PROVINCE_WIDE = {Role.ADMIN, Role.COORDINATOR}


def scope_root(user) -> OrgUnit | None:
    """The top unit of what `user` may see, or None when they may see nothing.

    Kept on the user object: one lookup per request however many views ask.
    """
    if not hasattr(user, "_scope_root"):
        user._scope_root = _find_scope_root(user)
    return user._scope_root


def _find_scope_root(user) -> OrgUnit | None:
    unit = getattr(user, "unit", None)
    if unit is None:
        return None
    if user.is_superuser or user.role in PROVINCE_WIDE:
        # The top of the unit's tree, and (one query for both) whether it is the only top.
        top = (unit.ancestor_ids() or [unit.pk])[0]
        first = Case(When(pk=top, then=Value(0)), default=Value(1))
        tops = list(OrgUnit.objects.filter(Q(pk=top) | Q(parent__isnull=True)).order_by(first)[:2])
        user._scope_is_whole_tree = len(tops) == 1
        return next(found for found in tops if found.pk == top)
    return unit


def sees_everything(user) -> bool:
    return bool(user.is_superuser and getattr(user, "unit", None) is None)


def works_for_province(user) -> bool:
    """True for those who work for the whole province: its secretariat (admins and
    coordinators of a unit) and superusers without a unit."""
    if not user.is_authenticated:
        return False
    return sees_everything(user) or (user.role in PROVINCE_WIDE and scope_root(user) is not None)


def scope_is_whole_tree(user) -> bool:
    """True when the user's scope holds every unit: a superuser without a unit, or a
    province-wide role in the only province. Scoped queries then need no filter at all."""
    if sees_everything(user):
        return True
    root = scope_root(user)  # finding a province-wide root answers this too
    if not hasattr(user, "_scope_is_whole_tree"):
        user._scope_is_whole_tree = bool(
            root
            and root.parent_id is None
            and not OrgUnit.objects.filter(parent__isnull=True).exclude(pk=root.pk).exists()
        )
    return user._scope_is_whole_tree


def scope_unit_ids(user):
    """The ids of the units in the user's scope, as a subquery: filtering a foreign key
    with `unit_id__in=` lets the database use that key's index instead of a join."""
    root = scope_root(user)
    if root is None:
        return OrgUnit.objects.none().values("pk")
    return OrgUnit.objects.filter(in_subtree(root)).values("pk")


def work_unit(user) -> OrgUnit | None:
    """The unit a user works for by default: the top of their scope for those who work for
    the whole province (the province itself), else their own unit."""
    if sees_everything(user) or user.role in PROVINCE_WIDE:
        return scope_root(user) or OrgUnit.objects.filter(parent__isnull=True).first()
    return user.unit


def visible_units(user) -> OrgUnitQuerySet:
    if sees_everything(user):
        return OrgUnit.objects.all()
    root = scope_root(user)
    return OrgUnit.objects.subtree(root) if root else OrgUnit.objects.none()


def can_view_unit(user, unit: OrgUnit) -> bool:
    if sees_everything(user):
        return True
    root = scope_root(user)
    return bool(root and unit.is_within(root))


class ViewableUnitKeys:
    """The keys "u<pk>" of the units `user` may view, each answered when first asked (for
    `chiso.lib.fragments.gated_keys`); made per request, never kept."""

    def __init__(self, user):
        self.user = user
        self._answers: dict[str, bool] = {}

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key not in self._answers:
            pk = key[1:]
            found = OrgUnit.objects.only("pk", "path").filter(pk=pk) if pk.isdigit() else None
            unit = found.first() if found is not None else None
            self._answers[key] = unit is not None and can_view_unit(self.user, unit)
        return self._answers[key]


def can_change_unit(user, unit: OrgUnit) -> bool:
    """True when `user` may change what `unit` owns (its plans, tasks, progress)."""
    if sees_everything(user) or (user.is_authenticated and user.role == Role.ADMIN):
        return can_view_unit(user, unit)
    if not user.is_authenticated or user.role == Role.VIEWER or user.unit is None:
        return False
    return unit.is_within(user.unit)


def get_unit_for_user(user, pk: int) -> OrgUnit:
    """The unit with this id if `user` may see it; 404 otherwise (never reveals it exists)."""
    unit = visible_units(user).filter(pk=pk).select_related("parent", "peer_group").first()
    if unit is None:
        raise Http404
    return unit
