"""The pages of official results: the imported tables, a year's ranking (by block for the
province's own units), a province's or unit's results over the years, and the import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.lib.uploads import uploaded_path
from chiso.metrics.reading import FileError
from chiso.org.models import PeerGroup

from .access import can_run_scoring, can_score
from .forms import ResultsImportForm, WindowForm
from .models import Assessment, AssessmentState, ResultScope, ResultSet, Scheme, Window
from .rankings import NoResults, component_names, ranking, result_set
from .results_file import ResultsRefused
from .results_import import import_results
from .trends import trend

SCOPES = {scope.value for scope in ResultScope}


@login_required
def index(request, form: ResultsImportForm | None = None, refused: ResultsRefused | None = None):
    """The imported results by year, and the import for the secretariat."""
    sets = (
        ResultSet.objects.select_related("window")
        .annotate(entry_count=Count("entries"))
        .order_by("-year", "index", "scope")
    )
    allowed = can_run_scoring(request.user)
    windows = Window.objects.select_related("scheme__framework", "block").annotate(
        units=Count("assessments"),
        final=Count("assessments", filter=Q(assessments__state=AssessmentState.FINAL)),
        submitted=Count("assessments", filter=~Q(assessments__state=AssessmentState.DRAFT)),
    )
    mine = []
    if request.user.unit_id:  # the assessments of the user's unit and of the units above it
        units = [*request.user.unit.ancestor_ids(), request.user.unit_id]
        found = Assessment.objects.filter(unit_id__in=units).select_related(
            "window__scheme__framework", "unit"
        )
        mine = [a for a in found.order_by("-pk") if can_score(request.user, a)]
    context = {
        "sets": sets,
        "form": (form or ResultsImportForm()) if allowed else None,
        "refused": refused,
        "windows": windows,
        "mine": mine,
        "window_form": WindowForm() if can_run_scoring(request.user) else None,
        "schemes": Scheme.objects.select_related("framework").order_by(
            "-framework__year", "framework__code"
        ),
        "can_load_scheme": can_run_scoring(request.user),
    }
    return render(request, "scoring/index.html", context, status=400 if refused else 200)


@login_required
@require_POST
def import_view(request):
    if not can_run_scoring(request.user):
        raise Http404
    form = ResultsImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return index(request, form)
    upload = form.cleaned_data["file"]
    data = form.cleaned_data
    with uploaded_path(upload) as path:
        try:
            found = import_results(path, data["index"], data["year"], data["scope"], request.user)
        except ResultsRefused as error:
            return index(request, form, error)
        except FileError as error:
            form.add_error("file", str(error))
            return index(request, form)
    messages.success(
        request,
        _("Đã nhập kết quả %(index)s năm %(year)s: %(n)s dòng.")
        % {"index": data["index"], "year": data["year"], "n": found.entries},
    )
    for d in found.disagreements:
        messages.warning(
            request,
            _("Dòng %(line)s, “%(name)s”: bảng ghi hạng %(published)s, chiso xếp hạng %(ours)s.")
            % {
                "line": d.line,
                "name": d.name,
                "published": d.published,
                "ours": d.ours if d.ours is not None else _("không xếp hạng (thiếu điểm)"),
            },
        )
    return redirect("scoring:ranking", data["index"], data["year"], data["scope"])


@login_required
def ranking_page(request, index: str, year: int, scope: str):
    """A year's ranking: chart and table; a block's units when one is chosen."""
    if scope not in SCOPES:
        raise Http404
    try:
        results = result_set(index, year, scope)
    except NoResults:
        raise Http404 from None
    blocks = []
    if scope == ResultScope.UNITS:
        blocks = list(PeerGroup.objects.filter(units__resultentry__result_set=results).distinct())
    block = next((b for b in blocks if b.code == request.GET.get("block")), None)
    entries = ranking(index, year, scope, block.code if block else None)
    scored = [e for e in entries if e.score is not None]
    maximum = results.framework.max_points if results.framework else None
    chart = {
        "labels": [e.entry.written_name for e in scored],
        "values": [float(e.score) for e in scored],
    }
    if maximum:
        chart["max"] = float(maximum)
    context = {
        "results": results,
        "entries": entries,
        "blocks": blocks,
        "block": block,
        "chart": chart,
        "chart_height": 60 + 22 * len(scored),
        "has_groups": any(e.group for e in entries),
        "has_published_ranks": any(e.entry.published_rank for e in entries),
        "component_names": component_names(results),
        "trend_base": reverse("scoring:trend", args=[index, scope, "_"])[:-2],
    }
    return render(request, "scoring/ranking.html", context)


@login_required
def trend_page(request, index: str, scope: str, key: str):
    """A province's or unit's results of an index over the years."""
    if scope not in SCOPES:
        raise Http404
    try:
        years = trend(index.upper(), scope, key)
    except KeyError:  # no such province
        raise Http404 from None
    if not years:
        raise Http404
    codes = list(dict.fromkeys(code for y in years for code in y.components))
    names = component_names(result_set(index, years[-1].year, scope))
    context = {
        "index": index.upper(),
        "scope": scope,
        "name": next((y.name for y in reversed(years) if y.own), years[-1].name),
        "years": years,
        "columns": [(code, names.get(code, code)) for code in codes],
        # a rank over the years needs two of them: one is a lone dot on the axis
        "rank_chart": {
            "labels": [str(y.year) for y in years],
            "values": [y.rank for y in years],
        }
        if sum(y.rank is not None for y in years) >= 2
        else None,
    }
    return render(request, "scoring/trend.html", context)
