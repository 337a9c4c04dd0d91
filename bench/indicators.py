"""Service indicators at scale: chiso's import and recompute against a hand-written DuckDB
query and a straightforward pandas version, on generated exports of the bench province.

Each step runs in a fresh process (`dossiers/isolated.py`), so its time and peak memory are
its own. Steps: (a) `chiso import-dossiers` (read, check, store as Parquet, compute, write
the values to the database); (b) chiso's recompute of every value from the stored Parquet;
(c) one DuckDB query by hand over the CSV; (c′) the same over chiso's Parquet; (d) pandas.
All must give the same numerators and denominators for every unit, period and indicator.
"""

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .dossiers import isolated, reference_duckdb, reference_pandas
from .dossiers.generate import cached_export

CACHE = Path(__file__).resolve().parent.parent / "var" / "bench-exports"  # reused across runs


@dataclass(frozen=True)
class Step:
    export: str
    label: str
    seconds: float
    peak_mb: float
    values: int
    agrees: bool | None  # None: the step is the reference


@dataclass(frozen=True)
class Figures:
    steps: list[Step]
    ratios: list[tuple[str, float, str]]  # what, ratio, goal


def measure_indicators(work: Path, sizes: list[int], xlsx_rows: int, pandas_up_to: int) -> Figures:
    """Generate (or reuse) the exports, run every step on each, compare the values."""
    from chiso.org.models import OrgUnit, UnitKind
    from chiso.org.unit_keys import unit_keys

    keys = unit_keys()
    units = OrgUnit.objects.filter(
        kind__in=[UnitKind.DEPARTMENT, UnitKind.COMMUNE], valid_until__isnull=True
    ).order_by("path")
    # Units with a one-stop shop, whose names resolve to one unit; none inside another.
    chosen = [u for u in units if keys.get(_key(u.name)) == u.code]
    names = [u.name for u in chosen]
    codes = {u.code for u in chosen}
    steps, ratios = [], []
    _say(f"writing or reusing the exports in {CACHE}")
    exports = [(f"{n:,} rows .csv", cached_export(CACHE, "dossiers", n, names), n) for n in sizes]
    if xlsx_rows:
        xlsx = cached_export(CACHE, "dossiers-xlsx", xlsx_rows, names)
        exports.append((f"{xlsx_rows:,} rows .xlsx", xlsx, xlsx_rows))
    for label, path, rows in exports:
        csv = path if path.suffix == ".csv" else cached_export(CACHE, "dossiers", rows, names)
        root = work / f"store-{path.stem}"
        _say(f"{label}: (c), (a), (b), (c′){', (d)' if rows <= pandas_up_to else ''}")
        hand, hand_s, hand_mb = isolated.run(reference_duckdb.compute_csv, csv, keys)
        expected = _keyed(hand.values)
        steps.append(Step(label, "(c) DuckDB by hand, CSV", hand_s, hand_mb, len(expected), None))
        (stored, rejected), a_s, a_mb = isolated.run(_chiso_import, path, root, setup=_django)
        ours = _stored_values(codes)
        same = ours == expected and (stored, rejected) == (hand.rows, hand.rejected)
        steps.append(Step(label, "(a) chiso import + compute", a_s, a_mb, len(ours), same))
        if path.suffix == ".xlsx":
            continue
        ratios.append((f"{label}: (a) ÷ (c)", a_s / hand_s, "≤ 2"))
        _count, b_s, b_mb = isolated.run(_chiso_recompute, root, setup=_django)
        again = _stored_values(codes)
        steps.append(
            Step(label, "(b) chiso recompute, Parquet", b_s, b_mb, len(again), again == expected)
        )
        over, c2_s, c2_mb = isolated.run(reference_duckdb.compute_parquet, root, "dossiers")
        on_parquet = _keyed(over.values)
        steps.append(
            Step(
                label,
                "(c′) DuckDB by hand, Parquet",
                c2_s,
                c2_mb,
                len(on_parquet),
                on_parquet == expected,
            )
        )
        ratios.append((f"{label}: (b) ÷ (c′)", b_s / c2_s, "≤ 1.5"))
        if rows <= pandas_up_to:
            frame, d_s, d_mb = isolated.run(reference_pandas.compute_csv, csv, keys)
            by_pandas = _keyed(frame.values)
            steps.append(
                Step(label, "(d) pandas", d_s, d_mb, len(by_pandas), by_pandas == expected)
            )
            ratios.append((f"{label}: (d) ÷ (a)", d_s / a_s, "≥ 5"))
        shutil.rmtree(root, ignore_errors=True)
    return Figures(steps, ratios)


def _say(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _chiso_import(path: Path, root: Path) -> tuple[int, int]:
    from chiso.metrics.importing import import_export
    from chiso.metrics.store import Store

    result = import_export(path, "dossiers", skip_invalid=True, store=Store(root))
    return result.rows, result.rejected


def _chiso_recompute(root: Path) -> int:
    import duckdb

    from chiso.metrics.compute import compute, save_values
    from chiso.metrics.store import Store

    with duckdb.connect() as con:
        count = compute(con, Store(root))
        save_values(con, None)
    return count


def _stored_values(codes: set[str]) -> set[tuple]:
    from chiso.metrics.models import IndicatorValue

    rows = IndicatorValue.objects.filter(unit__code__in=codes).values_list(
        "unit__code", "period", "indicator", "numerator", "denominator"
    )
    return set(rows.iterator(chunk_size=20_000))


def _keyed(values: list[dict]) -> set[tuple]:
    return {
        (v["unit"], v["period"], v["indicator"], v["numerator"], v["denominator"]) for v in values
    }


def _key(name: str) -> str:
    from chiso.vietnamese.text import search_key

    return search_key(name)


def _django() -> None:
    """The child's set-up: Django on the scratch database the parent made (its environment),
    and the modules chiso's steps use, so that their time is measured after their imports as
    the references' is."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    django.setup()
    import duckdb  # noqa: F401

    from chiso.metrics import compute, importing  # noqa: F401
