"""Resolve every unit phrase of a draft against the org tree, and link the parent plans.

Phrases are matched in the context of the issuing unit, among the units that existed on the
plan's date. Unknown names stay as written, with suggestions; nothing is ever created.
Suggestions read with their parent ("Thanh tra Sở — Sở Xây dựng") and keep their ids, so that
the review page can offer them.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chiso.org.models import OrgUnit
from chiso.org.pickers import unit_label
from chiso.org.unit_matching import UnitMatch, UnitMatcher, matcher_for
from chiso.plans.models import Plan

from .draft import DraftPlan, UnitRef


def resolve_draft(draft: DraftPlan, issuer: OrgUnit | None = None) -> DraftPlan:
    """Fill in the units and parent plan ids of `draft` (in place) and return it."""
    if issuer is None and draft.issuer is not None:
        found = matcher_for(on=draft.date).match(draft.issuer.text)
        if len(found.units) == 1:
            issuer = OrgUnit.objects.get(pk=found.units[0])
        else:
            draft.issuer = _ref(found)
    if issuer is not None:
        draft.issuer = UnitRef(
            draft.issuer.text if draft.issuer else issuer.name,
            unit_ids=[issuer.pk],
            names=[issuer.name],
        )
    else:
        draft.warnings.append(_("Chưa xác định được cơ quan ban hành: chọn cơ quan khi xác nhận."))
    matcher = matcher_for(issuer, on=_day(draft, issuer))
    for task in draft.tasks:
        leads = _expand(matcher, task.lead) if task.lead else []
        coordinators = [ref for c in task.coordinators for ref in _expand(matcher, c)]
        task.lead = leads[0] if leads else None
        task.coordinators = leads[1:] + coordinators
        if task.lead and not task.lead.resolved:
            draft.warnings.append(
                _("Nhiệm vụ %(task)s: chưa xác định được đơn vị “%(unit)s”.")
                % {"task": task.ordinal, "unit": task.lead.text}
            )
    for duty in draft.responsibilities:
        refs = _expand(matcher, duty["unit"])
        duty["unit"] = refs[0] if refs else duty["unit"]
    for child in draft.child_plans_due:
        child["units"] = [ref for unit in child["units"] for ref in _expand(matcher, unit)]
    _names(draft)
    _link_parents(draft)
    return draft


def _day(draft: DraftPlan, issuer: OrgUnit | None) -> datetime.date | None:
    """The day whose org tree the plan speaks of: its date, or the last day of an issuer
    that has since ended (a 2024 district plan names the district's divisions)."""
    if draft.date:
        return draft.date
    if issuer is not None and issuer.valid_until and issuer.valid_until < datetime.date.today():
        return issuer.valid_until
    return None


def _expand(matcher: UnitMatcher, ref: UnitRef) -> list[UnitRef]:
    """One ref per unit phrase in `ref.text`, keeping a role written before the phrase."""
    refs = [_ref(match) for match in matcher.match_all(ref.text)]
    for new in refs:
        new.role = new.role or ref.role
    return refs


@dataclass
class _SuggestingRef(UnitRef):
    """A unit phrase whose JSON also keeps the ids of its suggestions."""

    def to_json(self):
        found = super().to_json()
        if isinstance(found, dict) and "unresolved" in found:
            found["suggestion_ids"] = [uid for uid, _name, _score in self.suggestions]
        return found


def _ref(match: UnitMatch) -> UnitRef:
    return _SuggestingRef(
        text=match.text,
        role=match.role,
        unit_ids=list(match.units),
        group=match.group,
        suggestions=list(match.suggestions),
    )


def _names(draft: DraftPlan) -> None:
    """Fill the names of resolved units, and label suggestions with their parent's name
    (five "Thanh tra Sở" are five departments' inspectorates), with one query."""
    refs = [draft.issuer] if draft.issuer else []
    for task in draft.tasks:
        refs += [task.lead, *task.coordinators] if task.lead else task.coordinators
    refs += [duty["unit"] for duty in draft.responsibilities]
    refs += [ref for child in draft.child_plans_due for ref in child["units"]]
    ids = {i for ref in refs for i in ref.unit_ids}
    ids |= {uid for ref in refs for uid, _name, _score in ref.suggestions}
    units = OrgUnit.objects.filter(pk__in=ids).select_related("parent").in_bulk()
    for ref in refs:
        ref.names = [units[i].name for i in ref.unit_ids if i in units]
        ref.suggestions = [
            (uid, unit_label(units[uid]) if uid in units else name, score)
            for uid, name, score in ref.suggestions
        ]


def _link_parents(draft: DraftPlan) -> None:
    for parent in draft.parents:
        if not parent.get("number"):
            continue
        plans = Plan.objects.filter(number__iexact=parent["number"])
        if parent.get("date"):
            plans = plans.filter(issue_date=parent["date"])
        found = plans.order_by("-issue_date").first()
        parent["plan_id"] = found.pk if found else None
