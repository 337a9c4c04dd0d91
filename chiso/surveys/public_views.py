"""The public survey form, without an account: a start page per unit and round (an optional
dossier code), one screen per question group with the progress shown, then thanks.

The answers so far live in the respondent's session, so a phone that comes back to the link
resumes where it left off. Pages are rendered on the server with one small stylesheet and no
script, for cheap phones on slow networks.
"""

import datetime
import functools

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from chiso.org.models import OrgUnit

from .abuse import HONEYPOT, STARTS_PER_HOUR, address_hash, over_limit, suspicious
from .models import Channel, RoundUnit, SurveyRound
from .responding import CodeTaken, code_taken, normal_code, record_response
from .screens import Form, read_screen

SESSION_KEY = "survey:{round}:{unit}"


def in_vietnamese(view):
    """The form speaks Vietnamese, as its questions do, whatever the phone's language; only a
    language chosen on the site (its cookie) changes the words around them."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return view(request, *args, **kwargs)

    return wrapped


def _round_unit(round_code: str, unit_code: str) -> RoundUnit:
    found = (
        RoundUnit.objects.select_related("round__questionnaire", "unit")
        .filter(round__code=round_code, unit__code=unit_code)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _draft_key(round: SurveyRound, unit: OrgUnit) -> str:
    return SESSION_KEY.format(round=round.pk, unit=unit.pk)


def _closed(request, round_unit: RoundUnit) -> HttpResponse:
    return render(request, "surveys/public/closed.html", {"ru": round_unit}, status=410)


def _too_many(request, round_unit: RoundUnit) -> HttpResponse:
    return render(request, "surveys/public/too_many.html", {"ru": round_unit}, status=429)


@in_vietnamese
@require_http_methods(["GET", "POST"])
def start(request, round_code: str, unit_code: str):
    """The first page: what the survey is, an optional dossier code, start or resume."""
    round_unit = _round_unit(round_code, unit_code)
    round, unit = round_unit.round, round_unit.unit
    if not round.is_open:
        return _closed(request, round_unit)
    key = _draft_key(round, unit)
    draft = request.session.get(key)
    error = ""
    code = ""
    if request.method == "POST":
        if request.POST.get("restart"):
            request.session.pop(key, None)
            return redirect("survey_form:start", round.code, unit.code)
        address = address_hash(request)
        if over_limit("survey-start", address, STARTS_PER_HOUR):
            return _too_many(request, round_unit)
        code = normal_code(request.POST.get("dossier_code", ""))
        if code and code_taken(round, code):
            error = str(CodeTaken(code))
        else:
            request.session[key] = {
                "code": code,
                "answers": {},
                "started": timezone.now().isoformat(),
                "bot": bool(request.POST.get(HONEYPOT)),
            }
            return redirect("survey_form:step", round.code, unit.code, 1)
    form = Form.of(round.questionnaire)
    context = {
        "ru": round_unit,
        "draft": draft,
        "error": error,
        "code": code,
        "honeypot": HONEYPOT,
        "resume_step": _resume_step(form, draft) if draft else None,
        "screens": len(form.shown(draft["answers"] if draft else {})),
    }
    return render(request, "surveys/public/start.html", context, status=400 if error else 200)


def _resume_step(form: Form, draft: dict) -> int:
    """The screen after the furthest one saved (1-based), so that an optional screen left
    blank is not asked again."""
    shown = form.shown(draft["answers"])
    return max(1, min(draft.get("reached", 0) + 1, len(shown)))


@in_vietnamese
@require_http_methods(["GET", "POST"])
def step(request, round_code: str, unit_code: str, number: int):
    """One question group; saving it moves to the next, the last one sends the form."""
    round_unit = _round_unit(round_code, unit_code)
    round, unit = round_unit.round, round_unit.unit
    if not round.is_open:
        return _closed(request, round_unit)
    key = _draft_key(round, unit)
    draft = request.session.get(key)
    if draft is None:
        return redirect("survey_form:start", round.code, unit.code)
    form = Form.of(round.questionnaire)
    shown = form.shown(draft["answers"])
    if not 1 <= number <= len(shown):
        return redirect("survey_form:step", round.code, unit.code, min(max(number, 1), len(shown)))
    screen = form.screens[shown[number - 1]]
    errors: dict[str, str] = {}
    answers = draft["answers"]
    if request.method == "POST":
        asked = {q.code for q in form.questions(screen, answers)}  # as the page showed them
        answers, errors = read_screen(form, screen, request.POST, draft["answers"])
        draft["answers"] = answers
        request.session[key] = draft
        # An answer may show another question of the same screen (NC.1 "Khác" → NC.2): the
        # screen comes back with it, unmarked, instead of moving on without asking it.
        unasked = {q.code for q in form.questions(screen, answers)} - asked
        errors = {code: error for code, error in errors.items() if code not in unasked}
        if request.POST.get("back"):  # keeps what is valid; asks for nothing before going back
            return redirect("survey_form:step", round.code, unit.code, max(number - 1, 1))
        if not errors and not unasked:
            draft["reached"] = max(draft.get("reached", 0), number)
            request.session[key] = draft
            shown = form.shown(answers)
            if number < len(shown):
                return redirect("survey_form:step", round.code, unit.code, number + 1)
            return _send(request, round_unit, draft, key)
    context = {
        "ru": round_unit,
        "screen": screen,
        "questions": form.questions(screen, answers),
        "choices": form.choices,
        "answers": answers,
        "errors": errors,
        "number": number,
        "total": len(shown),
        "percent": round_share(number - 1, len(shown)),
        "last": number == len(shown),
    }
    return render(request, "surveys/public/step.html", context, status=400 if errors else 200)


def round_share(done: int, total: int) -> int:
    return int(100 * done / total) if total else 0


def _send(request, round_unit: RoundUnit, draft: dict, key: str) -> HttpResponse:
    round, unit = round_unit.round, round_unit.unit
    request.session.pop(key, None)
    done = redirect("survey_form:thanks", round.code, unit.code)
    if draft.get("bot"):
        return done  # the honeypot was filled: a bot is thanked and nothing is kept
    address = address_hash(request)
    if over_limit("survey-send", address, STARTS_PER_HOUR):
        return _too_many(request, round_unit)
    started = datetime.datetime.fromisoformat(draft["started"])
    seconds = max(int((timezone.now() - started).total_seconds()), 0)
    code = draft.get("code", "")
    flags = suspicious(round, address=address, seconds=seconds, dossier_code=code, code_used=False)
    try:
        record_response(
            round,
            unit,
            draft["answers"],
            channel=Channel.WEB,
            dossier_code=code,
            flags=flags,
            address=address,
            seconds=seconds,
        )
    except CodeTaken as taken:  # taken between the first page and the last
        request.session[key] = {**draft, "code": ""}
        context = {"ru": round_unit, "draft": None, "error": str(taken), "code": code}
        context |= {"honeypot": HONEYPOT, "screens": 0, "resume_step": None}
        return HttpResponse(
            render_to_string("surveys/public/start.html", context, request), status=409
        )
    return done


@in_vietnamese
def thanks(request, round_code: str, unit_code: str):
    round_unit = _round_unit(round_code, unit_code)
    return render(request, "surveys/public/thanks.html", {"ru": round_unit})
