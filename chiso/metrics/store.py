"""The stored records: Parquet files under `CHISO_METRICS_DIR/<kind>/year=Y/month=M/`.

Records are partitioned by the year and month they were received. An import rewrites only the
partitions it touches: those its records fall in, and those holding earlier versions of its
dossier codes (a code seen again replaces the earlier record). The new partitions are written
beside the store and swapped in at the end; until the swap, and after `undo`, the store is as
it was.
"""

import datetime
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings

from .columns import COLUMNS, DATE, literal

# The dates of a record that put it in an indicator's period.
PERIOD_DATES = {"dossiers": ("received", "finished", "returned"), "feedback": ("received",)}


class Store:
    def __init__(self, root: Path | None = None):
        self.root = Path(root or settings.CHISO_METRICS_DIR)

    def files(self, kind: str, partitions: set[tuple[int, int]] | None = None) -> list[str]:
        found = sorted((self.root / kind).glob("year=*/month=*/*.parquet"))
        if partitions is not None:
            found = [f for f in found if _partition(f.parent) in partitions]
        return [str(f) for f in found]

    def source(self, kind: str, partitions: set[tuple[int, int]] | None = None) -> str:
        """SQL for the stored records of `kind` (an empty table when there are none)."""
        files = self.files(kind, partitions)
        if files:
            return f"read_parquet({files!r}, hive_partitioning = true)"
        return f"(SELECT {empty_columns(kind)} WHERE false)"

    @contextmanager
    def merging(
        self, con: duckdb.DuckDBPyConnection, kind: str, months: set[datetime.date]
    ) -> Iterator[set[datetime.date]]:
        """Merge table `records` (whose dates fall in `months`) into the store; yields the
        months whose indicators change: those and the months of the records replaced.

        Leaving the block with an error puts the old partitions back."""
        existing = self.files(kind)
        new = {
            tuple(r)
            for r in con.execute(
                "SELECT DISTINCT year(received), month(received) FROM records"
            ).fetchall()
        }
        replaced: set[tuple[int, int]] = set()
        months = set(months)
        if existing:
            old = f"(SELECT * FROM {self.source(kind)} WHERE code IN (SELECT code FROM records))"
            con.execute(f"CREATE OR REPLACE TEMP TABLE replaced AS {old}")
            replaced = {
                tuple(r)
                for r in con.execute("SELECT DISTINCT year, month FROM replaced").fetchall()
            }
            months |= record_months(con, "replaced", kind)
        touched = new | replaced
        work = self.root / f".work-{uuid.uuid4().hex}"
        kept = (
            f"UNION ALL BY NAME SELECT * FROM {self.source(kind, touched)} "
            "WHERE code NOT IN (SELECT code FROM records)"
            if touched & {_partition(Path(f).parent) for f in existing}
            else ""
        )
        work.mkdir(parents=True)
        try:
            con.execute(
                f"""COPY (SELECT *, year(received) AS year, month(received) AS month
                          FROM records {kept})
                TO {literal(str(work / "parts"))} (FORMAT parquet, PARTITION_BY (year, month))"""
            )
            moved = self._swap(kind, work, touched)
            try:
                yield months
            except BaseException:
                self._undo(moved)
                raise
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _swap(self, kind: str, work: Path, touched) -> list[tuple[Path, Path | None]]:
        """Put the new partitions in place; returns (partition, its old copy) to undo."""
        moved = []
        for year, month in sorted(touched):
            place = self.root / kind / f"year={year}" / f"month={month}"
            fresh = work / "parts" / f"year={year}" / f"month={month}"
            old = None
            if place.exists():
                old = work / "old" / kind / f"year={year}" / f"month={month}"
                old.parent.mkdir(parents=True, exist_ok=True)
                place.rename(old)
            moved.append((place, old))
            if fresh.exists():
                place.parent.mkdir(parents=True, exist_ok=True)
                fresh.rename(place)
        return moved

    @staticmethod
    def _undo(moved: list[tuple[Path, Path | None]]) -> None:
        for place, old in reversed(moved):
            shutil.rmtree(place, ignore_errors=True)
            if old is not None:
                old.rename(place)


@contextmanager
def import_workspace(root: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """A DuckDB connection for an import, in memory up to `CHISO_DUCKDB_MEMORY` and then on
    disk in a work folder made under `root`, with that folder; both gone afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
    con = duckdb.connect(
        config={
            "memory_limit": settings.CHISO_DUCKDB_MEMORY,
            "temp_directory": str(workdir / "spill"),
        },
    )
    try:
        yield con, workdir
    finally:
        con.close()
        shutil.rmtree(workdir, ignore_errors=True)


def empty_columns(kind: str) -> str:
    types = {DATE: "DATE", "flag": "BOOLEAN"}
    columns = [f"NULL::{types.get(c.kind, 'VARCHAR')} AS {c.field}" for c in COLUMNS[kind]]
    return ", ".join([*columns, "NULL::BIGINT AS year", "NULL::BIGINT AS month"])


def record_months(con, table: str, kind: str) -> set[datetime.date]:
    """The months of any period date of the records in `table`."""
    union = " UNION ".join(
        f"SELECT DISTINCT date_trunc('month', {d})::DATE FROM {table} WHERE {d} IS NOT NULL"
        for d in PERIOD_DATES[kind]
    )
    return {row[0] for row in con.execute(union).fetchall()}


def _partition(directory: Path) -> tuple[int, int]:
    return int(directory.parent.name.split("=")[1]), int(directory.name.split("=")[1])


def table(con, name: str, columns: dict[str, str], rows: list[tuple]) -> None:
    """Temporary table `name` holding `rows`, passed as one list per column (inserting row by
    row is slow in DuckDB)."""
    lists = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    selected = ", ".join(f"unnest(?::{kind}[]) AS {column}" for column, kind in columns.items())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {selected}", lists)
