"""Evidence citing chiso's own objects: what a unit may cite (its plans, reports, indicator
values, survey results and approved updates of the assessment's year, nothing of another unit
or year), the label a citation takes, and the page it opens."""

import datetime

import pytest
from django.utils import timezone

from chiso.plans.models import Plan
from chiso.scoring import cycle
from chiso.scoring.evidence_links import cited, find_option, link_options
from chiso.scoring.models import LinkKind
from chiso.scoring.scheme_file import load_scheme
from chiso.surveys.indices import refresh_round
from chiso.surveys.models import Channel
from chiso.surveys.responding import record_response
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods

from ..metrics.test_actuals import year_value
from ..surveys.answering import default_round, rated
from .test_scheme_file import workbook

NOW = timezone.now()


@pytest.fixture
def assessment(org, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHISO_SURVEYS_DIR = tmp_path / "surveys"
    window = cycle.open_window(
        load_scheme(workbook(tmp_path)),
        None,
        NOW.date(),
        NOW + datetime.timedelta(days=7),
        None,
    )
    return window.assessments.select_related("unit", "window__scheme__framework").get(
        unit=org.dept_a
    )


def labels(options) -> list[str]:
    return [o.label for o in options]


def test_a_unit_cites_its_own_objects_of_the_year_and_nothing_else(assessment, org, plans):
    plans.a.year = plans.b.year = 2025
    plans.a.save()
    plans.b.save()
    Plan.objects.create(issuer=org.dept_a, title="Kế hoạch năm trước", year=2024)
    q1 = ensure_periods(plans.a)[0]
    update = ProgressUpdate.objects.create(
        task=plans.task_a, period=q1, unit=org.dept_a, state=UpdateState.APPROVED
    )
    ProgressUpdate.objects.create(  # not approved: not a proof yet
        task=plans.province_task_a, period=ensure_periods(plans.province)[0], unit=org.dept_a
    )
    mine, other_year, theirs = (
        year_value(org.dept_a, "dung_han", "95", 2025),
        year_value(org.dept_a, "dung_han", "95", 2024),
        year_value(org.dept_b, "dung_han", "95", 2025),
    )
    round = default_round(org.dept_a, org.dept_b)
    round.period = "2025"
    round.save()
    for _ in range(3):
        record_response(round, org.dept_a, rated(4), channel=Channel.PAPER)
    refresh_round(round)

    options = link_options(assessment)
    assert labels(options[LinkKind.PLAN]) == [f"{plans.a.reference} — Kế hoạch Sở Xây dựng"]
    assert [o.pk for o in options[LinkKind.REPORT]] == [q1.pk]
    assert [o.pk for o in options[LinkKind.INDICATOR]] == [mine.pk]
    assert [o.pk for o in options[LinkKind.PROGRESS]] == [update.pk]
    assert options[LinkKind.PROGRESS][0].url == update.get_absolute_url()
    survey = options[LinkKind.SURVEY]
    assert (
        len(survey) == 1
        and "(n = 3)" in survey[0].label
        and survey[0].url == round.get_absolute_url()
    )
    assert find_option(assessment, LinkKind.INDICATOR, other_year.pk) is None
    assert find_option(assessment, LinkKind.INDICATOR, theirs.pk) is None
    assert find_option(assessment, LinkKind.PLAN, plans.b.pk) is None


def test_citing_an_object_takes_its_label_and_opens_its_page(assessment, plans):
    plans.a.year = 2025
    plans.a.save()
    score = assessment.scores.get(component__code="1.2")
    evidence = cycle.add_evidence(score, "", None, link_kind=LinkKind.PLAN, link_id=plans.a.pk)
    named = cycle.add_evidence(
        score, "Kế hoạch CCHC", None, link_kind=LinkKind.PLAN, link_id=plans.a.pk
    )
    assert evidence.label.startswith(plans.a.reference) and named.label == "Kế hoạch CCHC"
    links = cited([evidence, named])
    assert links[evidence.pk].url == plans.a.get_absolute_url()
    plans.a.delete()
    assert cited([evidence]) == {}  # the page says it is gone


@pytest.mark.parametrize(
    ("kind", "pk", "message"),
    [
        (LinkKind.PLAN, "b", "không có đối tượng này trong năm 2025"),
        (LinkKind.PLAN, 987654, "không có đối tượng này"),
        ("", None, "Cần tải lên tệp hoặc chọn"),
    ],
)
def test_citing_what_the_unit_may_not_is_refused(assessment, plans, kind, pk, message):
    plans.b.year = 2025
    plans.b.save()
    score = assessment.scores.get(component__code="1.2")
    with pytest.raises(cycle.CycleError, match=message):
        cycle.add_evidence(
            score, "x", None, link_kind=kind, link_id=plans.b.pk if pk == "b" else pk
        )
    assert not score.evidence.exists()
