"""Unit list (the visible tree, searchable) and unit page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from chiso.plans.access import plans_for
from chiso.plans.models import Task, TaskStatus
from chiso.vietnamese.text import search_key
from chiso.web.htmx import page_or_partial

from .access import can_view_unit, get_unit_for_user, visible_units
from .models import UnitKind, in_subtree


@login_required
def unit_list(request):
    units = visible_units(request.user).current().select_related("parent", "peer_group")
    query = request.GET.get("q", "").strip()
    if query:
        key = search_key(query)
        units = units.filter(Q(search_key__contains=key) | Q(code__icontains=query))
    kind = request.GET.get("kind", "")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    else:
        units = units.exclude(kind=UnitKind.DIVISION) if not query else units
    units = units.annotate(child_count=Count("children")).order_by("path")[:500]
    context = {"units": units, "query": query, "kind": kind, "kinds": UnitKind.choices}
    template = page_or_partial(request, "org/unit_list.html", "org/_unit_rows.html")
    return render(request, template, context)


@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    led = Task.objects.filter(in_subtree(unit, "lead__path"))  # the unit and its divisions
    done = [TaskStatus.DONE, TaskStatus.DONE_LATE]
    counts = led.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=done)),
        late=Count("pk", filter=Q(deadline_date__lt=today) & ~Q(status__in=done)),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
    )
    ancestors = [a for a in unit.ancestors().order_by("path") if can_view_unit(request.user, a)]
    related = ("plan", "lead")
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "children": unit.children.order_by("order", "name"),
        "plans": plans_for(request.user).filter(issuer=unit).order_by("-year", "-issue_date")[:20],
        "counts": counts,
        "late_tasks": led.late(today).select_related(*related).order_by("deadline_date")[:10],
        "due_tasks": led.due_within(today, 30)
        .select_related(*related)
        .order_by("deadline_date")[:10],
        "changes_in": unit.changes_in.prefetch_related("predecessors"),
        "changes_out": unit.changes_out.prefetch_related("successors"),
        "today": today,
    }
    return render(request, "org/unit_detail.html", context)
