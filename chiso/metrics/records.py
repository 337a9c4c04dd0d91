"""Typed, checked records from an export's text columns, in DuckDB SQL.

`stage` reads the CSV once into a table of trimmed text; `type_rows` types each column once
(dates, units, channel, yes/no columns); then come the valid records (`valid_records`) or what
is wrong with each bad row (`bad_rows`: row number, column, value and what was expected).
Units, channels and yes/no words are mapped in Python over the few distinct values, with the
project's one Vietnamese normalisation, and the mapping is applied in SQL.
"""

import datetime
from dataclasses import dataclass

import duckdb
from django.utils.translation import gettext as _

from chiso.vietnamese.text import search_key

from .columns import (
    CHANNEL,
    CHANNELS,
    COLUMNS,
    DATE,
    FALSE_WORDS,
    FLAG,
    TEXT,
    TRUE_WORDS,
    UNIT,
    literal,
)
from .reading import Export
from .store import table

DATE_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]
MAPPED_VALUES = 5000
DATE_SAMPLE = 2000  # distinct values mapped per column; a column with more is not one of ours


@dataclass(frozen=True)
class Check:
    """One rule on one column: when a typed row breaks it, and what was expected."""

    field: str
    header: str
    bad: str  # SQL over table `typed`
    expected: str


