"""The survey formulas on hand-made answer sets, against hand-computed values and statsmodels'
Wilson interval."""

from decimal import Decimal

import pytest
from statsmodels.stats.proportion import proportion_confint

from chiso.surveys.indices import refresh_round
from chiso.surveys.models import Channel, Level, RoundUnit, SurveyIndex
from chiso.surveys.responding import record_response

from .conftest import CODES, SIPAS_CRITERIA


def _answer(round, unit, **answers):
    record_response(
        round,
        unit,
        {code.replace("_", "."): value for code, value in answers.items()},
        channel=Channel.PAPER,
    )


def _values(round, unit=None, level=Level.UNIT) -> dict[str, SurveyIndex]:
    rows = SurveyIndex.objects.filter(round=round, level=level)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return {row.code: row for row in rows}


def _pct(value: float) -> Decimal:
    return Decimal(repr(100 * value)).quantize(Decimal("0.01"))


def _wilson(count: float, n: int) -> tuple[Decimal, Decimal]:
    low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
    return _pct(low), _pct(high)


@pytest.fixture
def units(org, sipas_round):
    for unit in (org.dept_a, org.dept_b, org.commune):
        RoundUnit.objects.create(round=sipas_round, unit=unit, target=3)
    return org


def test_blank_and_not_applicable_are_not_counted(units, sipas_round):
    a = units.dept_a
    _answer(sipas_round, a, SIPAS_1_1=5, SIPAS_1_2=0, SIPAS_1_3=3)
    _answer(sipas_round, a, SIPAS_1_1=4, SIPAS_1_2=2)
    _answer(sipas_round, a, SIPAS_1_1=1, SIPAS_1_2=0, SIPAS_2_1=5)
    refresh_round(sipas_round)
    values = _values(sipas_round, a)
    # 1.1: 5, 4, 1 → 2 of 3; 1.2: 2 (the two 0s are "không áp dụng") → 0 of 1; 1.3: 3 → 0 of 1
    assert (values["SIPAS.1.1"].n, values["SIPAS.1.1"].satisfied) == (3, 2)
    assert values["SIPAS.1.1"].value == _pct(2 / 3)
    assert (values["SIPAS.1.2"].n, values["SIPAS.1.2"].value) == (1, Decimal("0.00"))
    assert "SIPAS.1.4" not in values  # nobody answered it: no value, not a zero
    # component 1 = mean of its criteria with answers: (2/3 + 0 + 0) / 3
    component = (2 / 3 + 0 + 0) / 3
    assert values["SIPAS.1"].value == _pct(component)
    assert values["SIPAS.1"].n == 3  # the responses answering any of its criteria
    assert values["SIPAS.2"].value == Decimal("100.00")
    assert values["SIPAS.2"].n == 1
    # SIPAS = mean of the components with a value
    assert values["SIPAS"].value == _pct((component + 1) / 2)
    assert values["SIPAS"].n == 3
    assert not values["SIPAS"].below_target


@pytest.mark.parametrize(
    ("levels", "satisfied"),
    [([3, 3, 3, 3], 0), ([5, 5, 5], 3), ([4], 1), ([1, 2, 4, 5, 5], 3), ([2] * 40, 0)],
)
def test_criterion_and_wilson_interval_match_statsmodels(units, sipas_round, levels, satisfied):
    for level in levels:
        _answer(sipas_round, units.dept_b, SIPAS_3_1=level)
    refresh_round(sipas_round)
    value = _values(sipas_round, units.dept_b)["SIPAS.3.1"]
    n = len(levels)
    assert (value.n, value.satisfied) == (n, satisfied)
    assert value.value == _pct(satisfied / n)
    assert (value.low, value.high) == _wilson(satisfied, n)


def test_component_and_index_intervals_read_the_value_as_a_share_of_n(units, sipas_round):
    _answer(sipas_round, units.dept_a, SIPAS_1_1=5, SIPAS_1_2=3)
    _answer(sipas_round, units.dept_a, SIPAS_1_1=4, SIPAS_1_2=4, SIPAS_4_1=2)
    refresh_round(sipas_round)
    values = _values(sipas_round, units.dept_a)
    component = values["SIPAS.1"]
    share = (1 + 0.5) / 2
    assert component.value == _pct(share)
    assert (component.low, component.high) == _wilson(share * 2, 2)
    index = values["SIPAS"]
    assert index.value == _pct((share + 0) / 2)
    assert (index.low, index.high) == _wilson((share + 0) / 2 * 2, 2)


def test_a_unit_with_one_response_is_marked_below_its_target(units, sipas_round):
    _answer(sipas_round, units.commune, **{c.replace(".", "_"): 4 for c in CODES})
    refresh_round(sipas_round)
    values = _values(sipas_round, units.commune)
    assert values["SIPAS"].value == Decimal("100.00")
    assert values["SIPAS"].n == 1
    assert values["SIPAS"].below_target  # 1 < 3
    assert len([v for v in values.values() if v.scope == "criterion"]) == 22
    assert {v.code for v in values.values() if v.scope == "component"} == set(SIPAS_CRITERIA)


def test_province_pools_the_answers_of_every_unit(units, sipas_round):
    _answer(sipas_round, units.dept_a, SIPAS_1_1=5)
    _answer(sipas_round, units.dept_b, SIPAS_1_1=1)
    _answer(sipas_round, units.dept_b, SIPAS_1_1=2)
    refresh_round(sipas_round)
    province = _values(sipas_round, level=Level.PROVINCE)
    assert (province["SIPAS.1.1"].n, province["SIPAS.1.1"].satisfied) == (3, 1)
    assert province["SIPAS"].value == _pct(1 / 3)  # pooled, not the mean of 100 % and 0 %
    assert province["SIPAS"].below_target  # 3 responses against 9 targeted


def test_weights_of_the_questionnaire_version(units, sipas_round):
    from chiso.surveys.models import Section

    Section.objects.filter(questionnaire=sipas_round.questionnaire, code="SIPAS.2").update(weight=3)
    _answer(sipas_round, units.dept_a, SIPAS_1_1=5, SIPAS_2_1=1)
    refresh_round(sipas_round)
    assert _values(sipas_round, units.dept_a)["SIPAS"].value == _pct((1 * 1 + 3 * 0) / 4)


def test_a_round_without_answers_has_no_values(units, sipas_round):
    refresh_round(sipas_round)
    assert not SurveyIndex.objects.filter(round=sipas_round).exists()
