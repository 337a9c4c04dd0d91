"""The scoring cycle, each step one atomic action with its event:

open a window (an assessment per unit scored, a score row per sub-criterion that applies to
it) → the unit scores each sub-criterion with evidence or an explanation, the automatic ones
taking their points from chiso's data → the unit submits before the deadline (the window then
locks) → the council accepts or changes each score with a reason → the unit answers
(giải trình) until its deadline → the council finalises → a decision publishes the window,
which is read-only from then on."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.frameworks.models import Component
from chiso.org.models import OrgUnit

from .auto_values import auto_score, auto_value
from .evidence_links import find_option
from .models import (
    Assessment,
    AssessmentState,
    Event,
    EventKind,
    Evidence,
    Part,
    Rule,
    Scheme,
    Score,
    Window,
)
from .window_results import publish_results

UNIT_PARTS = (
    Part.SELF,
    Part.BONUS,
    Part.PENALTY,
)  # what the unit scores; the survey part is the council's


class CycleError(ValueError):
    """A step that cannot be taken now: the message says why, in the user's language."""


def units_scored(window: Window) -> list[OrgUnit]:
    """The units the window scores: those of the scheme's kinds that existed at the end of the
    framework's year, in its block when it has one."""
    year_end = datetime.date(window.scheme.framework.year, 12, 31)
    units = OrgUnit.objects.active_on(year_end).filter(kind__in=window.scheme.unit_kinds)
    if window.block_id:
        units = units.filter(peer_group_id=window.block_id)
    return list(units.order_by("path"))


@transaction.atomic
def open_window(
    scheme: Scheme,
    block,
    opens_on: datetime.date,
    closes_at: datetime.datetime,
    answers_until: datetime.datetime | None = None,
) -> Window:
    window = Window.objects.create(
        scheme=scheme,
        block=block,
        opens_on=opens_on,
        closes_at=closes_at,
        answers_until=answers_until,
    )
    leaves = list(
        Component.objects.filter(framework=scheme.framework, rule__isnull=False).select_related(
            "rule"
        )
    )
    for unit in units_scored(window):
        assessment = Assessment.objects.create(window=window, unit=unit)
        Score.objects.bulk_create(
            Score(assessment=assessment, component=c) for c in leaves if c.rule.applies_to(unit)
        )
        refresh_auto(assessment)
    return window


def refresh_auto(assessment: Assessment, today: datetime.date | None = None) -> None:
    """Read again the automatic values of a draft assessment; a rule that gives points sets
    the unit's points (it does not type them)."""
    if assessment.state != AssessmentState.DRAFT:
        return
    today = today or timezone.localdate()
    year = assessment.window.scheme.framework.year
    scores = assessment.scores.select_related("component__rule").exclude(component__rule__source="")
    for score in scores:
        rule: Rule = score.component.rule
        found = auto_value(rule, assessment.unit, year, today)
        if found is None:
            continue
        scored = auto_score(rule, score.component.max_points or Decimal(0), found)
        score.auto_value, score.auto_text, score.auto_points = (
            found.value,
            scored.text,
            scored.points,
        )
        fields = ["auto_value", "auto_text", "auto_points"]
        if scored.points is not None:
            score.self_points = scored.points
            fields.append("self_points")
        score.save(update_fields=fields)


def is_automatic(score: Score) -> bool:
    """True when chiso gave the points from its data (the unit does not type them); a rule
    whose source has no value yet leaves the unit to score it with evidence."""
    return score.auto_points is not None


def _unit_may_edit(assessment: Assessment, now: datetime.datetime) -> None:
    if assessment.window.published_at:
        raise CycleError(_("Kết quả đã công bố: không sửa được nữa."))
    if assessment.state != AssessmentState.DRAFT:
        raise CycleError(_("Bản tự đánh giá đã gửi: không sửa được nữa."))
    if now > assessment.window.closes_at:
        raise CycleError(
            _("Đã hết hạn tự đánh giá (%(when)s).") % {"when": _when(assessment.window.closes_at)}
        )


