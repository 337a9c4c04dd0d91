"""Every formula on hand-made exports: pending dossiers, finished on the due date, a due date
in another month, late with and without an apology, duplicates, names without accents."""

import datetime
from decimal import Decimal

import openpyxl
import pytest

from chiso.metrics.importing import import_export
from chiso.metrics.models import IndicatorValue

from .conftest import HEADER, ROWS

pytestmark = pytest.mark.django_db


def _values(unit_code: str, period: str) -> dict[str, tuple[int, int, Decimal]]:
    return {
        v.indicator: (v.numerator, v.denominator, v.value)
        for v in IndicatorValue.objects.filter(unit__code=unit_code, period=period)
    }


def test_each_formula_on_a_month(org, write_csv):
    result = import_export(write_csv(ROWS), "dossiers")
    assert (result.rows, result.rejected) == (5, 0)
    assert _values("sxd", "2025-03") == {
        # finished in March: D1 late (the re-exported row), D2 on its due date
        "on_time": (1, 2, Decimal("50.00")),
        "apology_letter": (1, 1, Decimal("100.00")),
        # received in March: D1–D4, D4 still pending
        "online_full_process": (1, 4, Decimal("25.00")),
        "digitised": (2, 4, Decimal("50.00")),
        "paid_online": (2, 3, Decimal("66.67")),
        "returned_on_time": (0, 2, Decimal("0.00")),
    }
    # D3 was received in March, due and finished in April
    assert _values("sxd", "2025-04") == {
        "on_time": (1, 1, Decimal("100.00")),
        "returned_on_time": (1, 1, Decimal("100.00")),
    }
    # accents missing in the unit's name; no fee-bearing dossier: no paid_online value
    assert _values("stp", "2025-03") == {
        "on_time": (0, 1, Decimal("0.00")),
        "apology_letter": (0, 1, Decimal("0.00")),
        "online_full_process": (1, 1, Decimal("100.00")),
        "digitised": (1, 1, Decimal("100.00")),
        "returned_on_time": (0, 1, Decimal("0.00")),
    }


def test_periods_and_units_roll_up(org, write_csv):
    import_export(write_csv(ROWS), "dossiers")
    assert _values("sxd", "2025-Q1") == _values("sxd", "2025-03")
    assert _values("sxd", "2025-Q2") == _values("sxd", "2025-04")
    assert _values("tinh", "2025-03")["on_time"] == (1, 3, Decimal("33.33"))
    year = _values("tinh", "2025")
    assert year["on_time"] == (2, 4, Decimal("50.00"))
    assert year["returned_on_time"] == (1, 4, Decimal("25.00"))
    assert year["paid_online"] == (2, 3, Decimal("66.67"))
    assert _values("tinh", "2025-H1") == year
    assert not IndicatorValue.objects.filter(unit__code="snv").exists()


def test_the_json_values_are_those_of_the_periods_touched(org, write_csv):
    result = import_export(write_csv(ROWS), "dossiers")
    periods = {v.period.code for v in result.values}
    assert periods == {"2025-03", "2025-04", "2025-Q1", "2025-Q2", "2025-H1", "2025"}
    first = next(
        v.as_json() for v in result.values if v.unit == "sxd" and v.period.code == "2025-03"
    )
    assert set(first) == {"unit", "period", "indicator", "numerator", "denominator", "value"}


def test_missing_optional_columns_count_as_no(org, write_csv):
    header = "Mã hồ sơ,Đơn vị,Thủ tục,Ngày tiếp nhận,Hạn xử lý,Ngày hoàn thành"
    rows = ["A1,Sở Xây dựng,TT,01/05/2025,05/05/2025,06/05/2025"]
    import_export(write_csv(rows, header=header), "dossiers")
    assert _values("sxd", "2025-05") == {
        "on_time": (0, 1, Decimal("0.00")),
        "apology_letter": (0, 1, Decimal("0.00")),
        "online_full_process": (0, 1, Decimal("0.00")),
        "digitised": (0, 1, Decimal("0.00")),
    }


def test_headers_without_accents_and_a_mapping(org, write_csv):
    header = "ma ho so;don vi;thu tuc;ngay tiep nhan;han xu ly;Ngày kết thúc"
    rows = ["A1;Sở Xây dựng;TT;01/05/2025;05/05/2025;05/05/2025"]
    path = write_csv(rows, header=header)
    import_export(path, "dossiers", mapping={"finished": "Ngày kết thúc"})
    assert _values("sxd", "2025-05")["on_time"] == (1, 1, Decimal("100.00"))


def test_excel_and_csv_of_the_same_data_give_the_same_values(org, write_csv, tmp_path):
    import_export(write_csv(ROWS), "dossiers")
    from_csv = {
        (v.unit_id, v.period, v.indicator, v.numerator, v.denominator)
        for v in IndicatorValue.objects.all()
    }
    IndicatorValue.objects.all().delete()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Danh sách hồ sơ"])  # a title row above the header
    sheet.append(HEADER.split(","))
    for row in ROWS:
        cells = row.split(",")
        if cells[0] == "D2":  # real date cells, as Excel keeps them
            cells[3] = datetime.datetime(2025, 3, 5)
            cells[5] = datetime.datetime(2025, 3, 12, 9, 30)
        sheet.append(cells)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    settings_dir = tmp_path / "metrics-xlsx"
    from chiso.metrics.store import Store

    result = import_export(path, "dossiers", store=Store(settings_dir))
    assert (result.rows, result.rejected) == (5, 0)
    from_xlsx = {
        (v.unit_id, v.period, v.indicator, v.numerator, v.denominator)
        for v in IndicatorValue.objects.all()
    }
    assert from_xlsx == from_csv


def test_feedback_handled_in_time(org, write_csv):
    header = "Mã PAKN,Đơn vị,Ngày tiếp nhận,Hạn xử lý,Ngày trả lời"
    rows = [
        "P1,Sở Tư pháp,02/06/2025,12/06/2025,12/06/2025",  # on its due date
        "P2,Sở Tư pháp,03/06/2025,13/06/2025,20/06/2025",  # late
        "P3,Sở Tư pháp,28/06/2025,08/07/2025,",  # not answered yet
    ]
    import_export(write_csv(rows, header=header), "feedback")
    assert _values("stp", "2025-06") == {"feedback_handled": (1, 3, Decimal("33.33"))}
