"""Bad exports get clear errors that name the file, row and column, and change nothing."""

import os
from pathlib import Path

import pytest

from chiso.metrics.importing import ImportRefused, import_export
from chiso.metrics.models import IndicatorValue
from chiso.metrics.reading import FileError

from .conftest import HEADER, ROWS

pytestmark = pytest.mark.django_db

BAD_DATE = "D9,Sở Xây dựng,Cấp phép xây dựng,31/02/2025,10/03/2025,,,Trực tiếp,Có,Không,Không,Không"


def _stored(metrics_dir: Path) -> dict:
    files = sorted(metrics_dir.glob("*/year=*/month=*/*.parquet"))
    values = sorted(
        IndicatorValue.objects.values_list("unit_id", "period", "indicator", "numerator")
    )
    return {"files": [(str(f), f.stat().st_mtime_ns) for f in files], "values": values}


@pytest.fixture
def imported(org, write_csv, metrics_dir):
    """A store holding the hand-made export, to show that bad files leave it as it was."""
    import_export(write_csv(ROWS, name="first.csv"), "dossiers")
    return _stored(metrics_dir)


def test_bad_rows_import_nothing_and_are_all_listed(imported, write_csv, metrics_dir):
    rows = [*ROWS, BAD_DATE, ROWS[1].replace("Sở Xây dựng", "Sở Không Có"), ROWS[2] + ",thừa"]
    path = write_csv([*rows[:2], rows[6], *rows[2:6], rows[7]])
    with pytest.raises(ImportRefused) as refused:
        import_export(path, "dossiers")
    result = refused.value.result
    assert result.rejected == 2
    assert [(e.line, e.column, e.value) for e in result.errors] == [
        (4, "Ngày tiếp nhận", "31/02/2025"),
        (9, "Đơn vị", "Sở Không Có"),
    ]
    assert "Dòng 4, cột “Ngày tiếp nhận”: “31/02/2025” — cần ngày dd/mm/yyyy" in str(
        result.errors[0]
    )
    listing = result.errors_path.read_text(encoding="utf-8").splitlines()
    assert result.errors_path.name == "export.errors.csv"
    assert listing[0] == "Dòng,Cột,Giá trị,Cần có"
    assert len(listing) == 3
    assert _stored(metrics_dir) == imported


def test_skip_invalid_imports_the_good_rows_and_writes_the_rejected(org, write_csv):
    path = write_csv([*ROWS, BAD_DATE])
    result = import_export(path, "dossiers", skip_invalid=True)
    assert (result.rows, result.rejected) == (5, 1)
    assert result.errors_path == path.with_name("export.rejected.csv")
    assert "31/02/2025" in result.errors_path.read_text(encoding="utf-8")
    assert IndicatorValue.objects.filter(unit__code="sxd", period="2025-03").count() == 6


def test_a_finish_before_receipt_and_an_unknown_channel_are_bad_rows(org, write_csv):
    rows = [
        "E1,Sở Xây dựng,TT,10/03/2025,20/03/2025,01/03/2025,,Trực tiếp,Có,Không,Không,Không",
        "E2,Sở Xây dựng,TT,10/03/2025,20/03/2025,,,Fax,có lẽ,Không,Không,Không",
        "E3,Văn phòng Sở,TT,10/03/2025,20/03/2025,,,Trực tiếp,Có,Không,Không,Không",
    ]
    with pytest.raises(ImportRefused) as refused:
        import_export(write_csv(rows), "dossiers")
    assert [(e.line, e.column) for e in refused.value.result.errors] == [
        (2, "Ngày hoàn thành"),
        (3, "Kênh nộp"),
        (3, "Số hóa"),
        (4, "Đơn vị"),  # two units have this name
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "trống"),
        (HEADER.encode() + b"\n", "không có dòng dữ liệu"),
        (b"Ma,Ten\nA,B\n", "Thiếu cột bắt buộc: Mã hồ sơ"),
        (os.urandom(4096), "không phải"),
        (b"PK\x03\x04" + os.urandom(2048), "Không đọc được tệp Excel"),
        ("Mã hồ sơ,Đơn vị\n".encode("utf-16"), "không phải"),
        ((HEADER + '\n"D1,Sở Xây dựng\n').encode(), "không đọc được như bảng CSV"),
    ],
    ids=["empty", "header only", "wrong headers", "junk", "broken xlsx", "utf-16", "bad quote"],
)
def test_files_that_are_not_exports(imported, tmp_path, metrics_dir, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(FileError) as error:
        import_export(path, "dossiers")
    assert message in str(error.value)
    assert "bad.csv" in str(error.value)
    assert _stored(metrics_dir) == imported


def test_a_2_gb_file_is_refused_at_once(imported, tmp_path, metrics_dir, settings):
    path = tmp_path / "huge.csv"
    with path.open("wb") as stream:
        stream.truncate(2 * 2**30)  # sparse: no disk used
    with pytest.raises(FileError) as error:
        import_export(path, "dossiers")
    assert "huge.csv" in str(error.value)
    settings.CHISO_EXPORT_MAX_BYTES = 2**30
    with pytest.raises(FileError) as error:
        import_export(path, "dossiers")
    assert "quá lớn (2048 MB; tối đa 1024 MB)" in str(error.value)
    assert _stored(metrics_dir) == imported
