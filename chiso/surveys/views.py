"""The survey pages for officers: the rounds and questionnaires, a round (its progress per
unit, live), creating and editing a round with its targets, the review of flagged
responses, imports of response files."""

from pathlib import Path
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, TextField
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.lib.htmx import page_or_partial
from chiso.lib.periods import parse_period
from chiso.metrics.access import errors_path
from chiso.org.models import OrgUnit

from . import poster, sampling
from .access import can_manage_surveys, get_import_for_user, get_round, get_round_unit, viewable_ids
from .answers import criteria
from .forms import ResponsesUploadForm, RoundForm
from .indices import FORMULAS, INTERVAL, is_stale, note_change
from .models import Flag, Questionnaire, Response, ReviewState, RoundUnit, SurveyRound
from .responding import review
from .results import round_progress
from .screens import Form
from .tasks import queue_import

RESPONSES_PER_PAGE = 50


def _manager(request) -> None:
    if not can_manage_surveys(request.user):
        raise Http404


@login_required
def index(request):
    """The rounds, newest first, and the questionnaires by year."""
    # Meta.ordering does not apply to a query that groups (annotate): ordered here.
    rounds = (
        SurveyRound.objects.select_related("questionnaire")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("-start", "code")
    )
    questionnaires = Questionnaire.objects.annotate(round_count=Count("rounds")).order_by(
        "-year", "kind", "-version"
    )
    context = {
        "rounds": rounds,
        "questionnaires": questionnaires,
        "can_manage": can_manage_surveys(request.user),
    }
    return render(request, "surveys/index.html", context)


@login_required
def round_page(request, code: str):
    """A round: its units with their responses against the target, refreshed while open."""
    round = get_round(code)
    progress = round_progress(round)
    flagged = sum(p.flagged for p in progress)
    context = {
        "round": round,
        "progress": progress,
        "flagged": flagged,
        "counted": sum(p.counted for p in progress),
        "target": sum(p.target or 0 for p in progress),
        "can_manage": can_manage_surveys(request.user),
        "viewable": viewable_ids(request.user, [p.round_unit.unit_id for p in progress]),
        "stale": is_stale(round),
        "formulas": FORMULAS,
        "interval": INTERVAL,
        "sample_formula": sampling.FORMULA,
    }
    template = page_or_partial(request, "surveys/round.html", "surveys/_progress.html")
    return render(request, template, context)


@login_required
def round_form(request, code: str | None = None):
    """Create a round, or change one: its questionnaire, period, channels, units."""
    _manager(request)
    round = get_round(code) if code else None
    form = RoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            period = parse_period(saved.period)
            saved.start, saved.end = period.start, period.end
            if round is None:
                saved.created_by = request.user
            saved.save()
            wanted = {u.pk for u in form.chosen_units()}
            if form.cleaned_data.get("units") is not None and round is not None:
                kept = set(form.cleaned_data["units"].values_list("pk", flat=True)) | wanted
                _drop_units(saved, kept)
            existing = set(saved.units.values_list("unit_id", flat=True))
            RoundUnit.objects.bulk_create(
                [RoundUnit(round=saved, unit_id=pk) for pk in wanted - existing]
            )
            note_change(saved)  # its units and their ranking may have changed
        messages.success(request, _("Đã lưu đợt khảo sát %(name)s.") % {"name": saved.name})
        return redirect(saved)
    return render(request, "surveys/round_form.html", {"form": form, "round": round})


def _drop_units(round: SurveyRound, kept: set[int]) -> None:
    """Remove the units no longer chosen, unless they already have responses."""
    answered = set(Response.objects.filter(round=round).values_list("unit_id", flat=True))
    round.units.exclude(unit_id__in=kept | answered).delete()


@login_required
def targets(request, code: str):
    """Each unit's target sample: typed in, or computed from its dossiers."""
    _manager(request)
    round = get_round(code)
    units = list(round.units.select_related("unit").order_by("unit__order", "unit__name"))
    if request.method == "POST":
        if request.POST.get("compute"):
            for round_unit in units:  # computed again: the typed-in ones too
                round_unit.target_computed = True
            RoundUnit.objects.bulk_update(units, ["target_computed"])
            computed, missing = sampling.compute_targets(round)
            note_change(round)  # which values fall short of their target
            messages.success(
                request,
                _("Đã tính số phiếu cần thu cho %(n)s đơn vị; %(m)s đơn vị chưa có số liệu hồ sơ.")
                % {"n": computed, "m": missing},
            )
            return redirect("surveys:targets", round.code)
        errors = _save_targets(request.POST, units)
        if not errors:
            messages.success(request, _("Đã lưu số phiếu cần thu."))
            return redirect(round)
        for error in errors:
            messages.error(request, error)
    context = {"round": round, "units": units, "formula": sampling.FORMULA}
    return render(request, "surveys/targets.html", context)


def _save_targets(data, units: list[RoundUnit]) -> list[str]:
    errors, changed = [], []
    for round_unit in units:
        raw = (data.get(f"target-{round_unit.pk}") or "").strip()
        if raw == ("" if round_unit.target is None else str(round_unit.target)):
            continue
        if raw and not raw.isdigit():
            errors.append(
                _("%(unit)s: số phiếu cần thu “%(value)s” phải là số nguyên không âm.")
                % {"unit": round_unit.unit.display_name, "value": raw}
            )
            continue
        round_unit.target = int(raw) if raw else None
        round_unit.target_computed = False
        changed.append(round_unit)
    if not errors and changed:
        RoundUnit.objects.bulk_update(changed, ["target", "target_computed"])
        note_change(units[0].round)  # which values fall short of their target
    return errors


