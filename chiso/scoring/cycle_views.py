"""The pages of the scoring cycle: the windows, a window's units and results (with the
publication), a unit's assessment (scores, evidence, the council's review, answers, history)
and each step's form. Every step is a POST that goes back to the page it came from."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.lib.uploads import uploaded_path
from chiso.metrics.reading import FileError

from . import cycle
from .access import (
    can_appraise,
    can_run_scoring,
    can_score,
    can_submit,
    can_view_assessment,
    get_assessment_for_user,
    get_window,
    is_council,
)
from .evidence_links import cited, link_options
from .forms import (
    CouncilForm,
    EvidenceForm,
    PointsForm,
    PublishForm,
    SurveyPointsForm,
    WindowForm,
)
from .models import AssessmentState, EventKind, Part
from .results_file import ResultsRefused
from .survey_points import has_survey_part, import_survey_points
from .totals import subtotals, total
from .window_results import lines_of, shows_percent, window_results


@login_required
@require_POST
def open_window(request):
    if not can_run_scoring(request.user):
        raise Http404
    form = WindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("scoring:index")
    data = form.cleaned_data
    window = cycle.open_window(
        data["scheme"], data["block"], data["opens_on"], data["closes_at"], data["answers_until"]
    )
    return redirect("scoring:window", window.pk)


@login_required
def window_page(request, pk: int, survey_form=None, refused=None):
    window = get_window(pk)
    secretariat = can_run_scoring(request.user)
    council = secretariat or is_council(request.user, window)
    results = window_results(window)
    viewable = {r.assessment.pk for r in results if can_view_assessment(request.user, r.assessment)}
    if not council and window.published_at is None:  # a unit's own line until published
        results = [r for r in results if r.assessment.pk in viewable]
    context = {
        "window": window,
        "results": results,
        "viewable": viewable,
        "council": council,
        "publish_form": PublishForm() if secretariat and not window.published_at else None,
        "members": window.council.select_related("unit").order_by("unit__path", "last_name"),
        "council_form": CouncilForm(initial={"members": window.council.all()})
        if secretariat and not window.published_at
        else None,
        "survey_form": (survey_form or SurveyPointsForm())
        if council and not window.published_at and has_survey_part(window)
        else None,
        "refused": refused,
        "show_percent": shows_percent(window),
        "final": all(r.assessment.state == AssessmentState.FINAL for r in results),
    }
    return render(request, "scoring/window.html", context, status=400 if refused else 200)


@login_required
@require_POST
def survey_points(request, pk: int):
    """The council enters the window's survey points from a table."""
    window = get_window(pk)
    if not is_council(request.user, window):
        raise Http404
    form = SurveyPointsForm(request.POST, request.FILES)
    if not form.is_valid():
        return window_page(request, pk, survey_form=form)
    with uploaded_path(form.cleaned_data["file"]) as path:
        try:
            found = import_survey_points(
                window,
                path,
                path.parent,
                request.user,
                may_enter=lambda assessment: can_appraise(request.user, assessment),
            )
        except ResultsRefused as error:
            return window_page(request, pk, survey_form=form, refused=error)
        except FileError as error:
            form.add_error("file", str(error))
            return window_page(request, pk, survey_form=form)
    messages.success(
        request,
        _("Đã nhập điểm điều tra: %(scores)s điểm của %(units)s đơn vị.")
        % {"scores": found.scores, "units": found.units},
    )
    return redirect("scoring:window", pk)


@login_required
@require_POST
def publish(request, pk: int):
    window = get_window(pk)
    if not can_run_scoring(request.user):
        raise Http404
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            cycle.publish(
                window, form.cleaned_data["number"], form.cleaned_data["day"], request.user
            )
            messages.success(request, _("Đã công bố kết quả."))
        except cycle.CycleError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("scoring:window", pk)


