"""The indicator pages: a unit's indicators with their formulas and targets, the late
dossiers without an apology letter, the breakdown by procedure, the upload and the import's
status; each scoped to the units the user sees."""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from chiso.jobs.models import JobState
from chiso.metrics.importing import import_export
from chiso.metrics.models import DataImport
from chiso.metrics.tasks import run_import
from chiso.plans.models import Target
from chiso.plans.targets import Comparator

from ..factories import PASSWORD
from .conftest import HEADER, ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def imported(org, write_csv):
    import_export(write_csv(ROWS), "dossiers")


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def chart_data(html: str) -> dict:
    start = html.index(">", html.index('id="trend-data"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def unit_url(unit, **query) -> str:
    url = reverse("metrics:unit", args=[unit.pk])
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else url


def test_the_unit_page_shows_values_formulas_and_targets(client, users, plans, imported):
    Target.objects.create(
        plan=plans.a,
        indicator="on_time",
        comparator=Comparator.GT,
        value=Decimal(99),
        unit="%",
        text="Tỷ lệ hồ sơ giải quyết đúng hạn trên 99%",
    )
    org_a = users.leader_a.unit
    page = login(client, users.leader_a).get(unit_url(org_a, kind="month", period="2025-03"))
    html = page.content.decode()
    assert page.status_code == 200
    row = html[html.index('id="indicator-on_time"') :]
    row = row[: row.index("</tr>")]
    assert "50%" in row and "1 / 2" in row
    assert "trên 99 %" in row and "Không đạt" in row  # 2025 is over
    assert "số hồ sơ hoàn thành trong kỳ" in row and "ngày hoàn thành" in row  # the formula
    assert "Tháng 3/2025" in html and "Tháng 4/2025" in html  # the periods of the kind
    trend = chart_data(html)
    assert trend["labels"] == ["Tháng 3/2025"]  # the trend stops at the period shown
    assert trend["series"][0]["values"] == [50.0] and trend["series"][0]["target"] == 99.0


def test_the_latest_period_of_the_kind_by_default(client, users, imported):
    html = login(client, users.leader_a).get(unit_url(users.leader_a.unit)).content.decode()
    assert "Quý II/2025" in html and 'value="2025-Q2" selected' in html


def test_a_unit_without_values(client, users, org):
    html = login(client, users.officer_a).get(unit_url(org.div_a)).content.decode()
    assert "chưa có số liệu" in html


def test_the_index_opens_the_users_unit_or_the_one_picked(client, users, org, imported):
    login(client, users.leader_a)
    response = client.get(reverse("metrics:index"))
    assert response.url == reverse("metrics:unit", args=[org.dept_a.pk])
    login(client, users.coordinator)
    picked = client.get(reverse("metrics:index"), {"unit": org.dept_b.pk, "kind": "year"})
    assert picked.url == unit_url(org.dept_b, kind="year")
    page = client.get(unit_url(org.province)).content.decode()
    assert f'<option value="{org.dept_b.pk}"' in page  # the picker: units with values


def test_other_units_are_not_found(client, users, org, imported):
    login(client, users.officer_b)
    for name in ("metrics:unit", "metrics:late_without_apology", "metrics:procedures"):
        assert client.get(reverse(name, args=[org.dept_a.pk])).status_code == 404
    assert client.get(reverse("metrics:index"), {"unit": org.dept_a.pk}).status_code == 404
    picker = client.get(unit_url(org.dept_b)).content.decode()
    assert f'<option value="{org.dept_a.pk}"' not in picker


def test_the_unit_page_takes_a_bounded_number_of_queries(
    client, users, org, plans, imported, django_assert_max_num_queries
):
    login(client, users.coordinator)
    client.get(unit_url(org.province))
    with django_assert_max_num_queries(10):
        assert client.get(unit_url(org.province, kind="month")).status_code == 200


def test_late_dossiers_without_an_apology(client, users, org, imported):
    login(client, users.coordinator)
    url = reverse("metrics:late_without_apology", args=[org.province.pk])
    html = client.get(url, {"period": "2025-Q1"}).content.decode()
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    # D5 finished five days late without a letter; D1 was late with one
    assert "D5" in rows and "Sở Tư pháp" in rows and ">5<" in rows and "25/03/2025" in rows
    assert "D1" not in rows
    assert "1 hồ sơ" in html
    empty = client.get(url, {"period": "2025-04"}).content.decode()
    assert "Không có hồ sơ trễ hạn" in empty
    login(client, users.leader_a)
    own = reverse("metrics:late_without_apology", args=[org.dept_a.pk])
    assert "0 hồ sơ" in client.get(own, {"period": "2025-Q1"}).content.decode()


def test_the_late_list_is_paged(client, users, org, write_csv):
    rows = [
        f"L{n},Sở Xây dựng,TT,01/05/2025,05/05/2025,{6 + n % 20:02d}/05/2025,,Trực tiếp,,,,"
        for n in range(60)
    ]
    import_export(write_csv(rows), "dossiers")
    login(client, users.leader_a)
    url = reverse("metrics:late_without_apology", args=[org.dept_a.pk])
    first = client.get(url, {"period": "2025-05"}).content.decode()
    assert "60 hồ sơ" in first and first.count("<tr>") == 51  # the header and 50 rows
    assert "page=2" in first and "period=2025-05" in first
    second = client.get(url, {"period": "2025-05", "page": 2}).content.decode()
    assert second.count("<tr>") == 11
    assert "format=xlsx" in first
    exported = client.get(url, {"period": "2025-05", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 60 and {row[0] for row in rows} == {f"L{n}" for n in range(60)}


def test_procedures_worst_on_time_first(client, users, org, imported):
    login(client, users.leader_a)
    url = reverse("metrics:procedures", args=[org.dept_a.pk])
    html = client.get(url, {"period": "2025-03"}).content.decode()
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    # Cấp phép xây dựng: D1 late, D2 on time; the other has nothing finished in March
    assert rows.index("Cấp phép xây dựng") < rows.index("Cấp chứng chỉ hành nghề")
    permits = rows[rows.index("Cấp phép xây dựng") :]
    assert "50% <span" in permits and "(1/2)" in permits
    assert client.get(url, {"period": "không phải kỳ"}).status_code == 200  # latest year
    exported = client.get(url, {"period": "2025-03", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    first = next(sheet.iter_rows(min_row=3, values_only=True))
    assert first[:3] == ("Cấp phép xây dựng", 2, 2) and first[4:6] == (1, 2)


def test_the_imports_page_explains_the_columns(client, users):
    html = login(client, users.coordinator).get(reverse("metrics:imports")).content.decode()
    for text in (
        "Mã hồ sơ",
        "Ngày tiếp nhận",
        "Thư xin lỗi",
        "Mã PAKN",
        "dd/mm/yyyy",
        "x/để trống",
    ):
        assert text in html
    for user in (users.officer_a, users.leader_a, users.viewer_a):  # exports cover the province
        login(client, user)
        assert client.get(reverse("metrics:imports")).status_code == 404


def post_upload(client, rows=ROWS, name="ho-so.csv", **extra):
    content = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")
    data = {"file": SimpleUploadedFile(name, content), "kind": "dossiers", **extra}
    return client.post(reverse("metrics:imports"), data)


def test_an_upload_is_queued_then_imported(client, users, org):
    login(client, users.coordinator)
    response = post_upload(client)
    record = DataImport.objects.get()
    assert response.url == reverse("metrics:import", args=[record.pk])
    assert (record.job.state, record.created_by, record.name) == (
        "queued",
        users.coordinator,
        "ho-so.csv",
    )
    status_url = reverse("metrics:import", args=[record.pk])
    polling = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in polling and "<html" not in polling
    run_import.call(record.pk)
    done = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done and "Đã nhập 5 bản ghi" in done and "2025-Q1" in done
    assert "ho-so.csv" in client.get(reverse("metrics:imports")).content.decode()


def test_a_mapping_file_names_other_headers(client, users, org):
    header = HEADER.replace("Ngày tiếp nhận", "Ngày nộp")
    content = ("\n".join([header, *ROWS]) + "\n").encode("utf-8")
    mapping = SimpleUploadedFile("anh-xa.json", '{"received": "Ngày nộp"}'.encode())
    login(client, users.coordinator)
    client.post(
        reverse("metrics:imports"),
        {"file": SimpleUploadedFile("khac.csv", content), "kind": "dossiers", "mapping": mapping},
    )
    record = DataImport.objects.get()
    assert record.mapping == {"received": "Ngày nộp"}
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [record.pk]
    run_import.call(*queued.args_kwargs["args"])
    record.refresh_from_db()
    assert (record.job.state, record.rows) == (JobState.DONE, 5)
    page = client.get(reverse("metrics:import", args=[record.pk])).content.decode()
    assert "<code>received</code> ← “Ngày nộp”" in page


@pytest.mark.parametrize(
    ("name", "content", "field", "message"),
    [
        ("virus.exe", b"MZ", "file", "không được hỗ trợ"),
        ("trong.csv", b"", "file", "trống"),
    ],
)
def test_bad_uploads_are_refused_with_the_file_named(client, users, name, content, field, message):
    login(client, users.coordinator)
    data = {"file": SimpleUploadedFile(name, content), "kind": "dossiers"}
    page = client.post(reverse("metrics:imports"), data).content.decode()
    assert name in page and message in page
    assert not DataImport.objects.exists()


def test_a_bad_mapping_file_is_refused(client, users):
    login(client, users.coordinator)
    mapping = SimpleUploadedFile("anh-xa.json", b'{"ngay gi do": "X"}')
    page = post_upload(client, mapping=mapping).content.decode()
    assert "anh-xa.json" in page and "không biết trường" in page
    assert not DataImport.objects.exists()


@pytest.fixture
def refused(client, users, org):
    """An import of the coordinator's refused for one bad row."""
    login(client, users.coordinator)
    post_upload(client, rows=[*ROWS, "X9,Sở Không Có,TT,01/03/2025,05/03/2025,,,Trực tiếp,,,,"])
    record = DataImport.objects.get()
    run_import.call(record.pk)
    record.refresh_from_db()
    return record


def test_a_failed_import_lists_its_bad_rows(client, users, refused):
    html = client.get(reverse("metrics:import", args=[refused.pk])).content.decode()
    assert "ho-so.csv" in html and "1 dòng không hợp lệ" in html
    table = html[html.index('class="table table-sm mb-0 error-table"') :]
    assert "Sở Không Có" in table and "Đơn vị" in table and ">8<" in table  # row 8
    errors_url = reverse("metrics:import_errors", args=[refused.pk])
    assert errors_url in html
    download = client.get(errors_url)
    assert download["Content-Disposition"].endswith('filename="ho-so.errors.csv"')
    assert "Sở Không Có" in b"".join(download.streaming_content).decode("utf-8-sig")


def test_the_errors_file_is_for_the_uploaders_scope_only(client, users, refused):
    errors_url = reverse("metrics:import_errors", args=[refused.pk])
    login(client, users.admin)  # the whole province holds the uploader's unit
    assert client.get(errors_url).status_code == 200
    login(client, users.leader_a)
    assert client.get(errors_url).status_code == 404
    login(client, users.officer_b)
    assert client.get(errors_url).status_code == 404
    assert client.get(reverse("metrics:import", args=[refused.pk])).status_code == 404
    assert "ho-so.csv" not in client.get(reverse("metrics:imports")).content.decode()


def test_an_errors_file_outside_the_data_folders_is_never_served(
    client, users, refused, tmp_path_factory
):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "secret.csv"
    elsewhere.write_text("secret", encoding="utf-8")
    DataImport.objects.filter(pk=refused.pk).update(errors_file=str(elsewhere))
    response = client.get(reverse("metrics:import_errors", args=[refused.pk]))
    assert response.status_code == 404


def test_the_unit_page_links_the_other_pages(client, users, org, imported):
    login(client, users.officer_b)
    page = client.get(unit_url(org.dept_b, kind="month", period="2025-03")).content.decode()
    late = reverse("metrics:late_without_apology", args=[org.dept_b.pk])
    assert f"{late}?period=2025-03" in page
    assert reverse("metrics:procedures", args=[org.dept_b.pk]) in page
    unit_page = client.get(reverse("org:unit", args=[org.dept_b.pk])).content.decode()
    assert reverse("metrics:unit", args=[org.dept_b.pk]) in unit_page
    assert f'href="{reverse("metrics:index")}"' in unit_page  # the menu entry


def test_the_unit_page_takes_any_period_code(client, users, imported):
    unit = users.leader_a.unit
    login(client, users.leader_a)
    # a kept code picks its kind without ?kind=
    half = client.get(unit_url(unit, period="2025-h1")).content.decode()
    assert 'value="2025-H1" selected' in half and "6 tháng đầu năm 2025" in half
    # nine months, summed from the months; its trend is the kind's periods inside it
    html = client.get(unit_url(unit, kind="month", period="2025-M9")).content.decode()
    assert "Kết quả 9 tháng năm 2025" in html
    row = html[html.index('id="indicator-on_time"') :]
    assert "2 / 3" in row[: row.index("</tr>")]
    assert chart_data(html)["labels"] == ["Tháng 3/2025", "Tháng 4/2025"]
    assert "?period=2025-M9" in html  # the links to the lists keep it


def test_the_lists_take_any_period_code(client, users, org, imported):
    login(client, users.coordinator)
    url = reverse("metrics:late_without_apology", args=[org.province.pk])
    for code in ("2025-M9", "2025-03-20..2025-03-31"):
        html = client.get(url, {"period": code}).content.decode()
        assert "D5" in html and "1 hồ sơ" in html
    assert (
        "Từ 26/03/2025 đến 31/03/2025"
        in client.get(url, {"period": "2025-03-26..2025-03-31"}).content.decode()
    )
    procedures = reverse("metrics:procedures", args=[org.province.pk])
    assert "9 tháng năm 2025" in client.get(procedures, {"period": "2025-M9"}).content.decode()


def test_imports_are_searched_without_accents(client, users):
    from chiso.jobs.models import Job
    from chiso.metrics.models import DataImport

    for name in ("Hồ sơ Sở Xây dựng quý 3.xlsx", "Phản ánh kiến nghị tháng 9.csv"):
        DataImport.objects.create(
            job=Job.objects.create(kind="dossier_import"),
            kind="dossiers",
            name=name,
            created_by=users.coordinator,
        )
    login(client, users.coordinator)
    url = reverse("metrics:imports")
    for written, expected, other in [
        ("ho so so xay dung", "Hồ sơ Sở Xây dựng", "Phản ánh kiến nghị"),
        ("PHẢN ÁNH", "Phản ánh kiến nghị", "Hồ sơ Sở Xây dựng"),
    ]:
        html = client.get(url, {"q": written}).content.decode()
        listed = html[html.index("recent-imports") :]
        assert expected in listed and other not in listed, written
    assert "Không có lượt nhập nào khớp" in client.get(url, {"q": "zzz"}).content.decode()