@transaction.atomic
def save_self_score(score: Score, points: Decimal | None, explanation: str, user) -> Score:
    now = timezone.now()
    _unit_may_edit(score.assessment, now)
    maximum = score.component.max_points or Decimal(0)
    if points is not None and not (0 <= points <= maximum):
        raise CycleError(_("Điểm phải từ 0 đến %(max)s.") % {"max": _number(maximum)})
    if is_automatic(score) and points != score.self_points:
        raise CycleError(_("Tiêu chí này chấm tự động từ số liệu của chiso."))
    before = score.self_points
    score.self_points, score.explanation = points, explanation.strip()
    score.save(update_fields=["self_points", "explanation"])
    Event.objects.create(
        assessment=score.assessment,
        score=score,
        kind=EventKind.SCORED,
        before=before,
        after=points,
        text=score.explanation,
        by=user,
    )
    return score


@transaction.atomic
def add_evidence(
    score: Score, label: str, user, *, file=None, link_kind: str = "", link_id: int | None = None
) -> Evidence:
    """An uploaded file, or a chiso object of the unit and year (`evidence_links`), proving
    `score`; a cited object's label stands when `label` is blank."""
    _unit_may_edit(score.assessment, timezone.now())
    if file is None and not (link_kind and link_id):
        raise CycleError(_("Cần tải lên tệp hoặc chọn một đối tượng của chiso."))
    if file is None:
        option = find_option(score.assessment, link_kind, link_id)
        if option is None:
            raise CycleError(
                _(
                    "Đơn vị không có đối tượng này trong năm %(year)s "
                    "để dẫn làm tài liệu kiểm chứng."
                )
                % {"year": score.assessment.window.scheme.framework.year}
            )
        label = label.strip() or option.label
    if not label.strip():
        raise CycleError(_("Cần tên tài liệu kiểm chứng."))
    return Evidence.objects.create(
        score=score,
        label=label.strip()[:300],
        file=file or "",
        link_kind=link_kind if file is None else "",
        link_id=link_id if file is None else None,
        added_by=user,
    )


def scores_of(assessment: Assessment) -> list[Score]:
    """The assessment's scores with what the pages, the gaps and the totals read of them."""
    return list(
        assessment.scores.select_related("component__rule", "component__parent__parent")
        .prefetch_related("evidence")
        .order_by("component__order")
    )


def gaps(scores: list[Score]) -> list[Score]:
    """The unit's sub-criteria (of `scores_of`) that keep it from submitting: without
    points, or with points but neither evidence nor an explanation (automatic ones carry
    their figures)."""
    return [
        score
        for score in scores
        if score.component.rule.part == Part.SELF
        and (score.self_points is None or not (is_automatic(score) or _backed(score)))
    ]


def _backed(score: Score) -> bool:
    return bool(score.evidence.all() or score.explanation)


@transaction.atomic
def submit(assessment: Assessment, user) -> Assessment:
    now = timezone.now()
    _unit_may_edit(assessment, now)
    refresh_auto(assessment)  # the figures as they stand when it is sent
    missing = gaps(scores_of(assessment))
    if missing:
        raise CycleError(
            _("Chưa gửi được: %(codes)s chưa có điểm hoặc chưa có tài liệu kiểm chứng, giải thích.")
            % {"codes": ", ".join(s.component.code for s in missing)}
        )
    assessment.state, assessment.submitted_at = AssessmentState.SUBMITTED, now
    assessment.save(update_fields=["state", "submitted_at"])
    Event.objects.create(assessment=assessment, kind=EventKind.SUBMITTED, by=user)
    return assessment


def _council_may_review(assessment: Assessment, now: datetime.datetime) -> None:
    if assessment.window.published_at:
        raise CycleError(_("Kết quả đã công bố: không sửa được nữa."))
    if assessment.state == AssessmentState.FINAL:
        raise CycleError(_("Điểm của đơn vị đã chốt."))
    if assessment.state == AssessmentState.DRAFT and now <= assessment.window.closes_at:
        raise CycleError(_("Đơn vị chưa gửi bản tự đánh giá và chưa hết hạn."))