@login_required
@require_POST
def council(request, pk: int):
    """Name the window's council members (none: the secretariat appraises)."""
    window = get_window(pk)
    if not can_run_scoring(request.user) or window.published_at:
        raise Http404
    form = CouncilForm(request.POST)
    if form.is_valid():
        window.council.set(form.cleaned_data["members"])
        messages.success(request, _("Đã cập nhật hội đồng thẩm định."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("scoring:window", pk)


@login_required
def assessment_page(request, pk: int):
    assessment = get_assessment_for_user(request.user, pk)
    scores = cycle.scores_of(assessment)
    lines = lines_of(scores)
    council = can_appraise(request.user, assessment)
    open_for_unit = assessment.state == AssessmentState.DRAFT and not assessment.window.published_at
    may_score = open_for_unit and can_score(request.user, assessment)
    evidence = [e for s in scores for e in s.evidence.all()]
    links = cited(evidence)
    for item in evidence:
        item.cited = links.get(item.pk)
    context = {
        "assessment": assessment,
        "window": assessment.window,
        "rows": _rows(assessment, scores),
        "total": total(lines, assessment.window.scheme.framework.max_points),
        "subtotals": subtotals(lines),
        "may_score": may_score,
        "link_options": link_options(assessment) if may_score else {},
        "may_submit": open_for_unit and can_submit(request.user, assessment),
        "may_answer": assessment.state == AssessmentState.APPRAISED
        and can_score(request.user, assessment),
        "council": council
        and assessment.state != AssessmentState.FINAL
        and not assessment.window.published_at,
        "gaps": {s.pk for s in cycle.gaps(scores)},
        "show_review": council or assessment.state != AssessmentState.DRAFT,
        **_history(assessment),
        "parts": Part,
    }
    return render(request, "scoring/assessment.html", context)


def _history(assessment) -> dict:
    """The assessment's steps, latest first, with the council's plain acceptances (the unit's
    points kept) folded into one list of codes."""
    events = assessment.events.select_related("score__component", "by").order_by("-at", "-pk")
    steps, accepted = [], []
    for event in events:
        plain = event.kind == EventKind.ACCEPTED and event.before in (None, event.after)
        (accepted if plain else steps).append(event)
    accepted.sort(key=lambda e: e.score.component.order)
    return {"events": steps, "accepted": accepted}


def _rows(assessment, scores):
    """The framework's tree down to the sub-criteria the unit is scored on: a heading row for
    each field and criterion, a row for each score."""
    rows, seen = [], set()
    for score in scores:
        chain = []
        parent = score.component.parent
        while parent is not None:
            chain.insert(0, parent)
            parent = parent.parent
        for head in chain:
            if head.pk not in seen:
                seen.add(head.pk)
                rows.append({"head": head})
        rows.append({"score": score, "automatic": cycle.is_automatic(score)})
    return rows


def _step(request, pk: int, action, allowed) -> object:
    """Run one step on a score of an assessment the user may act on; back to the page."""
    assessment = get_assessment_for_user(request.user, pk)
    if not allowed(request.user, assessment):
        raise Http404
    try:
        action(assessment)
    except cycle.CycleError as error:
        messages.error(request, str(error))
    return redirect(f"{assessment_url(assessment)}#s-{request.POST.get('score', '')}")


def assessment_url(assessment) -> str:
    return reverse("scoring:assessment", args=[assessment.pk])


def _score(assessment, request):
    found = (
        assessment.scores.select_related("component__rule")
        .filter(pk=request.POST.get("score"))
        .first()
    )
    if found is None:
        raise Http404
    return found


def _points(request) -> tuple[Decimal | None, str]:
    form = PointsForm(request.POST)
    if not form.is_valid():
        raise cycle.CycleError(_("Điểm phải là một số, ví dụ 1,5."))
    return form.cleaned_data["points"], form.cleaned_data["text"]


@login_required
@require_POST
def self_score(request, pk: int):
    def action(assessment):
        points, text = _points(request)
        cycle.save_self_score(_score(assessment, request), points, text, request.user)

    return _step(request, pk, action, can_score)


@login_required
@require_POST
def evidence(request, pk: int):
    def action(assessment):
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            raise cycle.CycleError(" ".join(e for errors in form.errors.values() for e in errors))
        link_kind, link_id = form.link_parts()
        cycle.add_evidence(
            _score(assessment, request),
            form.cleaned_data["label"],
            request.user,
            file=form.cleaned_data["file"],
            link_kind=link_kind,
            link_id=link_id,
        )

    return _step(request, pk, action, can_score)


@login_required
@require_POST
def refresh(request, pk: int):
    return _step(request, pk, cycle.refresh_auto, can_score)


@login_required
@require_POST
def submit(request, pk: int):
    def action(assessment):
        cycle.submit(assessment, request.user)
        messages.success(request, _("Đã gửi bản tự đánh giá tới hội đồng thẩm định."))

    return _step(request, pk, action, can_submit)


@login_required
@require_POST
def appraise(request, pk: int):
    def action(assessment):
        score = _score(assessment, request)
        if "accept" in request.POST:
            cycle.appraise(score, request.user)
        else:
            points, reason = _points(request)
            if points is None:
                raise cycle.CycleError(_("Cần điểm thẩm định."))
            cycle.appraise(score, request.user, points, reason)

    return _step(request, pk, action, can_appraise)


@login_required
@require_POST
def answer(request, pk: int):
    def action(assessment):
        cycle.answer(_score(assessment, request), request.POST.get("text", ""), request.user)

    return _step(request, pk, action, can_score)


@login_required
@require_POST
def send_to_unit(request, pk: int):
    def action(assessment):
        cycle.send_to_unit(assessment, request.user)
        messages.success(request, _("Đã chuyển kết quả thẩm định để đơn vị giải trình."))

    return _step(request, pk, action, can_appraise)


@login_required
@require_POST
def finalise(request, pk: int):
    def action(assessment):
        cycle.finalise(assessment, request.user)
        messages.success(request, _("Đã chốt điểm."))

    return _step(request, pk, action, can_appraise)
