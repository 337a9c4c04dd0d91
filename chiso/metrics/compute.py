"""Indicator values from the stored records: DuckDB sums each unit's months, then rolls them
up to quarters, half-years and years and to every unit above (see `catalog` for formulas);
the values stay in DuckDB until they are written to the database in bulk."""

import datetime
import itertools
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
from django.db import connection, transaction
from django.utils import timezone

from chiso.indicators.catalog import Source, percent, percent_sql
from chiso.lib.periods import Period, parse_period
from chiso.org.models import OrgUnit

from .columns import literal
from .models import IndicatorValue
from .periods import periods_of_month
from .store import Store, table

# Each indicator as the records of one unit and month: the date that places a record in the
# month, which records count (the denominator), and which of them meet it (the numerator).
MONTHLY = {
    Source.DOSSIERS: [
        ("finished", "finished IS NOT NULL", {"on_time": "finished <= due"}),
        ("finished", "finished > due", {"apology_letter": "apology"}),
        (
            "received",
            "true",
            {"online_full_process": "channel = 'online_full'", "digitised": "digitised"},
        ),
        ("received", "fee", {"paid_online": "paid_online"}),
        ("returned", "returned IS NOT NULL", {"returned_on_time": "returned <= due"}),
    ],
    Source.FEEDBACK: [
        ("received", "true", {"feedback_handled": "answered <= due"}),
    ],
}


_TABLE = IndicatorValue._meta.db_table
_COLUMNS = (
    "unit_id",
    "indicator",
    "period",
    "kind",
    "start",
    "numerator",
    "denominator",
    "value",
    "computed_at",
)


@dataclass(frozen=True)
class Value:
    unit_id: int
    unit: str  # the unit's code
    period: Period
    indicator: str
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)

    def as_json(self) -> dict:
        return {
            "unit": self.unit,
            "period": self.period.code,
            "indicator": self.indicator,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": float(self.value),
        }


def monthly_sql(kind: str, source: str, years: Iterable[int] | None) -> str:
    """Unit (as stored), month, indicator, numerator, denominator, for months in `years`.

    One pass over the records per date that places indicators in a month, counting all of
    them side by side, then one row per indicator. Grouping by the year and month numbers
    is much cheaper than by the truncated date."""
    by_date: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for date, counted, met in MONTHLY[kind]:
        by_date.setdefault(date, []).append((counted, met))
    parts = []
    for date, rules in by_date.items():
        sums, pairs = [], []
        for n, (counted, met) in enumerate(rules):
            sums.append(f"count_if({counted}) AS counted_{n}")
            for code, condition in met.items():
                sums.append(f"count_if(({counted}) AND coalesce({condition}, false)) AS {code}")
                pairs.append(f"({code}, counted_{n}) AS {code}")
        counted_any = " OR ".join(f"({counted})" for counted, _met in rules)
        within = f" AND year({date}) IN ({', '.join(map(str, sorted(years)))})" if years else ""
        counts = (
            f"SELECT unit, year({date}) AS y, month({date}) AS m, {', '.join(sums)} "
            f"FROM {source} WHERE ({counted_any}){within} GROUP BY ALL"
        )
        parts.append(
            "SELECT unit, make_date(y, m, 1) AS month, indicator, numerator, denominator "
            f"FROM (UNPIVOT ({counts}) ON {', '.join(pairs)} "
            "INTO NAME indicator VALUE numerator, denominator) WHERE denominator > 0"
        )
    return " UNION ALL ".join(parts)


