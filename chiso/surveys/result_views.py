"""The survey results pages: the province's comparison of its units (table, chart, Excel,
Word summary) and one unit's results (components against the province and last year, the
weakest criteria, the comments)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.lib.fragments import cached_rows, gated_keys
from chiso.lib.xlsx import table_response
from chiso.org.models import PeerGroup

from . import summary_docx
from .access import can_view_results, get_round, get_round_unit, viewable_ids
from .answers import components
from .choice_counts import choice_counts
from .comments import comments
from .indices import FORMULAS, INTERVAL, is_stale
from .results import comparison, level_figures, unit_results

COMMENTS_PER_PAGE = 20


def _block(request, round) -> PeerGroup | None:
    picked = request.GET.get("block", "")
    if not picked.isdigit():
        return None
    return PeerGroup.objects.filter(pk=int(picked)).first()


@login_required
def results(request, code: str):
    """Every unit of the round ranked by its index, with the blocks and the province."""
    round = get_round(code)
    block = _block(request, round)
    parts = components(round.questionnaire)
    if request.GET.get("format") in ("xlsx", "docx"):
        if request.GET["format"] == "docx":
            return _summary(round)
        return _comparison_xlsx(round, parts, comparison(round, block.pk if block else None, parts))
    ranking = _ranking(request, round, block, parts)
    context = {
        "round": round,
        "parts": parts,
        "ranking": gated_keys(ranking, {f"u{pk}" for pk in _viewable_in(request.user, round)}),
        "levels": level_figures(round, parts),
        "blocks": PeerGroup.objects.filter(
            pk__in=round.units.values("unit__peer_group_id")
        ).order_by("name"),
        "block": block,
        "formulas": FORMULAS,
        "interval": INTERVAL,
        "stale": is_stale(round),
    }
    return render(request, "surveys/results.html", context)


def _ranking(request, round, block: PeerGroup | None, parts) -> str:
    """The ranking's chart and table, rendered once for each state of the round's indices
    (and block, language, day) and kept: every unit's link between gate marks."""
    version = f"{round.pk}:{block.pk if block else ''}:{round.indices_at}:{round.changed_at}"

    def render_ranking(_keys) -> dict[int, str]:
        rows = comparison(round, block.pk if block else None, parts)
        chart = {
            "labels": [r.unit.display_name for r in rows if r.index],
            "values": [float(r.index.value) for r in rows if r.index],
        }
        context = {
            "round": round,
            "rows": rows,
            "parts": parts,
            "chart": chart,
            "chart_height": 60 + 22 * len(chart["values"]),  # a bar per unit, readable
            "unit_base": reverse("surveys:results", args=[round.code]),
        }
        return {0: render_to_string("surveys/_ranking.html", context, request)}

    return cached_rows("survey-ranking", timezone.localdate(), {0: version}, render_ranking)[0]


def _viewable_in(user, round) -> set[int]:
    return viewable_ids(user, list(round.units.values_list("unit_id", flat=True)))


def _comparison_xlsx(round, parts, rows) -> HttpResponse:
    index = round.questionnaire.index_code
    headers = [
        _("Hạng"),
        _("Đơn vị"),
        _("Số phiếu (n)"),
        _("Số phiếu cần thu"),
        f"{index} (%)",
        _("Cận dưới 95 %"),
        _("Cận trên 95 %"),
        *[f"{p.code} (%)" for p in parts],
    ]
    data = [
        [
            r.rank,
            r.unit.name,
            r.index.n if r.index else None,
            r.target,
            r.index.value if r.index else None,
            r.index.low if r.index else None,
            r.index.high if r.index else None,
            *[f.value if f else None for _part, f in r.components],
        ]
        for r in rows
    ]
    return table_response(f"ket-qua-{round.code}", round.name, headers, data)


def _summary(round) -> HttpResponse:
    content = summary_docx.summary(round)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="tong-hop-{round.code}.docx"'
    return response


@login_required
def unit_page(request, code: str, unit: int):
    """A unit's results in the round."""
    round = get_round(code)
    round_unit = get_round_unit(round, unit)
    if not can_view_results(request.user, round_unit.unit):
        raise Http404
    figures = unit_results(round, round_unit.unit)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Mã"),
            _("Nội dung"),
            _("Số trả lời (n)"),
            _("Giá trị (%)"),
            _("Cận dưới 95 %"),
            _("Cận trên 95 %"),
            _("Chưa đủ mẫu"),
        ]
        data = [
            [f.code, f.label, f.n, f.value, f.low, f.high, _("có") if f.below_target else ""]
            for f in [
                *([figures.index] if figures.index else []),
                *[c.unit for c in figures.components if c.unit],
                *figures.criteria,
            ]
        ]
        return table_response(
            f"ket-qua-{round.code}-{round_unit.unit.code}",
            f"{round_unit.unit.name} · {round.name}",
            headers,
            data,
        )
    previous = figures.previous
    chart = {
        "labels": [c.component.code for c in figures.components],
        "names": [c.component.label for c in figures.components],
        "series": [
            {
                "name": round_unit.unit.display_name,
                "values": [float(c.unit.value) if c.unit else None for c in figures.components],
            },
            {
                "name": _("Toàn tỉnh"),
                "values": [
                    float(c.province.value) if c.province else None for c in figures.components
                ],
            },
        ]
        + (
            [
                {
                    "name": str(previous.questionnaire.year),
                    "values": [
                        float(c.last_year.value) if c.last_year else None
                        for c in figures.components
                    ],
                }
            ]
            if previous
            else []
        ),
    }
    context = {
        "round": round,
        "ru": round_unit,
        "figures": figures,
        "chart": chart,
        "formulas": FORMULAS,
        "interval": INTERVAL,
        "stale": is_stale(round),
    }
    return render(request, "surveys/unit_results.html", context)


@login_required
def choices_part(request, code: str, unit: int | None = None):
    """The choice questions ranked, for the round or one unit: loaded after the page (they
    read every response's answers)."""
    round = get_round(code)
    found = None
    if unit is not None:
        found = get_round_unit(round, unit).unit
        if not can_view_results(request.user, found):
            raise Http404
    context = {"choice_questions": choice_counts(round, found)}
    return render(request, "surveys/_choice_counts.html", context)


@login_required
def comments_part(request, code: str, unit: int):
    """A unit's comments, searched and paged: loaded after the page (imported files are read
    for them)."""
    round = get_round(code)
    round_unit = get_round_unit(round, unit)
    if not can_view_results(request.user, round_unit.unit):
        raise Http404
    query = request.GET.get("q", "").strip()[:200]
    found = comments(round, round_unit.unit, query)
    page = Paginator(found, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"round": round, "ru": round_unit, "page": page, "query": query}
    return render(request, "surveys/_comments.html", context)
