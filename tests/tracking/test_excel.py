"""Excel round trip: a unit downloads its tasks of a period, fills them offline, uploads back."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chiso.tracking import actions
from chiso.tracking.access import reporting_units_for
from chiso.tracking.excel import (
    ExcelImportError,
    ImportResult,
    export_period,
    import_period,
)
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods

from ..factories import PASSWORD, TaskFactory

pytestmark = pytest.mark.django_db

FIRST_ROW = 7  # below the title block and the header row


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def period(plans):
    return ensure_periods(plans.a)[1]  # six months


@pytest.fixture
def tasks(org, plans):
    """div_a leads task_a and `second`, coordinates `shared`; `other` is div_b's."""
    shared = TaskFactory(plan=plans.a, lead=org.dept_a, text="Niêm yết công khai thủ tục", order=3)
    shared.coordinators.add(org.div_a)
    return {
        "task_a": plans.task_a,
        "second": TaskFactory(plan=plans.a, lead=org.div_a, text="Số hoá hồ sơ", order=2),
        "shared": shared,
        "other": TaskFactory(plan=plans.a, lead=org.div_b, text="Việc của Sở Tư pháp", order=4),
    }


def save(update, user, submit=False, **values):
    defaults = {"status": "in_progress", "percent": None, "milestone": "", "narrative": ""}
    defaults.update(target_values={}, **values)
    return actions.record(update, defaults, [], user, submit=submit)


