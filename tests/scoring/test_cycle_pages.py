"""The scoring cycle through the pages (Django's test client): a unit scores with evidence
and submits, the council changes a score with a reason, the unit answers, the council
finalises and publishes, the public page shows the ranking; who may open and do what."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chiso.scoring import cycle
from chiso.scoring.models import AssessmentState, Score
from chiso.scoring.scheme_file import load_scheme

from ..factories import PASSWORD
from .test_cycle import FULL
from .test_scheme_file import workbook


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def window(org, users, tmp_path):
    now = timezone.now()
    scheme = load_scheme(workbook(tmp_path))
    return cycle.open_window(
        scheme,
        None,
        now.date(),
        now + datetime.timedelta(days=7),
        now + datetime.timedelta(days=14),
    )


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post(client, name, assessment, **data):
    return client.post(reverse(f"scoring:{name}", args=[assessment.pk]), data, follow=True)


def test_a_unit_scores_submits_and_the_council_reviews_through_the_pages(
    client, users, org, window
):
    sxd = window.assessments.get(unit=org.dept_a)
    login(client, users.officer_a)  # the department's office fills it in
    page = client.get(reverse("scoring:assessment", args=[sxd.pk]))
    assert page.status_code == 200 and "Gửi hội đồng thẩm định" not in page.content.decode()
    scores = {s.component.code: s for s in sxd.scores.select_related("component")}
    for code, points in FULL.items():
        post(
            client,
            "self_score",
            sxd,
            score=scores[code].pk,
            points=points.replace(".", ","),
            text="",
        )
    upload = SimpleUploadedFile("kh.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    for code in FULL:
        post(client, "evidence", sxd, score=scores[code].pk, label=f"Tài liệu {code}", file=upload)
        upload.seek(0)
    assert Score.objects.get(pk=scores["1.1.1"].pk).self_points == 3.5
    done = post(client, "self_score", sxd, score=scores["1.2"].pk, points="25", text="")
    assert "Điểm phải từ 0 đến 20" in done.content.decode()

    login(client, users.leader_a)
    page = post(client, "submit", sxd)
    assert "Đã gửi bản tự đánh giá" in page.content.decode()
    sxd.refresh_from_db()
    assert sxd.state == AssessmentState.SUBMITTED

    login(client, users.coordinator)
    for score in sxd.scores.select_related("component"):
        code = score.component.code
        if code in ("3.1", "3.2"):
            post(client, "appraise", sxd, score=score.pk, points="15", text="Điều tra XHH")
        elif code == "1.2":
            done = post(client, "appraise", sxd, score=score.pk, points="15", text="")
            assert "Cần ghi lý do" in done.content.decode()
            post(client, "appraise", sxd, score=score.pk, points="15", text="Thiếu báo cáo quý IV")
        else:
            post(client, "appraise", sxd, score=score.pk, accept="1", points="", text="")
    post(client, "send", sxd)
    sxd.refresh_from_db()
    assert sxd.state == AssessmentState.APPRAISED

    login(client, users.leader_a)
    page = client.get(reverse("scoring:assessment", args=[sxd.pk])).content.decode()
    assert "Thiếu báo cáo quý IV" in page and "Gửi giải trình" in page
    post(client, "answer", sxd, score=scores["1.2"].pk, text="Báo cáo quý IV gửi ngày 20/12")

    login(client, users.coordinator)
    post(client, "finalise", sxd)
    page = client.get(reverse("scoring:assessment", args=[sxd.pk])).content.decode()
    assert "Báo cáo quý IV gửi ngày 20/12" in page and "Hội đồng điều chỉnh" in page
    sxd.refresh_from_db()
    assert sxd.state == AssessmentState.FINAL


@pytest.mark.parametrize("who", ["officer_b", "viewer_a"])
def test_others_cannot_score_a_units_assessment(client, users, org, window, who):
    sxd = window.assessments.get(unit=org.dept_a)
    score = sxd.scores.first()
    login(client, getattr(users, who))
    page = client.get(reverse("scoring:assessment", args=[sxd.pk]))
    if who == "officer_b":  # another department: not even seen
        assert page.status_code == 404
    else:  # the department's viewer reads it, without a form
        assert page.status_code == 200 and 'name="points"' not in page.content.decode()
    assert post(client, "self_score", sxd, score=score.pk, points="1").status_code == 404


def test_only_the_council_reviews_and_publishes(client, users, org, window):
    sxd = window.assessments.get(unit=org.dept_a)
    login(client, users.leader_a)
    assert post(client, "appraise", sxd, score=sxd.scores.first().pk, accept="1").status_code == 404
    assert post(client, "finalise", sxd).status_code == 404
    url = reverse("scoring:publish", args=[window.pk])
    assert client.post(url, {"number": "1/QĐ", "day": "2026-01-10"}).status_code == 404


def test_the_council_sees_every_unit_a_unit_its_own_until_published(client, users, org, window):
    url = reverse("scoring:window", args=[window.pk])
    login(client, users.coordinator)
    page = client.get(url).content.decode()
    assert all(
        name in page for name in ("Sở Xây dựng", "Sở Tư pháp", "Sở Nội vụ", "UBND xã An Bình")
    )
    login(client, users.officer_a)
    page = client.get(url).content.decode()
    assert "Sở Xây dựng" in page and "Sở Tư pháp" not in page


def test_the_public_page_shows_published_results_only(client, window):
    url = reverse("scoring_public:window", args=[window.pk])
    assert client.get(url).status_code == 404
    window.published_at, window.decision_number = timezone.now(), "9/QĐ-UBND"
    window.decision_date = datetime.date(2026, 1, 20)
    window.save()
    page = client.get(url).content.decode()
    assert "9/QĐ-UBND" in page and "Sở Xây dựng" in page
    assert "9/QĐ-UBND" in client.get(reverse("scoring_public:list")).content.decode()


def test_the_secretariat_downloads_and_loads_the_provinces_index(client, users, window, tmp_path):
    import openpyxl

    login(client, users.coordinator)
    scheme = window.scheme
    done = client.get(reverse("scoring:scheme_download", args=[scheme.pk]))
    assert done.status_code == 200 and done["Content-Disposition"].endswith('PAR-SO-2025.xlsx"')
    path = tmp_path / "sua.xlsx"
    path.write_bytes(done.content)
    book = openpyxl.load_workbook(path)
    book["Thông tin"]["B3"] = 2026  # next year's copy
    book.save(path)
    with path.open("rb") as stream:
        page = client.post(reverse("scoring:scheme_upload"), {"file": stream}, follow=True)
    assert "Đã nạp bộ chỉ số PAR-SO 2026" in page.content.decode()
    broken = tmp_path / "hong.xlsx"
    book["Thông tin"]["B4"] = "trăm"
    book.save(broken)
    with broken.open("rb") as stream:
        page = client.post(reverse("scoring:scheme_upload"), {"file": stream}, follow=True)
    assert "Trang “Thông tin”" in page.content.decode()
    login(client, users.officer_a)
    with broken.open("rb") as stream:
        assert client.post(reverse("scoring:scheme_upload"), {"file": stream}).status_code == 404


def test_a_named_council_appraises_and_no_member_appraises_their_own_unit(
    client, users, org, window
):
    """The secretariat names the window's council: an officer of Sở Tư pháp reviews Sở Xây
    dựng but not Sở Tư pháp; the secretariat, not named, no longer reviews."""
    sxd, stp = (window.assessments.get(unit=unit) for unit in (org.dept_a, org.dept_b))
    for assessment, user in ((sxd, users.leader_a), (stp, users.officer_b)):
        cycle.save_self_score(
            assessment.scores.select_related("component__rule").get(component__code="1.2"),
            D(18),
            "Báo cáo năm",
            user,
        )
    window.closes_at = timezone.now() - datetime.timedelta(minutes=1)  # review may start
    window.save()
    url = reverse("scoring:council", args=[window.pk])
    login(client, users.leader_a)
    assert client.post(url, {"members": [users.officer_b.pk]}).status_code == 404
    login(client, users.coordinator)
    client.post(url, {"members": [users.officer_b.pk]})
    assert list(window.council.all()) == [users.officer_b]
    assert "officer_b" in client.get(reverse("scoring:window", args=[window.pk])).content.decode()

    def accept(assessment):
        score = assessment.scores.get(component__code="1.2")
        post(client, "appraise", assessment, score=score.pk, accept="1")
        score.refresh_from_db()
        return score.council_points

    assert accept(sxd) is None  # the secretariat is not on this council
    login(client, users.officer_b)
    assert client.get(reverse("scoring:assessment", args=[sxd.pk])).status_code == 200
    assert accept(sxd) == D(18)
    assert post(client, "appraise", stp, score=stp.scores.first().pk, accept="1").status_code == 404
    login(client, users.coordinator)
    client.post(url, {"members": []})  # back to the secretariat
    assert accept(stp) == D(18)
