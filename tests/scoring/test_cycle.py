"""The scoring cycle end to end without pages: a window opened on a province's own index,
units scoring with evidence or explanations and one sub-criterion scored from chiso's data, the
deadline, the council's review with reasons, the unit's answer, finalising, publishing, and
the results that follow (totals rescaled, ranks, bands)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from chiso.plans.models import Plan, PlanStatus
from chiso.scoring import cycle
from chiso.scoring.models import AssessmentState, Event, EventKind, ResultScope
from chiso.scoring.rankings import ranking
from chiso.scoring.scheme_file import load_scheme
from chiso.scoring.window_results import window_results

from .test_scheme_file import workbook

NOW = timezone.now()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def window(org, users, tmp_path):
    scheme = load_scheme(workbook(tmp_path))
    return cycle.open_window(
        scheme,
        None,
        NOW.date(),
        NOW + datetime.timedelta(days=7),
        NOW + datetime.timedelta(days=14),
    )


def assessment_of(window, unit):
    return window.assessments.get(unit=unit)


def score_of(assessment, code):
    return assessment.scores.select_related("component__rule").get(component__code=code)


def fill(assessment, user, points: dict[str, str]):
    for score in assessment.scores.select_related("component__rule"):
        value = points.get(score.component.code)
        if value is None or cycle.is_automatic(score):
            continue
        cycle.save_self_score(score, D(value), "Có báo cáo số 12/BC", user)


FULL = {
    "1.1.1": "3.5",
    "1.1.2": "6.5",
    "1.2": "20",
    "2.1": "20",
    "2.2": "10",
    "4.1": "2",
    "5.1": "0",
}


def test_a_window_scores_the_units_of_its_kinds_with_what_applies_to_each(window, org):
    units = {a.unit.code: a for a in window.assessments.select_related("unit")}
    assert set(units) == {"sxd", "stp", "snv", "x-an"}

    def codes(unit):
        return {s.component.code for s in units[unit].scores.select_related("component")}

    assert codes("sxd") == {"1.1.1", "1.1.2", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "5.1"}
    assert "2.1" not in codes("stp") and "2.2" not in codes("stp")  # field 2: not Sở Tư pháp
    assert "2.2" not in codes("x-an") and "2.1" in codes("x-an")


def test_a_sub_criterion_scored_from_chisos_data(window, org):
    Plan.objects.create(
        issuer=org.province,
        title="KH CCHC tỉnh",
        year=2025,
        status=PlanStatus.ISSUED,
        child_plans_due=[{"units": [org.dept_a.pk], "due": "2025-01-31", "text": ""}],
    )
    Plan.objects.create(
        issuer=org.dept_a,
        title="KH CCHC Sở Xây dựng",
        year=2025,
        status=PlanStatus.ISSUED,
        issue_date=datetime.date(2025, 2, 10),
    )
    assessment = assessment_of(window, org.dept_a)
    cycle.refresh_auto(assessment)
    score = score_of(assessment, "1.1.1")
    assert cycle.is_automatic(score) and score.self_points == D("1.75")  # late: half of 3.5
    assert "31/01/2025" in score.auto_text and "trễ hạn" in score.auto_text.lower()
    with pytest.raises(cycle.CycleError, match="tự động"):
        cycle.save_self_score(score, D("3.5"), "", None)


def test_submitting_needs_points_and_evidence_or_an_explanation(window, org, users):
    assessment = assessment_of(window, org.dept_a)
    with pytest.raises(cycle.CycleError, match=r"1\.1\.1"):
        cycle.submit(assessment, users.leader_a)
    fill(assessment, users.officer_a, FULL)
    cycle.save_self_score(score_of(assessment, "1.2"), D(18), "", users.officer_a)
    with pytest.raises(cycle.CycleError, match=r"1\.2"):
        cycle.submit(assessment, users.leader_a)
    cycle.add_evidence(
        score_of(assessment, "1.2"),
        "Báo cáo quý",
        users.officer_a,
        file=ContentFile(b"%PDF-1.4", name="bao-cao.pdf"),
    )
    cycle.submit(assessment, users.leader_a)
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED
    with pytest.raises(cycle.CycleError, match="đã gửi"):
        fill(assessment, users.officer_a, {"2.1": "10"})


def test_points_outside_the_sub_criterion_are_refused(window, org, users):
    score = score_of(assessment_of(window, org.dept_a), "1.2")
    with pytest.raises(cycle.CycleError, match="từ 0 đến 20"):
        cycle.save_self_score(score, D(21), "", users.officer_a)


def test_the_window_locks_at_its_deadline(window, org, users):
    window.closes_at = NOW - datetime.timedelta(minutes=1)
    window.save()
    with pytest.raises(cycle.CycleError, match="hết hạn"):
        cycle.save_self_score(
            score_of(assessment_of(window, org.dept_a), "1.2"), D(1), "", users.officer_a
        )


def run_to_final(window, unit, user, council, points, survey=("15", "15"), changes=None):
    assessment = assessment_of(window, unit)
    fill(assessment, user, points)
    cycle.submit(assessment, user)
    for score in assessment.scores.select_related("component__rule"):
        code = score.component.code
        if code in ("3.1", "3.2"):  # the survey part: the council enters it
            cycle.appraise(score, council, D(survey[code == "3.2"]), "Kết quả điều tra XHH")
        elif changes and code in changes:
            cycle.appraise(score, council, D(changes[code]), "Thiếu tài liệu kiểm chứng")
        else:
            cycle.appraise(score, council)
    return assessment


def test_a_whole_cycle_to_published_ranked_results(window, org, users):
    council = users.coordinator
    sxd = run_to_final(window, org.dept_a, users.leader_a, council, FULL, changes={"1.2": "15"})
    stp = run_to_final(window, org.dept_b, users.officer_b, council, FULL)
    with pytest.raises(cycle.CycleError, match="lý do"):
        cycle.appraise(score_of(sxd, "2.1"), council, D(5), "")
    cycle.send_to_unit(sxd, council)
    cycle.answer(score_of(sxd, "1.2"), "Đã bổ sung báo cáo quý IV", users.leader_a)
    for assessment in (sxd, stp):
        cycle.finalise(assessment, council)
    with pytest.raises(cycle.CycleError, match="Chưa chốt"):
        cycle.publish(window, "15/QĐ-UBND", datetime.date(2026, 2, 1), council)
    for unit in (org.snv, org.commune):
        run_to_final(window, unit, users.coordinator, council, FULL, survey=("10", "10"))
        cycle.finalise(assessment_of(window, unit), council)
    cycle.publish(window, "15/QĐ-UBND", datetime.date(2026, 2, 1), council)

    results = {r.assessment.unit.code: r for r in window_results(window)}
    # sxd: 3.5 + 6.5 + 15 + 20 + 10 + survey 30 = 85 of 100, + bonus 2 = 87
    assert results["sxd"].total.points == D("87.00")
    # stp: field 2 (30 points) does not apply: (3.5 + 6.5 + 20 + 30) × 100 / 70 + 2 = 87.71
    assert results["stp"].total.points == D("87.71")
    assert results["stp"].rank == 1 and results["sxd"].rank == 2
    assert results["stp"].band == "Khá"
    # x-an: 2.2 (10 points) does not apply: (30 + 20 + 20) × 100 / 90 + 2 = 79.78
    assert (results["snv"].total.points, results["x-an"].total.points) == (D(82), D("79.78"))
    assert (results["snv"].rank, results["x-an"].rank) == (3, 4)
    changed = Event.objects.filter(
        assessment=sxd, kind=EventKind.CHANGED, score__component__code="1.2"
    )
    assert changed.get().text == ("Thiếu tài liệu kiểm chứng")
    published = ranking("PAR-SO", 2025, ResultScope.UNITS)
    assert [(e.name, e.score) for e in published[:2]] == [("stp", D("87.71")), ("sxd", D("87.00"))]
    with pytest.raises(cycle.CycleError, match="công bố"):
        cycle.appraise(score_of(sxd, "1.2"), council, D(20), "x")
