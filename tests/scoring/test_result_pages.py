"""The official results pages with Django's test client: the import by the secretariat (a bad
table refused with every error listed), the ranking by block, a province's or unit's years,
where each set came from (a file, or a window's decision), who may open what."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chiso.frameworks.loading import load_builtin_frameworks
from chiso.org.models import PeerGroup
from chiso.scoring import cycle
from chiso.scoring.models import ResultScope, ResultSet
from chiso.scoring.results_import import import_results
from chiso.scoring.scheme_file import load_scheme
from chiso.scoring.window_results import publish_results

from ..factories import PASSWORD
from .test_results_import import PAPI, papi_rows, write_csv
from .test_scheme_file import workbook


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def csv_upload(rows) -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile("papi.csv", text.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def papi(db, tmp_path):
    load_builtin_frameworks([2024, 2025])
    rows = papi_rows(10)
    import_results(write_csv(tmp_path / "papi-2024.csv", rows), "PAPI", 2024)
    return rows


def test_the_coordinator_imports_a_table_and_reads_its_ranking(client, users, papi):
    login(client, users.coordinator)
    rows = [
        ["Tỉnh, thành phố", "Tổng", "Xếp hạng"],
        ["Lạng Sơn", "44.5", "1"],
        ["Cao Bằng", "43.1", "3"],
    ]
    data = {"file": csv_upload(rows), "index": "PAPI", "year": 2025, "scope": "national"}
    done = client.post(reverse("scoring:import"), data, follow=True)
    assert done.status_code == 200
    page = done.content.decode()
    assert "Đã nhập kết quả PAPI năm 2025: 2 dòng" in page
    assert "bảng ghi hạng 3, chiso xếp hạng 2" in page  # the printed rank is reported
    assert "Lạng Sơn" in page and "Cao Bằng" in page


def test_a_bad_table_is_refused_listing_every_error(client, users, papi):
    login(client, users.coordinator)
    rows = [["Tỉnh, thành phố", "Tổng"], ["Nơi Nào", "44"], ["Cao Bằng", "bốn"]]
    data = {"file": csv_upload(rows), "index": "PAPI", "year": 2025, "scope": "national"}
    done = client.post(reverse("scoring:import"), data)
    assert done.status_code == 400
    page = done.content.decode()
    assert "Dòng 2, cột “Tỉnh, thành phố”: “Nơi Nào”" in page
    assert "Dòng 3, cột “Tổng”: “bốn”" in page
    assert not ResultSet.objects.filter(year=2025).exists()


@pytest.mark.parametrize("who", ["leader_a", "officer_a", "viewer_a"])
def test_only_the_secretariat_imports(client, users, papi, who):
    login(client, getattr(users, who))
    assert 'id="import"' not in client.get(reverse("scoring:index")).content.decode()
    rows = [["Tỉnh, thành phố", "Tổng"], ["Lạng Sơn", "44"]]
    data = {"file": csv_upload(rows), "index": "PAPI", "year": 2025, "scope": "national"}
    assert client.post(reverse("scoring:import"), data).status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "officer_a"])
def test_everyone_reads_the_ranking_and_a_provinces_years(client, users, papi, who):
    login(client, getattr(users, who))
    page = client.get(reverse("scoring:ranking", args=["PAPI", 2024, "national"])).content.decode()
    assert "Cao nhất" in page and "Kết quả PAPI năm 2024" in page
    code = "an-giang"
    trend = client.get(reverse("scoring:trend", args=["PAPI", "national", code]))
    assert trend.status_code == 200
    assert "PAPI của An Giang qua các năm" in trend.content.decode()


def test_pages_that_do_not_exist(client, users, papi):
    login(client, users.officer_a)
    for url in (
        reverse("scoring:ranking", args=["PAPI", 2030, "national"]),
        reverse("scoring:ranking", args=["PAPI", 2024, "world"]),
        reverse("scoring:trend", args=["PAPI", "national", "atlantis"]),
    ):
        assert client.get(url).status_code == 404


def test_a_block_of_the_provinces_own_units(client, users, org, tmp_path):
    block = PeerGroup.objects.create(code="khoi-so", name="Khối sở")
    for unit in (org.dept_a, org.dept_b):
        unit.peer_group = block
        unit.save()
    rows = [
        ["Đơn vị", "Tổng"],
        ["Sở Xây dựng", "85"],
        ["Sở Tư pháp", "91"],
        ["UBND xã An Bình", "95"],
    ]
    import_results(write_csv(tmp_path / "u.csv", rows), "PAR", 2025, ResultScope.UNITS)
    login(client, users.leader_a)
    url = reverse("scoring:ranking", args=["PAR", 2025, "units"])
    page = client.get(url, {"block": "khoi-so"}).content.decode()
    assert "Khối sở" in page and "Sở Tư pháp" in page and "UBND xã An Bình" not in page


def test_component_points_read_as_numbers_like_the_totals(client, users, papi, tmp_path):
    rows = [["Tỉnh, thành phố", *PAPI], ["Lạng Sơn", "10,00", "5,72", *["5,5"] * 6]]
    import_results(write_csv(tmp_path / "papi-2025.csv", rows), "PAPI", 2025)
    login(client, users.officer_a)
    page = client.get(reverse("scoring:ranking", args=["PAPI", 2025, "national"])).content.decode()
    assert "<strong>48,72</strong>" in page  # the total: 10 + 5.72 + 6 × 5.5
    for shown in (">10<", ">5,72<", ">5,5<"):
        assert shown in page
    for stored in ("10.00", "5.72", "5.50"):
        assert stored not in page


def test_component_headers_name_the_components(client, users, papi):
    login(client, users.officer_a)
    page = client.get(reverse("scoring:ranking", args=["PAPI", 2024, "national"])).content.decode()
    header = '<abbr title="Tham gia của người dân ở cấp cơ sở">PAPI.1</abbr>'
    assert header in page
    trend = client.get(reverse("scoring:trend", args=["PAPI", "national", "an-giang"]))
    assert header in trend.content.decode()


def test_the_published_rank_column_only_when_the_table_printed_ranks(client, users, papi, tmp_path):
    login(client, users.officer_a)
    printed = client.get(reverse("scoring:ranking", args=["PAPI", 2024, "national"]))
    assert "Hạng công bố" in printed.content.decode()
    rows = [["Tỉnh, thành phố", "Tổng"], ["Lạng Sơn", "44,5"], ["Cao Bằng", "43,1"]]
    import_results(write_csv(tmp_path / "papi-2025.csv", rows), "PAPI", 2025)
    unprinted = client.get(reverse("scoring:ranking", args=["PAPI", 2025, "national"]))
    assert "Hạng công bố" not in unprinted.content.decode()


@pytest.fixture
def published(org, users, tmp_path, settings):
    """The province's own index of 2025, its window published by decision 18/QĐ-UBND."""
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    window = cycle.open_window(
        load_scheme(workbook(tmp_path)), None, now.date(), now, now + datetime.timedelta(days=7)
    )
    window.decision_number, window.decision_date = "18/QĐ-UBND", datetime.date(2026, 1, 20)
    window.published_at = now
    window.save()
    publish_results(window)
    return window


