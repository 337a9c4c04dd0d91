"""The citizens' pages: found from the login page, no login needed, searchable without
accents; only published plans; the same figures as the private plan page; the way to the
published scoring results; few queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chiso.frameworks.models import Framework
from chiso.metrics.models import IndicatorValue, PeriodKind
from chiso.plans.models import PlanStatus, Target, TaskStatus
from chiso.plans.targets import Comparator
from chiso.scoring.models import Scheme, Window
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods

from .factories import PASSWORD, PlanFactory, TaskFactory, UnitFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
INDEX = "/public/"


def plan_url(plan) -> str:
    return reverse("public:plan", args=[plan.pk])


@pytest.fixture
def drafted(org):
    """A draft plan of the commune: never public."""
    return PlanFactory(
        issuer=org.commune, title="Dự thảo kế hoạch cải cách xã", status=PlanStatus.DRAFT
    )


@pytest.fixture
def progress(org, plans):
    """plan_a with a done task, a late one, approved progress, and targets with actuals."""
    today = timezone.localdate()
    done = TaskFactory(plan=plans.a, lead=org.div_a, text="Công khai thủ tục", order=2)
    done.status = TaskStatus.DONE
    done.save()
    TaskFactory(
        plan=plans.a,
        lead=org.div_a,
        text="Số hoá hồ sơ",
        order=3,
        deadline_date=today - datetime.timedelta(days=10),
    )
    period = ensure_periods(plans.a)[0]
    reviewed = timezone.make_aware(datetime.datetime(2025, 4, 3, 9, 30))
    ProgressUpdate.objects.create(
        task=plans.task_a,
        period=period,
        unit=org.div_a,
        state=UpdateState.APPROVED,
        narrative="Đã rà soát 40 thủ tục",
        reviewed_at=reviewed,
        target_values={},
    )
    IndicatorValue.objects.create(
        unit=org.dept_a,
        indicator="on_time",
        period=str(YEAR),
        kind=PeriodKind.YEAR,
        start=datetime.date(YEAR, 1, 1),
        numerator=975,
        denominator=1000,
        value=Decimal("97.5"),
    )
    Target.objects.create(
        plan=plans.a,
        indicator="on_time",
        comparator=Comparator.GT,
        value=Decimal(99),
        unit="%",
        year=YEAR,
        text="Trên 99% hồ sơ giải quyết đúng hạn",
    )
    reported = Target.objects.create(
        plan=plans.a, comparator=Comparator.GTE, value=Decimal(12), text="Rà soát ít nhất 12 TTHC"
    )
    ProgressUpdate.objects.filter(task=plans.task_a).update(target_values={str(reported.pk): "40"})
    return plans.a


def test_the_login_page_links_the_public_index(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{INDEX}"' in page and "tiến độ công khai" in page


def test_the_index_links_the_published_scoring_results_once_there_are_some(client, plans):
    link = f'href="{reverse("scoring_public:list")}"'
    assert link not in client.get(INDEX).content.decode()
    framework = Framework.objects.create(code="PAR-SO", name="Chỉ số CCHC các sở", year=YEAR)
    now = timezone.now()
    window = Window.objects.create(
        scheme=Scheme.objects.create(framework=framework), opens_on=now.date(), closes_at=now
    )
    assert link not in client.get(INDEX).content.decode()  # open, not published
    window.published_at, window.decision_number = now, "18/QĐ-UBND"
    window.save()
    assert link in client.get(INDEX).content.decode()


def test_anyone_gets_the_index_a_unit_and_a_plan_without_login(client, org, plans, drafted):
    index = client.get(INDEX)
    assert index.status_code == 200
    page = index.content.decode()
    for plan in (plans.province, plans.a, plans.b):
        assert plan_url(plan) in page
    assert plan_url(drafted) not in page and drafted.title not in page
    assert reverse("public:unit", args=[org.dept_a.pk]) in page
    assert reverse("public:unit", args=[org.commune.pk]) not in page  # only a draft
    unit = client.get(reverse("public:unit", args=[org.dept_a.pk]))
    assert unit.status_code == 200 and plans.a.title in unit.content.decode()
    plan = client.get(plan_url(plans.a))
    assert plan.status_code == 200
    assert plans.task_a.text in plan.content.decode()
    assert "Chưa có báo cáo tiến độ được duyệt" in plan.content.decode()


def test_unpublished_plans_and_units_without_published_plans_answer_404(
    client, org, plans, drafted
):
    assert client.get(plan_url(drafted)).status_code == 404
    assert client.get(reverse("public:plan", args=[999999])).status_code == 404
    assert client.get(reverse("public:unit", args=[org.commune.pk])).status_code == 404
    plans.b.status = PlanStatus.CLOSED  # a closed plan stays public
    plans.b.save()
    assert client.get(plan_url(plans.b)).status_code == 200


def test_the_first_address_of_the_public_plan_redirects(client, plans, drafted):
    response = client.get(f"/progress/public/plans/{plans.a.pk}/")
    assert response.status_code == 301 and response["Location"] == plan_url(plans.a)
    assert client.get(f"/progress/public/plans/{drafted.pk}/", follow=True).status_code == 404


@pytest.mark.parametrize(
    ("written", "plans_found", "units_found"),
    [
        ("", {"province", "a", "b"}, {"province", "dept_a", "dept_b"}),
        ("Sở Xây dựng", {"a"}, {"dept_a"}),
        ("so xay dung", {"a"}, {"dept_a"}),
        ("SỞ XÂY DỰNG", {"a"}, {"dept_a"}),
        ("xây dung", {"a"}, {"dept_a"}),
        ("2/KH-SXD", {"a"}, {"dept_a"}),
        ("kh sxd", {"a"}, {"dept_a"}),
        ("tu phap", {"b"}, {"dept_b"}),
        ("ubnd", {"province"}, {"province"}),
        ("khong co gi", set(), set()),
    ],
)
def test_search_without_accents(client, org, plans, written, plans_found, units_found):
    org.province.name = "UBND tỉnh Thử"
    org.province.save()
    response = client.get(INDEX, {"q": written})
    shown = {p.pk for p in response.context["page"]}
    assert shown == {getattr(plans, name).pk for name in plans_found}
    assert {u.pk for u in response.context["units"]} == {
        getattr(org, name).pk for name in units_found
    }


def test_units_are_listed_as_a_tree(client, org, plans):
    PlanFactory(issuer=org.commune, title="Kế hoạch của xã")
    PlanFactory(issuer=org.div_b, title="Kế hoạch của văn phòng")
    units = client.get(INDEX).context["units"]
    assert [(u.name, u.level) for u in units] == [
        ("UBND tỉnh Thử", 0),
        ("Sở Tư pháp", 1),
        ("Văn phòng Sở", 2),
        ("Sở Xây dựng", 1),
        ("UBND xã An Bình", 1),
    ]


def test_the_year_filter(client, org, plans):
    old = PlanFactory(issuer=org.dept_a, title="Kế hoạch năm trước", year=2024)
    response = client.get(INDEX, {"year": "2024"})
    assert [p.pk for p in response.context["page"]] == [old.pk]
    assert response.context["years"] == [2025, 2024]
    assert [u.plan_count for u in response.context["units"]] == [1]
    assert client.get(INDEX, {"year": "99999999", "page": "x"}).status_code == 200


def test_the_public_plan_shows_the_private_pages_figures(client, users, org, progress):
    public = client.get(plan_url(progress))
    assert client.login(username=users.leader_a.username, password=PASSWORD)
    private = client.get(reverse("plans:plan", args=[progress.pk]))
    counts = public.context["counts"]
    assert counts == private.context["counts"]
    assert (counts.total, counts.done, counts.late) == (3, 1, 2)  # reports owed since 2025
    readings = [(a.target.pk, a.actual, a.status) for a in public.context["assessments"]]
    # the plan page's own context (its task rows have theirs)
    shown = next(
        c["assessments"] for c in private.context if isinstance(c.get("assessments"), dict)
    )
    assert readings == [(a.target.pk, a.actual, a.status) for a in shown.values()]
    assert [actual for _pk, actual, _status in readings] == [Decimal("97.50"), Decimal(40)]
    page = public.content.decode()
    assert "Tiến độ duyệt lần cuối ngày 03/04/2025" in page
    assert "Đã rà soát 40 thủ tục" in page
    assert "1/3 nhiệm vụ hoàn thành" in page


def test_the_public_plan_page_lists_no_link_into_the_private_site(client, progress):
    page = client.get(plan_url(progress)).content.decode()
    for private in ("/plans/", "/units/", "/progress/", "/indicators/"):
        assert f'href="{private}' not in page


def queries(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_plans_and_tasks(client, org, plans, progress):
    client.get(INDEX)  # the first page of the day rolls the kept counts to today
    counts = {
        "index": queries(client, INDEX),
        "search": queries(client, INDEX, q="xay dung", year="2025"),
        "unit": queries(client, reverse("public:unit", args=[org.dept_a.pk])),
        "plan": queries(client, plan_url(progress)),
    }
    # the index asks once whether any scoring results were published (its link to them)
    assert counts == {"index": 7, "search": 7, "unit": 5, "plan": 9}
    for n in range(8):
        unit = UnitFactory(parent=org.province, name=f"Sở thứ {n}")
        more = PlanFactory(issuer=unit, title=f"Kế hoạch xây dựng {n}")
        for order in range(4):
            task = TaskFactory(plan=progress, lead=unit, order=10 + order)
            TaskFactory(plan=more, lead=unit, parent_task=task)
    assert {
        "index": queries(client, INDEX),
        "search": queries(client, INDEX, q="xay dung", year="2025"),
        "unit": queries(client, reverse("public:unit", args=[org.dept_a.pk])),
        "plan": queries(client, plan_url(progress)),
    } == counts


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_phone_gets_the_same_pages(client, progress, language):
    """The pages carry the viewport and the public style sheet (the layout is checked in
    the screenshots at 390 px)."""
    client.cookies["django_language"] = language
    for url in (INDEX, plan_url(progress)):
        page = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (iPhone)").content.decode()
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
        assert "web/public.css" in page
