"""Imports of survey responses (.csv/.xlsx): answers, units, dates and dossier codes as people
write them; all or nothing, or the good rows with `skip_invalid`; the store and the indices."""

import csv
import datetime
from pathlib import Path

import duckdb
import pytest

from chiso.metrics.reading import FileError
from chiso.surveys.indices import refresh_round
from chiso.surveys.models import (
    Channel,
    Response,
    ReviewState,
    RoundUnit,
    SurveyImport,
    SurveyIndex,
)
from chiso.surveys.response_import import ResponsesRefused, import_responses
from chiso.surveys.store import ResponseStore

from .conftest import CODES

HEADER = ["Đơn vị", "Ngày khảo sát", "Mã hồ sơ", *CODES]


@pytest.fixture
def units(org):
    """The test province, Sở Xây dựng also known as SXD and “Sở XD”."""
    org.dept_a.short_name, org.dept_a.aliases = "SXD", ["Sở XD"]
    org.dept_a.save()
    return org


def row(unit="Sở Xây dựng", day="15/03/2026", code="", answer="4", **answers) -> list[str]:
    """A line of the file: every criterion answered `answer` unless named (SIPAS_2_3=…)."""
    named = {key.replace("_", "."): value for key, value in answers.items()}
    return [unit, day, code, *(named.get(c, answer) for c in CODES)]


def write_csv(folder: Path, rows, header=HEADER, delimiter=",", name="phieu.csv") -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def stored(round, order="dossier_code") -> list[dict]:
    """The round's rows in the store, as dicts."""
    source = ResponseStore().source(round, CODES)
    with duckdb.connect() as con:
        found = con.execute(f"SELECT * FROM {source} ORDER BY {order}")
        names = [d[0] for d in found.description]
        return [dict(zip(names, values, strict=True)) for values in found.fetchall()]


def errors_of(outcome) -> list[tuple]:
    return [(e.line, e.column, e.value) for e in outcome.errors]


def refused(path, round, **options):
    with pytest.raises(ResponsesRefused) as caught:
        import_responses(path, round, **options)
    return caught.value.result


# --- answers ------------------------------------------------------------------------------

ANSWERS = [  # as written, the level stored (None: no answer; 0: not applicable)
    ("Hài lòng", 4),
    ("hai long", 4),
    ("RẤT HÀI LÒNG", 5),
    ("Rat khong hai long", 1),
    ("Bình thường", 3),
    ("không hài lòng", 2),
    ("KHONG HAI LONG", 2),
    ("5", 5),
    ("1", 1),
    ("  Hài lòng  ", 4),  # the spellings from here on are not the common ones
    ("Hài Lòng", 4),
    ("rẤt HàI lÒnG", 5),
    ("5.0", 5),
    ("", None),
    ("   ", None),
    ("Không áp dụng", 0),
    ("khong ap dung", 0),
]


def test_answers_are_read_with_or_without_accents_in_any_case(units, sipas_round, tmp_path):
    rows = [row(code=f"H{i:02}", SIPAS_2_3=written) for i, (written, _l) in enumerate(ANSWERS)]
    result = import_responses(write_csv(tmp_path, rows), sipas_round)
    assert (result.rows, result.accepted, result.rejected) == (len(ANSWERS), len(ANSWERS), 0)
    found = [r["SIPAS.2.3"] for r in stored(sipas_round)]
    assert found == [level for _w, level in ANSWERS]
    assert {r["SIPAS.1.1"] for r in stored(sipas_round)} == {4}


@pytest.mark.parametrize("written", ["Tốt", "6", "0", "4.5", "hài lòng lắm"])
def test_a_bad_answer_names_the_row_and_the_column(units, sipas_round, tmp_path, written):
    rows = [row(code="A1", SIPAS_2_3="Hài Lòng"), row(code="A2", SIPAS_2_3=written)]
    result = refused(write_csv(tmp_path, rows), sipas_round)
    assert errors_of(result) == [(3, "SIPAS.2.3", written)]
    assert "từ 1 đến 5" in result.errors[0].expected
    assert "Dòng 3, cột “SIPAS.2.3”" in str(result.errors[0])


# --- units and dates ----------------------------------------------------------------------