@transaction.atomic
def appraise(score: Score, user, points: Decimal | None = None, reason: str = "") -> Score:
    """The council accepts the unit's points (`points` None) or sets others with a reason; the
    survey part has no unit points: the council enters them."""
    _council_may_review(score.assessment, timezone.now())
    maximum = score.component.max_points or Decimal(0)
    if points is None:
        if score.self_points is None:
            raise CycleError(_("Đơn vị chưa chấm tiêu chí này: hãy nhập điểm thẩm định."))
        kind, points, reason = EventKind.ACCEPTED, score.self_points, ""
    else:
        if not (0 <= points <= maximum):
            raise CycleError(_("Điểm phải từ 0 đến %(max)s.") % {"max": _number(maximum)})
        if score.self_points is None:  # the survey part, or a line the unit left blank
            kind = EventKind.ENTERED
        elif points == score.self_points:
            kind = EventKind.ACCEPTED
        elif not reason.strip():
            raise CycleError(_("Cần ghi lý do khi điều chỉnh điểm."))
        else:
            kind = EventKind.CHANGED
    before = score.points
    score.council_points, score.council_reason = points, reason.strip()
    score.save(update_fields=["council_points", "council_reason"])
    Event.objects.create(
        assessment=score.assessment,
        score=score,
        kind=kind,
        before=before,
        after=points,
        text=score.council_reason,
        by=user,
    )
    return score


@transaction.atomic
def send_to_unit(assessment: Assessment, user) -> Assessment:
    """The council's review is done: the unit may answer until the window's deadline."""
    _council_may_review(assessment, timezone.now())
    unreviewed = [
        s.component.code
        for s in assessment.scores.select_related("component")
        if s.council_points is None
    ]
    if unreviewed:
        raise CycleError(
            _("Còn tiêu chí chưa thẩm định: %(codes)s.") % {"codes": ", ".join(unreviewed)}
        )
    assessment.state = AssessmentState.APPRAISED
    assessment.save(update_fields=["state"])
    return assessment


@transaction.atomic
def answer(score: Score, text: str, user) -> Score:
    assessment = score.assessment
    if assessment.state != AssessmentState.APPRAISED:
        raise CycleError(_("Chỉ giải trình khi hội đồng đã thẩm định và chưa chốt điểm."))
    until = assessment.window.answers_until
    if until and timezone.now() > until:
        raise CycleError(_("Đã hết hạn giải trình (%(when)s).") % {"when": _when(until)})
    if not text.strip():
        raise CycleError(_("Cần nội dung giải trình."))
    score.answer = text.strip()
    score.save(update_fields=["answer"])
    Event.objects.create(
        assessment=assessment, score=score, kind=EventKind.ANSWERED, text=score.answer, by=user
    )
    return score


@transaction.atomic
def finalise(assessment: Assessment, user) -> Assessment:
    if assessment.state == AssessmentState.FINAL:
        raise CycleError(_("Điểm của đơn vị đã chốt."))
    if assessment.state != AssessmentState.APPRAISED:
        send_to_unit(assessment, user)  # checks every score was reviewed
    assessment.state, assessment.finalised_at = AssessmentState.FINAL, timezone.now()
    assessment.save(update_fields=["state", "finalised_at"])
    Event.objects.create(assessment=assessment, kind=EventKind.FINALISED, by=user)
    return assessment


@transaction.atomic
def publish(window: Window, number: str, day: datetime.date, user) -> Window:
    if window.published_at:
        raise CycleError(_("Kết quả đã công bố."))
    if not number.strip():
        raise CycleError(_("Cần số quyết định công bố."))
    pending = [
        a.unit.display_name
        for a in window.assessments.select_related("unit")
        if a.state != AssessmentState.FINAL
    ]
    if pending:
        raise CycleError(_("Chưa chốt điểm: %(units)s.") % {"units": ", ".join(pending)})
    window.decision_number, window.decision_date = number.strip()[:60], day
    window.published_at = timezone.now()
    window.save(update_fields=["decision_number", "decision_date", "published_at"])
    publish_results(window)
    Event.objects.bulk_create(
        Event(assessment=a, kind=EventKind.PUBLISHED, text=window.decision_number, by=user)
        for a in window.assessments.all()
    )
    return window


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"
