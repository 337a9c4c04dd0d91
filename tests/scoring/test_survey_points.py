"""Survey points of a scoring window imported from a table: each cell entered as the council's
points with its event, units found by name, code or column title, the file refused whole for
a bad cell or a step the cycle does not allow yet; the command."""

import csv
import datetime
import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from chiso.metrics.reading import FileError
from chiso.scoring import cycle
from chiso.scoring.models import Event, EventKind, Part, Rule, Score
from chiso.scoring.results_file import ResultsRefused
from chiso.scoring.scheme_file import load_scheme
from chiso.scoring.survey_points import UnitRefused, import_survey_points

from ..test_cli import run_env
from .test_cycle import FULL, fill
from .test_cycle_pages import login
from .test_scheme_file import workbook

NOW = timezone.now()
GOOD = [["Đơn vị", "3.1", "3.2"], ["Sở Xây dựng", 15, 12.5], ["stp", "18", "20"]]


@pytest.fixture
def scheme(org, tmp_path):
    return load_scheme(workbook(tmp_path))


@pytest.fixture
def window(scheme, users):
    """A window whose self-assessment deadline has passed: the council may enter points."""
    return cycle.open_window(
        scheme, None, NOW.date(), NOW - datetime.timedelta(days=1), NOW + datetime.timedelta(7)
    )


