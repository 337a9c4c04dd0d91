"""Plan list, plan page, and the edit forms for a plan and a task."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.audit.recording import acting_user
from chiso.audit.versioning import cached, cached_html, data_version
from chiso.docimport.export import appendix_docx
from chiso.lib.htmx import wants_partial
from chiso.metrics.actuals import target_actuals
from chiso.org.access import can_change_unit, scope_key, visible_units
from chiso.org.models import OrgUnit
from chiso.vietnamese.text import nfc, search_key

from .access import can_change_plan, get_plan_for_user, get_task_for_user, plans_for
from .cascade import cascade_plan, tasks_concerning
from .forms import PlanForm, TaskForm
from .grouping import group_by_component
from .models import Plan, PlanStatus, Task
from .rollup import attach_child_counts, attach_task_counts, plan_summary

CHILD_PLANS_SHOWN = 50


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
    scope = scope_key(request.user)
    # The same for everyone with the same scope: rendered once per data version.
    key = hashlib.sha1(f"{filters.urlencode()}|{page}|{today}".encode()).hexdigest()
    rows = cached_html(
        f"plan-rows:{scope}:{key}",
        "plans/_plan_rows.html",
        lambda: _plan_rows_context(request.user, filters, page, today),
        request,
    )
    if wants_partial(request):
        return HttpResponse(rows)
    years = cached(
        f"plan-years:{scope}",
        lambda: list(
            plans_for(request.user).order_by("-year").values_list("year", flat=True).distinct()
        ),
        request,
    )
    context = {
        "rows": rows,
        "query": query,
        "year": year,
        "status": status,
        "years": years,
        "statuses": PlanStatus.choices,
    }
    return render(request, "plans/plan_list.html", context)


def _plan_rows_context(user, filters: QueryDict, page_number: str, today) -> dict:
    plans = (
        plans_for(user)
        .select_related("issuer")
        .defer("purposes", "requirements", "recipients", "report_schedule", "child_plans_due")
    )
    if query := filters.get("q"):
        plans = plans.filter(
            Q(title__icontains=query)
            | Q(number__icontains=query)
            | Q(issuer__name__icontains=query)
        )
    if year := filters.get("year"):
        plans = plans.filter(year=int(year))
    if status := filters.get("status"):
        plans = plans.filter(status=status)
    page = Paginator(plans.order_by("-year", "-issue_date", "-pk"), 25).get_page(page_number)
    page.object_list = attach_task_counts(list(page.object_list), today)
    return {"page": page, "pager_query": filters, "query": filters.get("q", "")}


@login_required
def plan_detail(request, pk: int):
    """The plan and its tasks by index component. The task table is rendered once per data
    version (see `chiso.audit.versioning`): a provincial plan's tasks roll up every unit's."""
    plan = get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    # The plan's own figures and lists, the same for everyone: kept per data version.
    shared = cached(f"plan-page:{plan.pk}:{today}", lambda: _plan_page_data(plan, today), request)
    context = {
        "plan": plan,
        **shared,
        "today": today,
        "data_version": data_version(request),
        "groups": lambda: group_by_component(plan_tasks(plan, today)),
        "can_change": can_change_plan(request.user, plan),
        "cascade_units": cached(
            f"cascade-units:{plan.pk}:{request.user.pk}",
            lambda: cascade_units(request.user, plan),
            request,
        ),
    }
    return render(request, "plans/plan_detail.html", context)


def _plan_page_data(plan: Plan, today) -> dict:
    targets = list(plan.targets.filter(task__isnull=True))
    return {
        **plan_summary(plan, today),
        "targets": targets,
        "actuals": target_actuals(targets, today),
        "references": list(plan.references.select_related("parent__issuer")),
        "children": list(
            plan.implemented_by.select_related("plan__issuer").order_by("plan__issuer__path")[
                :CHILD_PLANS_SHOWN
            ]
        ),
        "child_count": plan.implemented_by.count(),
    }


def plan_tasks(plan, today) -> list[Task]:
    tasks = (
        plan.tasks.select_related(
            "component__framework",
            "component__parent__framework",
            "component__parent__parent__framework",
            "lead",
        )
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
    return render(request, "plans/task_form.html", {"task": task, "form": form})