UNITS = [  # as written, the unit's code (None: not found)
    ("Sở Xây dựng", "sxd"),
    ("so xay dung", "sxd"),
    ("SXD", "sxd"),
    ("sxd", "sxd"),
    ("So XD", "sxd"),
    ("sở tư pháp", "stp"),
    ("UBND xa An Binh", "x-an"),
    ("Sở xây DỰNG", "sxd"),  # from here on, spellings that are not the usual ones
    ("  SXD  ", "sxd"),
    ("Sở Không Có", None),
    ("Văn phòng Sở", None),  # two units have this name: neither is meant
    ("", None),
]


def test_units_by_name_short_name_code_or_alias(units, sipas_round, tmp_path):
    rows = [row(unit=written, code=f"U{i:02}") for i, (written, _c) in enumerate(UNITS)]
    result = import_responses(write_csv(tmp_path, rows), sipas_round, skip_invalid=True)
    found = {r["dossier_code"]: r["unit"] for r in stored(sipas_round)}
    assert found == {f"U{i:02}": code for i, (_w, code) in enumerate(UNITS) if code}
    bad = [(i + 2, "Đơn vị", written) for i, (written, code) in enumerate(UNITS) if not code]
    assert errors_of(result) == bad
    assert result.unit_codes == {"sxd", "stp", "x-an"}
    surveyed = RoundUnit.objects.filter(round=sipas_round, target=None)
    assert set(surveyed.values_list("unit__code", flat=True)) == {"sxd", "stp", "x-an"}


DATES = [  # as written, the date stored (None: refused)
    ("15/03/2026", datetime.date(2026, 3, 15)),
    ("2026-03-15", datetime.date(2026, 3, 15)),
    ("2026-03-15 00:00:00", datetime.date(2026, 3, 15)),  # an Excel date cell
    ("01/12/2026", datetime.date(2026, 12, 1)),
    ("31/02/2026", None),
    ("2026-13-01", None),
    ("hôm qua", None),
    ("", None),
]


def test_dates_in_either_form_and_impossible_ones(units, sipas_round, tmp_path):
    rows = [row(day=written, code=f"N{i}") for i, (written, _d) in enumerate(DATES)]
    result = import_responses(write_csv(tmp_path, rows), sipas_round, skip_invalid=True)
    found = {r["dossier_code"]: r["surveyed_on"] for r in stored(sipas_round)}
    assert found == {f"N{i}": day for i, (_w, day) in enumerate(DATES) if day}
    bad = [(i + 2, "Ngày khảo sát", written) for i, (written, day) in enumerate(DATES) if not day]
    assert errors_of(result) == bad


# --- dossier codes ------------------------------------------------------------------------


def test_a_code_repeated_in_the_file_keeps_its_first_good_row(units, sipas_round, tmp_path):
    rows = [
        row(unit="Nơi nào đó", code="D1"),  # line 2: bad, so it holds no code
        row(code="D1", answer="5"),  # line 3: the first good row with D1
        row(code="D2"),
        row(code=" D1 ", answer="1"),  # line 5: trimmed, D1 again
        row(code=""),  # no code: never a duplicate
        row(code=""),
    ]
    result = import_responses(write_csv(tmp_path, rows), sipas_round, skip_invalid=True)
    assert (result.rows, result.accepted, result.rejected) == (6, 4, 2)
    assert errors_of(result) == [(2, "Đơn vị", "Nơi nào đó"), (5, "Mã hồ sơ", "D1")]
    assert "dòng 3" in result.errors[1].expected
    kept = stored(sipas_round)
    assert [r["dossier_code"] for r in kept] == ["", "", "D1", "D2"]
    assert kept[2]["SIPAS.1.1"] == 5


def test_a_code_of_an_earlier_import_is_a_duplicate(units, sipas_round, tmp_path):
    first = write_csv(tmp_path, [row(code="D1"), row(code="D2")], name="dot-1.csv")
    import_responses(first, sipas_round)
    second = write_csv(tmp_path, [row(code="D3"), row(code="D2")], name="dot-2.csv")
    result = refused(second, sipas_round)
    assert errors_of(result) == [(3, "Mã hồ sơ", "D2")]
    assert "dot-1.csv" in result.errors[0].expected
    assert len(ResponseStore().files(sipas_round)) == 1
    assert [r["dossier_code"] for r in stored(sipas_round)] == ["D1", "D2"]


