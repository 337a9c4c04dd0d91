"""The benchmark's dossier exports and its two references for the service indicators: each
formula's edge cases on hand-written files, and the references agreeing on generated ones."""

import csv
from collections import Counter
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from bench.dossiers import generate, isolated, reference_duckdb, reference_pandas
from chiso.vietnamese.text import search_key, strip_accents

UNITS = {search_key("Sở Tư pháp"): "stp", search_key("UBND xã An Bình"): "x-an"}
HEADER = ",".join(generate.DOSSIER_HEADER)
FEEDBACK_HEADER = ",".join(generate.FEEDBACK_HEADER)
GENERATED_UNITS = ["Sở Tư pháp", "Sở Xây dựng", "Trung tâm Phục vụ hành chính công tỉnh"] + [
    f"UBND xã Đồng Tâm {number}" for number in range(1, 28)
]

# code, unit, procedure, received, due, finished, returned, channel, digitised, fee, paid, apology
DOSSIERS = [
    # Finished on its due date: on time. Returned the day after: late.
    "A1,Sở Tư pháp,Đăng ký khai sinh,03/03/2025 08:00,10/03/2025,10/03/2025 16:00,"
    "11/03/2025,Trực tuyến toàn trình,Có,x,1,",
    # Pending: in no finished or returned count.
    "A2,Sở Tư pháp,Đăng ký kết hôn,05/03/2025,12/03/2025,,,Trực tiếp,Không,,0,",
    # Late, with an apology letter; finished and returned in April.
    "A3,Sở Tư pháp,Cấp phiếu lý lịch tư pháp,2025-03-10 09:15,2025-03-14,2025-04-02T10:00,"
    "2025-04-03 10:00:00,Bưu chính,1,Có,Không,x",
    # Late, no apology letter, not returned; channel written without diacritics.
    "A4,Sở Tư pháp,Chứng thực chữ ký,20/3/2025,25/03/2025 17:00:00,01/04/2025,,"
    "Truc tuyen mot phan,Có,,,",
    # Unit without diacritics; due in the next month; finished and returned on time in April.
    'A5,UBND xa An Binh,"Chứng thực hợp đồng, giao dịch",28/03/2025 08:00,4/4/2025,'
    "03/04/2025,03/04/2025,Trực tiếp,Không,,,",
    # Exported again below, finished: the later row wins.
    "A6,Sở Tư pháp,Đăng ký khai tử,12/03/2025,20/03/2025,,,Trực tiếp,Có,,,",
    # Finished on its due date; exported again below with an impossible date: this row wins.
    "A7,Sở Tư pháp,Đăng ký khai tử,13/03/2025,14/03/2025,14/03/2025,,Trực tuyến toàn trình,"
    "Không,x,0,",
    "A6,Sở Tư pháp,Đăng ký khai tử,12/03/2025,20/03/2025,18/03/2025,19/03/2025,Trực tiếp,Có,,,",
    "A7,Sở Tư pháp,Đăng ký khai tử,13/03/2025,14/03/2025,31/02/2025,,Trực tuyến toàn trình,"
    "Không,x,0,",
    # Rejected: text for a date, an unknown unit, an unknown channel, a vague yes/no,
    # no code, finished before received.
    "B1,Sở Tư pháp,Đăng ký khai sinh,abc,10/03/2025,,,Trực tiếp,Có,,,",
    "B2,Phòng Không Rõ,Đăng ký khai sinh,03/03/2025,10/03/2025,,,Trực tiếp,Có,,,",
    "B3,Sở Tư pháp,Đăng ký khai sinh,03/03/2025,10/03/2025,,,Fax,Có,,,",
    "B4,Sở Tư pháp,Đăng ký khai sinh,03/03/2025,10/03/2025,,,Trực tiếp,có lẽ,,,",
    " ,Sở Tư pháp,Đăng ký khai sinh,03/03/2025,10/03/2025,,,Trực tiếp,Có,,,",
    "B6,Sở Tư pháp,Đăng ký khai sinh,03/03/2025,10/03/2025,01/03/2025,,Trực tiếp,Có,,,",
]
# (unit, month, indicator): (numerator, denominator), worked out by hand from DOSSIERS.
DOSSIER_MONTHS = {
    ("stp", "2025-03", "on_time"): (3, 3),  # A1, A6, A7
    ("stp", "2025-04", "on_time"): (0, 2),  # A3, A4
    ("stp", "2025-04", "apology_letter"): (1, 2),  # A3 of A3, A4
    ("stp", "2025-03", "online_full_process"): (2, 6),  # A1, A7
    ("stp", "2025-03", "digitised"): (4, 6),  # A1, A3, A4, A6
    ("stp", "2025-03", "paid_online"): (1, 3),  # A1 of A1, A3, A7
    ("stp", "2025-03", "returned_on_time"): (1, 2),  # A6 of A1, A6
    ("stp", "2025-04", "returned_on_time"): (0, 1),  # A3
    ("x-an", "2025-04", "on_time"): (1, 1),
    ("x-an", "2025-03", "online_full_process"): (0, 1),
    ("x-an", "2025-03", "digitised"): (0, 1),
    ("x-an", "2025-04", "returned_on_time"): (1, 1),
}
REFERENCES = [
    pytest.param(reference_duckdb.compute_csv, id="duckdb"),
    pytest.param(reference_pandas.compute_csv, id="pandas"),
]


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8-sig")
    return path


