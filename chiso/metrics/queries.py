"""The stored dossier records behind the indicator pages, read with DuckDB: the late
dossiers that got no apology letter, and the indicators of each procedure.

Each request opens its own short-lived in-memory connection. The conditions come from
`compute.MONTHLY`, so that a list or a breakdown counts exactly what the indicator counts;
units, dates and paging are bound as parameters. No date of a record comes before its
`received`, so `received <= end` is implied; written out, it lets DuckDB skip the files of
later months by their statistics. A period's `end` is its last day.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import duckdb
from django.conf import settings
from django.core.paginator import Page, Paginator

from chiso.indicators.catalog import INDICATORS, Indicator, Source, percent
from chiso.lib.periods import Period

from .compute import MONTHLY
from .store import Store

PER_PAGE = 50
# The indicators of the per-procedure breakdown; the first orders it, worst first.
PROCEDURE_INDICATORS = [
    "on_time",
    "returned_on_time",
    "online_full_process",
    "digitised",
    "paid_online",
]


def rule(code: str) -> tuple[str, str, str]:
    """An indicator's date, the records it counts and those that meet it, as SQL."""
    for date, counted, met in MONTHLY[INDICATORS[code].source]:
        if code in met:
            return date, counted, met[code]
    raise KeyError(code)


@contextmanager
def connect() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(config={"memory_limit": settings.CHISO_DUCKDB_MEMORY})
    try:
        yield con
    finally:
        con.close()


class _Rows:
    """A query's rows for Django's Paginator: counted once, fetched a page at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: str, params: dict):
        self.con, self.sql, self.params = con, sql, params

    def count(self) -> int:
        return self.con.execute(f"SELECT count(*) FROM ({self.sql})", self.params).fetchone()[0]

    def __getitem__(self, page: slice) -> list[tuple]:
        limit = {**self.params, "limit": page.stop - page.start, "offset": page.start}
        return self.con.execute(f"{self.sql} LIMIT $limit OFFSET $offset", limit).fetchall()


def _in_period(date: str) -> str:
    return f"({date} >= $start AND {date} <= $end)"


def _params(codes: list[str], period: Period) -> dict:
    return {"codes": codes, "start": period.start, "end": period.end}


@dataclass(frozen=True)
class LateDossier:
    code: str
    unit: str  # the unit's name
    procedure: str
    received: datetime.date
    due: datetime.date
    finished: datetime.date
    days_late: int


def late_without_apology(
    units: dict[str, str], period: Period, page_number: str | int | None, per_page: int = 0
) -> Page:
    """The dossiers of `units` (code → name) finished late in `period` without an apology
    letter, latest first: those the apology-letter indicator counts and does not meet."""
    date, counted, met = rule("apology_letter")
    sql = f"""SELECT code, unit, procedure, received, due, finished,
                     date_diff('day', due, finished) AS days_late
              FROM {Store().source(Source.DOSSIERS)}
              WHERE list_contains($codes, unit) AND received <= $end AND {_in_period(date)}
                AND ({counted}) AND NOT coalesce({met}, false)
              ORDER BY finished DESC, days_late DESC, code"""
    with connect() as con:
        rows = _Rows(con, sql, _params(list(units), period))
        page = Paginator(rows, per_page or PER_PAGE).get_page(page_number)
        page.object_list = [
            LateDossier(code, units.get(unit, unit), *rest)
            for code, unit, *rest in page.object_list
        ]
    return page


@dataclass(frozen=True)
class Measure:
    indicator: Indicator
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)


@dataclass(frozen=True)
class ProcedureRow:
    procedure: str
    received: int
    finished: int
    measures: list[Measure]


def procedure_breakdown(
    codes: list[str], period: Period, page_number: str | int | None, per_page: int = 0
) -> Page:
    """Each procedure of the units `codes` with its dossiers received and finished in
    `period` and its indicators, the worst on-time rate first (`per_page`: 0 for the
    list's pages; an export asks for all in one)."""
    sums = []
    for code in PROCEDURE_INDICATORS:
        date, counted, met = rule(code)
        within = f"{_in_period(date)} AND ({counted})"
        sums += [
            f"count_if({within} AND coalesce({met}, false)) AS {code}_met",
            f"count_if({within}) AS {code}_counted",
        ]
    first = PROCEDURE_INDICATORS[0]
    any_date = " OR ".join(_in_period(d) for d in ("received", "finished", "returned"))
    sql = f"""SELECT procedure,
                     count_if({_in_period("received")}) AS received,
                     count_if({_in_period("finished")}) AS finished,
                     {", ".join(sums)}
              FROM {Store().source(Source.DOSSIERS)}
              WHERE list_contains($codes, unit) AND received <= $end AND ({any_date})
              GROUP BY procedure
              ORDER BY {first}_met / nullif({first}_counted, 0) ASC NULLS LAST,
                       finished DESC, procedure"""
    with connect() as con:
        rows = _Rows(con, sql, _params(codes, period))
        page = Paginator(rows, per_page or PER_PAGE).get_page(page_number)
        page.object_list = [_procedure_row(row) for row in page.object_list]
    return page


def _procedure_row(row: tuple) -> ProcedureRow:
    procedure, received, finished, *counts = row
    measures = [
        Measure(INDICATORS[code], counts[2 * i], counts[2 * i + 1])
        for i, code in enumerate(PROCEDURE_INDICATORS)
    ]
    return ProcedureRow(procedure, received, finished, measures)
