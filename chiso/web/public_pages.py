"""Pages for citizens, without login: the index of the province's published plans and of the
units that issued them (searchable without accents, with a way to the published scoring
results once there are some), a unit's published plans, and a plan with its overall
progress, its targets against their actuals and its approved progress.

A plan is published when it is issued or closed; any other plan, and a unit without a
published plan, answers 404. The figures come from the same functions as the private pages
(`plan_counts`, `attach_task_counts`, `assess_targets`), so both always show the same numbers.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.grouping import group_by_component
from chiso.plans.models import Plan, PlanStatus, Task
from chiso.plans.tallies import attach_task_counts, plan_counts
from chiso.scoring.models import Window
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.target_status import Assessment, assess_targets
from chiso.vietnamese.text import nfc, search_key

PUBLISHED = (PlanStatus.ISSUED, PlanStatus.CLOSED)
PLANS_PER_PAGE = 20
UNITS_SHOWN = 200  # units that issued a published plan; a province has about 80
# What the lists show of a plan; its long texts stay in the database.
_LISTED_PLAN_FIELDS = ("number", "title", "year", "issue_date", "status", "indices", "issuer")
_UNSHOWN_PLAN_FIELDS = (
    "purposes",
    "requirements",
    "recipients",
    "report_schedule",
    "child_plans_due",
)


def published_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(status__in=PUBLISHED)


@dataclass(frozen=True)
class Filters:
    """The index's search, parsed once: the words as typed and the year."""

    query: str
    year: int | None

    @classmethod
    def from_request(cls, request) -> "Filters":
        year = request.GET.get("year", "")
        year = int(year) if len(year) == 4 and year.isdigit() else None
        return cls(nfc(request.GET.get("q", "")).strip()[:200], year)

    def as_query(self) -> QueryDict:
        found = QueryDict(mutable=True)
        found.update({k: v for k, v in {"q": self.query, "year": self.year}.items() if v})
        return found


def public_index(request):
    """The published plans, newest first, and the units that issued them."""
    filters = Filters.from_request(request)
    today = timezone.localdate()
    key = search_key(filters.query)
    years = published_plans().order_by("-year").values_list("year", flat=True).distinct()
    context = {
        "page": plan_page(listed_plans(key, filters.year), request.GET.get("page", ""), today),
        "units": issuing_units(key, filters.year),
        "query": filters.query,
        "year": filters.year,
        "years": list(years),
        "pager_query": filters.as_query(),
        "rankings_published": Window.objects.published().exists(),
    }
    return render(request, "web/public_index.html", context)


def listed_plans(key: str, year: int | None) -> QuerySet[Plan]:
    """Published plans whose number, title or issuer's name hold `key` (accent-free)."""
    plans = (
        published_plans()
        .select_related("issuer")
        .only(*_LISTED_PLAN_FIELDS, "issuer__name", "issuer__short_name")
    )
    if key:
        plans = plans.filter(Q(search_key__contains=key) | Q(issuer__search_key__contains=key))
    if year:
        plans = plans.filter(year=year)
    return plans.order_by("-year", "-issue_date", "-pk")


def plan_page(plans: QuerySet[Plan], number: str, today: datetime.date) -> Page:
    """One page of `plans`, each with `counts` (its tasks by state)."""
    page = Paginator(plans, PLANS_PER_PAGE).get_page(number if number.isdigit() else 1)
    page.object_list = attach_task_counts(list(page.object_list), today)
    return page


def issuing_units(key: str, year: int | None) -> list[OrgUnit]:
    """Units with published plans (of `year`), in tree order, each with `plan_count`; those
    whose name holds `key`, or that issued a plan it matches."""
    published = Q(plans__status__in=PUBLISHED) & (Q(plans__year=year) if year else Q())
    units = OrgUnit.objects.annotate(plan_count=Count("plans", filter=published))
    units = units.filter(plan_count__gt=0)
    if key:
        matching = listed_plans(key, year).values("issuer_id")
        units = units.filter(Q(search_key__contains=key) | Q(pk__in=matching))
    fields = ("name", "short_name", "path", "kind", "valid_until")
    return in_tree_order(list(units.only(*fields).order_by("path")[:UNITS_SHOWN]))


