"""Dossier rows naming a unit that has ended: up to its end date they count for it, after
it for its successor; after a split the row must name the successor itself."""

import datetime

import pytest

from chiso.metrics.importing import ImportRefused, import_export
from chiso.metrics.models import IndicatorValue
from chiso.org import actions
from chiso.org.models import UnitKind

from ..factories import UnitFactory

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2025, 4, 1)


def row(code: str, unit: str, received: str) -> str:
    return f"{code},{unit},Chứng thực bản sao,{received},30/06/2025,,,Trực tiếp,Có,Không,,"


def received(unit_code: str, period: str) -> int | None:
    value = IndicatorValue.objects.filter(
        unit__code=unit_code, period=period, indicator="digitised"
    ).first()
    return value.denominator if value else None


def test_rows_after_the_end_date_count_for_the_successor(org, write_csv):
    actions.merge([org.dept_b], org.dept_a, date=APRIL)
    rows = [
        row("T1", "Sở Tư pháp", "31/03/2025"),
        row("T2", "So Tu phap", "01/04/2025"),
        row("T3", "stp", "15/05/2025"),
        row("T4", "Sở Xây dựng", "20/05/2025"),
    ]
    result = import_export(write_csv(rows), "dossiers")
    assert (result.rows, result.rejected) == (4, 0)
    assert received("stp", "2025-03") == 1
    assert received("stp", "2025-Q2") is None
    assert received("sxd", "2025-03") is None
    assert received("sxd", "2025-04") == 1
    assert received("sxd", "2025-05") == 2


def test_the_chain_of_successors_is_followed(org, write_csv):
    actions.merge([org.dept_b], org.dept_a, date=APRIL)
    actions.merge([org.dept_a], org.snv, date=datetime.date(2025, 7, 1))
    rows = [
        row("T1", "Sở Tư pháp", "10/03/2025"),
        row("T2", "Sở Tư pháp", "10/05/2025"),
        row("T3", "Sở Tư pháp", "10/07/2025"),
    ]
    import_export(write_csv(rows), "dossiers")
    assert received("stp", "2025-03") == 1
    assert received("sxd", "2025-05") == 1
    assert received("snv", "2025-07") == 1


def test_after_a_split_a_row_naming_the_old_unit_is_refused(org, write_csv):
    district = UnitFactory(code="h-vq", name="UBND huyện Văn Quan", kind=UnitKind.DISTRICT)
    north = UnitFactory(code="x-bac", name="UBND xã Bắc", kind=UnitKind.COMMUNE)
    south = UnitFactory(code="x-nam", name="UBND xã Nam", kind=UnitKind.COMMUNE)
    actions.split(district, [north, south], date=datetime.date(2025, 7, 1))
    rows = [
        row("H1", "UBND huyện Văn Quan", "30/06/2025"),
        row("H2", "UBND huyện Văn Quan", "02/07/2025"),
        row("H3", "UBND xã Nam", "02/07/2025"),
    ]
    with pytest.raises(ImportRefused) as refused:
        import_export(write_csv(rows), "dossiers")
    (error,) = refused.value.result.errors
    assert (error.line, error.column, error.value) == (3, "Đơn vị", "UBND huyện Văn Quan")
    assert str(error) == (
        "Dòng 3, cột “Đơn vị”: “UBND huyện Văn Quan” — cần tên đơn vị kế thừa "
        "(UBND huyện Văn Quan chia tách từ 01/07/2025 thành UBND xã Bắc, UBND xã Nam)."
    )
    result = import_export(write_csv(rows), "dossiers", skip_invalid=True)
    assert (result.rows, result.rejected) == (2, 1)
    assert received("h-vq", "2025-06") == 1
    assert received("x-nam", "2025-07") == 1


def test_a_renamed_unit_is_found_by_its_old_name(org, write_csv):
    actions.rename(org.dept_b, "Sở Tư pháp và Pháp chế", date=APRIL)
    import_export(write_csv([row("T1", "Sở Tư pháp", "10/05/2025")]), "dossiers")
    assert received("stp", "2025-05") == 1