def by_period(months: dict[tuple[str, str, str], tuple[int, int]]) -> list[dict]:
    """Monthly counts summed into month, quarter, half and year, as the references list them."""
    totals = Counter()
    for (unit, month, indicator), (numerator, denominator) in months.items():
        year, number = month[:4], int(month[5:])
        for period in (month, f"{year}-Q{(number + 2) // 3}", f"{year}-H{(number + 5) // 6}", year):
            totals[unit, period, indicator, "numerator"] += numerator
            totals[unit, period, indicator, "denominator"] += denominator
    keys = sorted({key[:3] for key in totals})
    return [
        {
            "unit": unit,
            "period": period,
            "indicator": indicator,
            "numerator": totals[unit, period, indicator, "numerator"],
            "denominator": totals[unit, period, indicator, "denominator"],
        }
        for unit, period, indicator in keys
    ]


@pytest.mark.parametrize("compute", REFERENCES)
def test_each_formula_on_hand_written_dossiers(tmp_path, compute):
    result = compute(write(tmp_path / "dossiers.csv", HEADER, DOSSIERS), UNITS)

    assert (result.rows, result.rejected) == (7, 7)
    assert result.values == by_period(DOSSIER_MONTHS)
    on_time = {
        v["period"]: (v["numerator"], v["denominator"])
        for v in result.values
        if (v["unit"], v["indicator"]) == ("stp", "on_time")
    }
    assert on_time == {
        "2025-03": (3, 3),
        "2025-04": (0, 2),
        "2025-Q1": (3, 3),
        "2025-Q2": (0, 2),
        "2025-H1": (3, 5),
        "2025": (3, 5),
    }


@pytest.mark.parametrize("compute", REFERENCES)
def test_feedback_handled_counts_answers_by_the_due_date(tmp_path, compute):
    rows = [
        "F1,Sở Tư pháp,03/03/2025 08:00,10/03/2025,10/03/2025 15:00",  # on the due date
        "F2,Sở Tư pháp,05/03/2025,12/03/2025,",  # not answered
        "F3,Sở Tư pháp,20/03/2025,27/03/2025,02/04/2025",  # late; counts in March
        "F4,so tu phap,2025-04-01,2025-04-08,2025-04-02",
        "F5,Sở Tư pháp,20/03/2025,27/03/2025,19/03/2025",  # answered before received
    ]
    result = compute(write(tmp_path / "feedback.csv", FEEDBACK_HEADER, rows), UNITS, "feedback")

    assert (result.rows, result.rejected) == (4, 1)
    assert result.values == by_period(
        {
            ("stp", "2025-03", "feedback_handled"): (1, 3),
            ("stp", "2025-04", "feedback_handled"): (1, 1),
        }
    )


@pytest.mark.parametrize("compute", REFERENCES)
def test_accepted_date_formats_count_by_calendar_date(tmp_path, compute):
    accepted = [
        "06/05/2025",
        "6/5/2025",
        "06/05/2025 23:59",
        "06/05/2025 08:30:15",
        "2025-05-06",
        "2025-05-06 08:30",
        "2025-05-06 08:30:15",
        "2025-05-06T08:30",
        "2025-05-06T08:30:15",
        " 06/05/2025 ",
    ]
    refused = [
        "06-05-2025",
        "2025/05/06",
        "6/5/25",
        "2025-5-6",
        "06/05/2025 24:00",
        "06/05/2025 8:30",
        "06/05/2025T08:30",
        "29/02/2025",
        "00/05/2025",
        "06/05/0000",
        "0000-05-06",
    ]
    rows = [
        f"D{number},Sở Tư pháp,Đăng ký khai sinh,{received},31/05/2025,,,Trực tiếp,Có,,,"
        for number, received in enumerate(accepted + refused)
    ]
    result = compute(write(tmp_path / "dates.csv", HEADER, rows), UNITS)

    assert (result.rows, result.rejected) == (len(accepted), len(refused))
    received = {v["period"]: v for v in result.values if v["indicator"] == "digitised"}
    assert received["2025-05"]["denominator"] == len(accepted)