def test_a_code_of_an_accepted_response_is_a_duplicate(units, sipas_round, tmp_path):
    def response(code, state):
        return Response.objects.create(
            round=sipas_round,
            unit=units.dept_a,
            channel=Channel.WEB,
            surveyed_on=datetime.date(2026, 3, 1),
            dossier_code=code,
            state=state,
        )

    held = response("D7", ReviewState.ACCEPTED)
    response("D8", ReviewState.EXCLUDED)  # not counted: its code is free
    path = write_csv(tmp_path, [row(code="D7"), row(code="D8")])
    result = import_responses(path, sipas_round, skip_invalid=True)
    assert (result.accepted, errors_of(result)) == (1, [(2, "Mã hồ sơ", "D7")])
    assert f"phiếu số {held.pk}" in result.errors[0].expected
    assert [r["dossier_code"] for r in stored(sipas_round)] == ["D8"]


def test_a_second_file_adds_to_the_rounds_indices(units, sipas_round, tmp_path):
    import_responses(write_csv(tmp_path, [row(code="S1", answer="5")], name="a.csv"), sipas_round)
    import_responses(write_csv(tmp_path, [row(code="S2", answer="1")], name="b.csv"), sipas_round)
    assert len(ResponseStore().files(sipas_round)) == 2
    assert RoundUnit.objects.filter(round=sipas_round).count() == 1
    index = SurveyIndex.objects.get(
        round=sipas_round, level="unit", unit=units.dept_a, code="SIPAS.1.1"
    )
    assert (index.n, index.satisfied, index.value) == (2, 1, 50)


def test_the_stored_counts_add_up_as_the_rows_would(units, sipas_round, tmp_path):
    """An import stores its counts beside its rows and the indices add them up; a file
    stored without them (by an earlier version) is counted from its rows: the same figures."""
    first = [row(code="C1", answer="5"), row(code="C2", answer="2", SIPAS_1_1="Không áp dụng")]
    import_responses(write_csv(tmp_path, first, name="a.csv"), sipas_round)
    second = [row(unit="Sở Tư pháp", code="C3")[:5], row(code="C4", answer="")[:5]]
    import_responses(write_csv(tmp_path, second, header=HEADER[:5], name="b.csv"), sipas_round)

    def figures():
        fields = ["level", "unit_id", "block_id", "scope", "code", "n", "satisfied", "value"]
        found = SurveyIndex.objects.filter(round=sipas_round).values_list(*fields)
        return sorted(found, key=str)

    added = figures()
    assert ("unit", units.dept_a.pk, None, "criterion", "SIPAS.1.1", 1, 1, 100) in added
    for path in ResponseStore().files(sipas_round, "counts"):
        Path(path).unlink()
    assert len(ResponseStore().uncounted(sipas_round)) == 2
    refresh_round(sipas_round)
    assert figures() == added


# --- all or nothing -----------------------------------------------------------------------

MIXED = [
    row(code="G1"),  # line 2: good
    row(code="G2", day="31/02/2026", SIPAS_1_2="Tốt"),  # line 3: two faults
    row(unit="Sở Không Có", code="G3"),  # line 4
    row(code="G1"),  # line 5: duplicate of line 2
    row(code="G5", answer="Rất hài lòng"),  # line 6: good
]
MIXED_ERRORS = [
    (3, "Ngày khảo sát", "31/02/2026"),
    (3, "SIPAS.1.2", "Tốt"),
    (4, "Đơn vị", "Sở Không Có"),
    (5, "Mã hồ sơ", "G1"),
]


def test_bad_rows_refuse_the_whole_file_and_list_every_one(units, sipas_round, tmp_path):
    path = write_csv(tmp_path, MIXED)
    result = refused(path, sipas_round)
    assert (result.rows, result.accepted, result.rejected) == (5, 0, 3)
    assert errors_of(result) == MIXED_ERRORS
    assert result.errors_path == tmp_path / "phieu.errors.csv"
    with result.errors_path.open(encoding="utf-8") as stream:
        listed = list(csv.reader(stream))
    assert listed[0] == ["Dòng", "Cột", "Giá trị", "Cần có"]
    assert [(int(line), column, value) for line, column, value, _e in listed[1:]] == MIXED_ERRORS
    assert all(expected for *_, expected in listed[1:])
    assert ResponseStore().files(sipas_round) == []
    assert not list(Path(ResponseStore().root).rglob("*.parquet*"))
    assert not SurveyImport.objects.exists() and not SurveyIndex.objects.exists()
    assert not RoundUnit.objects.exists()


