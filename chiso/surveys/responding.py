"""Recording responses one at a time (the public form, the entry page) and reviewing them.

A dossier code gives one accepted response per round: a form that names a code already taken
is refused (`CodeTaken`); one that races another to the same code is kept but flagged. Every
change marks the round's indices for recomputation (`indices.note_change`).
"""

import datetime
from collections.abc import Iterable

import duckdb
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.metrics.columns import literal
from chiso.org.models import OrgUnit

from .indices import note_change
from .models import Channel, Flag, Response, ReviewState, SurveyRound
from .store import ResponseStore


class CodeTaken(ValueError):
    """The dossier code already has an accepted response in the round."""

    def __init__(self, code: str):
        super().__init__(
            _(
                "Hồ sơ mã “%(code)s” đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần "
                "trong một đợt khảo sát."
            )
            % {"code": code}
        )
        self.code = code


def normal_code(text: str) -> str:
    """A dossier code as stored and compared: without spaces, in upper case, at most 60
    characters. `normal_code_sql` is the same rule for a file's column."""
    return "".join((text or "").split()).upper()[:60]


def normal_code_sql(column: str) -> str:
    """`normal_code` in DuckDB SQL, over `column`."""
    return f"left(upper(regexp_replace({column}, '\\s+', '', 'g')), 60)"


def code_taken(round: SurveyRound, code: str) -> bool:
    """True when `code` has an accepted response in the round: typed in, or in a file."""
    return bool(code) and code in taken_codes(round, {code})


def taken_codes(round: SurveyRound, codes: set[str]) -> set[str]:
    """Those of `codes` that have an accepted response in the round (one query, and one read
    of the imported files' codes)."""
    codes = {code for code in codes if code}
    if not codes:
        return set()
    taken = set(
        Response.objects.filter(
            round=round, dossier_code__in=codes, state=ReviewState.ACCEPTED
        ).values_list("dossier_code", flat=True)
    )
    store = ResponseStore()
    if taken == codes or not store.files(round):
        return taken
    wanted = ", ".join(literal(code) for code in codes - taken)
    con = duckdb.connect()
    try:
        found = con.execute(
            f"SELECT DISTINCT code FROM ({store.codes_sql(round)}) AS stored(code) "
            f"WHERE code IN ({wanted})"
        ).fetchall()
    finally:
        con.close()
    return taken | {code for (code,) in found}


def record_response(
    round: SurveyRound,
    unit: OrgUnit,
    answers: dict,
    *,
    channel: str,
    dossier_code: str = "",
    surveyed_on: datetime.date | None = None,
    comment: str = "",
    flags: Iterable[str] = (),
    address: str = "",
    seconds: int | None = None,
    entered_by=None,
) -> Response:
    """Store one response: accepted, or flagged when `flags` name a reason. CodeTaken when the
    code already has an accepted response and the response would be accepted."""
    code = normal_code(dossier_code)
    flags = list(dict.fromkeys(flags))
    if code and code_taken(round, code):
        if not flags:
            raise CodeTaken(code)
        flags.append(Flag.DUPLICATE_CODE)
    response = Response(
        round=round,
        unit=unit,
        channel=channel,
        surveyed_on=surveyed_on or timezone.localdate(),
        dossier_code=code,
        answers=answers,
        comment=comment.strip(),
        state=ReviewState.FLAGGED if flags else ReviewState.ACCEPTED,
        flags=list(dict.fromkeys(flags)),
        address_hash=address,
        seconds=seconds,
        entered_by=entered_by,
    )
    try:
        with transaction.atomic():
            response.save()
            note_change(round)
    except IntegrityError:  # another response took the code in the meantime
        if channel != Channel.WEB:
            raise CodeTaken(code) from None
        response.pk = None
        response.state = ReviewState.FLAGGED
        response.flags = [*response.flags, Flag.DUPLICATE_CODE]
        with transaction.atomic():
            response.save()
            note_change(round)
    return response


def review(responses: Iterable[Response], state: str, user) -> tuple[int, list[Response]]:
    """Put each of `responses` in `state` (accepted, flagged, excluded); returns how many
    changed and those that could not be accepted because their dossier code already has an
    accepted response (before, or earlier in `responses`)."""
    responses = [r for r in responses if r.state != state]
    taken: dict[int, set[str]] = {}
    if state == ReviewState.ACCEPTED:
        for round in {r.round for r in responses}:
            codes = {r.dossier_code for r in responses if r.round_id == round.pk}
            taken[round.pk] = taken_codes(round, codes)
    changed, refused, rounds = 0, [], set()
    now = timezone.now()
    for response in responses:
        code, held = response.dossier_code, taken.get(response.round_id)
        if held is not None and code and code in held:
            refused.append(response)
            continue
        response.state, response.reviewed_by, response.reviewed_at = state, user, now
        try:
            with transaction.atomic():
                response.save(update_fields=["state", "reviewed_by", "reviewed_at"])
        except IntegrityError:
            refused.append(response)
            continue
        if held is not None and code:
            held.add(code)
        changed += 1
        rounds.add(response.round)
    for round in rounds:
        note_change(round)
    return changed, refused
