"""Turn a reviewed draft (the JSON of `chiso import-plan --json`) into a saved plan, at once."""

import datetime

from django.utils.translation import gettext as _

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.frameworks.models import Component
from chiso.org.models import OrgUnit
from chiso.plans.deadlines import Deadline, DeadlineKind
from chiso.plans.kept import deferred
from chiso.plans.models import Plan, PlanReference, PlanStatus, Target, Task

from .draft import target_from_json


class DraftError(Exception):
    """The draft cannot be saved as it is; the message says which field to fix."""


@deferred()
def save_draft(data: dict, *, issuer: OrgUnit | None = None, user=None) -> Plan:
    """Create the plan, its parent references, targets and tasks; all or nothing."""
    issuer = issuer or _issuer(data)
    year = data.get("year") or (_date(data.get("date")) or datetime.date.today()).year
    plan = Plan.objects.create(
        number=(data.get("number") or "")[:60],
        issue_date=_date(data.get("date")),
        issuer=issuer,
        title=(data.get("title") or _("Kế hoạch chưa có tên"))[:500],
        year=year,
        indices=list(data.get("indices") or []),
        purposes=data.get("purposes") or "",
        requirements=data.get("requirements") or "",
        status=PlanStatus.DRAFT,
        signer=(data.get("signer") or "")[:150],
        signer_title=(data.get("signer_title") or "")[:150],
        recipients=list(data.get("recipients") or []),
        report_schedule=[_without(d, "block") for d in data.get("schedule") or []],
        child_plans_due=[
            {"units": c.get("unit_ids", []), "text": c.get("text", ""), "due": c.get("due")}
            for c in data.get("child_plans_due") or []
        ],
        created_by=user,
    )
    for parent in data.get("parents") or []:
        if parent.get("kind", "Kế hoạch") == "Kế hoạch" or parent.get("plan_id"):
            PlanReference.objects.create(
                plan=plan,
                parent_id=parent.get("plan_id"),
                text=(parent.get("reference") or "")[:500],
            )
    for target in data.get("targets") or []:
        if not target.get("past"):
            Target.from_parsed(target_from_json(target), plan, text=target.get("text", "")).save()
    components = components_for_year(year)
    for order, task_data in enumerate(data.get("tasks") or [], start=1):
        _save_task(plan, issuer, task_data, order, components)
    return plan


def _save_task(plan: Plan, issuer: OrgUnit, data: dict, order: int, components) -> Task:
    text = (data.get("text") or "").strip()
    if not text:
        raise DraftError(_("Nhiệm vụ %s: thiếu nội dung.") % (data.get("ordinal") or order))
    deadline = data.get("deadline") or {}
    lead_id = data.get("lead_id")
    lead_text = data.get("lead_text") or ""
    if lead_id is None and isinstance(data.get("lead"), dict) and data["lead"].get("group"):
        lead_id = issuer.pk  # "all divisions of the issuer" are led by the issuer as a whole
    task = Task(
        plan=plan,
        component=components.get(data.get("component")),
        ordinal=(data.get("ordinal") or "")[:20],
        order=order,
        text=text,
        lead_id=lead_id,
        lead_text=lead_text[:500],
        coordinators_text=(data.get("coordinators_text") or "")[:1000],
        expected_output=data.get("output") or "",
    )
    task.deadline = Deadline(
        kind=DeadlineKind(deadline.get("kind") or DeadlineKind.UNSPECIFIED),
        date=_date(deadline.get("date")),
        text=(deadline.get("text") or "")[:255],
    )
    task.save()
    if data.get("coordinator_ids"):
        task.coordinators.set(OrgUnit.objects.filter(pk__in=data["coordinator_ids"]))
    for target in data.get("targets") or []:
        Target.from_parsed(target_from_json(target), plan, task=task).save()
    return task


def _issuer(data: dict) -> OrgUnit:
    issuer = OrgUnit.objects.filter(pk=data.get("issuer_id")).first()
    if issuer is None:
        raise DraftError(_("Chưa chọn cơ quan ban hành kế hoạch."))
    return issuer


def components_for_year(year: int) -> dict[str, Component]:
    """Components by code from the newest framework of each index up to `year`; the
    frameworks shipped with chiso are loaded first on a database that has none."""
    if not Component.objects.exists():
        load_builtin_frameworks()
    found: dict[str, Component] = {}
    rows = Component.objects.select_related("framework").order_by("framework__year")
    for component in rows.filter(framework__year__lte=year) or rows:
        found[component.code] = component
    return found


def _date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise DraftError(_("Ngày “%s” không hợp lệ (cần dạng YYYY-MM-DD).") % value) from error


def _without(data: dict, *keys: str) -> dict:
    return {k: v for k, v in data.items() if k not in keys}
