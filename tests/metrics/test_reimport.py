"""Re-exports overlap: a code seen again replaces the earlier record, and only the touched
partitions are written again."""

from decimal import Decimal

import pytest

from chiso.metrics.importing import import_export
from chiso.metrics.models import IndicatorValue

from .conftest import ROWS

pytestmark = pytest.mark.django_db

APRIL = "D6,Sở Xây dựng,TT,02/04/2025,09/04/2025,08/04/2025,08/04/2025,Trực tiếp,Có,Không,Không,"


def _value(unit: str, period: str, indicator: str):
    found = IndicatorValue.objects.get(unit__code=unit, period=period, indicator=indicator)
    return found.numerator, found.denominator, found.value


def test_an_overlapping_export_replaces_records_and_touches_only_its_partitions(
    org, write_csv, metrics_dir
):
    import_export(write_csv([*ROWS, APRIL], name="first.csv"), "dossiers")
    april = next(metrics_dir.glob("dossiers/year=2025/month=4/*.parquet"))
    april_stamp = april.stat().st_mtime_ns
    assert _value("sxd", "2025-03", "on_time") == (1, 2, Decimal("50.00"))
    # D2 again, now finished late; a new dossier in May
    second = [
        "D2,Sở Xây dựng,Cấp phép xây dựng,05/03/2025,12/03/2025,13/03/2025,14/03/2025,"
        "Trực tiếp,Không,Có,Không,Không",
        "D7,Sở Xây dựng,TT,05/05/2025,09/05/2025,09/05/2025,,Trực tiếp,Có,Không,Không,",
    ]
    result = import_export(write_csv(second, name="second.csv"), "dossiers")
    assert result.rows == 2
    assert _value("sxd", "2025-03", "on_time") == (0, 2, Decimal("0.00"))
    assert _value("sxd", "2025-05", "on_time") == (1, 1, Decimal("100.00"))
    assert _value("sxd", "2025-04", "on_time") == (2, 2, Decimal("100.00"))  # D3 and D6 kept
    assert _value("sxd", "2025", "on_time") == (3, 5, Decimal("60.00"))
    assert april.exists() and april.stat().st_mtime_ns == april_stamp
    assert {v.period.code for v in result.values} >= {"2025-03", "2025-05", "2025-Q2", "2025"}
    assert "2025-04" not in {v.period.code for v in result.values}


def test_a_record_that_moves_to_another_month_leaves_its_old_partition(org, write_csv, metrics_dir):
    import_export(write_csv([APRIL], name="first.csv"), "dossiers")
    moved = APRIL.replace("02/04/2025", "30/03/2025")
    import_export(write_csv([moved], name="second.csv"), "dossiers")
    assert not list(metrics_dir.glob("dossiers/year=2025/month=4/*.parquet"))
    assert _value("sxd", "2025-03", "digitised") == (1, 1, Decimal("100.00"))
    assert not IndicatorValue.objects.filter(
        unit__code="sxd", period="2025-04", indicator="digitised"
    ).exists()
