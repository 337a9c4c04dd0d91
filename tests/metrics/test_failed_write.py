"""An import whose values the database refuses halfway through the write leaves the values
and the stored records exactly as they were."""

from pathlib import Path

import pytest
from django.db import IntegrityError, connection

from chiso.metrics.importing import import_export
from chiso.metrics.models import IndicatorValue

from .conftest import ROWS

pytestmark = pytest.mark.django_db

# The database refuses the values of May 2025, which come after those of March in the write.
REFUSE_MAY = {
    "postgresql": "ALTER TABLE metrics_indicatorvalue ADD CONSTRAINT refuse_may "
    "CHECK (period <> '2025-05')",
    "sqlite": "CREATE TRIGGER refuse_may BEFORE INSERT ON metrics_indicatorvalue "
    "WHEN NEW.period = '2025-05' BEGIN SELECT RAISE(ABORT, 'refused'); END",
}
# D2 again, now finished late (March's values change), and a dossier of May.
SECOND = [
    "D2,Sở Xây dựng,Cấp phép xây dựng,05/03/2025,12/03/2025,13/03/2025,14/03/2025,"
    "Trực tiếp,Không,Có,Không,Không",
    "D7,Sở Xây dựng,TT,05/05/2025,09/05/2025,09/05/2025,,Trực tiếp,Có,Không,Không,",
]


def _stored(metrics_dir: Path) -> dict:
    files = sorted(metrics_dir.glob("*/year=*/month=*/*.parquet"))
    return {
        "files": [(str(f), f.stat().st_mtime_ns) for f in files],
        "values": sorted(IndicatorValue.objects.values_list()),  # every column, ids included
    }


def test_a_value_refused_mid_write_leaves_the_previous_values(org, write_csv, metrics_dir):
    import_export(write_csv(ROWS, name="first.csv"), "dossiers")
    before = _stored(metrics_dir)
    assert IndicatorValue.objects.filter(unit__code="sxd", period="2025-03").exists()
    with connection.cursor() as cursor:
        cursor.execute(REFUSE_MAY[connection.vendor])
    with pytest.raises(IntegrityError):
        import_export(write_csv(SECOND, name="second.csv"), "dossiers")
    assert _stored(metrics_dir) == before
