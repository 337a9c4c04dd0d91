"""Typed, checked records from an export's text columns, in DuckDB SQL.

`stage` reads the CSV once into a table of trimmed text with each record's row number;
`check` types it (dates, units, channel, yes/no columns) into the valid records, or lists what
is wrong with each bad row: row number, column, value and what was expected. Units, channels
and yes/no words are mapped in Python over the few distinct values, with the project's one
Vietnamese normalisation, and the mapping is applied in SQL.
"""

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
MAPPED_VALUES = 5000  # distinct values mapped per column; a column with more is not one of ours


@dataclass(frozen=True)
class Check:
    """One rule on one column: the typed value, and when a row breaks the rule."""

    field: str
    header: str
    value: str  # SQL over the staged row
    bad: str  # SQL: true when the row breaks this rule
    expected: str


def stage(con: duckdb.DuckDBPyConnection, export: Export, positions: dict[str, int]) -> int:
    """Table `staged`: `line` and each found column as trimmed text; returns the row count."""
    names = [f"c{i}" for i in range(len(export.headers))]
    columns = ", ".join(
        f"coalesce(trim(c{pos}), '') AS {field}" for field, pos in positions.items()
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE staged AS
        SELECT row_number() OVER () + {export.first_line - 1} AS line, {columns}
        FROM read_csv(?, header = true, all_varchar = true, delim = ?, quote = '"',
                      escape = '"', names = ?, null_padding = true)""",
        [str(export.csv_path), export.delimiter, names],
    )
    return con.execute("SELECT count(*) FROM staged").fetchone()[0]


def checks(
    con: duckdb.DuckDBPyConnection, kind: str, positions: dict[str, int], units: dict[str, str]
) -> list[Check]:
    """The rules for the columns found; registers table `unit_map` (text → unit code)."""
    result = []
    for column in COLUMNS[kind]:
        if column.field not in positions:
            continue
        f, header = column.field, column.header
        if column.kind == TEXT:
            value = f"nullif({f}, '')"
            result.append(Check(f, header, value, f"{f} = ''", _("không để trống")))
        elif column.kind == UNIT:
            pairs = [(raw, units.get(search_key(raw))) for raw in _distinct(con, f)]
            con.execute("CREATE OR REPLACE TABLE unit_map (written VARCHAR, code VARCHAR)")
            con.executemany("INSERT INTO unit_map VALUES (?, ?)", [p for p in pairs if p[1]])
            value = f"(SELECT code FROM unit_map WHERE written = staged.{f})"
            expected = _("tên hoặc mã một đơn vị trong cây tổ chức")
            result.append(Check(f, header, value, f"{value} IS NULL", expected))
        elif column.kind == DATE:
            value = f"try_strptime(nullif({f}, ''), {DATE_FORMATS!r})::DATE"
            bad = f"{value} IS NULL" if column.required else f"({f} <> '' AND {value} IS NULL)"
            result.append(Check(f, header, value, bad, str(column.expected)))
        elif column.kind in (CHANNEL, FLAG):
            meaning = _channel if column.kind == CHANNEL else _flag
            cases = [(raw, meaning(raw)) for raw in _distinct(con, f)]
            whens = " ".join(
                f"WHEN {literal(raw)} THEN {_sql(v)}" for raw, v in cases if v is not None
            )
            value = f"(CASE {f} {whens} END)" if whens else "NULL"
            result.append(Check(f, header, value, f"{value} IS NULL", str(column.expected)))
    for later in ("finished", "returned", "answered"):
        if later in positions and "received" in positions:
            header = next(c.header for c in COLUMNS[kind] if c.field == later)
            after = f"try_strptime(nullif({later}, ''), {DATE_FORMATS!r})::DATE"
            before = f"try_strptime(nullif(received, ''), {DATE_FORMATS!r})::DATE"
            result.append(
                Check(
                    later,
                    header,
                    "",
                    f"coalesce({after} < {before}, false)",
                    _("không trước ngày tiếp nhận"),
                )
            )
    return result


def valid_records(con: duckdb.DuckDBPyConnection, kind: str, rules: list[Check]) -> int:
    """Table `records`: the valid rows, typed, the last row of each code only; returns its
    row count. Missing optional columns are empty dates and `false`."""
    typed = {rule.field: rule.value for rule in rules if rule.value}
    selected = []
    for column in COLUMNS[kind]:
        default = (
            "NULL::DATE" if column.kind == DATE else "NULL" if column.kind == CHANNEL else "false"
        )
        selected.append(f"{typed.get(column.field, default)} AS {column.field}")
    bad = " OR ".join(f"({rule.bad})" for rule in rules) or "false"
    con.execute(
        f"""CREATE OR REPLACE TABLE records AS
        SELECT {", ".join(selected)} FROM staged WHERE NOT ({bad})
        QUALIFY row_number() OVER (PARTITION BY code ORDER BY line DESC) = 1"""
    )
    return con.execute("SELECT count(*) FROM records").fetchone()[0]


def bad_rows(rules: list[Check]) -> str:
    """SQL listing every broken rule: line, column, value, expected; by row then column."""
    parts = [
        f"SELECT line, {i} AS rule, {literal(r.header)} AS column_name, {r.field} AS value, "
        f"{literal(r.expected)} AS expected FROM staged WHERE {r.bad}"
        for i, r in enumerate(rules)
    ]
    union = " UNION ALL ".join(parts)
    return f"SELECT line, column_name, value, expected FROM ({union}) ORDER BY line, rule"


def _distinct(con: duckdb.DuckDBPyConnection, field: str) -> list[str]:
    rows = con.execute(f"SELECT DISTINCT {field} FROM staged LIMIT {MAPPED_VALUES}").fetchall()
    return [row[0] for row in rows]


def _channel(raw: str) -> str | None:
    return CHANNELS.get(search_key(raw))


def _flag(raw: str) -> bool | None:
    key = search_key(raw)
    return True if key in TRUE_WORDS else False if key in FALSE_WORDS else None


def _sql(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else literal(value)