def test_results_a_window_published_name_its_decision_not_a_file(client, users, published):
    login(client, users.coordinator)
    url = reverse("scoring:ranking", args=["PAR-SO", 2025, "units"])
    page = client.get(url).content.decode()
    decision = "Công bố theo Quyết định số 18/QĐ-UBND ngày 20/01/2026"
    assert decision in page and "Nhập từ tệp" not in page
    assert reverse("scoring:window", args=[published.pk]) in page
    assert "Hạng công bố" not in page  # a window prints no rank of its own
    index = client.get(reverse("scoring:index")).content.decode()
    assert decision in index and "Nhập từ tệp" not in index


def test_a_units_years_under_its_name_and_a_rank_chart_from_two_years(client, users, org, tmp_path):
    for year, points in ((2025, ("85", "91")), (2026, ("92", "90"))):
        rows = [["Đơn vị", "Tổng"], ["Sở Xây dựng", points[0]], ["Sở Tư pháp", points[1]]]
        import_results(write_csv(tmp_path / f"u{year}.csv", rows), "PAR", year, ResultScope.UNITS)
        login(client, users.leader_a)
        page = client.get(reverse("scoring:trend", args=["PAR", "units", "sxd"])).content.decode()
        assert "PAR của Sở Xây dựng qua các năm" in page and "của sxd" not in page
        # one year's rank is a lone dot on an axis: the chart waits for a second year
        assert ('data-kind="ranks"' in page) == (year == 2026)