def test_stored_parquet_gives_the_csv_values(tmp_path):
    dossiers = write(tmp_path / "dossiers.csv", HEADER, DOSSIERS)
    feedback = write(
        tmp_path / "feedback.csv", FEEDBACK_HEADER, ["F1,Sở Tư pháp,03/03/2025,10/03/2025,"]
    )
    root = tmp_path / "store"
    reference_duckdb.write_parquet(dossiers, UNITS, root, "dossiers")
    reference_duckdb.write_parquet(feedback, UNITS, root, "feedback")

    assert [path.name for path in (root / "dossiers").iterdir()] == ["year=2025"]
    assert [path.name for path in (root / "dossiers" / "year=2025").iterdir()] == ["month=3"]
    stored = reference_duckdb.compute_parquet(root)
    from_csv = [
        reference_duckdb.compute_csv(dossiers, UNITS),
        reference_duckdb.compute_csv(feedback, UNITS, "feedback"),
    ]
    assert stored.rows == sum(result.rows for result in from_csv)
    assert stored.values == sorted(
        from_csv[0].values + from_csv[1].values,
        key=lambda v: (v["unit"], v["period"], v["indicator"]),
    )
    assert reference_duckdb.compute_parquet(root, "dossiers").values == from_csv[0].values


def test_generated_dossiers_agree_in_both_references(tmp_path):
    rows, bad_fraction = 20_000, 0.01
    path = generate.write_dossiers(
        tmp_path / "dossiers.csv", rows, GENERATED_UNITS, bad_fraction=bad_fraction
    )
    units = {search_key(name): f"u{number}" for number, name in enumerate(GENERATED_UNITS)}

    by_duckdb = reference_duckdb.compute_csv(path, units)
    assert reference_pandas.compute_csv(path, units) == by_duckdb
    assert 0.5 < by_duckdb.rejected / (rows * bad_fraction) < 1.5
    exported_again = rows - by_duckdb.rejected - by_duckdb.rows
    assert 0.005 * rows < exported_again < 0.015 * rows
    indicators = {v["indicator"] for v in by_duckdb.values}
    assert indicators == {
        "on_time",
        "apology_letter",
        "online_full_process",
        "digitised",
        "paid_online",
        "returned_on_time",
    }


def test_generated_feedback_agrees_in_both_references(tmp_path):
    path = generate.write_feedback(tmp_path / "feedback.csv", 5_000, GENERATED_UNITS)
    units = {search_key(name): f"u{number}" for number, name in enumerate(GENERATED_UNITS)}

    by_duckdb = reference_duckdb.compute_csv(path, units, "feedback")
    assert reference_pandas.compute_csv(path, units, "feedback") == by_duckdb
    assert by_duckdb.rows > 4_900


def test_generated_export_looks_like_the_system_s(tmp_path):
    path = generate.write_dossiers(tmp_path / "a.csv", 3_000, GENERATED_UNITS, seed=7)

    assert path.read_bytes().startswith(b"\xef\xbb\xbf" + HEADER.encode())
    again = generate.write_dossiers(tmp_path / "b.csv", 3_000, GENERATED_UNITS, seed=7)
    assert again.read_bytes() == path.read_bytes()
    with open(path, encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 3_000
    bare = sum(row["Đơn vị"] == strip_accents(row["Đơn vị"]) for row in rows)
    assert 0.05 < bare / len(rows) < 0.15
    assert len({row["Thủ tục"] for row in rows}) > 50
    assert 0.02 < sum(row["Ngày hoàn thành"] == "" for row in rows) / len(rows) < 0.1


def test_generated_xlsx_holds_the_csv_rows(tmp_path):
    xlsx = generate.write_dossiers_xlsx(tmp_path / "dossiers.xlsx", 300, GENERATED_UNITS)
    csv_path = generate.write_dossiers(tmp_path / "dossiers.csv", 300, GENERATED_UNITS)

    sheet = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    with open(csv_path, encoding="utf-8-sig", newline="") as file:
        assert sheet == list(csv.reader(file))
    assert tuple(sheet[0]) == generate.DOSSIER_HEADER


def test_cached_export_is_written_once(tmp_path):
    first = generate.cached_export(tmp_path, "dossiers", 100, GENERATED_UNITS)
    written = first.stat().st_mtime_ns

    again = generate.cached_export(tmp_path, "dossiers", 100, GENERATED_UNITS)
    assert again == first and again.stat().st_mtime_ns == written
    other = generate.cached_export(tmp_path, "dossiers", 100, GENERATED_UNITS[:-1])
    assert other != first
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([first.name, other.name])


def test_isolated_run_returns_the_result_time_and_memory(tmp_path):
    path = write(tmp_path / "dossiers.csv", HEADER, DOSSIERS)

    result, seconds, peak_mb = isolated.run(reference_duckdb.compute_csv, path, UNITS)
    assert result == reference_duckdb.compute_csv(path, UNITS)
    assert seconds > 0  # measured, whatever the machine
    assert peak_mb > 10
