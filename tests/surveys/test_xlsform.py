"""Questionnaires exchanged as XLSForm workbooks: written, read back, edited in a spreadsheet,
built in Kobo, and refused with the cell of each problem."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from chiso.surveys.defaults import default_questionnaire
from chiso.surveys.models import Questionnaire, QuestionType, Response, SurveyRound
from chiso.surveys.xlsform import (
    QuestionnaireFrozen,
    XLSFormError,
    form_of,
    read_xlsform,
    save_questionnaire,
    write_xlsform,
)
from chiso.surveys.xlsform_reading import pyxform_errors
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

RATING = [["list_name", "name", "label"]] + [["hl", str(n), f"Mức {n}"] for n in range(1, 6)]
SETTINGS = [
    ["form_title", "form_id", "version", "year", "survey_kind"],
    ["Thử", "thu", "1", 2026, "sipas"],
]


def workbook(survey, choices=RATING, settings=SETTINGS) -> io.BytesIO:
    """An .xlsx with the given rows per sheet (None: the sheet is left out)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def sheet_rows(data: bytes, name: str) -> tuple[openpyxl.Workbook, list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book, list(book[name].iter_rows())


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize("kind", ["sipas", "officials"])
def test_the_default_export_passes_pyxform_and_reads_back_equal(kind):
    questionnaire = default_questionnaire(kind, 2026)
    data = write_xlsform(questionnaire)
    assert pyxform_errors(data) == []
    assert read_xlsform(io.BytesIO(data)) == form_of(questionnaire)


def test_the_export_marks_the_policy_groups_weight_zero():
    data = write_xlsform(default_questionnaire("sipas", 2026))
    _book, rows = sheet_rows(data, "survey")
    header = [cell.value for cell in rows[0]]
    assert header == ["type", "name", "label", "hint", "required", "relevant", "weight"]
    weights = {r[1].value: r[6].value for r in rows[1:] if r[0].value != "end_group"}
    assert weights["CS"] == 0 and weights["CS.1"] == 0
    assert weights["SIPAS.1"] is None and weights["SIPAS.1.1"] is None  # the default, 1
    _book, settings = sheet_rows(data, "settings")
    written = dict(zip([c.value for c in settings[0]], [c.value for c in settings[1]], strict=True))
    assert written["version"] == "2026.1" and written["year"] == 2026
    assert written["index_code"] == "SIPAS" and written["default_language"] == "vi"


def test_edited_in_a_spreadsheet_and_loaded_as_next_year():
    """The issue's round trip: export 2026, change a label, load it as 2027's version."""
    old = default_questionnaire("sipas", 2026)
    book, rows = sheet_rows(write_xlsform(old), "survey")
    row = next(r for r in rows if r[1].value == "SIPAS.1.1")
    row[2].value = "Nơi ngồi chờ rộng rãi, đủ chỗ ngồi"
    settings = book["settings"]
    headers = [c.value for c in settings[1]]
    settings.cell(2, headers.index("year") + 1).value = 2027
    settings.cell(2, headers.index("version") + 1).value = "2027.1"
    edited = io.BytesIO()
    book.save(edited)
    edited.seek(0)

    new = save_questionnaire(read_xlsform(edited))

    assert (new.year, new.version, new.kind) == (2027, "2027.1", "sipas") and new.pk != old.pk
    assert new.questions.get(code="SIPAS.1.1").label == "Nơi ngồi chờ rộng rãi, đủ chỗ ngồi"
    assert old.questions.get(code="SIPAS.1.1").label == "Nơi ngồi chờ có đủ chỗ ngồi"
    codes = list(old.questions.order_by("order").values_list("code", flat=True))
    assert list(new.questions.order_by("order").values_list("code", flat=True)) == codes


def test_a_year_given_never_overrides_the_file():
    data = write_xlsform(default_questionnaire("sipas", 2026))
    with pytest.raises(XLSFormError) as raised:
        read_xlsform(io.BytesIO(data), year=2027)
    assert [(e.sheet, e.row, e.column) for e in raised.value.errors] == [("settings", 2, "year")]


def test_saving_again_replaces_a_version_without_responses():
    questionnaire = default_questionnaire("sipas", 2026)
    book, rows = sheet_rows(write_xlsform(questionnaire), "survey")
    next(r for r in rows if r[1].value == "SIPAS.5.4")[2].value = "Kết quả xử lý được báo lại"
    edited = io.BytesIO()
    book.save(edited)
    edited.seek(0)
    saved = save_questionnaire(read_xlsform(edited))
    assert saved.pk == questionnaire.pk and Questionnaire.objects.count() == 1
    assert saved.questions.get(code="SIPAS.5.4").label == "Kết quả xử lý được báo lại"
    assert saved.questions.count() == len(form_of(saved).questions)


def test_saving_over_a_version_with_responses_is_refused():
    questionnaire = default_questionnaire("sipas", 2026)
    survey_round = SurveyRound.objects.create(
        code="sipas-2026",
        name="SIPAS 2026",
        questionnaire=questionnaire,
        period="2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    Response.objects.create(
        round=survey_round,
        unit=UnitFactory(),
        channel="paper",
        surveyed_on=datetime.date(2026, 3, 1),
        answers={"SIPAS.1.1": 4},
    )
    parsed = read_xlsform(io.BytesIO(write_xlsform(questionnaire)))
    with pytest.raises(QuestionnaireFrozen, match="chỉ có thể sao sang phiên bản mới"):
        save_questionnaire(parsed)
    assert questionnaire.questions.count() == len(parsed.questions)


# --------------------------------------------------------------------------- Kobo forms


def test_a_form_built_in_kobo_loads():
    survey = [
        [
            "type",
            "name",
            "label::English (en)",
            "label::Vietnamese (vi)",
            "hint::Vietnamese (vi)",
            "required",
            "relevant",
        ],
        ["start", "start", "", "", "", "", ""],
        ["end", "end", "", "", "", "", ""],
        ["begin group", "HL", "Satisfaction", "Mức độ hài lòng", "", "", ""],
        ["select_one hl", "HL.1", "Seats", "Đủ chỗ ngồi", "Chọn một mức", "TRUE", ""],
        ["select_one hl", "HL.2", "Staff", "Công chức lịch sự", "", "", ""],
        ["end group", "", "", "", "", "", ""],
        ["select_one yn", "Q1", "Harassed?", "Có bị gây phiền hà?", "", "", ""],
        ["text", "Q1b", "What?", "Việc gì?", "", "", "${Q1} = 'co'"],
        ["today", "today", "", "", "", "", ""],
    ]
    choices = [["list_name", "name", "label::English (en)", "label::Vietnamese (vi)"]]
    choices += [["hl", n, f"Level {n}", f"Mức {n}"] for n in range(1, 6)]
    choices += [["yn", "co", "Yes", "Có"], ["yn", "khong", "No", "Không"]]
    settings = [
        ["form_title", "form_id", "version"],
        ["Khảo sát", "aXyZ123", "1 (2026-03-04 10:20:30)"],
    ]

    form = read_xlsform(workbook(survey, choices, settings), kind="sipas")

    assert (form.year, form.kind, form.index_code, form.form_id) == (2026, "sipas", "HL", "aXyZ123")
    assert [(s.code, s.label) for s in form.sections] == [("HL", "Mức độ hài lòng")]
    q = {question.code: question for question in form.questions}
    assert list(q) == ["HL.1", "HL.2", "Q1", "Q1b"]  # start, end, today skipped
    assert q["HL.1"].type == QuestionType.RATING and q["HL.1"].section == "HL"
    assert q["HL.1"].label == "Đủ chỗ ngồi" and q["HL.1"].hint == "Chọn một mức"
    assert q["HL.1"].required and not q["HL.2"].required
    assert q["Q1"].type == QuestionType.SELECT_ONE and q["Q1"].section is None
    assert q["Q1b"].relevant == "${Q1} = 'co'"
    assert {(c.name, c.label) for c in form.choices if c.list_name == "yn"} == {
        ("co", "Có"),
        ("khong", "Không"),
    }
    saved = save_questionnaire(form)
    assert saved.questions.get(code="HL.1").section.code == "HL"


def test_nested_groups_are_flattened_to_the_innermost():
    survey = [
        ["type", "name", "label", "weight"],
        ["begin_group", "A", "Ngoài", "2"],
        ["select_one hl", "A.1", "Một", ""],
        ["begin_group", "B", "Trong", "0.5"],
        ["select_one hl", "B.1", "Hai", "1.5"],
        ["end_group", "", "", ""],
        ["integer", "A.2", "Ba", ""],
        ["end_group", "", "", ""],
    ]
    form = read_xlsform(workbook(survey))
    assert [(s.code, str(s.weight)) for s in form.sections] == [("A", "2.000"), ("B", "0.500")]
    assert [(q.code, q.section, q.type) for q in form.questions] == [
        ("A.1", "A", "rating"),
        ("B.1", "B", "rating"),
        ("A.2", "A", "number"),
    ]
    assert form.questions[1].weight == 1.5


# --------------------------------------------------------------------------- refused forms

HEAD = ["type", "name", "label", "relevant", "weight"]
GOOD = ["select_one hl", "r1", "Hài lòng?", "", ""]

BAD = [
    # id, survey rows (header first), settings, expected (sheet, row, column)
    (
        "unknown type",
        [HEAD, GOOD, ["select_on hl", "r2", "X", "", ""]],
        SETTINGS,
        ("survey", 3, "type"),
    ),
    (
        "unsupported type",
        [HEAD, GOOD, ["geopoint", "g", "Vị trí", "", ""]],
        SETTINGS,
        ("survey", 3, "type"),
    ),
    (
        "missing list",
        [HEAD, GOOD, ["select_one khong_co", "r2", "X", "", ""]],
        SETTINGS,
        ("survey", 3, "type"),
    ),
    (
        "duplicate name",
        [HEAD, GOOD, ["text", "r1", "X", "", ""]],
        SETTINGS,
        ("survey", 3, "name"),
    ),
    (
        "invalid name",
        [HEAD, GOOD, ["text", "1abc", "X", "", ""]],
        SETTINGS,
        ("survey", 3, "name"),
    ),
    (
        "unclosed group",
        [HEAD, ["begin_group", "G", "Nhóm", "", ""], GOOD],
        SETTINGS,
        ("survey", 2, "type"),
    ),
    (
        "stray end_group",
        [HEAD, GOOD, ["end_group", "", "", "", ""]],
        SETTINGS,
        ("survey", 3, "type"),
    ),
    (
        "repeat",
        [HEAD, ["begin_repeat", "R", "Lặp", "", ""], GOOD, ["end_repeat", "", "", "", ""]],
        SETTINGS,
        ("survey", 2, "type"),
    ),
    (
        "bad relevant",
        [HEAD, GOOD, ["text", "t", "X", "${r1} == '1'", ""]],
        SETTINGS,
        ("survey", 3, "relevant"),
    ),
    (
        "unknown reference",
        [HEAD, GOOD, ["text", "t", "X", "${khong_co} = '1'", ""]],
        SETTINGS,
        ("survey", 3, "relevant"),
    ),
    (
        "bad weight",
        [HEAD, GOOD, ["select_one hl", "r2", "X", "", "nhiều"]],
        SETTINGS,
        ("survey", 3, "weight"),
    ),
    (
        "negative weight",
        [HEAD, ["select_one hl", "r2", "X", "", -1]],
        SETTINGS,
        ("survey", 2, "weight"),
    ),
    (
        "no label",
        [HEAD, GOOD, ["text", "t", "", "", ""]],
        SETTINGS,
        ("survey", 3, "label"),
    ),
    (
        "no rating question",
        [HEAD, ["text", "t", "X", "", ""]],
        SETTINGS,
        ("survey", None, "type"),
    ),
    (
        "missing name column",
        [["type", "label"], ["text", "X"]],
        SETTINGS,
        ("survey", 1, "name"),
    ),
    (
        "missing version",
        [HEAD, GOOD],
        [["form_title", "year", "survey_kind"], ["T", 2026, "sipas"]],
        ("settings", 2, "version"),
    ),
    ("missing settings", [HEAD, GOOD], None, ("settings", None, "")),
    (
        "bad kind",
        [HEAD, GOOD],
        [["version", "year", "survey_kind"], ["1", 2026, "papi"]],
        ("settings", 2, "survey_kind"),
    ),
    (
        "no year",
        [HEAD, GOOD],
        [["version", "survey_kind"], ["v1", "sipas"]],
        ("settings", 2, "year"),
    ),
    ("no type", [HEAD, GOOD, [None, "t", "Không kiểu", "", ""]], SETTINGS, ("survey", 3, "type")),
    (
        "rows counted past blank ones",
        [HEAD, [], GOOD, [], ["select_on hl", "r2", "X", "", ""]],
        SETTINGS,
        ("survey", 5, "type"),
    ),
    (
        "pyxform only",
        [HEAD, GOOD, ["calculate", "c", "", "", ""]],
        SETTINGS,
        ("survey", 3, ""),
    ),
]


@pytest.mark.parametrize(
    ("survey", "settings", "cell"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_a_bad_form_is_refused_with_its_cell(survey, settings, cell):
    with pytest.raises(XLSFormError) as raised:
        read_xlsform(workbook(survey, RATING, settings))
    assert cell in [(e.sheet, e.row, e.column) for e in raised.value.errors]


def test_every_problem_is_listed_in_vietnamese():
    survey = [
        HEAD,
        ["select_on hl", "r1", "X", "", ""],
        ["select_one hl", "r2", "Y", "", "abc"],
        ["text", "r2", "Z", "", ""],
    ]
    with pytest.raises(XLSFormError) as raised:
        read_xlsform(workbook(survey))
    lines = str(raised.value).splitlines()
    assert lines[0] == (
        "Trang “survey”, dòng 2, cột “type”: kiểu câu hỏi “select_on hl” không có trong XLSForm."
    )
    assert len(lines) == 3 and "dòng 3, cột “weight”" in lines[1]
    assert "dòng 4, cột “name”: mã “r2” đã dùng ở dòng 3." in lines[2]


def test_a_file_that_is_no_workbook_is_refused():
    with pytest.raises(XLSFormError, match="không phải bảng tính"):
        read_xlsform(io.BytesIO(b"type,name,label\n"))


# --------------------------------------------------------------------------- commands


def test_export_and_load_commands(tmp_path):
    out = tmp_path / "sipas.xlsx"
    call_command("export_questionnaire", kind="sipas", year=2026, out=str(out))
    assert Questionnaire.objects.filter(year=2026, version="2026.1").exists()
    book = openpyxl.load_workbook(out)
    settings = book["settings"]
    settings["C2"] = "2026.2"  # version
    book.save(out)
    stdout = io.StringIO()
    call_command("load_questionnaire", str(out), stdout=stdout)
    assert "2026.2" in stdout.getvalue() and "22" in stdout.getvalue()


def test_the_load_command_lists_each_error(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([HEAD, ["select_on hl", "r1", "X", "", ""]]).getvalue())
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_questionnaire", str(bad), stderr=stderr)
    lines = stderr.getvalue().splitlines()
    assert "dòng 2, cột “type”" in lines[0]
    assert any("chưa có câu hỏi chấm điểm" in line for line in lines)
