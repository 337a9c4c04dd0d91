"""Indicator pages: a unit's indicators, its late dossiers without an apology letter, the
breakdown by procedure; the upload of exports and the progress of each import."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from chiso.indicators.catalog import INDICATORS, Source
from chiso.lib.htmx import page_or_partial
from chiso.lib.periods import Period, PeriodError, parse_period, year_period
from chiso.org.access import (
    can_view_unit,
    get_unit_for_user,
    scope_root,
    visible_units,
    work_unit,
)
from chiso.org.models import OrgUnit
from chiso.vietnamese.search import matching

from . import exports, queries
from .access import can_import, errors_path, get_import_for_user, imports_for
from .columns import COLUMNS
from .forms import ImportForm
from .models import IndicatorValue, PeriodKind
from .tasks import queue_import
from .unit_values import latest_period, unit_indicators

RECENT_IMPORTS = 10
SEARCHED_IMPORTS = 2000  # the latest, where a search looks
RESULTS_SHOWN = 50
EXPORT_ROWS = 1_000_000  # an export is the whole list


@login_required
def index(request):
    """To a unit's indicators: the one picked (`?unit=`), else the unit the user works for
    (the province for its coordinators)."""
    user = request.user
    picked = request.GET.get("unit", "")
    if picked.isdigit():
        unit = get_unit_for_user(user, int(picked))
    elif (unit := work_unit(user)) is None or not can_view_unit(user, unit):
        unit = scope_root(user) or visible_units(user).filter(parent__isnull=True).first()
    if unit is None:
        raise Http404
    query = QueryDict(mutable=True)
    query.update({k: request.GET[k] for k in ("kind", "period") if request.GET.get(k)})
    url = reverse("metrics:unit", args=[unit.pk])
    return redirect(f"{url}?{query.urlencode()}" if query else url)


@login_required
def unit_page(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    wanted = _wanted_period(request)
    kind = request.GET.get("kind", "")
    if wanted is not None and wanted.kind in PeriodKind.values:
        kind = wanted.kind
    elif kind not in PeriodKind.values:
        kind = PeriodKind.QUARTER
    figures = unit_indicators(unit, kind, wanted, timezone.localdate())
    context = {
        "unit": unit,
        "figures": figures,
        "kinds": PeriodKind.choices,
        "units": _picker_units(request.user, unit),
        "can_import": can_import(request.user),
    }
    return render(request, "metrics/unit.html", context)


def _picker_units(user, unit: OrgUnit) -> list[OrgUnit]:
    """The visible units that have indicator values, and the unit shown."""
    has_values = Exists(IndicatorValue.objects.filter(unit=OuterRef("pk")))
    units = visible_units(user).filter(has_values).select_related("parent").order_by("path")
    found = list(units)
    return found if any(u.pk == unit.pk for u in found) else [unit, *found]


@login_required
def late_without_apology(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    period = _period(request, unit)
    units = dict(OrgUnit.objects.subtree(unit).values_list("code", "name"))
    if request.GET.get("format") == "xlsx":
        page = queries.late_without_apology(units, period, 1, per_page=EXPORT_ROWS)
        return exports.late_dossiers(unit, period, page.object_list)
    page = queries.late_without_apology(units, period, request.GET.get("page"))
    return render(request, "metrics/late.html", _list_context(unit, period, page))


@login_required
def procedures(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    period = _period(request, unit)
    codes = list(OrgUnit.objects.subtree(unit).values_list("code", flat=True))
    if request.GET.get("format") == "xlsx":
        page = queries.procedure_breakdown(codes, period, 1, per_page=EXPORT_ROWS)
        return exports.procedures(unit, period, page.object_list)
    page = queries.procedure_breakdown(codes, period, request.GET.get("page"))
    context = {
        **_list_context(unit, period, page),
        "indicators": [INDICATORS[code] for code in queries.PROCEDURE_INDICATORS],
    }
    return render(request, "metrics/procedures.html", context)


def _wanted_period(request) -> Period | None:
    """The period of the query string (`?period=2025-M9`: any code), if it names one."""
    try:
        return parse_period(request.GET.get("period", ""))
    except PeriodError:
        return None


def _period(request, unit: OrgUnit) -> Period:
    """The period asked for, else the unit's latest year with values, else this year."""
    return _wanted_period(request) or latest_period(unit) or year_period(timezone.localdate().year)


def _list_context(unit: OrgUnit, period: Period, page) -> dict:
    codes = (
        IndicatorValue.objects.filter(unit=unit)
        .order_by("kind", "-start")
        .values_list("kind", "period")
        .distinct()
    )
    choices: dict[str, list[tuple[str, str]]] = {}
    for kind, code in codes:
        choices.setdefault(kind, []).append((code, parse_period(code).label))
    return {
        "unit": unit,
        "period": period,
        "period_label": period.label,
        "period_choices": [
            (label, choices[kind]) for kind, label in PeriodKind.choices if kind in choices
        ],
        "page": page,
        "pager_query": QueryDict(f"period={period.code}"),
    }


@login_required
def imports(request):
    """Upload an export; the recent imports the user may read."""
    if not can_import(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = queue_import(
            form.cleaned_data["file"],
            form.cleaned_data["kind"],
            skip_invalid=form.cleaned_data["skip_invalid"],
            mapping=form.cleaned_data["mapping"],
            user=request.user,
        )
        return redirect("metrics:import", pk=record.pk)
    query = request.GET.get("q", "").strip()[:200]
    recent = imports_for(request.user)
    if query:  # a name, a person or a kind, written with or without accents
        found = matching(
            recent[:SEARCHED_IMPORTS],
            query,
            lambda i: (i.name, i.get_kind_display(), i.created_by and i.created_by.display_name),
        )
    else:
        found = recent[:RECENT_IMPORTS]
    context = {
        "form": form,
        "query": query,
        "recent": found[:RESULTS_SHOWN] if query else found,
        "columns": [(label, COLUMNS[kind]) for kind, label in Source.choices],
    }
    return render(request, "metrics/imports.html", context)


@login_required
def import_detail(request, pk: int):
    """An import's progress, polled by htmx while it runs; its outcome and bad rows."""
    record = get_import_for_user(request.user, pk)
    context = {"record": record, "has_errors_file": errors_path(record) is not None}
    template = page_or_partial(request, "metrics/import.html", "metrics/_import_status.html")
    return render(request, template, context)


@login_required
def import_errors(request, pk: int):
    """The full list of an import's bad rows, for those who may read the import."""
    record = get_import_for_user(request.user, pk)
    path = errors_path(record)
    if path is None:
        raise Http404
    name = f"{Path(record.name).stem}.{path.name.rsplit('.', 2)[-2]}.csv"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
