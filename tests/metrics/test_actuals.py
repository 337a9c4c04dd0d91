"""Targets read against the indicators (`chiso.tracking.target_status`): met, at risk while
the year runs, missed after it; the unit a target belongs to; the indicator before a reported
value; few queries for many targets; shown on the plan page and home."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from chiso.metrics.actuals import unit_targets
from chiso.metrics.models import IndicatorValue, PeriodKind
from chiso.plans.models import Target
from chiso.plans.targets import Comparator
from chiso.plans.targets import TargetStatus as Status
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods
from chiso.tracking.target_status import assess_targets, by_task

from ..factories import PASSWORD, PlanFactory

pytestmark = pytest.mark.django_db


def target_actuals(targets, today):
    """Assessments by target id, of the targets that have an indicator value."""
    return {a.target.pk: a for a in assess_targets(targets, today) if a.target.indicator}


DURING_2025 = datetime.date(2025, 11, 20)
AFTER_2025 = datetime.date(2026, 1, 5)


def year_value(unit, indicator: str, value: str, year: int = 2025) -> IndicatorValue:
    return IndicatorValue.objects.create(
        unit=unit,
        indicator=indicator,
        period=str(year),
        kind=PeriodKind.YEAR,
        start=datetime.date(year, 1, 1),
        numerator=int(Decimal(value) * 10),
        denominator=1000,
        value=Decimal(value),
    )


def target(plan, indicator: str, comparator: str, value: str, task=None, year=None) -> Target:
    return Target.objects.create(
        plan=plan,
        task=task,
        indicator=indicator,
        comparator=comparator,
        value=Decimal(value),
        unit="%",
        year=year,
        text=f"{indicator} {comparator} {value}%",
    )


def test_met_at_risk_and_missed(org, plans):
    year_value(org.dept_a, "on_time", "97.5")
    year_value(org.dept_a, "digitised", "81")
    on_time = target(plans.a, "on_time", Comparator.GT, "99")
    digitised = target(plans.a, "digitised", Comparator.GT, "70")
    paid = target(plans.a, "paid_online", Comparator.GT, "70")
    during = target_actuals([on_time, digitised, paid], DURING_2025)
    assert during[on_time.pk].status == Status.AT_RISK
    assert during[on_time.pk].actual == Decimal("97.50")
    assert during[digitised.pk].status == Status.MET
    assert during[paid.pk].status == Status.NO_DATA and during[paid.pk].actual is None
    assert target_actuals([on_time], AFTER_2025)[on_time.pk].status == Status.MISSED


def test_a_task_target_reads_the_task_lead_and_its_own_year(org, plans):
    year_value(org.dept_a, "on_time", "99.5", year=2026)  # the plan's issuer: not read
    year_value(org.div_a, "on_time", "92", year=2026)
    task_target = target(plans.a, "on_time", Comparator.GTE, "95", plans.task_a, year=2026)
    actual = target_actuals([task_target], datetime.date(2026, 6, 1))[task_target.pk]
    assert (actual.indicator_value.unit_id, actual.year) == (org.div_a.pk, 2026)
    assert actual.status == Status.AT_RISK
    grouped = by_task(assess_targets(Target.objects.filter(plan=plans.a), DURING_2025))
    assert list(grouped) == [plans.task_a.pk]
    assert [a.target for a in grouped[plans.task_a.pk]] == [task_target]


def test_targets_on_indices_have_no_indicator_value(org, plans):
    index = Target.objects.create(
        plan=plans.a, index="PAR", comparator=Comparator.TOP, value=Decimal(10), unit="đơn vị"
    )
    (found,) = assess_targets([index], DURING_2025)
    assert found.indicator_value is None and found.status == Status.NO_DATA


def test_four_queries_however_many_targets(org, plans, django_assert_num_queries):
    for unit in (org.dept_a, org.div_a, org.dept_b):
        year_value(unit, "on_time", "98")
    many = [target(plans.a, "on_time", Comparator.GT, "99") for _ in range(5)]
    many += [target(plans.a, "on_time", Comparator.GT, "90", plans.task_a) for _ in range(5)]
    many += [target(plans.b, "on_time", Comparator.GT, "95", plans.task_b) for _ in range(5)]
    with django_assert_num_queries(4):
        found = target_actuals(many, DURING_2025)
    assert len(found) == 15


def test_a_units_target_prefers_its_own_plan(org, plans):
    from_province = target(plans.province, "on_time", Comparator.GT, "98", plans.province_task_a)
    own = target(plans.a, "on_time", Comparator.GT, "99")
    older = PlanFactory(issuer=org.dept_a, issue_date=datetime.date(2025, 1, 5))
    target(older, "on_time", Comparator.GT, "90")
    chosen = unit_targets(org.dept_a.pk, 2025)
    assert chosen["on_time"] == own
    own.delete()
    assert unit_targets(org.dept_a.pk, 2025)["on_time"].plan == older
    older.delete()
    assert unit_targets(org.dept_a.pk, 2025)["on_time"] == from_province
    assert unit_targets(org.dept_a.pk, 2024) == {}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_plan_page_shows_the_actuals(client, org, users, plans):
    year_value(org.dept_a, "on_time", "97.5")
    year_value(org.div_a, "digitised", "75")
    target(plans.a, "on_time", Comparator.GT, "99", year=2025)
    target(plans.a, "digitised", Comparator.GT, "70", plans.task_a, year=2025)
    page = login(client, users.leader_a).get(reverse("plans:plan", args=[plans.a.pk]))
    html = page.content.decode()
    targets = html[html.index('class="list-group list-group-flush targets"') :]
    assert "97,50%" in targets and "Không đạt" in targets  # 2025 is over
    row = html[html.index(f'id="task-{plans.task_a.pk}"') :]
    assert "75%" in row[: row.index("</tr>")] and "Đạt" in row[: row.index("</tr>")]


def test_the_indicator_comes_before_a_reported_value(client, org, users, plans):
    year = datetime.date.today().year
    year_value(org.dept_a, "on_time", "99.6", year=year)
    year_value(org.div_a, "digitised", "50", year=year)  # the task's lead
    plans.a.year = year
    plans.a.save()
    on_time = target(plans.a, "on_time", Comparator.GT, "99")
    digitised = target(plans.a, "digitised", Comparator.GT, "70", plans.task_a)
    reported = ensure_periods(plans.a)[0]
    ProgressUpdate.objects.create(
        task=plans.task_a,
        period=reported,
        unit=org.div_a,
        state=UpdateState.APPROVED,
        target_values={str(digitised.pk): "72"},
    )
    found = {a.target.pk: a for a in assess_targets([on_time, digitised], datetime.date.today())}
    assert found[on_time.pk].status == Status.MET
    assert found[on_time.pk].actual == Decimal("99.60")
    # computed from the dossiers, the indicator wins over the 72 % the unit reported
    assert found[digitised.pk].actual == Decimal("50") and found[digitised.pk].reported == ""
    assert found[digitised.pk].status == Status.AT_RISK
    other = Target.objects.create(
        plan=plans.a, task=plans.task_a, index="PAR", comparator="gte", value=72, unit="%"
    )
    ProgressUpdate.objects.filter(task=plans.task_a).update(target_values={str(other.pk): "72"})
    (reported,) = assess_targets([other], datetime.date.today())
    assert reported.actual == Decimal("72") and reported.status == Status.MET
    html = login(client, users.leader_a).get(reverse("home")).content.decode()
    assert f"số liệu hồ sơ {year}" in html
    assert reverse("metrics:unit", args=[org.dept_a.pk]) in html
