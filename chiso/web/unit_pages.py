"""Unit pages: the visible tree (searchable) and a unit with its tasks, plans and history."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from chiso.lib.htmx import page_or_partial
from chiso.org.access import can_view_unit, get_unit_for_user, visible_units
from chiso.org.models import OrgUnit, UnitKind
from chiso.plans.access import plans_for
from chiso.plans.overview import task_overview
from chiso.vietnamese.text import search_key

UNITS_PER_PAGE = 50


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
    page = Paginator(units.order_by("path"), UNITS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_child_counts(list(page.object_list))
    context = {"page": page, "query": query, "kind": kind, "kinds": UnitKind.choices}
    template = page_or_partial(request, "org/unit_list.html", "org/_unit_rows.html")
    return render(request, template, context)


def with_child_counts(units: list[OrgUnit]) -> list[OrgUnit]:
    counts = dict(
        OrgUnit.objects.filter(parent__in=units)
        .current()
        .values("parent")
        .annotate(n=Count("pk"))
        .values_list("parent", "n")
        .order_by()
    )
    for unit in units:
        unit.child_count = counts.get(unit.pk, 0)
    return units


@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    ancestors = [a for a in unit.ancestors().order_by("path") if can_view_unit(request.user, a)]
    context = {
        **task_overview(unit, today.year, today, shown=10),
        "unit": unit,
        "ancestors": ancestors,
        "children": unit.children.order_by("order", "name"),
        "plans": plans_for(request.user)
        .filter(issuer=unit)
        .only("title", "number", "year", "status")
        .order_by("-year", "-issue_date")[:20],
        "changes_in": unit.changes_in.prefetch_related("predecessors"),
        "changes_out": unit.changes_out.prefetch_related("successors"),
        "today": today,
    }
    return render(request, "org/unit_detail.html", context)
