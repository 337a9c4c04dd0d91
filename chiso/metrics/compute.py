"""Indicator values from the stored records: DuckDB sums each unit's months, then rolls them
up to quarters, half-years and years and to every unit above (see `catalog` for formulas)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import duckdb
from django.db import connection, transaction
from django.utils import timezone

from chiso.indicators.catalog import Source, percent
from chiso.lib.periods import Period
from chiso.org.models import OrgUnit

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
    """Unit (as stored), month, indicator, numerator, denominator, for months in `years`."""
    parts = []
    for date, counted, met in MONTHLY[kind]:
        within = f" AND year({date}) IN ({', '.join(map(str, sorted(years)))})" if years else ""
        sums = ", ".join(
            f"count_if(coalesce({condition}, false)) AS {code}" for code, condition in met.items()
        )
        grouped = (
            f"SELECT unit, date_trunc('month', {date})::DATE AS month, count(*) AS counted, "
            f"{sums} FROM {source} WHERE {counted}{within} GROUP BY ALL"
        )
        parts += [
            f"SELECT unit, month, '{code}' AS indicator, {code} AS numerator, "
            f"counted AS denominator FROM ({grouped})"
            for code in met
        ]
    return " UNION ALL ".join(parts)


def compute(
    con: duckdb.DuckDBPyConnection, store: Store, years: set[int] | None = None
) -> list[Value]:
    """Every indicator of every unit and period in `years` (all years when None)."""
    units = list(OrgUnit.objects.values_list("pk", "code", "path"))
    code_of = {pk: code for pk, code, _path in units}
    pairs = [(code, int(a)) for _pk, code, path in units for a in path.strip("/").split("/") if a]
    table(con, "ancestry", {"unit": "VARCHAR", "ancestor": "BIGINT"}, pairs)
    monthly = " UNION ALL ".join(monthly_sql(kind, store.source(kind), years) for kind in MONTHLY)
    con.execute(f"CREATE OR REPLACE TEMP TABLE monthly AS {monthly}")
    months = [row[0] for row in con.execute("SELECT DISTINCT month FROM monthly").fetchall()]
    periods = {p.code: p for m in months for p in periods_of_month(m)}
    calendar = [(m, p.code) for m in months for p in periods_of_month(m)]
    table(con, "calendar", {"month": "DATE", "period": "VARCHAR"}, calendar)
    rows = con.execute(
        """SELECT a.ancestor, c.period, m.indicator, sum(m.numerator), sum(m.denominator)
        FROM monthly m JOIN ancestry a ON a.unit = m.unit JOIN calendar c ON c.month = m.month
        GROUP BY ALL HAVING sum(m.denominator) > 0"""
    ).fetchall()
    return [
        Value(unit, code_of[unit], periods[period], indicator, int(num), int(den))
        for unit, period, indicator, num, den in rows
    ]


def save_values(values: list[Value], years: set[int] | None) -> None:
    """Replace the stored values of `years` (all when None) with `values`, atomically.

    One `executemany` rather than model instances: an import of a province's year writes
    tens of thousands of rows."""
    stale = IndicatorValue.objects.all()
    if years is not None:
        stale = stale.filter(start__year__in=years)
    table = IndicatorValue._meta.db_table
    columns = "unit_id, indicator, period, kind, start, numerator, denominator, value, computed_at"
    now = timezone.now()
    rows = [
        (
            v.unit_id,
            v.indicator,
            v.period.code,
            v.period.kind,
            v.period.start,
            v.numerator,
            v.denominator,
            v.value,
            now,
        )
        for v in values
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        stale.delete()
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 9)})", rows
        )


def touched_periods(months: Iterable[datetime.date]) -> set[str]:
    """The codes of the periods that hold any of `months`."""
    return {p.code for m in months for p in periods_of_month(m)}