def stage(con: duckdb.DuckDBPyConnection, export: Export, positions: dict[str, int]) -> int:
    """Table `loaded`: each found column as trimmed text, in the file's order (its rowid
    numbers the rows); returns the row count."""
    names = [f"c{i}" for i in range(len(export.headers))]
    # Spaces only: trimming a set of characters is three times slower, and units, channels
    # and yes/no words are normalised in Python anyway.
    columns = ", ".join(
        f"coalesce(trim(c{pos}), '') AS {field}" for field, pos in positions.items()
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE loaded AS SELECT {columns}
        FROM read_csv(?, header = true, all_varchar = true, delim = ?, quote = '"',
                      escape = '"', names = ?)""",
        [str(export.csv_path), export.delimiter, names],
    )
    return con.execute("SELECT count(*) FROM loaded").fetchone()[0]


def type_rows(
    con: duckdb.DuckDBPyConnection, kind: str, positions: dict[str, int], units: dict[str, str]
) -> list[Check]:
    """Table `typed`: `rid` (the loaded row) and each column typed, NULL where the text is
    not a value the column accepts; returns the rules a row may break."""
    selected, rules = ["rowid AS rid"], []
    for column in COLUMNS[kind]:
        f, header = column.field, column.header
        if f not in positions:
            continue
        if column.kind == TEXT:
            selected.append(f"nullif({f}, '') AS {f}")
            rules.append(Check(f, header, f"{f} IS NULL", _("không để trống")))
        elif column.kind == UNIT:
            pairs = [(raw, units.get(search_key(raw))) for raw in _distinct(con, f)]
            known = [pair for pair in pairs if pair[1]]
            table(con, "unit_map", {"written": "VARCHAR", "code": "VARCHAR"}, known)
            selected.append(f"(SELECT code FROM unit_map WHERE written = loaded.{f}) AS {f}")
            expected = _("tên hoặc mã một đơn vị trong cây tổ chức")
            rules.append(Check(f, header, f"{f} IS NULL", expected))
        elif column.kind == DATE:
            selected.append(f"{_date(con, f)} AS {f}")
            bad = f"{f} IS NULL"
            if not column.required:
                selected.append(f"{f} <> '' AS {f}_given")
                bad += f" AND {f}_given"
            rules.append(Check(f, header, bad, str(column.expected)))
        elif column.kind in (CHANNEL, FLAG):
            meaning = _channel if column.kind == CHANNEL else _flag
            cases = [(raw, meaning(raw)) for raw in _distinct(con, f)]
            whens = " ".join(
                f"WHEN {literal(raw)} THEN {_sql(v)}" for raw, v in cases if v is not None
            )
            selected.append(f"(CASE {f} {whens} END) AS {f}" if whens else f"NULL AS {f}")
            rules.append(Check(f, header, f"{f} IS NULL", str(column.expected)))
    for later in ("finished", "returned", "answered"):
        if later in positions and "received" in positions:
            header = next(c.header for c in COLUMNS[kind] if c.field == later)
            bad = f"coalesce({later} < received, false)"
            rules.append(Check(later, header, bad, _("không trước ngày tiếp nhận")))
    con.execute(f"CREATE OR REPLACE TABLE typed AS SELECT {', '.join(selected)} FROM loaded")
    return rules


def count_bad(con: duckdb.DuckDBPyConnection, rules: list[Check]) -> int:
    return con.execute(f"SELECT count(*) FROM typed WHERE {_any(rules)}").fetchone()[0]


def valid_records(con: duckdb.DuckDBPyConnection, kind: str, rules: list[Check]) -> int:
    """Table `records`: the valid rows, the last row of each code only; returns its row
    count. Missing optional columns are empty dates and `false`."""
    found = {row[0] for row in con.execute("DESCRIBE typed").fetchall()}
    selected = []
    for column in COLUMNS[kind]:
        default = {DATE: "NULL::DATE", CHANNEL: "NULL::VARCHAR"}.get(column.kind, "false")
        selected.append(column.field if column.field in found else f"{default} AS {column.field}")
    con.execute(
        f"""CREATE OR REPLACE TABLE records AS
        SELECT {", ".join(selected)} FROM typed WHERE NOT ({_any(rules)})
        QUALIFY rid = max(rid) OVER (PARTITION BY code)"""
    )
    return con.execute("SELECT count(*) FROM records").fetchone()[0]


def bad_rows(rules: list[Check], first_line: int) -> str:
    """SQL listing every broken rule: line, column, value as written, expected; by row."""
    parts = [
        f"SELECT rid, {i} AS rule, {literal(r.header)} AS column_name, "
        f"{literal(r.expected)} AS expected, {literal(r.field)} AS field FROM typed WHERE {r.bad}"
        for i, r in enumerate(rules)
    ]
    fields = sorted({r.field for r in rules})
    written = " ".join(f"WHEN {literal(f)} THEN loaded.{f}" for f in fields)
    return f"""SELECT b.rid + {first_line} AS line, b.column_name, CASE b.field {written} END
        AS value, b.expected FROM ({" UNION ALL ".join(parts)}) b
        JOIN loaded ON loaded.rowid = b.rid ORDER BY b.rid, b.rule"""


def _date(con: duckdb.DuckDBPyConnection, field: str) -> str:
    """SQL parsing `field` as a date: the formats a sample of the column uses first (one
    format is ten times faster than trying each), then every accepted format."""
    sample = con.execute(
        f"SELECT {field} FROM loaded WHERE {field} <> '' LIMIT {DATE_SAMPLE}"
    ).fetchall()
    used: dict[str, int] = {}
    for (text,) in sample:
        found = next((f for f in DATE_FORMATS if _parses(text, f)), None)
        if found:
            used[found] = used.get(found, 0) + 1
    tries = [
        f"try_strptime({field}, {literal(f)})" for f in sorted(used, key=used.get, reverse=True)
    ]
    tries.append(f"try_strptime(nullif({field}, ''), {DATE_FORMATS!r})")
    return f"coalesce({', '.join(tries)})::DATE"


def _parses(text: str, form: str) -> bool:
    try:
        datetime.datetime.strptime(text, form)
    except ValueError:
        return False
    return True


def _any(rules: list[Check]) -> str:
    return " OR ".join(f"({rule.bad})" for rule in rules) or "false"


def _distinct(con: duckdb.DuckDBPyConnection, field: str) -> list[str]:
    rows = con.execute(f"SELECT DISTINCT {field} FROM loaded LIMIT {MAPPED_VALUES}").fetchall()
    return [row[0] for row in rows]


def _channel(raw: str) -> str | None:
    return CHANNELS.get(search_key(raw))


def _flag(raw: str) -> bool | None:
    key = search_key(raw)
    return True if key in TRUE_WORDS else False if key in FALSE_WORDS else None


def _sql(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else literal(value)
