"""In a real browser, a scoring cycle: two departments self-score with evidence (a file, and
a plan of chiso cited; one sub-criterion scored from chiso's data), the council lowers one
score with a reason, the unit explains, the council finalises and publishes, the public page
ranks them, and a plan's rank target shows met."""

import datetime

import pytest
from django.utils import timezone

from chiso.accounts.models import Role
from chiso.org.models import PeerGroup
from chiso.plans.models import Plan, PlanStatus, Target
from chiso.plans.targets import parse_targets
from chiso.scoring import cycle
from chiso.scoring.scheme_file import load_scheme

from ..factories import UserFactory
from ..scoring.test_scheme_file import workbook
from .test_site import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANUAL = {"1.1.2": "6,5", "1.2": "20", "2.1": "20", "2.2": "10", "4.1": "1", "5.1": "0"}


def row(page, assessment, code):
    score = assessment.scores.get(component__code=code)
    return page.locator(f"#s-{score.pk}")


def self_score(page, assessment, points: dict[str, str], evidence):
    scored = set(assessment.scores.values_list("component__code", flat=True))
    for code, value in points.items():
        if code not in scored:  # field 2 does not apply to Sở Tư pháp
            continue
        line = row(page, assessment, code)
        form = line.locator("form[action$='/score/']")
        form.locator("input[name=points]").fill(value)
        form.locator("textarea[name=text]").fill(
            "" if code == "1.2" else f"Theo báo cáo năm, mục {code}"
        )
        form.locator("button").click()
        page.wait_for_load_state()
    line = row(page, assessment, "1.2")
    line.locator("summary").click()
    if isinstance(evidence, Plan):  # cite the unit's own plan, named as chiso names it
        line.locator("select[name=link]").select_option(f"plan:{evidence.pk}")
    else:
        line.locator("input[name=label]").fill("Báo cáo CCHC quý IV")
        line.locator("input[type=file]").set_input_files(str(evidence))
    line.locator("button", has_text="Thêm tài liệu").click()
    page.wait_for_load_state()


