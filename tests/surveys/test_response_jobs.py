"""Imports of survey responses as a user starts them: the round of a year, the background job,
and `chiso import-responses` through the console script."""

import csv
import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from chiso.jobs.models import JobKind, JobState
from chiso.surveys.models import SurveyIndex, SurveyRound
from chiso.surveys.rounds import RoundError, find_round
from chiso.surveys.tasks import queue_import, run_import

from ..test_cli import run_env
from .conftest import CODES


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def csv_bytes(rows, header=("Đơn vị", "Ngày khảo sát", "Mã hồ sơ", "SIPAS.1.1", "SIPAS.2.1")):
    lines = [",".join(header), *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


# --- the round of a year ------------------------------------------------------------------


def test_a_year_without_a_round_gets_the_default_sipas_round(db):
    made = find_round(2027)
    assert (made.code, made.name, made.period) == ("sipas-2027", "Khảo sát SIPAS năm 2027", "2027")
    assert (made.start, made.end) == (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    assert made.channels == ["paper", "web"]
    assert (made.questionnaire.kind, made.questionnaire.year) == ("sipas", 2027)
    assert find_round(2027) == made and SurveyRound.objects.count() == 1


def test_the_one_round_of_the_year_or_the_one_named(sipas_round):
    assert find_round(2026) == sipas_round
    assert find_round(2026, "sipas-2026-thu") == sipas_round


@pytest.mark.parametrize(
    ("year", "code", "message"),
    [
        (2026, "khong-co", "Không có đợt khảo sát mã “khong-co”"),
        (2025, "sipas-2026-thu", "bộ câu hỏi năm 2026, không phải năm 2025"),
        (2026, None, "nhiều đợt khảo sát (sipas-2026-thu, sipas-2026-tu-2)"),
    ],
)
def test_a_round_that_is_not_there_or_not_one(sipas_round, year, code, message):
    second = SurveyRound.objects.get(pk=sipas_round.pk)
    second.pk, second.code = None, "sipas-2026-tu-2"
    second.save()
    with pytest.raises(RoundError, match=re.escape(message)):
        find_round(year, code)


# --- the background job -------------------------------------------------------------------


# The worker closes its database connection when done: real transactions, not a rolled-back one.
@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_a_queued_upload(org, sipas_round):
    upload = SimpleUploadedFile("phieu-giay.csv", csv_bytes([["SXD", "01/03/2026", "", "5", "4"]]))
    record = queue_import(upload, sipas_round, skip_invalid=False, channel="post")
    assert record.job.kind == JobKind.SURVEY_IMPORT and record.job.state == JobState.QUEUED
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    record.refresh_from_db()
    assert (record.job.state, record.rows, record.rejected, record.job.done) == ("done", 1, 0, 1.0)
    assert record.job.stage == "Hoàn tất"
    assert SurveyIndex.objects.filter(round=sipas_round, unit=org.dept_a, code="SIPAS.1.1")


@pytest.mark.django_db
def test_bad_rows_fail_the_job_naming_the_file_and_keep_the_list(org, sipas_round):
    rows = [["SXD", "01/03/2026", "", "5", "4"], ["SXD", "30/02/2026", "", "tốt", "4"]]
    upload = SimpleUploadedFile("phieu-giay.csv", csv_bytes(rows))
    record = queue_import(upload, sipas_round, skip_invalid=False)
    run_import.call(record.pk)
    record.refresh_from_db()
    assert record.job.state == JobState.FAILED
    assert "phieu-giay.csv có 1 dòng không hợp lệ" in record.job.message
    assert (record.rows, record.rejected) == (0, 1)
    assert [e[:3] for e in record.errors] == [
        [3, "Ngày khảo sát", "30/02/2026"],
        [3, "SIPAS.1.1", "tốt"],
    ]
    assert Path(record.errors_file).name.endswith(".errors.csv")


@pytest.mark.django_db
def test_a_file_that_is_not_one_fails_the_job_naming_it(org, sipas_round):
    upload = SimpleUploadedFile("bao-cao.csv", csv_bytes([["a", "b"]], header=("Tên", "Số")))
    record = queue_import(upload, sipas_round, skip_invalid=True)
    run_import.call(record.pk)
    record.refresh_from_db()
    assert record.job.state == JobState.FAILED
    assert "bao-cao.csv thiếu cột “Đơn vị”, “Ngày khảo sát”" in record.job.message


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_job_with_a_message_for_the_user(
    org, sipas_round, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("chiso.surveys.tasks.import_responses", broken)
    upload = SimpleUploadedFile("phieu.csv", csv_bytes([["SXD", "01/03/2026", "", "5", "4"]]))
    record = queue_import(upload, sipas_round, skip_invalid=False)
    run_import.call(record.pk)
    record.job.refresh_from_db()
    assert record.job.state == JobState.FAILED
    assert "phieu.csv do lỗi của hệ thống" in record.job.message


# --- chiso import-responses ---------------------------------------------------------------

# sxd: SIPAS.1.1 5, 3, 4 → 2 of 3; SIPAS.1.2 4, n/a, blank → 1 of 1; SIPAS.2.1 2, 4, 5 → 2 of 3.
# stp: SIPAS.1.1 1 → 0 of 1; SIPAS.2.1 n/a → no value.
TINY = [
    ["Đơn vị", "Ngày khảo sát", "Mã hồ sơ", "SIPAS.1.1", "SIPAS.1.2", "SIPAS.2.1", "Ý kiến"],
    ["Sở Xây dựng", "02/03/2026", "H1", "5", "Hài lòng", "2", ""],
    ["so xay dung", "2026-03-03", "H2", "Bình thường", "Không áp dụng", "4", "Chờ lâu"],
    ["SXD", "04/03/2026", "", "rat hai long", "", "5", ""],
    ["Sở Tư pháp", "05/03/2026", "H4", "1", "", "khong ap dung", ""],
]
UNITS_CSV = (
    "code,name,parent_code,kind\n"
    "tinh,UBND tỉnh Thử,,tỉnh\n"
    "sxd,Sở Xây dựng,tinh,sở\n"
    "stp,Sở Tư pháp,tinh,sở\n"
)


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory) -> Path:
    """A migrated SQLite database with three units, for the console script."""
    data_dir = tmp_path_factory.mktemp("cli")
    units = data_dir / "units.csv"
    units.write_text(UNITS_CSV, encoding="utf-8")
    for args in (["migrate", "-v", "0"], ["import-units", str(units)]):
        done = run_env(*args, data_dir=data_dir)
        assert done.returncode == 0, done.stderr
    return data_dir


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_the_command_prints_the_indices_of_the_units_it_touched(cli_dir, tmp_path):
    path = write_rows(tmp_path / "phieu.csv", TINY)
    done = run_env("import-responses", str(path), "--year", "2026", "--json", data_dir=cli_dir)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert set(printed) == {"rows", "accepted", "rejected", "indices"}
    assert (printed["rows"], printed["accepted"], printed["rejected"]) == (4, 4, 0)
    assert {tuple(sorted(i)) for i in printed["indices"]} == {
        ("code", "n", "satisfied", "scope", "unit", "value")
    }
    found = {(i["unit"], i["scope"], i["code"]): (i["n"], i["value"]) for i in printed["indices"]}
    assert found == {
        ("sxd", "criterion", "SIPAS.1.1"): (3, 66.67),
        ("sxd", "criterion", "SIPAS.1.2"): (1, 100.0),
        ("sxd", "criterion", "SIPAS.2.1"): (3, 66.67),
        ("sxd", "component", "SIPAS.1"): (3, 83.33),  # (2/3 + 1/1) / 2
        ("sxd", "component", "SIPAS.2"): (3, 66.67),
        ("sxd", "unit", "SIPAS"): (3, 75.0),  # (5/6 + 2/3) / 2
        ("stp", "criterion", "SIPAS.1.1"): (1, 0.0),
        ("stp", "component", "SIPAS.1"): (1, 0.0),
        ("stp", "unit", "SIPAS"): (1, 0.0),
    }
    satisfied = {
        (i["unit"], i["code"]): i["satisfied"]
        for i in printed["indices"]
        if i["scope"] == "criterion"
    }
    assert satisfied == {
        ("sxd", "SIPAS.1.1"): 2,
        ("sxd", "SIPAS.1.2"): 1,
        ("sxd", "SIPAS.2.1"): 2,
        ("stp", "SIPAS.1.1"): 0,
    }
    plain = run_env("import-responses", str(path), "--year", "2026", data_dir=cli_dir)
    assert plain.returncode == 1  # the same codes again
    assert "Dòng 2, cột “Mã hồ sơ”: “H1”" in plain.stderr and "phieu.csv" in plain.stderr


def test_a_refused_import_prints_its_json_lists_the_rows_and_fails(cli_dir, tmp_path):
    rows = [TINY[0], ["Sở Tư pháp", "31/02/2026", "R1", "5", "", "", ""], TINY[4][:2] + [""] * 5]
    path = write_rows(tmp_path / "loi.csv", rows)
    done = run_env(
        "import-responses",
        str(path),
        "--year",
        "2026",
        "--round",
        "sipas-2026",
        "--json",
        data_dir=cli_dir,
    )
    assert done.returncode == 1
    printed = json.loads(done.stdout)
    assert (printed["rows"], printed["accepted"], printed["rejected"]) == (2, 0, 1)
    assert "Dòng 2, cột “Ngày khảo sát”: “31/02/2026” — cần" in done.stderr
    assert "loi.errors.csv" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "loi.errors.csv").exists()


def test_a_missing_round_is_a_one_line_error(cli_dir, tmp_path):
    path = write_rows(tmp_path / "phieu.csv", TINY)
    done = run_env(
        "import-responses", str(path), "--year", "2026", "--round", "khong-co", data_dir=cli_dir
    )
    assert done.returncode == 1
    assert "Không có đợt khảo sát mã “khong-co”" in done.stderr
    assert "Traceback" not in done.stderr


def test_codes_are_the_default_questionnaires(db):
    """The tiny file's columns are criteria of the year's default questionnaire."""
    from chiso.surveys.answers import criteria

    assert set(TINY[0][3:6]) <= {c.code for c in criteria(find_round(2026).questionnaire)}
    assert set(CODES) <= {c.code for c in criteria(find_round(2026).questionnaire)}
