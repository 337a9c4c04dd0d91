"""`chiso import-dossiers` and `chiso indicators`, as a user runs them."""

import json

import pytest
from django.core.management import CommandError, call_command

from chiso.jobs.models import JobState
from chiso.metrics.models import DataImport

from .conftest import ROWS

pytestmark = pytest.mark.django_db


def test_import_prints_the_values_of_the_periods_it_touched(org, write_csv, capsys):
    call_command("import_dossiers", str(write_csv(ROWS)), "--json")
    printed = json.loads(capsys.readouterr().out)
    assert (printed["rows"], printed["rejected"]) == (5, 0)
    record = DataImport.objects.get()  # recorded as a job, like an upload
    assert (record.name, record.rows, record.job.state) == ("export.csv", 5, JobState.DONE)
    assert {v["period"] for v in printed["values"]} == {
        "2025-03",
        "2025-04",
        "2025-Q1",
        "2025-Q2",
        "2025-H1",
        "2025",
    }
    assert {
        "unit": "sxd",
        "period": "2025-03",
        "indicator": "paid_online",
        "numerator": 2,
        "denominator": 3,
        "value": 66.67,
    } in printed["values"]


def test_indicators_prints_the_stored_values(org, write_csv, capsys):
    call_command("import_dossiers", str(write_csv(ROWS)))
    assert "Đã nhập 5 bản ghi" in capsys.readouterr().out
    call_command("indicators", "--unit", "Sở Xây dựng", "--period", "2025-q1", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["period"] == "2025-Q1"
    assert [v["indicator"] for v in printed["values"]] == [
        "on_time",
        "apology_letter",
        "online_full_process",
        "digitised",
        "paid_online",
        "returned_on_time",
    ]
    call_command("indicators", "--unit", "sxd", "--period", "2025-03")
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn: 50.00% (1/2)" in capsys.readouterr().out


def test_a_refused_import_says_why_and_where_the_list_is(org, write_csv, capsys):
    bad = ROWS[0].replace("03/03/2025 08:00", "hôm qua")
    path = write_csv([bad])
    with pytest.raises(CommandError, match="1 dòng không hợp lệ; chưa nhập dòng nào"):
        call_command("import_dossiers", str(path))
    assert "Dòng 2, cột “Ngày tiếp nhận”: “hôm qua”" in capsys.readouterr().err
    assert path.with_name("export.errors.csv").exists()
    assert DataImport.objects.get().job.state == JobState.FAILED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "Không tìm thấy tệp missing.csv"),
        (["x.csv", "--mapping", "nowhere.json"], "nowhere.json"),
    ],
)
def test_bad_arguments(org, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("import_dossiers", *args)


def test_a_mapping_file_that_is_not_utf8(org, write_csv, tmp_path):
    mapping = tmp_path / "anh-xa.csv"
    mapping.write_bytes(b"received,Ng\xe0y n\xf4p")  # Windows-1258 bytes
    with pytest.raises(CommandError, match="không phải văn bản UTF-8"):
        call_command("import_dossiers", str(write_csv(ROWS)), "--mapping", str(mapping))


def test_indicators_for_a_bad_period(org):
    with pytest.raises(CommandError, match="2025-Q1"):
        call_command("indicators", "--unit", "sxd", "--period", "Q5")


def _printed(capsys, *args) -> dict:
    call_command("indicators", "--unit", "sxd", *args, "--json")
    return json.loads(capsys.readouterr().out)


def _sums(printed: dict) -> dict:
    return {v["indicator"]: (v["numerator"], v["denominator"]) for v in printed["values"]}


def test_nine_months_and_ranges_are_summed_from_the_months(org, write_csv, capsys):
    # The records fall in March and April: January–September, February–April and the year
    # hold the same numerators and denominators; March alone is the stored month.
    call_command("import_dossiers", str(write_csv(ROWS)))
    capsys.readouterr()
    year = _sums(_printed(capsys, "--period", "2025"))
    nine = _printed(capsys, "--period", "2025-m9")
    assert (nine["period"], nine["label"]) == ("2025-M9", "9 tháng năm 2025")
    assert _sums(nine) == year
    spring = _printed(capsys, "--period", "2025-02-01..2025-04-30")
    assert spring["period"] == "2025-02-01..2025-04-30" and _sums(spring) == year
    march = _printed(capsys, "--period", "2025-03-01..2025-03-31")
    assert march["period"] == "2025-03"
    assert _sums(march) == _sums(_printed(capsys, "--period", "2025-03"))
    # on time: 1 of 2 in March, 1 of 1 in April; 2 of 3, not the mean of 50 % and 100 %
    on_time = next(v for v in nine["values"] if v["indicator"] == "on_time")
    assert (on_time["numerator"], on_time["denominator"], on_time["value"]) == (2, 3, 66.67)


def test_a_range_that_cuts_a_month_is_refused(org, write_csv):
    call_command("import_dossiers", str(write_csv(ROWS)))
    with pytest.raises(CommandError, match="ngày đầu tháng"):
        call_command("indicators", "--unit", "sxd", "--period", "2025-03-15..2025-04-14")
