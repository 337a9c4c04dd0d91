"""Plan targets on SIPAS read against the survey results through the one target reading."""

import datetime
from decimal import Decimal

from chiso.plans.models import Target
from chiso.plans.targets import TargetStatus, parse_targets
from chiso.surveys.indices import refresh_round
from chiso.surveys.models import Channel
from chiso.surveys.responding import record_response
from chiso.tracking.target_status import assess_targets

from .answering import YEAR, default_round, rated


def _target(plan, text: str) -> Target:
    plan.year = YEAR
    plan.save()
    parsed = parse_targets(text, year=YEAR)[0]
    target = Target.from_parsed(parsed, plan, text=text)
    target.save()
    return target


def _answer(round, unit, level: int, times: int = 1) -> None:
    for _ in range(times):
        record_response(round, unit, rated(level), channel=Channel.PAPER)


def test_a_share_target_reads_the_units_index_of_the_year(org, plans):
    round = default_round(org.dept_a, org.dept_b)
    _answer(round, org.dept_a, 5, times=3)
    _answer(round, org.dept_a, 2)
    refresh_round(round)
    target = _target(plans.a, f"Chỉ số SIPAS năm {YEAR} đạt trên 85%")
    (assessment,) = assess_targets([target], datetime.date(YEAR, 12, 1))
    assert assessment.actual == Decimal("75.00")
    assert assessment.source.round == round
    assert assessment.status == TargetStatus.AT_RISK


def test_a_rank_target_reads_the_units_rank_among_the_rounds_units(org, plans):
    round = default_round(org.dept_a, org.dept_b, org.commune)
    _answer(round, org.dept_a, 4, times=2)
    _answer(round, org.dept_a, 2)  # 2 of 3 satisfied
    _answer(round, org.dept_b, 5)
    _answer(round, org.commune, 2)
    refresh_round(round)
    top = _target(plans.a, "Chỉ số SIPAS nằm trong nhóm 02 đơn vị dẫn đầu")
    first = _target(plans.a, "Chỉ số SIPAS xếp thứ 01/03")
    found = assess_targets([top, first], datetime.date(YEAR + 1, 2, 1))
    assert [a.actual for a in found] == [Decimal(2), Decimal(2)]
    assert [a.status for a in found] == [TargetStatus.MET, TargetStatus.MISSED]


def test_without_a_round_a_survey_target_has_no_data(org, plans):
    target = _target(plans.a, f"Chỉ số SIPAS năm {YEAR} đạt trên 85%")
    (assessment,) = assess_targets([target], datetime.date(YEAR, 12, 1))
    assert assessment.actual is None
    assert assessment.status == TargetStatus.NO_DATA