def compute(con: duckdb.DuckDBPyConnection, store: Store, years: set[int] | None = None) -> int:
    """Every indicator of every unit and period in `years` (all years when None), into the
    connection's table `indicator_values` in the order of the stored key; their number."""
    units = list(OrgUnit.objects.values_list("pk", "code", "path"))
    pairs = [(pk, int(a)) for pk, _code, path in units for a in path.strip("/").split("/") if a]
    table(con, "ancestry", {"unit_id": "BIGINT", "ancestor": "BIGINT"}, pairs)
    table(con, "unit_codes", {"unit_id": "BIGINT", "unit": "VARCHAR"}, [u[:2] for u in units])
    monthly = " UNION ALL ".join(monthly_sql(kind, store.source(kind), years) for kind in MONTHLY)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE monthly AS
        SELECT u.unit_id, m.month, m.indicator, m.numerator, m.denominator
        FROM ({monthly}) m JOIN unit_codes u ON u.unit = m.unit"""
    )
    months = [row[0] for row in con.execute("SELECT DISTINCT month FROM monthly").fetchall()]
    calendar = [(m, p.code, str(p.kind), p.start) for m in months for p in periods_of_month(m)]
    table(
        con,
        "calendar",
        {"month": "DATE", "period": "VARCHAR", "kind": "VARCHAR", "start": "DATE"},
        calendar,
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE indicator_values AS
        SELECT unit_id, indicator, period, kind, start, numerator, denominator,
               {percent_sql("numerator", "denominator")} AS value
        FROM (SELECT a.ancestor AS unit_id, m.indicator, c.period, c.kind, c.start,
                     sum(m.numerator)::BIGINT AS numerator,
                     sum(m.denominator)::BIGINT AS denominator
              FROM monthly m JOIN ancestry a ON a.unit_id = m.unit_id
                   JOIN calendar c ON c.month = m.month
              GROUP BY ALL HAVING sum(m.denominator) > 0)
        ORDER BY unit_id, indicator, period"""
    )
    return con.execute("SELECT count(*) FROM indicator_values").fetchone()[0]


def computed_values(con: duckdb.DuckDBPyConnection, periods: Iterable[str]) -> list[Value]:
    """The values `compute` found for the periods `periods`, by unit, period and indicator."""
    rows = con.execute(
        """SELECT v.unit_id, u.unit, v.period, v.indicator, v.numerator, v.denominator
        FROM indicator_values v JOIN unit_codes u USING (unit_id)
        WHERE list_contains(?, v.period)""",
        [sorted(periods)],
    ).fetchall()
    found = {code: parse_period(code) for code in {row[2] for row in rows}}
    values = [
        Value(pk, unit, found[period], indicator, numerator, denominator)
        for pk, unit, period, indicator, numerator, denominator in rows
    ]
    return sorted(values, key=lambda v: (v.unit, v.period, v.indicator))


def save_values(con: duckdb.DuckDBPyConnection, years: set[int] | None) -> None:
    """Replace the stored values of `years` (all when None) with those `compute` left in
    `con`, atomically.

    A province's year is some 90,000 rows: one DELETE, then the rows in bulk, never a
    statement per row (COPY on PostgreSQL, INSERTs of thousands of rows on SQLite), through
    the driver's own connection: past the log DEBUG keeps of every statement's parameters.
    Its errors are Django's, as those of any query."""
    stale = IndicatorValue.objects.all()
    if years is not None:
        stale = stale.filter(start__year__in=years)
    now = str(connection.ops.adapt_datetimefield_value(timezone.now()))
    rows = f"""SELECT unit_id, indicator, period, kind, strftime(start, '%Y-%m-%d'),
                      numerator, denominator, value::VARCHAR, {literal(now)}
               FROM indicator_values"""
    with transaction.atomic(), connection.wrap_database_errors:
        stale.delete()
        driver = connection.connection  # in the same transaction
        if connection.vendor == "postgresql":
            _copy(con, rows, driver)
        else:
            _insert(con.execute(rows).fetchall(), driver)


def _copy(con: duckdb.DuckDBPyConnection, rows: str, driver) -> None:
    """PostgreSQL: DuckDB writes the rows as CSV, psycopg streams the file to COPY."""
    columns = ", ".join(_COLUMNS)
    with tempfile.TemporaryDirectory(prefix="chiso-values-") as directory:
        path = Path(directory) / "values.csv"
        con.execute(f"COPY ({rows}) TO {literal(str(path))} (FORMAT csv, HEADER false)")
        with (
            path.open("rb") as stream,
            driver.cursor() as cursor,
            cursor.copy(f"COPY {_TABLE} ({columns}) FROM STDIN (FORMAT csv)") as copy,
        ):
            while chunk := stream.read(1 << 20):
                copy.write(chunk)


def _insert(rows: list[tuple], driver) -> None:
    """SQLite: INSERTs of as many rows as one statement binds, `?` parameters."""
    per_statement = max(1, driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(_COLUMNS))
    one = f"({', '.join(['?'] * len(_COLUMNS))})"
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        driver.execute(
            f"INSERT INTO {_TABLE} ({', '.join(_COLUMNS)}) VALUES {', '.join([one] * len(batch))}",
            list(itertools.chain.from_iterable(batch)),
        )


def touched_periods(months: Iterable[datetime.date]) -> set[str]:
    """The codes of the periods that hold any of `months`."""
    return {p.code for m in months for p in periods_of_month(m)}