def test_skip_invalid_stores_the_good_rows_and_lists_the_others(units, sipas_round, tmp_path):
    path = write_csv(tmp_path, MIXED)
    result = import_responses(path, sipas_round, skip_invalid=True)
    assert (result.rows, result.accepted, result.rejected) == (5, 2, 3)
    assert result.errors_path == tmp_path / "phieu.rejected.csv"
    assert not (tmp_path / "phieu.errors.csv").exists()
    assert errors_of(result) == MIXED_ERRORS
    assert [r["dossier_code"] for r in stored(sipas_round)] == ["G1", "G5"]
    record = SurveyImport.objects.get()
    assert (record.name, record.rows, record.rejected, record.job.state) == (
        "phieu.csv",
        2,
        3,
        "done",
    )
    assert record.errors[0] == [3, "Ngày khảo sát", "31/02/2026", record.errors[0][3]]
    assert {r["import_id"] for r in stored(sipas_round)} == {record.pk}
    assert SurveyIndex.objects.filter(round=sipas_round, unit=units.dept_a, code="SIPAS")


def test_a_failure_after_writing_leaves_neither_file_nor_record(
    units, sipas_round, tmp_path, monkeypatch
):
    def broken(round):
        raise RuntimeError("indices")

    monkeypatch.setattr("chiso.surveys.response_import.refresh_round", broken)
    with pytest.raises(RuntimeError):
        import_responses(write_csv(tmp_path, [row(code="F1")]), sipas_round)
    assert not list(Path(ResponseStore().root).rglob("*.parquet*"))
    assert not SurveyImport.objects.exists() and not RoundUnit.objects.exists()


# --- the file -----------------------------------------------------------------------------


def test_opinions_make_the_comment_other_columns_are_ignored(units, sipas_round, tmp_path):
    header = [*HEADER, "Ý kiến khác", "Họ tên", "GOP Y", "Ghi chú", "Kiến nghị của Ông/Bà"]
    rows = [
        [*row(code="C1"), "Chờ lâu", "Nguyễn Văn A", "Thêm ghế", "", "Không"],
        [*row(code="C2"), "", "Trần B", "", "", ""],
    ]
    import_responses(write_csv(tmp_path, rows, header=header), sipas_round)
    assert [r["comment"] for r in stored(sipas_round)] == ["Chờ lâu\nThêm ghế", ""]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_with_a_byte_order_mark_and_either_delimiter(units, sipas_round, tmp_path, delimiter):
    header = ["don vi", "NGAY KHAO SAT", "ma ho so", "sipas.1.1", " SIPAS.1.2 "]
    rows = [["SXD", "2026-04-01", "K1", "Hài lòng", "2"], ["", "", "", "", ""]]  # a blank line
    path = write_csv(tmp_path, rows, header=header, delimiter=delimiter)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = import_responses(path, sipas_round)
    assert (result.rows, result.accepted) == (1, 1)
    (found,) = stored(sipas_round)
    assert (found["unit"], found["SIPAS.1.1"], found["SIPAS.1.2"], found["SIPAS.2.1"]) == (
        "sxd",
        4,
        2,
        None,  # a criterion the file has no column for
    )
    assert found["channel"] == "paper"


