"""The entry page for paper forms: one row per form, typed without a mouse. Tab moves
between answers (a digit 1–5, 0 for "không áp dụng", nothing for no answer); Enter saves the
form and opens an empty row for the next."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.vietnamese.dates import parse_date

from .access import can_manage_surveys, get_round, get_round_unit
from .answers import criteria
from .models import Channel, Response
from .responding import CodeTaken, record_response

RECENT = 15


def read_row(data, codes: list[str]) -> tuple[dict, dict[str, str]]:
    """The answers of a typed row by criterion code, and an error per field name."""
    answers, errors = {}, {}
    for code in codes:
        raw = (data.get(f"a-{code}") or "").strip()
        if not raw:
            continue
        if raw in {"0", "1", "2", "3", "4", "5"}:
            answers[code] = int(raw)
        else:
            errors[f"a-{code}"] = _(
                "%(code)s: “%(value)s” — cần số từ 1 đến 5, 0 (không áp dụng) hoặc để trống."
            ) % {
                "code": code,
                "value": raw[:10],
            }
    return answers, errors


def read_date(text: str) -> datetime.date | None:
    text = (text or "").strip()
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return parse_date(text)


@login_required
def entry(request, code: str):
    """Type in paper forms for one unit of the round."""
    if not can_manage_surveys(request.user):
        raise Http404
    round = get_round(code)
    unit_pk = request.POST.get("unit") or request.GET.get("unit") or ""
    round_unit = get_round_unit(round, int(unit_pk)) if unit_pk.isdigit() else None
    codes = [c.code for c in criteria(round.questionnaire)]
    errors: dict[str, str] = {}
    typed = {}
    if request.method == "POST" and round_unit is not None:
        typed = request.POST
        answers, errors = read_row(request.POST, codes)
        surveyed_on = read_date(request.POST.get("surveyed_on", ""))
        if surveyed_on is None:
            errors["surveyed_on"] = _("Ngày khảo sát “%(value)s” — cần ngày dạng dd/mm/yyyy.") % {
                "value": request.POST.get("surveyed_on", "")[:20]
            }
        if not answers and not errors:
            errors["a-" + codes[0]] = _("Phiếu chưa có câu trả lời nào.")
        if not errors:
            try:
                record_response(
                    round,
                    round_unit.unit,
                    answers,
                    channel=Channel.PAPER,
                    dossier_code=request.POST.get("dossier_code", ""),
                    surveyed_on=surveyed_on,
                    comment=request.POST.get("comment", "")[:2000],
                    entered_by=request.user,
                )
            except CodeTaken as taken:
                errors["dossier_code"] = str(taken)
            else:
                url = f"{request.path}?unit={round_unit.unit_id}&date={surveyed_on:%d/%m/%Y}"
                return redirect(url)
    recent = (
        Response.objects.filter(
            round=round, unit=round_unit.unit, entered_by=request.user
        ).order_by("-created_at")[:RECENT]
        if round_unit
        else []
    )
    context = {
        "round": round,
        "ru": round_unit,
        "units": round.units.select_related("unit").order_by("unit__order", "unit__name"),
        "codes": codes,
        "errors": errors,
        "typed": typed,
        "date": request.GET.get("date") or f"{timezone.localdate():%d/%m/%Y}",
        "recent": recent,
        "entered_today": Response.objects.filter(
            round=round, entered_by=request.user, created_at__date=timezone.localdate()
        ).count(),
    }
    return render(request, "surveys/entry.html", context, status=400 if errors else 200)
