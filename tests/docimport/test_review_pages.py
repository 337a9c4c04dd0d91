"""The web import: upload, status, review with edits, confirm; large files via the worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from chiso.accounts.models import Role
from chiso.docimport.models import ImportJob, ImportStatus
from chiso.plans.models import Plan

from ..factories import PASSWORD, UserFactory
from .lang_son import build_lang_son

pytestmark = pytest.mark.django_db(transaction=True)
APPENDIX = "so-xay-dung-2025-phu-luc-I"


@pytest.fixture
def units(db):
    return build_lang_son()


@pytest.fixture
def officer(client, units):
    user = UserFactory(username="vp.sxd", unit=units["sxd"], role=Role.OFFICER)
    client.login(username=user.username, password=PASSWORD)
    return user


def upload(client, name: str, content: bytes, issuer=None):
    data = {"file": SimpleUploadedFile(name, content)}
    if issuer is not None:
        data["issuer"] = issuer.pk
    return client.post(reverse("docimport:upload"), data)


def review_post(job: ImportJob, **changes) -> dict:
    """The review form as the page fills it in, with `changes` applied."""
    draft = job.draft
    data = {
        "number": draft["number"],
        "date": draft["date"] or "",
        "title": draft["title"],
        "year": draft["year"],
        "issuer": draft["issuer_id"] or job.issuer_id,
        "indices": draft["indices"],
        "purposes": draft["purposes"],
        "requirements": draft["requirements"],
    }
    for n, task in enumerate(draft["tasks"]):
        prefix = f"task-{n}-"
        data[prefix + "ordinal"] = task["ordinal"]
        data[prefix + "component"] = task["component"] or ""
        data[prefix + "text"] = task["text"]
        data[prefix + "lead"] = task["lead_id"] or ""
        data[prefix + "coordinators"] = task["coordinator_ids"]
        data[prefix + "deadline"] = task["deadline"]["text"]
        data[prefix + "output"] = task["output"]
    data.update(changes)
    return data


def test_upload_review_edit_and_confirm(client, corpus, units, officer):
    content = (corpus / f"{APPENDIX}.docx").read_bytes()
    response = upload(client, f"{APPENDIX}.docx", content, issuer=units["sxd"])
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.REVIEW
    review = client.get(job.get_absolute_url(), follow=True)
    page = review.content.decode()
    assert "Rà soát kế hoạch đề xuất" in page
    assert page.count('class="card mb-2 review-task') == 42
    assert 'id="block-' in page  # the document beside the draft

    data = review_post(
        job,
        **{
            "task-0-text": "Báo cáo CCHC định kỳ (đã sửa)",
            "task-0-deadline": "Quý III/2025",
            "task-1-drop": "1",
        },
    )
    response = client.post(reverse("docimport:review", args=[job.pk]), data)
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.tasks.count() == 41
    first = plan.tasks.order_by("order").first()
    assert first.text == "Báo cáo CCHC định kỳ (đã sửa)"
    assert str(first.deadline_date) == "2025-09-30"
    assert first.lead.code == "sxd-vp"
    job.refresh_from_db()
    assert job.status == ImportStatus.CONFIRMED and job.plan == plan


def test_a_task_without_text_is_refused_and_nothing_saved(client, corpus, units, officer):
    upload(client, f"{APPENDIX}.txt", (corpus / f"{APPENDIX}.txt").read_bytes(), units["sxd"])
    job = ImportJob.objects.get()
    data = review_post(job, **{"task-3-text": "  "})
    page = client.post(reverse("docimport:review", args=[job.pk]), data).content.decode()
    assert "thiếu nội dung" in page
    assert Plan.objects.count() == 0


def test_a_large_file_is_read_by_the_worker(client, corpus, units, officer):
    text = (corpus / f"{APPENDIX}.txt").read_text(encoding="utf-8")
    padding = "\n\nGhi chú: " + "nội dung bổ sung " * 80_000
    upload(client, "lon.txt", (text + padding).encode("utf-8"), units["sxd"])
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    status = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in status.content.decode()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.REVIEW
    assert len(job.draft["tasks"]) == 42
    done = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert done["HX-Redirect"].endswith("/review/")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "không được hỗ trợ"),
        ("trong.docx", b"", "trống"),
    ],
)
def test_bad_uploads_are_refused_with_the_file_named(
    client, units, officer, name, content, message
):
    page = upload(client, name, content).content.decode()
    assert message in page and name in page
    assert ImportJob.objects.count() == 0


def test_an_unreadable_file_fails_with_its_reason(client, units, officer):
    upload(client, "hong.docx", b"PK\x03\x04broken", units["sxd"])
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "hong.docx" in page


def test_others_cannot_see_a_job_and_viewers_cannot_upload(client, corpus, units, officer):
    upload(client, f"{APPENDIX}.txt", (corpus / f"{APPENDIX}.txt").read_bytes(), units["sxd"])
    job = ImportJob.objects.get()
    other = UserFactory(username="other", unit=units["snv"], role=Role.OFFICER)
    viewer = UserFactory(username="viewer", unit=units["sxd"], role=Role.VIEWER)
    client.login(username=other.username, password=PASSWORD)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("docimport:review", args=[job.pk])).status_code == 404
    client.login(username=viewer.username, password=PASSWORD)
    assert client.get(reverse("docimport:upload")).status_code == 404


def test_an_officer_cannot_confirm_for_a_unit_outside_their_subtree(client, corpus, units, officer):
    upload(client, f"{APPENDIX}.txt", (corpus / f"{APPENDIX}.txt").read_bytes(), units["sxd"])
    job = ImportJob.objects.get()
    data = review_post(job, issuer=units["snv"].pk)
    page = client.post(reverse("docimport:review", args=[job.pk]), data).content.decode()
    assert Plan.objects.count() == 0
    assert "Hãy chọn một lựa chọn hợp lệ" in page  # the issuer is not among their units


VAN_QUAN = "van-quan-2024-papi-ke-hoach"  # undated: its district, ended since, is not found


@pytest.fixture
def coordinator(client, units):
    user = UserFactory(username="noivu", unit=units["snv"], role=Role.COORDINATOR)
    client.login(username=user.username, password=PASSWORD)
    return user


def van_quan_job(client, corpus) -> ImportJob:
    upload(client, f"{VAN_QUAN}.txt", (corpus / f"{VAN_QUAN}.txt").read_bytes())
    return ImportJob.objects.get()


def task_number(job: ImportJob, lead_text: str) -> int:
    return next(n for n, t in enumerate(job.draft["tasks"]) if t["lead_text"] == lead_text)


def test_an_unfound_issuer_is_asked_first_and_required(client, corpus, units, coordinator):
    job = van_quan_job(client, corpus)
    assert job.issuer is None and job.draft["issuer_id"] is None
    page = client.get(reverse("docimport:review", args=[job.pk])).content.decode()
    asked = page.index('id="issuer-first"')
    assert asked < page.index('id="id_issuer"') < page.index("Thông tin kế hoạch")
    assert page.count('id="id_issuer"') == 1  # not asked a second time below
    assert "Văn bản ghi “UBND huyện Văn Quan” nhưng không tìm thấy đơn vị này." in page

    data = review_post(job, issuer="", **{"task-0-text": "Nội dung sửa trước khi chọn"})
    page = client.post(reverse("docimport:review", args=[job.pk]), data).content.decode()
    assert Plan.objects.count() == 0
    assert "Chưa lưu kế hoạch." in page
    assert '<a class="alert-link" href="#id_issuer">Cơ quan ban hành</a>' in page
    assert "Chưa chọn cơ quan ban hành: tìm và chọn cơ quan ở đầu trang." in page
    assert "Nội dung sửa trước khi chọn" in page  # nothing typed is lost

    data["issuer"] = units["vq"].pk  # ended on 30/6/2025: a plan of 2024 is still its own
    response = client.post(reverse("docimport:review", args=[job.pk]), data)
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.issuer == units["vq"]
    assert plan.tasks.order_by("order").first().text == "Nội dung sửa trước khi chọn"


def test_choosing_the_issuer_first_reads_the_units_again(client, corpus, units, coordinator):
    job = van_quan_job(client, corpus)
    n = task_number(job, "Phòng Nội vụ huyện")
    assert job.draft["tasks"][n]["lead_id"] is None
    url = reverse("docimport:review", args=[job.pk])
    htmx = {"HX-Request": "true"}
    refused = client.post(url, {"action": "issuer", "issuer": ""}, headers=htmx)
    assert "Chưa chọn cơ quan ban hành" in refused.content.decode()

    chosen = client.post(url, {"action": "issuer", "issuer": units["vq"].pk}, headers=htmx)
    assert chosen["HX-Redirect"] == url
    job.refresh_from_db()
    assert job.issuer == units["vq"]
    assert job.draft["tasks"][n]["lead_id"] == units["vq-pnv"].pk
    assert 'id="issuer-first"' not in client.get(url).content.decode()


def test_a_coordinator_imports_for_any_unit_of_the_province(client, corpus, units, coordinator):
    form = client.get(reverse("docimport:upload")).content.decode()
    province = units["ls"]
    assert f'<option value="{province.pk}" selected>UBND tỉnh Lạng Sơn</option>' in form
    assert 'type="search"' in form

    text = (corpus / f"{APPENDIX}.txt").read_bytes()
    upload(client, f"{APPENDIX}.txt", text, issuer=units["ttt"])  # not her own department
    job = ImportJob.objects.get()
    assert job.issuer == units["ttt"]
    page = client.get(reverse("docimport:review", args=[job.pk])).content.decode()
    assert 'id="issuer-first"' not in page
    assert f"Văn bản ghi: “{job.draft['issuer_text']}”" in page  # not Thanh tra tỉnh
    data = review_post(job, issuer=units["sxd"].pk)
    response = client.post(reverse("docimport:review", args=[job.pk]), data)
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.issuer == units["sxd"]


def test_an_officer_uploads_for_her_own_unit_by_default(client, units, officer):
    form = client.get(reverse("docimport:upload")).content.decode()
    assert f'<option value="{units["sxd"].pk}" selected>Sở Xây dựng — UBND tỉnh' in form
    assert "Sở Nội vụ" not in form  # her scope only


def test_suggestions_name_their_parent_and_can_be_chosen(client, corpus, units, coordinator):
    job = van_quan_job(client, corpus)
    n = task_number(job, "Thanh tra huyện")
    page = client.get(reverse("docimport:review", args=[job.pk])).content.decode()
    lead = page[page.index(f'id="task-{n}-lead"') :]
    lead = lead[: lead.index("</select>")]
    assert f'<option value="{units["sxd-tt"].pk}">Thanh tra Sở — Sở Xây dựng</option>' in lead
    assert f'<option value="{units["ttt"].pk}">Thanh tra tỉnh — UBND tỉnh Lạng Sơn</option>' in lead
    assert "gợi ý ở đầu danh sách: Thanh tra Sở — Sở Xây dựng; Thanh tra tỉnh" in page

    data = review_post(job, issuer=units["vq"].pk, **{f"task-{n}-lead": units["ttt"].pk})
    client.post(reverse("docimport:review", args=[job.pk]), data)
    task = Plan.objects.get().tasks.get(order=n + 1)
    assert task.lead == units["ttt"]


def test_coordinators_posted_from_the_picker_are_saved(client, corpus, units, officer):
    upload(client, f"{APPENDIX}.txt", (corpus / f"{APPENDIX}.txt").read_bytes(), units["sxd"])
    job = ImportJob.objects.get()
    chips, added = [units["sxd-khtc"].pk], [units["sxd-tt"].pk, units["sxd-khtc"].pk]
    data = review_post(job, **{"task-0-coordinators": chips + added})
    client.post(reverse("docimport:review", args=[job.pk]), data)
    first = Plan.objects.get().tasks.order_by("order").first()
    assert set(first.coordinators.all()) == {units["sxd-khtc"], units["sxd-tt"]}


def test_a_unit_outside_the_choices_is_refused_next_to_its_task(client, corpus, units, officer):
    upload(client, f"{APPENDIX}.txt", (corpus / f"{APPENDIX}.txt").read_bytes(), units["sxd"])
    job = ImportJob.objects.get()
    outside = units["mttq"]  # not hers, and not named by the document
    data = review_post(job, **{"task-2-lead": outside.pk, "task-3-coordinators": [outside.pk]})
    page = client.post(reverse("docimport:review", args=[job.pk]), data).content.decode()
    assert Plan.objects.count() == 0
    ordinals = [job.draft["tasks"][n]["ordinal"] for n in (2, 3)]
    assert f"Nhiệm vụ {ordinals[0]}: chọn đơn vị chủ trì trong danh sách." in page
    assert f"Nhiệm vụ {ordinals[1]}: chọn đơn vị phối hợp trong danh sách." in page
    assert f'href="#task-2">Nhiệm vụ {ordinals[0]}</a>' in page