def test_an_excel_workbook(units, sipas_round, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["PHIẾU KHẢO SÁT SỰ HÀI LÒNG"])  # a title above the header row
    sheet.append(HEADER)
    sheet.append(["Sở Xây dựng", datetime.datetime(2026, 5, 4), "X1", *[5] * len(CODES)])
    sheet.append(["sở tư pháp", "04/05/2026", 1234, "Không áp dụng", *["Hài lòng"] * 21])
    sheet.append(["Sở Tư pháp", "04/05/2026", "X3", "Tuyệt vời", *[4] * 21])
    path = tmp_path / "phieu.xlsx"
    book.save(path)
    result = import_responses(path, sipas_round, skip_invalid=True, channel=Channel.INTERVIEW)
    assert errors_of(result) == [(5, "SIPAS.1.1", "Tuyệt vời")]  # the sheet's own row number
    first, second = stored(sipas_round)
    assert (second["dossier_code"], second["surveyed_on"], second["SIPAS.1.1"]) == (
        "X1",
        datetime.date(2026, 5, 4),
        5,
    )
    assert (first["dossier_code"], first["SIPAS.1.1"], first["SIPAS.5.4"]) == ("1234", 0, 4)
    assert first["channel"] == "interview"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["Ngày khảo sát", "SIPAS.1.1", "Mã hồ sơ"], "thiếu cột “Đơn vị”"),
        (["Đơn vị", "SIPAS.1.1"], "thiếu cột “Ngày khảo sát”"),
        (["Đơn vị", "Ngày khảo sát", "Câu 1", "SIPAS.9.9"], "không có cột tiêu chí nào"),
    ],
)
def test_a_file_missing_a_column_is_refused_naming_it(sipas_round, tmp_path, header, message):
    path = write_csv(tmp_path, [["x"] * len(header)], header=header)
    with pytest.raises(FileError, match=message) as caught:
        import_responses(path, sipas_round)
    assert "phieu.csv" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Không tìm thấy tệp"),
        (b"", "trống"),
        (b"\xff\xfe\x00\x00binary", "không phải tệp CSV hay Excel"),
        ("Đơn vị,Ngày khảo sát,SIPAS.1.1\n".encode(), "không có dòng dữ liệu nào"),
        ('Đơn vị,Ngày khảo sát,SIPAS.1.1\nSXD,1/1/2026,4\n"SXD,1/1/2026\n'.encode(), "CSV"),
    ],
)
def test_a_file_that_is_no_table_of_responses(sipas_round, tmp_path, content, message):
    path = tmp_path / "phieu.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(FileError, match=message) as caught:
        import_responses(path, sipas_round)
    assert "phieu.csv" in str(caught.value)


# --- the store ----------------------------------------------------------------------------


def test_the_store_reads_no_files_as_an_empty_relation(sipas_round):
    with duckdb.connect() as con:
        found = con.execute(f"DESCRIBE {ResponseStore().source(sipas_round, CODES[:2])}")
        columns = {name: kind for name, kind, *_ in found.fetchall()}
    assert columns == {
        "unit": "VARCHAR",
        "surveyed_on": "DATE",
        "dossier_code": "VARCHAR",
        "comment": "VARCHAR",
        "channel": "VARCHAR",
        "import_id": "BIGINT",
        "SIPAS.1.1": "UTINYINT",
        "SIPAS.1.2": "UTINYINT",
    }


def test_written_files_are_seen_by_their_thread_only_until_committed(sipas_round, tmp_path):
    import threading

    store = ResponseStore(tmp_path / "store")
    seen_elsewhere = []
    with duckdb.connect() as con:
        con.execute("""CREATE TABLE t AS SELECT 'sxd' AS unit, DATE '2026-01-02' AS surveyed_on,
            'K' AS dossier_code, '' AS comment, 'paper' AS channel, 4::UTINYINT AS "SIPAS.1.1" """)
        con.execute(
            "CREATE TABLE c AS SELECT 'sxd' AS unit, 'criterion' AS scope, "
            "'SIPAS.1.1' AS code, 1::BIGINT AS n, 1::BIGINT AS satisfied"
        )
        pending = store.write(con, sipas_round, 7, "t", "c")
        thread = threading.Thread(
            target=lambda: seen_elsewhere.append(
                (store.files(sipas_round), store.counts_source(sipas_round))
            )
        )
        thread.start()
        thread.join()
        assert seen_elsewhere == [([], None)] and len(store.files(sipas_round)) == 1
        assert len(store.files(sipas_round, "counts")) == 1 and not store.uncounted(sipas_round)
        codes = con.execute(f"SELECT * FROM {store.codes_sql(sipas_round)}").fetchall()
        assert codes == [("K", 7)]
        pending.commit()
        assert store.files(sipas_round) == [str(store.folder(sipas_round) / "import-7.parquet")]
        again = store.write(con, sipas_round, 8, "t", "c")
        again.rollback()
    assert len(store.files(sipas_round)) == 1
    names = sorted(p.name for p in store.folder(sipas_round).iterdir())
    assert names == ["counts-7.parquet", "import-7.parquet"]
