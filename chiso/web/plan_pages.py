"""Plan list, plan page, and the edit forms for a plan and a task."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.audit.recording import acting_user
from chiso.docimport.export import appendix_docx
from chiso.frameworks.models import Component, field_id, fields_by_pk
from chiso.lib.fragments import GATE, cached_rows, gated, gated_keys
from chiso.lib.htmx import page_or_partial
from chiso.org.access import ViewableUnitKeys, can_change_unit, visible_units
from chiso.org.models import OrgUnit
from chiso.plans.access import (
    can_change_plan,
    changeable_tasks,
    get_plan_for_user,
    get_task_for_user,
    plans_for,
)
from chiso.plans.actions import correct_status
from chiso.plans.cascade import cascade_plan, tasks_concerning
from chiso.plans.forms import PlanForm, StatusCorrectionForm, TaskForm
from chiso.plans.grouping import group_by_component
from chiso.plans.models import Plan, PlanStatus, Target, Task
from chiso.plans.tallies import attach_child_counts, attach_task_counts, plan_counts
from chiso.scoring.coverage import plan_coverage
from chiso.tracking.target_status import assess_targets, by_task
from chiso.vietnamese.text import nfc, search_key

CHILD_PLANS_SHOWN = 50
# What the plan page shows of a plan it cites or that cites it.
_CITED_PLAN_FIELDS = ("title", "number", "issue_date", "issuer__name", "issuer__short_name")
_REFERENCE_FIELDS = ("plan", "parent", "text")


@login_required
def plan_list(request):
    query = nfc(request.GET.get("q", "")).strip()
    year = request.GET.get("year", "")
    year = year if year.isdigit() else ""
    status = request.GET.get("status", "")
    status = status if status in PlanStatus.values else ""
    page = request.GET.get("page", "")
    page = page if page.isdigit() else ""
    filters = QueryDict(mutable=True)
    filters.update({k: v for k, v in {"q": query, "year": year, "status": status}.items() if v})
    today = timezone.localdate()
    years = plans_for(request.user).order_by("-year").values_list("year", flat=True).distinct()
    context = {
        **_plan_rows_context(request.user, filters, page, today),
        "query": query,
        "year": year,
        "status": status,
        "years": list(years),
        "statuses": PlanStatus.choices,
    }
    template = page_or_partial(request, "plans/plan_list.html", "plans/_plan_rows.html")
    return render(request, template, context)


def _plan_rows_context(user, filters: QueryDict, page_number: str, today) -> dict:
    plans = (
        plans_for(user)
        .select_related("issuer")
        .defer("purposes", "requirements", "recipients", "report_schedule", "child_plans_due")
    )
    if key := search_key(filters.get("q", "")):  # written with or without accents
        plans = plans.filter(Q(search_key__contains=key) | Q(issuer__search_key__contains=key))
    if year := filters.get("year"):
        plans = plans.filter(year=int(year))
    if status := filters.get("status"):
        plans = plans.filter(status=status)
    page = Paginator(plans.order_by("-year", "-issue_date", "-pk"), 25).get_page(page_number)
    page.object_list = attach_task_counts(list(page.object_list), today)
    return {"page": page, "pager_query": filters, "query": filters.get("q", "")}


@login_required
def plan_detail(request, pk: int):
    """The plan and its tasks by index component, with its targets as they stand."""
    plan = get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    targets = list(plan.targets.filter(task=None).select_related("plan"))
    context = {
        "plan": plan,
        "counts": plan_counts(plan, today),
        "targets": targets,
        "assessments": {a.target.pk: a for a in assess_targets(targets, today)},
        "references": plan.references.select_related("parent__issuer").only(
            *_REFERENCE_FIELDS, *(f"parent__{name}" for name in _CITED_PLAN_FIELDS)
        ),
        **_children(plan),
        "today": today,
        "groups": group_by_component(task_rows(request.user, plan, today)),
        "cascade_units": cascade_units(request.user, plan),
        "coverage": plan_coverage(plan),
        "coverage_year": plan.year - 1,
    }
    return render(request, "plans/plan_detail.html", context)


@dataclass(slots=True)
class TaskLine:
    """What the plan page needs of a task beside its kept row: no model instance, so that a
    plan of 180 tasks is read as 180 tuples."""

    pk: int
    plan: Plan
    lead: OrgUnit | None  # its id and path only: what the change rule reads
    component: Component | None  # its field: the group it shows under
    status: str
    manual_percent: int | None
    row: str = ""


def _children(plan) -> dict:
    """The units' plans that implement this one (the first `CHILD_PLANS_SHOWN`), and how
    many there are."""
    children = list(
        plan.implemented_by.select_related("plan__issuer")
        .only(*_REFERENCE_FIELDS, *(f"plan__{name}" for name in _CITED_PLAN_FIELDS))
        .order_by("plan__issuer__path")[:CHILD_PLANS_SHOWN]
    )
    count = len(children)
    if count == CHILD_PLANS_SHOWN:
        count = plan.implemented_by.count()
    return {"children": children, "child_count": count}


def task_rows(user, plan, today) -> list[TaskLine]:
    """The plan's tasks in order, each with `row`: its row's HTML (kept under its revision,
    `chiso.lib.fragments`) with the edit link only where the user may follow it."""
    found = list(
        plan.tasks.order_by("order", "pk").values_list(
            "pk", "status", "manual_percent", "revision__token", field_id(), "lead_id", "lead__path"
        )
    )
    fields = fields_by_pk({row[4] for row in found})
    # The lead units as the change rule reads them (their path), without a query of their own.
    leads = {lead: OrgUnit(pk=lead, path=path) for *_row, lead, path in found if lead}
    tasks = [
        TaskLine(pk, plan, leads.get(lead), fields.get(field), status, percent)
        for pk, status, percent, _token, field, lead, _path in found
    ]
    html = cached_rows(
        "plan-task",
        today,
        {pk: token for pk, _status, _percent, token, *_rest in found},
        lambda pks: _render_rows(plan, pks, today),
    )
    changeable = changeable_tasks(user, tasks)
    viewable = ViewableUnitKeys(user)  # the units whose indicator pages the rows may link
    for task in tasks:
        task.row = gated_keys(gated(html[task.pk], task.pk in changeable), viewable)
    return tasks


def _render_rows(plan, pks: list[int], today) -> dict[int, str]:
    tasks = _full_tasks(plan, pks, today)
    targets = Target.objects.filter(task__in=pks).select_related("plan")
    assessments = by_task(assess_targets(targets, today))
    return {
        task.pk: render_to_string(
            "plans/_task_row.html",
            {"task": task, "assessments": assessments.get(task.pk, []), "gate": GATE},
        )
        for task in tasks
    }


def _full_tasks(plan, pks: list[int], today) -> list[Task]:
    """Those of the plan's tasks, their state as of `today`, with all their rows show (not
    their component: the group heading shows it)."""
    tasks = (
        plan.tasks.filter(pk__in=pks)
        .with_state(today)
        .select_related("lead")
        .prefetch_related(
            Prefetch("coordinators", queryset=OrgUnit.objects.only("id", "name", "short_name"))
        )
        .order_by("order", "pk")
    )
    return attach_child_counts(list(tasks), today)


def cascade_units(user, plan) -> list[OrgUnit]:
    """Units the user may make a plan for that have tasks in `plan` (not its issuer)."""
    if user.unit is None:
        return []
    candidates = [user.unit] if can_change_unit(user, user.unit) else []
    return [u for u in candidates if u.pk != plan.issuer_id and tasks_concerning(plan, u).exists()]


@login_required
@require_POST
def plan_cascade(request, pk: int):
    """Create the user's unit's own plan from this one, in one step."""
    parent = get_plan_for_user(request.user, pk)
    units = cascade_units(request.user, parent)
    unit = next((u for u in units if str(u.pk) == request.POST.get("unit")), None)
    if unit is None:
        raise Http404
    with acting_user(request.user):
        plan = cascade_plan(parent, unit, request.user)
    messages.success(
        request,
        _("Đã tạo kế hoạch dự thảo của %(unit)s với %(count)d nhiệm vụ từ kế hoạch cấp trên.")
        % {"unit": unit.name, "count": plan.tasks.count()},
    )
    return redirect(plan)


@login_required
def plan_appendix(request, pk: int):
    """The plan's task appendix as a Word table, in the layout units exchange."""
    plan = get_plan_for_user(request.user, pk)
    response = HttpResponse(
        appendix_docx(plan),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = slugify(search_key(plan.number or plan.title))[:60] or "ke-hoach"
    response["Content-Disposition"] = f'attachment; filename="phu-luc-{name}.docx"'
    return response


@login_required
def plan_edit(request, pk: int):
    plan = get_plan_for_user(request.user, pk, change=True)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect(plan)
    return render(request, "plans/plan_form.html", {"plan": plan, "form": form})


@login_required
def task_edit(request, pk: int):
    task: Task = get_task_for_user(request.user, pk, change=True)
    units = visible_units(request.user).current().order_by("path")
    form = TaskForm(request.POST or None, instance=task, units=units)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu nhiệm vụ."))
        return redirect(task.plan.get_absolute_url() + f"#task-{task.pk}")
    context = {"task": task, "form": form, "status_form": _status_form(request.user, task)}
    return render(request, "plans/task_form.html", context)


def _status_form(user, task: Task, data=None) -> StatusCorrectionForm | None:
    """The correction form, for the plan's owner only."""
    if not can_change_plan(user, task.plan):
        return None
    initial = {"status": task.status, "manual_percent": task.manual_percent}
    return StatusCorrectionForm(data, initial=initial, prefix="correction")


@login_required
@require_POST
def task_status(request, pk: int):
    """The plan owner corrects a task's status outside the reviewed progress."""
    task: Task = get_task_for_user(request.user, pk, change=True)
    form = _status_form(request.user, task, request.POST)
    if form is None:
        raise Http404
    if not form.is_valid():
        context = {"task": task, "form": None, "status_form": form}
        return render(request, "plans/task_form.html", context, status=400)
    with acting_user(request.user):
        data = form.cleaned_data
        correct_status(task, data["status"], data["manual_percent"], data["status_note"])
    messages.success(request, _("Đã đính chính tình trạng nhiệm vụ."))
    return redirect(task.plan.get_absolute_url() + f"#task-{task.pk}")