def write_xlsx(tmp_path, rows, name="dieu-tra.xlsx") -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def write_csv(tmp_path, rows, name="dieu-tra.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def run(window, path, user):
    return import_survey_points(window, path, path.parent, user)


def survey_points(window) -> dict[tuple[str, str], D | None]:
    scores = Score.objects.filter(
        assessment__window=window, component__rule__part=Part.SURVEY
    ).values_list("assessment__unit__code", "component__code", "council_points")
    return {(unit, code): points for unit, code, points in scores}


def entered(window) -> list[tuple[str, str, D | None, D]]:
    events = Event.objects.filter(assessment__window=window, kind=EventKind.ENTERED)
    return sorted(
        events.values_list("assessment__unit__code", "score__component__code", "before", "after")
    )


def test_a_good_file_enters_the_points_as_the_councils(window, users, tmp_path):
    found = run(window, write_xlsx(tmp_path, GOOD), users.coordinator)
    assert (found.name, found.units, found.scores) == ("dieu-tra.xlsx", 2, 4)
    points = survey_points(window)
    assert points[("sxd", "3.1")] == D(15) and points[("sxd", "3.2")] == D("12.5")
    assert points[("stp", "3.1")] == D(18) and points[("stp", "3.2")] == D(20)
    assert points[("snv", "3.1")] is None  # a unit the file leaves out is untouched
    assert entered(window) == [
        ("stp", "3.1", None, D(18)),
        ("stp", "3.2", None, D(20)),
        ("sxd", "3.1", None, D(15)),
        ("sxd", "3.2", None, D("12.5")),
    ]
    by = Event.objects.filter(kind=EventKind.ENTERED).values_list("by__username", flat=True)
    assert set(by) == {"noivu"}


def test_units_by_name_short_name_or_code_and_columns_by_title(window, org, users, tmp_path):
    org.snv.short_name = "SNV"
    org.snv.save()
    rows = [
        ["Điểm điều tra xã hội học năm 2025"],
        [],
        ["STT", "Tên đơn vị", "Tiếp cận dịch vụ", "Thủ tục hành chính (điểm)", "Tổng"],
        ["1", "SO XAY DUNG", "10,5", "11", "21,5"],
        ["2", "SNV", "9", "8", "17"],
        ["3", "x-an", "", "", ""],
        ["", "Trung bình", "9,75", "9,5", "19,25"],
    ]
    found = run(window, write_xlsx(tmp_path, rows), users.coordinator)
    assert (found.units, found.scores) == (2, 4)
    points = survey_points(window)
    assert (points[("sxd", "3.1")], points[("snv", "3.2")]) == (D("10.5"), D(8))
    assert points[("x-an", "3.1")] is None


@pytest.mark.parametrize(
    "line, expected",
    [
        (["Sở Du lịch", 10, 10], ("Đơn vị", "Sở Du lịch", "một đơn vị được chấm trong đợt")),
        (["UBND tỉnh Thử", 10, 10], ("Đơn vị", "UBND tỉnh Thử", "một đơn vị được chấm")),
        (["SXD", 10, 10], ("Đơn vị", "SXD", "mỗi đơn vị một dòng (đã có ở dòng 2)")),
        (["Sở Nội vụ", 25, 10], ("3.1", "25", "một số từ 0 đến 20")),
        (["Sở Nội vụ", 10, "mười"], ("3.2", "mười", "một số từ 0 đến 20")),
        (["Sở Nội vụ", "-1", 10], ("3.1", "-1", "một số từ 0 đến 20")),
        ([None, 10, 10], ("Đơn vị", "", "tên đơn vị")),
    ],
    ids=["unknown", "not-scored", "twice", "above-max", "not-a-number", "negative", "no-name"],
)
def test_a_bad_line_refuses_the_file_naming_its_row_and_column(
    window, users, tmp_path, line, expected
):
    path = write_xlsx(tmp_path, [*GOOD, line])
    with pytest.raises(ResultsRefused) as caught:
        run(window, path, users.coordinator)
    [error] = caught.value.errors
    column, value, expected_text = expected
    assert (error.line, error.column, error.value) == (4, column, value)
    assert expected_text in error.expected
    assert "dieu-tra.xlsx" in str(caught.value) and "Dòng 4" in str(caught.value)
    assert set(survey_points(window).values()) == {None} and entered(window) == []


def test_a_published_window_is_refused_with_nothing_written(window, users, tmp_path):
    window.published_at = NOW
    window.save()
    with pytest.raises(ResultsRefused) as caught:
        run(window, write_xlsx(tmp_path, GOOD), users.coordinator)
    errors = caught.value.errors
    assert [(e.line, e.value) for e in errors] == [(2, "Sở Xây dựng"), (3, "stp")]
    assert all(isinstance(e, UnitRefused) and "công bố" in e.expected for e in errors)
    assert "Dòng 2, đơn vị “Sở Xây dựng”, tiêu chí 3.1: Kết quả đã công bố" in str(errors[0])
    assert set(survey_points(window).values()) == {None} and entered(window) == []


def test_a_unit_not_submitted_before_the_deadline_refuses_the_file(window, org, users, tmp_path):
    window.closes_at = NOW + datetime.timedelta(days=1)
    window.save()
    sxd = window.assessments.get(unit=org.dept_a)
    fill(sxd, users.officer_a, FULL)
    cycle.submit(sxd, users.leader_a)
    with pytest.raises(ResultsRefused) as caught:
        run(window, write_xlsx(tmp_path, GOOD), users.coordinator)
    [error] = caught.value.errors
    assert (error.line, error.value) == (3, "stp")  # Sở Tư pháp has not submitted
    assert error.expected == "Đơn vị chưa gửi bản tự đánh giá và chưa hết hạn."
    assert set(survey_points(window).values()) == {None} and entered(window) == []

    found = run(window, write_xlsx(tmp_path, GOOD[:2]), users.coordinator)  # Sở Xây dựng only
    assert (found.units, found.scores) == (1, 2)


def test_a_final_assessment_is_refused(window, org, users, tmp_path):
    run(window, write_xlsx(tmp_path, GOOD), users.coordinator)
    stp = window.assessments.get(unit=org.dept_b)
    for score in stp.scores.all():
        if score.council_points is None:
            cycle.appraise(score, users.coordinator, D(0), "Không có tài liệu")
    cycle.finalise(stp, users.coordinator)
    with pytest.raises(ResultsRefused, match="đã chốt"):
        run(window, write_xlsx(tmp_path, GOOD), users.coordinator)


def test_an_empty_cell_leaves_the_score_as_it_was(window, org, users, tmp_path):
    score = window.assessments.get(unit=org.dept_a).scores.get(component__code="3.1")
    cycle.appraise(score, users.coordinator, D(10), "")
    rows = [["Đơn vị", "3.1", "3.2"], ["Sở Xây dựng", "", "7"], ["Sở Tư pháp", "–", ""]]
    found = run(window, write_csv(tmp_path, rows), users.coordinator)
    assert (found.units, found.scores) == (1, 1)
    points = survey_points(window)
    assert (points[("sxd", "3.1")], points[("sxd", "3.2")]) == (D(10), D(7))
    assert entered(window) == [("sxd", "3.1", None, D(10)), ("sxd", "3.2", None, D(7))]


def test_a_criterion_that_does_not_apply_to_the_unit_must_be_empty(scheme, org, users, tmp_path):
    Rule.objects.filter(component__code="3.2").update(not_for_units=["stp"])
    window = cycle.open_window(scheme, None, NOW.date(), NOW - datetime.timedelta(days=1))
    with pytest.raises(ResultsRefused) as caught:
        run(window, write_xlsx(tmp_path, GOOD), users.coordinator)
    [error] = caught.value.errors
    assert (error.line, error.column, error.value) == (3, "3.2", "20")
    assert "không áp dụng" in error.expected
    assert entered(window) == []


def test_a_window_without_survey_criteria_is_refused(window, users, tmp_path):
    Rule.objects.filter(part=Part.SURVEY).update(part=Part.SELF)
    with pytest.raises(FileError, match="PAR-SO năm 2025 không có tiêu chí nào thuộc phần điều"):
        run(window, write_xlsx(tmp_path, GOOD), users.coordinator)


@pytest.mark.parametrize(
    "header, message",
    [
        (["Đơn vị", "1.2"], "không có cột điểm nào: cần các cột 3.1, 3.2"),
        (["Đơn vị", "Tổng"], "không có cột điểm điều tra nào: cần các cột 3.1, 3.2"),
        (["Tên", "3.1"], "thiếu cột “Đơn vị”"),
    ],
)
def test_a_file_without_survey_columns_is_refused(window, users, tmp_path, header, message):
    path = write_xlsx(tmp_path, [header, ["Sở Xây dựng", "10"]])
    with pytest.raises(FileError, match=message):
        run(window, path, users.coordinator)
    assert entered(window) == []


UNITS_CSV = (
    "code,name,parent_code,kind\n"
    "tinh,UBND tỉnh Thử,,tỉnh\n"
    "sxd,Sở Xây dựng,tinh,sở\n"
    "stp,Sở Tư pháp,tinh,sở\n"
)
OPEN_WINDOW = (
    "import datetime; from django.utils import timezone; from chiso.scoring import cycle;"
    "from chiso.scoring.models import Scheme; now = timezone.now();"
    "print(cycle.open_window(Scheme.objects.get(), None, now.date(),"
    " now - datetime.timedelta(days=1)).pk)"
)


def test_the_command_prints_what_it_entered_and_fails_on_a_bad_file(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    units = tmp_path / "units.csv"
    units.write_text(UNITS_CSV, encoding="utf-8")
    for args in (
        ["migrate", "-v", "0"],
        ["import-units", str(units)],
        ["load-scheme", str(workbook(tmp_path))],
    ):
        done = run_env(*args, data_dir=data_dir)
        assert done.returncode == 0, done.stderr
    done = run_env("shell", "-v", "0", "-c", OPEN_WINDOW, data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    window = done.stdout.strip()

    path = write_xlsx(tmp_path, GOOD[:2])
    done = run_env(
        "import-survey-points", str(path), "--window", window, "--json", data_dir=data_dir
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"window": int(window), "units": 1, "scores": 2}

    bad = write_csv(tmp_path, [GOOD[0], ["Sở Xây dựng", "21", "5"]])
    done = run_env(
        "import-survey-points", str(bad), "--window", window, "--json", data_dir=data_dir
    )
    assert done.returncode == 1
    assert json.loads(done.stdout) == {
        "errors": [{"line": 2, "column": "3.1", "value": "21", "expected": "một số từ 0 đến 20"}]
    }
    assert "Dòng 2, cột “3.1”: “21” — cần một số từ 0 đến 20." in done.stderr
    assert "Traceback" not in done.stderr

    done = run_env("import-survey-points", str(path), "--window", "999", data_dir=data_dir)
    assert done.returncode == 1 and "Không có đợt chấm điểm số 999" in done.stderr


# --- the window page ----------------------------------------------------------------------


def upload(client, window, path):
    with path.open("rb") as stream:
        return client.post(
            reverse("scoring:survey_points", args=[window.pk]), {"file": stream}, follow=True
        )


def test_the_council_uploads_the_points_on_the_window_page(client, window, users, tmp_path):
    login(client, users.leader_a)
    assert upload(client, window, write_xlsx(tmp_path, GOOD)).status_code == 404
    login(client, users.coordinator)
    page = client.get(reverse("scoring:window", args=[window.pk])).content.decode()
    assert "Nhập điểm điều tra" in page
    bad = [["Đơn vị", "3.1"], ["Sở Không Có", 15]]
    refused = upload(client, window, write_xlsx(tmp_path, bad, "sai.xlsx"))
    assert refused.status_code == 400
    assert "Dòng 2, cột “Đơn vị”: “Sở Không Có”" in refused.content.decode()
    done = upload(client, window, write_xlsx(tmp_path, GOOD))
    assert "Đã nhập điểm điều tra: 4 điểm của 2 đơn vị." in done.content.decode()
    assert survey_points(window)[("sxd", "3.1")] == D(15)


def test_a_named_member_does_not_upload_points_of_their_own_unit(client, window, users, tmp_path):
    window.council.set([users.officer_b])  # of Sở Tư pháp, which the file also scores
    login(client, users.officer_b)
    page = upload(client, window, write_xlsx(tmp_path, GOOD)).content.decode()
    assert "Dòng 3, cột “Đơn vị”: “stp”" in page and "không chấm đơn vị mình" in page
    assert survey_points(window)[("sxd", "3.1")] is None  # refused whole
    upload(client, window, write_xlsx(tmp_path, GOOD[:2]))
    assert survey_points(window)[("sxd", "3.1")] == D(15)