def in_tree_order(units: list[OrgUnit]) -> list[OrgUnit]:
    """Each unit followed by those of `units` below it, siblings by kind (departments before
    communes) then name; `level` is how many of its ancestors are listed."""
    paths = {unit.path for unit in units}
    below: dict[str, list[OrgUnit]] = {}
    for unit in units:
        listed = [path for path in _ancestor_paths(unit.path) if path in paths]
        below.setdefault(listed[-1] if listed else "", []).append(unit)
    kinds = {kind: rank for rank, kind in enumerate(UnitKind.values)}
    ordered: list[OrgUnit] = []

    def visit(parent: str, level: int) -> None:
        for unit in sorted(below.get(parent, []), key=lambda u: (kinds.get(u.kind, 99), u.name)):
            unit.level = level
            ordered.append(unit)
            visit(unit.path, level + 1)

    visit("", 0)
    return ordered


def _ancestor_paths(path: str) -> list[str]:
    """ "/1/5/9/" → ["/1/", "/1/5/"]."""
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def public_unit(request, pk: int):
    """A unit's published plans; 404 for a unit that has none."""
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
    plans = listed_plans("", None).filter(issuer=unit)
    today = timezone.localdate()
    page = plan_page(plans, request.GET.get("page", ""), today)
    if not page.paginator.count:
        raise Http404
    return render(request, "web/public_unit.html", {"unit": unit, "page": page})


def public_plan(request, pk: int):
    """A published plan: its progress overall and by component, its targets with their
    actuals, and each task's last approved progress with the date of the latest."""
    plan = get_object_or_404(
        published_plans().select_related("issuer").defer(*_UNSHOWN_PLAN_FIELDS),
        pk=pk,
    )
    today = timezone.localdate()
    approved = approved_progress(plan)
    latest = {update.task_id: update for update in approved}  # in period order: the last wins
    tasks = plan_tasks(plan, today)
    for task in tasks:
        task.public_update = latest.get(task.pk)
    context = {
        "plan": plan,
        "counts": plan_counts(plan, today),
        "assessments": plan_assessments(plan, today),
        "groups": group_by_component(tasks),
        "updated_at": last_approved(approved),
        "today": today,
    }
    return render(request, "web/public_plan.html", context)


def plan_assessments(plan: Plan, today: datetime.date) -> list[Assessment]:
    """The plan's own targets as they stand: the private plan page's reading."""
    return assess_targets(plan.targets.filter(task=None).select_related("plan"), today)


def plan_tasks(plan: Plan, today: datetime.date) -> list[Task]:
    """The plan's tasks in order, with their state as of `today` and what their rows show."""
    return list(
        plan.tasks.with_state(today)
        .select_related(
            "lead",
            "component__framework",
            "component__parent__framework",
            "component__parent__parent__framework",
        )
        .order_by("order", "pk")
    )


def approved_progress(plan: Plan) -> list[ProgressUpdate]:
    """The progress approved for the lead units of the plan's tasks, in period order."""
    return list(
        ProgressUpdate.objects.filter(state=UpdateState.APPROVED, task__plan=plan)
        .filter(unit=F("task__lead"))
        .select_related("period")
        .only(
            "task_id",
            "narrative",
            "version",
            "reviewed_at",
            "updated_at",
            "period__label",
            "period__data_to",
        )
        .order_by("period__data_to", "version")
    )


def last_approved(approved: list[ProgressUpdate]) -> datetime.datetime | None:
    """When the latest of `approved` was approved: its review time, or its last save where an
    import left that out (an approved update is never saved after its approval)."""
    return max((u.reviewed_at or u.updated_at for u in approved), default=None)