def workbook(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return book, book.active


def row_of(sheet, task) -> int:
    return next(r for r in range(FIRST_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value == task.pk)


def fill(sheet, row, status=None, percent=None, narrative=None, key=None):
    for col, value in ((1, key), (5, status), (6, percent), (7, narrative)):
        if value is not None:
            sheet.cell(row, col).value = value


def as_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx(content: bytes, name="tien-do.xlsx"):
    return SimpleUploadedFile(name, content)


def test_export_lists_the_units_tasks_under_a_title_block(
    users, org, plans, period, tasks, django_assert_max_num_queries
):
    save(actions.current_update(tasks["second"], period, org.div_a), users.officer_a, percent=30)
    with django_assert_max_num_queries(5):
        content = export_period(period, org.div_a, users.officer_a)
    _book, sheet = workbook(content)
    assert "Văn phòng Sở" in sheet["B2"].value
    assert "2/KH-SXD" in sheet["B3"].value
    assert period.label in sheet["B4"].value and "02/07/2025" in sheet["B4"].value
    assert [c.value for c in sheet[6]][:7] == [
        "Mã nhiệm vụ",
        "STT",
        "Nhiệm vụ",
        "Thời hạn",
        "Tình trạng",
        "Tỷ lệ hoàn thành (%)",
        "Kết quả thực hiện",
    ]
    keys = [sheet.cell(r, 1).value for r in range(FIRST_ROW, sheet.max_row + 1)]
    assert keys == [tasks["task_a"].pk, tasks["second"].pk, tasks["shared"].pk]
    second = row_of(sheet, tasks["second"])
    assert (sheet.cell(second, 5).value, sheet.cell(second, 6).value) == ("Đang thực hiện", 30)
    assert sheet.column_dimensions["A"].hidden and sheet.freeze_panes == "C7"
    assert sheet.protection.sheet and not sheet.cell(second, 5).protection.locked
    assert sheet.cell(second, 3).protection.locked
    kinds = {v.type: v for v in sheet.data_validations.dataValidation}
    assert "Hoàn thành muộn" in kinds["list"].formula1
    assert (kinds["whole"].formula1, kinds["whole"].formula2) == ("0", "100")


def test_the_same_file_back_changes_nothing(users, org, plans, period, tasks, tmp_path):
    draft = save(
        actions.current_update(tasks["task_a"], period, org.div_a),
        users.officer_a,
        percent=40,
        narrative="=Đã rà soát 12 thủ tục\r\nCòn 3 thủ tục",  # a formula in Excel if unguarded
    )
    approved = save(
        actions.current_update(tasks["second"], period, org.div_a), users.officer_a, submit=True
    )
    actions.approve(approved, users.leader_a)
    before = list(ProgressUpdate.objects.order_by("pk").values())
    content = export_period(period, org.div_a, users.officer_a)
    _book, sheet = workbook(content)
    assert sheet.cell(row_of(sheet, tasks["task_a"]), 7).data_type == "s"

    result = import_period(io.BytesIO(content), period, org.div_a, users.officer_a)
    assert result == ImportResult(updated=0, unchanged=3)
    path = tmp_path / "tien-do.xlsx"
    path.write_bytes(content)
    assert import_period(path, period, org.div_a, users.officer_a).updated == 0
    assert list(ProgressUpdate.objects.order_by("pk").values()) == before
    assert ProgressUpdate.objects.get(pk=draft.pk).narrative.endswith("\r\nCòn 3 thủ tục")


@pytest.mark.urls("tests.tracking.excel_urls")
@pytest.mark.parametrize("submit", [False, True])
def test_a_filled_file_uploaded_saves_the_rows(client, users, org, period, tasks, submit):
    login(client, users.officer_a)
    args = [period.pk, org.div_a.pk]
    response = client.get(reverse("excel_download", args=args))
    assert response.status_code == 200
    assert 'filename="tien-do-2025-H1-sxd-vp.xlsx"' in response["Content-Disposition"]
    book, sheet = workbook(b"".join(response.streaming_content))
    fill(sheet, row_of(sheet, tasks["task_a"]), "hoan thanh", 100, "Đã công khai 12 thủ tục")
    fill(sheet, row_of(sheet, tasks["second"]), "ĐANG THỰC HIỆN", "50%", "Số hoá 120 hồ sơ")
    data = {"file": xlsx(as_bytes(book))} | ({"submit": "1"} if submit else {})

    response = client.post(reverse("excel_upload", args=args), data, follow=True)
    assert response.redirect_chain[-1][0] == period.get_absolute_url()
    assert "2 báo cáo từ tệp Excel; 1 dòng không đổi" in response.content.decode()
    done = ProgressUpdate.objects.get(task=tasks["task_a"])
    assert (done.status, done.percent, done.narrative) == ("done", 100, "Đã công khai 12 thủ tục")
    assert ProgressUpdate.objects.get(task=tasks["second"]).percent == 50
    assert not ProgressUpdate.objects.filter(task=tasks["shared"]).exists()  # left blank
    states = set(ProgressUpdate.objects.values_list("state", flat=True))
    assert states == {UpdateState.SUBMITTED if submit else UpdateState.DRAFT}
    if submit:
        assert done.submitted_by == users.officer_a


@pytest.mark.urls("tests.tracking.excel_urls")
def test_every_bad_row_is_listed_and_nothing_is_saved(client, users, org, period, tasks):
    login(client, users.officer_a)
    book, sheet = workbook(export_period(period, org.div_a, users.officer_a))
    fill(sheet, 7, status="Xong", narrative="Đã xong")
    fill(sheet, 8, status="Hoàn thành", percent=150)
    fill(sheet, 9, status="Vướng mắc")  # blocked needs the obstacle told
    fill(sheet, 10, key=tasks["other"].pk, status="Hoàn thành")
    fill(sheet, 11, key=999999, status="Hoàn thành")
    fill(sheet, 12, key=tasks["task_a"].pk, status="Hoàn thành")
    fill(sheet, 13, narrative="Một nhiệm vụ mới")
    fill(sheet, 14, key=tasks["second"].pk, status="Hoàn thành", percent=100)  # valid, yet unsaved
    response = client.post(
        reverse("excel_upload", args=[period.pk, org.div_a.pk]), {"file": xlsx(as_bytes(book))}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dòng 7, cột Tình trạng: “Xong” không phải một tình trạng; cần một trong: " in page
    assert "Dòng 8, cột Tỷ lệ: cần số từ 0 đến 100" in page
    assert "Dòng 9, cột Kết quả thực hiện: nêu rõ vướng mắc" in page
    assert "Dòng 10: Văn phòng Sở không báo cáo nhiệm vụ" in page
    assert "Dòng 11, cột Mã nhiệm vụ: kế hoạch không có nhiệm vụ mã 999999" in page
    assert "Dòng 12: nhiệm vụ" in page and "đã có ở dòng 7" in page
    assert "Dòng 13: không có mã nhiệm vụ" in page
    assert "Dòng 14: nhiệm vụ" in page  # `second` twice
    assert page.index("Dòng 7,") < page.index("Dòng 8,") < page.index("Dòng 13:")
    assert "trang tính “Tiến độ”" in page
    assert period.get_absolute_url() in page
    assert ProgressUpdate.objects.count() == 0


def test_a_locked_update_cannot_be_changed_by_file(users, org, period, tasks):
    update = save(
        actions.current_update(tasks["task_a"], period, org.div_a),
        users.officer_a,
        submit=True,
        narrative="Đã duyệt rồi",
    )
    actions.approve(update, users.leader_a)
    book, sheet = workbook(export_period(period, org.div_a, users.officer_a))
    row = row_of(sheet, tasks["task_a"])
    assert sheet.cell(row, 7).protection.locked
    fill(sheet, row, narrative="Sửa lén sau khi duyệt")
    fill(sheet, row_of(sheet, tasks["second"]), status="Đang thực hiện")
    with pytest.raises(ExcelImportError) as raised:
        import_period(io.BytesIO(as_bytes(book)), period, org.div_a, users.officer_a)
    assert raised.value.errors == [
        f"Dòng {row}: báo cáo nhiệm vụ {tasks['task_a'].ordinal} “Rà soát thủ tục của Sở Xây "
        "dựng” đang “Đã duyệt”, không sửa được."
    ]
    assert ProgressUpdate.objects.get().narrative == "Đã duyệt rồi"


def test_submit_sends_only_the_rows_changed(users, org, period, tasks):
    """Issue 12: one row filled and "Tải lên và gửi duyệt" also submitted the untouched
    drafts; now only the row the user changed is submitted (the old test asserted that
    untouched drafts were submitted)."""
    for name in ("task_a", "shared"):
        save(actions.current_update(tasks[name], period, org.div_a), users.officer_a, percent=10)
    book, sheet = workbook(export_period(period, org.div_a, users.officer_a))
    fill(sheet, row_of(sheet, tasks["second"]), "Đang thực hiện", 40, "Đã số hoá 40 hồ sơ")
    content = as_bytes(book)
    result = import_period(io.BytesIO(content), period, org.div_a, users.officer_a, submit=True)
    assert result == ImportResult(updated=1, unchanged=2)
    states = dict(ProgressUpdate.objects.values_list("task_id", "state"))
    assert states == {
        tasks["task_a"].pk: UpdateState.DRAFT,
        tasks["shared"].pk: UpdateState.DRAFT,
        tasks["second"].pk: UpdateState.SUBMITTED,
    }


def test_the_same_file_uploaded_again_saves_nothing_twice_and_can_then_be_submitted(
    users, org, period, tasks
):
    book, sheet = workbook(export_period(period, org.div_a, users.officer_a))
    fill(sheet, row_of(sheet, tasks["second"]), "Đang thực hiện", 40, "Đã số hoá 40 hồ sơ")
    content = as_bytes(book)
    assert import_period(io.BytesIO(content), period, org.div_a, users.officer_a).updated == 1
    again = import_period(io.BytesIO(content), period, org.div_a, users.officer_a)
    assert again == ImportResult(updated=0, unchanged=3)
    sent = import_period(io.BytesIO(content), period, org.div_a, users.officer_a, submit=True)
    assert sent == ImportResult(updated=1, unchanged=2)
    update = ProgressUpdate.objects.get()
    assert (update.state, update.percent, update.version) == (UpdateState.SUBMITTED, 40, 1)


def _change_on_the_site(kind: str, task, period, org, users) -> None:
    """What someone else did to `task`'s report on the site after the workbook was downloaded."""
    if kind == "nothing":
        return
    update = actions.current_update(task, period, org.div_a)
    if kind == "saved":
        save(update, users.officer_a, percent=20, narrative="Sửa trên trang web")
        return
    update = save(update, users.officer_a, submit=True, narrative="Gửi trên trang web")
    if kind == "approved":
        actions.approve(update, users.leader_a)
    elif kind == "returned":
        actions.send_back(update, users.leader_a, "Thiếu số liệu")


@pytest.mark.parametrize(
    ("since", "filled", "outcome", "state"),
    [
        ("nothing", False, "untouched", None),
        ("submitted", False, "untouched", "Chờ duyệt"),  # the blank row no longer refuses the file
        ("approved", False, "untouched", "Đã duyệt"),
        ("nothing", True, "saved", None),
        ("submitted", True, "skipped", "Chờ duyệt"),
        ("approved", True, "skipped", "Đã duyệt"),
        ("returned", True, "skipped", "Bị trả lại"),
        ("saved", True, "skipped", "Đang soạn"),
    ],
)
@pytest.mark.parametrize("submit", [False, True])
def test_only_rows_changed_since_the_download_are_applied(
    users, org, period, tasks, since, filled, outcome, state, submit
):
    """task_a's row is blank in the workbook; someone acts on its report on the site
    (`since`); the user fills the row or not, and always fills `second`'s row."""
    book, sheet = workbook(export_period(period, org.div_a, users.officer_a))
    _change_on_the_site(since, tasks["task_a"], period, org, users)
    before = list(ProgressUpdate.objects.filter(task=tasks["task_a"]).values())
    row = row_of(sheet, tasks["task_a"])
    if filled:
        fill(sheet, row, "Hoàn thành", 100, "Đã công khai 12 thủ tục")
    fill(sheet, row_of(sheet, tasks["second"]), "Đang thực hiện", 40, "Số hoá 40 hồ sơ")

    result = import_period(
        io.BytesIO(as_bytes(book)), period, org.div_a, users.officer_a, submit=submit
    )
    assert result.updated == (2 if outcome == "saved" else 1)
    assert result.unchanged == (1 if outcome == "saved" else 2) - (outcome == "skipped")
    assert ProgressUpdate.objects.get(task=tasks["second"]).percent == 40
    after = list(ProgressUpdate.objects.filter(task=tasks["task_a"]).values())
    if outcome == "saved":
        update = ProgressUpdate.objects.get(task=tasks["task_a"])
        assert (update.status, update.percent) == ("done", 100)
        assert update.state == (UpdateState.SUBMITTED if submit else UpdateState.DRAFT)
    else:
        assert after == before
    if outcome == "skipped":
        assert result.skipped == (
            f"Bỏ qua dòng {row}, nhiệm vụ {tasks['task_a'].ordinal} “Rà soát thủ tục của Sở Xây "
            f"dựng”: báo cáo đã thay đổi trên chiso sau khi tải tệp về (nay “{state}”); tải tệp "
            "mới nếu cần sửa tiếp.",
        )
    else:
        assert result.skipped == ()


@pytest.mark.urls("tests.tracking.excel_urls")
def test_skipped_rows_are_named_on_the_period_page(client, users, org, period, tasks):
    login(client, users.officer_a)
    args = [period.pk, org.div_a.pk]
    book, sheet = workbook(b"".join(client.get(reverse("excel_download", args=args))))
    _change_on_the_site("submitted", tasks["task_a"], period, org, users)
    fill(sheet, row_of(sheet, tasks["task_a"]), "Hoàn thành", 100, "Đã xong")
    fill(sheet, row_of(sheet, tasks["second"]), "Đang thực hiện", 40, "Số hoá 40 hồ sơ")
    data = {"file": xlsx(as_bytes(book)), "submit": "1"}
    response = client.post(reverse("excel_upload", args=args), data, follow=True)
    page = response.content.decode()
    assert "đã gửi duyệt 1 báo cáo từ tệp Excel; 1 dòng không đổi" in page
    assert "alert-warning" in page and "Bỏ qua dòng 7, nhiệm vụ" in page
    assert ProgressUpdate.objects.get(task=tasks["task_a"]).narrative == "Gửi trên trang web"


def test_the_workbook_keeps_each_row_as_downloaded_in_a_very_hidden_sheet(
    users, org, period, tasks
):
    update = save(
        actions.current_update(tasks["second"], period, org.div_a), users.officer_a, percent=30
    )
    book, _sheet = workbook(export_period(period, org.div_a, users.officer_a))
    assert book.sheetnames == ["Tiến độ", "chiso"] and book.active.title == "Tiến độ"
    hidden = book["chiso"]
    assert hidden.sheet_state == "veryHidden" and hidden.protection.sheet
    assert [c.value for c in hidden[1]][:4] == ["chiso-tien-do", 2, period.pk, org.div_a.pk]
    rows = {r[0]: r for r in hidden.iter_rows(min_row=3, values_only=True)}
    assert rows[tasks["second"].pk][1:4] == (
        f"{update.pk}:1:draft:{update.updated_at.isoformat()}",
        "in_progress",
        30,
    )
    assert rows[tasks["task_a"].pk][1:4] == (None, None, None)


def test_a_workbook_of_an_older_download_is_refused_clearly(users, org, period, tasks):
    book, sheet = workbook(export_period(period, org.div_a, users.officer_a))
    del book["chiso"]
    fill(sheet, row_of(sheet, tasks["second"]), "Đang thực hiện", 40, "Số hoá 40 hồ sơ")
    upload = xlsx(as_bytes(book), name="tien-do-cu.xlsx")
    with pytest.raises(ExcelImportError) as raised:
        import_period(upload, period, org.div_a, users.officer_a)
    assert raised.value.errors == [
        "Tệp “tien-do-cu.xlsx” được tải về từ phiên bản trước của chiso nên không cho biết dòng "
        "nào bạn đã sửa. Hãy tải tệp mới ở trang kỳ báo cáo, chép các dòng đã điền sang rồi tải "
        "lên."
    ]
    assert ProgressUpdate.objects.count() == 0


def test_a_workbook_of_another_unit_or_period_is_refused(users, org, plans, period, tasks):
    content = export_period(period, org.div_a, users.officer_a)
    other_period = ensure_periods(plans.a)[0]
    for target_period, unit, user in ((other_period, org.div_a, users.officer_a),
                                      (period, org.dept_a, users.leader_a)):  # fmt: skip
        with pytest.raises(ExcelImportError, match="cho một kỳ báo cáo hoặc đơn vị khác"):
            import_period(io.BytesIO(content), target_period, unit, user)


def test_a_damaged_hidden_sheet_is_refused(users, org, period, tasks):
    book, _sheet = workbook(export_period(period, org.div_a, users.officer_a))
    book["chiso"]["B1"] = 1
    with pytest.raises(ExcelImportError, match=r"Trang ẩn “chiso” .* bị sửa hoặc hỏng"):
        import_period(io.BytesIO(as_bytes(book)), period, org.div_a, users.officer_a)


@pytest.mark.urls("tests.tracking.excel_urls")
def test_other_units_get_404_on_both_views(client, users, org, period, tasks):
    content = export_period(period, org.div_a, users.officer_a)
    args = [period.pk, org.div_a.pk]
    for user in (users.officer_b, users.viewer_a):
        login(client, user)
        assert client.get(reverse("excel_download", args=args)).status_code == 404
        response = client.post(reverse("excel_upload", args=args), {"file": xlsx(content)})
        assert response.status_code == 404
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.urls("tests.tracking.excel_urls")
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ghi-chu.txt", b"Tinh trang: xong", "không phải bảng tính Excel .xlsx"),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Excel 97–2003 (.xls)"),
        ("trong.xlsx", b"", "trống"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused_clearly(
    client, users, org, period, tasks, name, content, message
):
    login(client, users.officer_a)
    response = client.post(
        reverse("excel_upload", args=[period.pk, org.div_a.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode() and name in response.content.decode()


def test_an_xlsx_without_the_header_row_is_refused(users, org, period, tasks):
    book = openpyxl.Workbook()
    book.active["A1"] = "Bảng khác"
    book.active["A2"] = 5
    with pytest.raises(ExcelImportError) as raised:
        import_period(io.BytesIO(as_bytes(book)), period, org.div_a, users.officer_a)
    assert "Không tìm thấy dòng tiêu đề" in raised.value.errors[0]


def test_units_offered_a_sheet_on_the_period_page(users, org, period, tasks):
    assert reporting_units_for(users.officer_a, period) == [org.div_a]
    assert reporting_units_for(users.viewer_a, period) == []
    assert {u.code for u in reporting_units_for(users.leader_a, period)} == {"sxd", "sxd-vp"}


def test_an_upload_submitting_several_rows_sends_one_notice(users, org, period, tasks):
    from chiso.tracking.models import NoticeKind, Notification

    book, sheet = workbook(export_period(period, org.div_a, users.officer_a))
    fill(sheet, row_of(sheet, tasks["second"]), "Đang thực hiện", 40, "Đã số hoá 40 hồ sơ")
    fill(sheet, row_of(sheet, tasks["task_a"]), "Đang thực hiện", 20, "Đã rà soát 5 thủ tục")
    import_period(io.BytesIO(as_bytes(book)), period, org.div_a, users.officer_a, submit=True)
    (notice,) = Notification.objects.filter(kind=NoticeKind.SUBMITTED)
    assert notice.user == users.leader_a and "2 báo cáo chờ duyệt" in notice.message
    assert ProgressUpdate.objects.filter(state=UpdateState.SUBMITTED).count() == 2