@login_required
def responses(request, code: str):
    """The round's responses to review: flagged first by default; accept or exclude several
    at once."""
    _manager(request)
    round = get_round(code)
    state = request.GET.get("state", ReviewState.FLAGGED)
    unit = request.GET.get("unit", "")
    found = _filtered(round, request.GET)
    page = Paginator(found, RESPONSES_PER_PAGE).get_page(request.GET.get("page"))
    counts = dict(Response.objects.filter(round=round).values_list("state").annotate(n=Count("pk")))
    context = {
        "round": round,
        "page": page,
        "state": state,
        "states": ReviewState.choices,
        "counts": counts,
        "flags": dict(Flag.choices),
        "units": OrgUnit.objects.filter(survey_rounds__round=round).order_by("order", "name"),
        "unit": unit,
    }
    return render(request, "surveys/responses.html", context)


def _filtered(round: SurveyRound, params):
    """The round's responses that the list's filters keep: state (flagged unless said),
    unit, flag; newest first."""
    found = Response.objects.filter(round=round).select_related("unit").order_by("-created_at")
    state = params.get("state", ReviewState.FLAGGED)
    if state in ReviewState.values:
        found = found.filter(state=state)
    unit = params.get("unit", "")
    if unit.isdigit():
        found = found.filter(unit_id=int(unit))
    flag = params.get("flag", "")
    if flag in Flag.values:
        found = found.annotate(flag_text=Cast("flags", TextField())).filter(
            flag_text__contains=f'"{flag}"'
        )
    return found


@login_required
def response_detail(request, code: str, pk: int):
    """One response as it was answered, question by question, to judge it."""
    _manager(request)
    round = get_round(code)
    response = Response.objects.filter(round=round, pk=pk).select_related("unit").first()
    if response is None:
        raise Http404
    form = Form.of(round.questionnaire)
    rows = []
    for screen in form.screens:
        for question in screen.questions:
            value = response.answers.get(question.code)
            if value is None or value == [] or value == "":
                continue
            names = dict(form.choices.get(question.list_name, []))
            shown = [
                names.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value])
            ]
            rows.append((question, ", ".join(shown)))
    context = {"round": round, "response": response, "rows": rows, "flags": dict(Flag.choices)}
    return render(request, "surveys/response.html", context)


@login_required
@require_POST
def review_responses(request, code: str):
    """Accept, flag or exclude the ticked responses."""
    _manager(request)
    round = get_round(code)
    state = request.POST.get("state", "")
    if state not in ReviewState.values:
        raise Http404
    back = request.POST.get("next") or ""
    if request.GET.get("scope") == "filtered":  # every response the list's filters keep
        filters = QueryDict(urlsplit(back).query)
        chosen = _filtered(round, filters).select_related("round")
    else:
        ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
        chosen = Response.objects.filter(round=round, pk__in=ids).select_related("round")
    changed, refused = review(chosen, state, request.user)
    if changed:
        messages.success(
            request,
            _("Đã chuyển %(n)s phiếu sang “%(state)s”.")
            % {"n": changed, "state": ReviewState(state).label},
        )
    for response in refused:
        messages.error(
            request,
            _("Phiếu #%(pk)s không thể tính: mã hồ sơ %(code)s đã có phiếu khác được tính.")
            % {"pk": response.pk, "code": response.dossier_code},
        )
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("surveys:responses", args=[round.code])
    return redirect(back)


@login_required
def imports(request, code: str):
    """Upload a file of responses into the round; the round's imports."""
    _manager(request)
    round = get_round(code)
    form = ResponsesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = queue_import(
            form.cleaned_data["file"],
            round,
            skip_invalid=form.cleaned_data["skip_invalid"],
            channel=form.cleaned_data["channel"],
            user=request.user,
        )
        return redirect("surveys:import", record.pk)
    context = {
        "round": round,
        "form": form,
        "recent": round.imports.select_related("job", "created_by")[:20],
        "codes": [c.code for c in criteria(round.questionnaire)],
    }
    return render(request, "surveys/imports.html", context)


@login_required
def import_detail(request, pk: int):
    """An import's progress, polled while it runs; its outcome and bad rows."""
    record = get_import_for_user(request.user, pk)
    context = {"record": record, "has_errors_file": errors_path(record) is not None}
    template = page_or_partial(request, "surveys/import.html", "surveys/_import_status.html")
    return render(request, template, context)


@login_required
def import_errors(request, pk: int):
    record = get_import_for_user(request.user, pk)
    path = errors_path(record)
    if path is None:
        raise Http404
    name = f"{Path(record.name).stem}.{path.name.rsplit('.', 2)[-2]}.csv"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@login_required
def unit_link(request, code: str, unit: int):
    """The public link and poster of one unit, for those who print them."""
    round = get_round(code)
    round_unit = get_round_unit(round, unit)
    context = {"round": round, "ru": round_unit, "public_url": poster.public_url(round_unit)}
    return render(request, "surveys/unit_link.html", context)


@login_required
def qr(request, code: str, unit: int):
    round_unit = get_round_unit(get_round(code), unit)
    return HttpResponse(poster.qr_svg(round_unit), content_type="image/svg+xml")


@login_required
def poster_file(request, code: str, unit: int):
    """The unit's A4 poster with its QR code, as PDF."""
    round_unit = get_round_unit(get_round(code), unit)
    response = HttpResponse(poster.poster_pdf(round_unit), content_type="application/pdf")
    name = f"khao-sat-{round_unit.round.code}-{round_unit.unit.code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