def test_a_scoring_cycle_to_published_ranks_and_a_met_target(
    page, live_server, org, users, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    block = PeerGroup.objects.create(code="khoi-so", name="Khối sở")
    for unit in (org.dept_a, org.dept_b):
        unit.peer_group = block
        unit.save()
    leader_b = UserFactory(username="leader_b", unit=org.dept_b, role=Role.LEADER)
    # The province set a due date for the departments' plans; both issued theirs on time.
    Plan.objects.create(
        issuer=org.province,
        title="KH CCHC tỉnh 2025",
        year=2025,
        status=PlanStatus.ISSUED,
        child_plans_due=[
            {"units": [org.dept_a.pk, org.dept_b.pk], "due": "2025-01-31", "text": ""}
        ],
    )
    plan_a = Plan.objects.create(
        issuer=org.dept_a,
        title="KH CCHC Sở Xây dựng 2025",
        year=2025,
        status=PlanStatus.ISSUED,
        issue_date=datetime.date(2025, 1, 20),
    )
    plan_b = Plan.objects.create(
        issuer=org.dept_b,
        title="KH CCHC Sở Tư pháp 2025",
        year=2025,
        status=PlanStatus.ISSUED,
        issue_date=datetime.date(2025, 1, 25),
    )
    text = "Chỉ số CCHC (PAR INDEX) xếp thứ 01/02 trong khối sở"
    Target.from_parsed(parse_targets(text, year=2025)[0], plan_a, text=text).save()
    now = timezone.now()
    window = cycle.open_window(
        load_scheme(workbook(tmp_path)),
        block,
        now.date(),
        now + datetime.timedelta(days=7),
        now + datetime.timedelta(days=14),
    )
    sxd, stp = window.assessments.get(unit=org.dept_a), window.assessments.get(unit=org.dept_b)
    evidence = tmp_path / "bao-cao-quy-iv.pdf"
    evidence.write_bytes(b"%PDF-1.4 demo")

    for user, assessment, points, proof, shown in (
        (users.leader_a, sxd, MANUAL, evidence, "Báo cáo CCHC quý IV"),
        (leader_b, stp, {**MANUAL, "4.1": "0"}, plan_b, "KH CCHC Sở Tư pháp 2025"),
    ):
        page.context.clear_cookies()
        log_in(page, live_server, user)
        page.goto(f"{live_server.url}/scoring/")
        page.locator(f"a[href='/scoring/assessments/{assessment.pk}/']").click()
        page.wait_for_url(f"**/scoring/assessments/{assessment.pk}/")
        auto = row(page, assessment, "1.1.1").text_content()
        assert "tự động" in auto and "Ban hành đúng hạn" in auto  # scored from the plans
        self_score(page, assessment, points, proof)
        assert shown in row(page, assessment, "1.2").text_content()
        page.click("button:has-text('Gửi hội đồng thẩm định')")
        page.wait_for_load_state()
        assert "Đã gửi bản tự đánh giá" in page.content()

    # The council reviews: most scores accepted as they are (set up here), one lowered on
    # the page with its reason; the survey part entered.
    for assessment in (sxd, stp):
        assessment.refresh_from_db()  # submitted in the browser
        for score in assessment.scores.select_related("component__rule"):
            code = score.component.code
            if code in ("3.1", "3.2"):
                cycle.appraise(
                    score,
                    users.coordinator,
                    score.component.max_points - (2 if assessment == stp else 1),
                    "Điều tra XHH",
                )
            elif not (assessment == sxd and code == "1.2"):
                cycle.appraise(score, users.coordinator)
    page.context.clear_cookies()
    log_in(page, live_server, users.coordinator)
    page.goto(f"{live_server.url}/scoring/assessments/{sxd.pk}/")
    council = row(page, sxd, "1.2").locator("form[action$='/appraise/']")
    council.locator("input[name=points]").fill("18")
    council.locator("textarea[name=text]").fill("Thiếu báo cáo quý III")
    council.locator("button", has_text="Lưu điểm thẩm định").click()
    page.wait_for_load_state()
    assert "Hội đồng điều chỉnh" in page.content() and "Thiếu báo cáo quý III" in page.content()
    page.click("button:has-text('Chuyển đơn vị giải trình')")
    page.wait_for_load_state()

    page.context.clear_cookies()
    log_in(page, live_server, users.leader_a)
    page.goto(f"{live_server.url}/scoring/assessments/{sxd.pk}/")
    answer = row(page, sxd, "1.2").locator("form[action$='/answer/']")
    answer.locator("textarea").fill("Báo cáo quý III đã gửi ngày 5/10, kèm theo đây")
    answer.locator("button").click()
    page.wait_for_load_state()
    assert "Báo cáo quý III đã gửi ngày 5/10" in page.content()

    page.context.clear_cookies()
    log_in(page, live_server, users.coordinator)
    for assessment in (sxd, stp):
        page.goto(f"{live_server.url}/scoring/assessments/{assessment.pk}/")
        page.click("button:has-text('Chốt điểm')")
        page.wait_for_load_state()
        assert "Đã chốt điểm" in page.content()
    page.goto(f"{live_server.url}/scoring/windows/{window.pk}/")
    page.fill("#id_number", "25/QĐ-UBND")
    page.fill("#id_day", "2026-01-20")
    page.click("button:has-text('Công bố')")
    page.wait_for_load_state()
    assert "Đã công bố kết quả" in page.content()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/xep-hang/{window.pk}/")
    ranks = page.locator("tbody tr")
    assert "Sở Xây dựng" in ranks.nth(0).text_content() and "25/QĐ-UBND" in page.content()

    log_in(page, live_server, users.leader_a)
    page.goto(f"{live_server.url}/plans/{plan_a.pk}/")
    target = page.locator(".targets li", has_text="xếp thứ 01/02").text_content()
    assert "Đạt" in target and "PAR-SO 2025" in target
