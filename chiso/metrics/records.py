"""Typed, checked records from an export, in DuckDB SQL.

`stage` reads the CSV twice: once for the few distinct units, channels and yes/no words (mapped
in Python with the project's one Vietnamese normalisation) and a sample of each date column;
once more into table `typed`, each column typed as it is read, keeping a value as written only
where it is not one the column accepts. The table keeps the file's order, so its rowid numbers
the rows. Then come the valid records (`valid_records`) or what is wrong with each bad row
(`bad_rows`: row number, column, value as written, what was expected).
"""

import datetime
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import duckdb
from django.utils.translation import gettext as _

from chiso.org.succession import Stretch
from chiso.vietnamese.text import search_key

from .columns import (
    CHANNEL,
    CHANNELS,
    COLUMNS,
    DATE,
    FALSE_WORDS,
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
MAPPED_VALUES = 5000  # distinct values mapped per column; a column with more is not one of ours
DATE_SAMPLE = 2000


@dataclass(frozen=True)
class Check:
    """One rule on one column: when a row of view `checked` breaks it, the value as written
    there, and what was expected."""

    field: str
    header: str
    bad: str
    written: str
    expected: str


def stage(
    con: duckdb.DuckDBPyConnection,
    export: Export,
    kind: str,
    positions: dict[str, int],
    units: dict[str, str],
    successions: dict[str, list[Stretch]] | None = None,
) -> list[Check]:
    """Table `typed` and view `checked` (with each row's unit code); returns the rules.

    `units` maps the key of a name to a unit's code; `successions` says which unit answers
    for an ended unit on the record's day received (`chiso.org.succession`)."""
    source = csv_source(export, positions)
    dates = [c.field for c in COLUMNS[kind] if c.field in positions and c.kind == DATE]
    sample = con.execute(f"SELECT {', '.join(dates)} FROM {source} LIMIT {DATE_SAMPLE}").fetchall()
    loaded, shown, words, rules = [], ["typed.rowid AS rid"], [], []
    for column in COLUMNS[kind]:
        f, header, expected = column.field, column.header, str(column.expected)
        if f not in positions:
            continue
        if column.kind == TEXT:
            loaded.append(f)
            shown.append(f)
            rules.append(Check(f, header, f"{f} = ''", f, _("không để trống")))
        elif column.kind == UNIT:
            loaded.append(f"{f} AS unit_name")
            shown += ["unit_name", "unit_map.unit_code AS unit", "unit_map.split_from"]
            expected = _("tên hoặc mã một đơn vị trong cây tổ chức")
            unit_column = (f, header)
            rules.append(
                Check(f, header, "unit IS NULL AND split_from IS NULL", "unit_name", expected)
            )
        elif column.kind == DATE:
            # typed as it is read; the text kept only where it is not a date
            value = date_sql(f, [row[dates.index(f)] for row in sample])
            given = f"{f} <> ''" if not column.required else "true"
            loaded.append(f"{value} AS {f}")
            loaded.append(f"CASE WHEN {value} IS NULL AND {given} THEN {f} END AS {f}_written")
            shown += [f, f"{f}_written"]
            rules.append(Check(f, header, f"{f}_written IS NOT NULL", f"{f}_written", expected))
        else:  # few distinct words: mapped once loaded, in the view
            loaded.append(f"{f} AS {f}_written")
            shown.append(f"{f}_written")
            words.append((f, _channel if column.kind == CHANNEL else _flag))
            rules.append(Check(f, header, f"{f} IS NULL", f"{f}_written", expected))
    for later in ("finished", "returned", "answered"):
        if later in positions and "received" in positions:
            header = next(c.header for c in COLUMNS[kind] if c.field == later)
            bad = f"coalesce({later} < received, false)"
            written = f"strftime({later}, '%d/%m/%Y')"
            rules.append(Check(later, header, bad, written, _("không trước ngày tiếp nhận")))
    con.execute(f"CREATE OR REPLACE TABLE typed AS SELECT {', '.join(loaded)} FROM {source}")
    rules += _unit_map(con, units, successions or {}, *unit_column)
    for f, meaning in words:
        cases = [(raw, meaning(raw)) for raw in _distinct(con, f"{f}_written")]
        whens = " ".join(f"WHEN {literal(r)} THEN {_sql(v)}" for r, v in cases if v is not None)
        shown.append(f"(CASE {f}_written {whens} END) AS {f}" if whens else f"NULL AS {f}")
    # A name without dates answers for itself; a stretch for the rows received in it.
    con.execute(
        f"""CREATE OR REPLACE VIEW checked AS SELECT {", ".join(shown)} FROM typed
        LEFT JOIN unit_map ON unit_map.written = typed.unit_name
            AND coalesce(typed.received > unit_map.after, unit_map.after IS NULL)
            AND coalesce(typed.received <= unit_map.until, true)"""
    )
    return rules


def _unit_map(
    con: duckdb.DuckDBPyConnection,
    units: dict[str, str],
    successions: dict[str, list[Stretch]],
    field: str,
    header: str,
) -> list[Check]:
    """Table `unit_map`: each unit name of the file with the unit that answers for it, by
    stretch of time for an ended unit. Past a split no unit does (`split_from` names it):
    one rule per split unit, saying what the row must name instead."""
    rows, rules = [], {}
    for name in _distinct(con, "unit_name"):
        code = units.get(search_key(name))
        if code is None:
            continue
        for part in successions.get(code, [Stretch(None, None, code)]):
            split = code if not part.code else None
            rows.append((name, part.code or None, part.after, part.until, split))
            if split and split not in rules:
                expected = _("tên đơn vị kế thừa (%(unit)s chia tách từ %(date)s thành %(heirs)s)")
                expected %= {
                    "unit": part.split_unit,
                    "date": f"{part.after + datetime.timedelta(days=1):%d/%m/%Y}",
                    "heirs": ", ".join(part.split_into),
                }
                bad = f"split_from = {literal(split)}"
                rules[split] = Check(field, header, bad, "unit_name", expected)
    columns = {"written": "VARCHAR", "unit_code": "VARCHAR", "after": "DATE", "until": "DATE"}
    table(con, "unit_map", {**columns, "split_from": "VARCHAR"}, rows)
    return list(rules.values())


def count_rows(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM typed").fetchone()[0]


def keep_bad_rows(con: duckdb.DuckDBPyConnection, rules: list[Check]) -> int:
    """Table `bad`: the rows that break a rule; returns how many."""
    con.execute(f"CREATE OR REPLACE TABLE bad AS SELECT * FROM checked WHERE {_any(rules)}")
    return con.execute("SELECT count(*) FROM bad").fetchone()[0]


def valid_records(con: duckdb.DuckDBPyConnection, kind: str) -> int:
    """Table `records`: the rows not in `bad`, the last row of each code only; returns its
    row count. Missing optional columns are empty dates and `false`."""
    found = {row[0] for row in con.execute("DESCRIBE checked").fetchall()}
    selected = []
    for column in COLUMNS[kind]:
        default = {DATE: "NULL::DATE", CHANNEL: "NULL::VARCHAR"}.get(column.kind, "false")
        selected.append(column.field if column.field in found else f"{default} AS {column.field}")
    # A code seen again is a re-export: its last good row wins. Few codes repeat: find them
    # by grouping the codes' hashes (integers group fast), then number only their rows.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE superseded AS
        SELECT rid FROM (
            SELECT rowid AS rid, code FROM typed
            WHERE hash(code) IN (SELECT hash(code) FROM typed GROUP BY ALL HAVING count(*) > 1)
              AND rowid NOT IN (SELECT rid FROM bad))
        QUALIFY rid < max(rid) OVER (PARTITION BY code)"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE records AS
        SELECT {", ".join(selected)} FROM checked
        WHERE rid NOT IN (SELECT rid FROM bad) AND rid NOT IN (SELECT rid FROM superseded)"""
    )
    return con.execute("SELECT count(*) FROM records").fetchone()[0]


def bad_rows(rules: list[Check], first_line: int) -> str:
    """SQL listing every broken rule: line, column, value as written, expected; by row."""
    parts = [
        f"SELECT rid, {i} AS rule, {literal(r.header)} AS column_name, {r.written} AS value, "
        f"{literal(r.expected)} AS expected FROM bad WHERE {r.bad}"
        for i, r in enumerate(rules)
    ]
    return f"""SELECT rid + {first_line} AS line, column_name, value, expected
        FROM ({" UNION ALL ".join(parts)}) ORDER BY rid, rule"""


def csv_source(export: Export, positions: dict[str, int], as_written: Collection[str] = ()) -> str:
    """The export's columns we use, trimmed (spaces only: trimming a set of characters is
    three times slower, and units, channels and yes/no words are normalised anyway); those
    `as_written` are neither trimmed nor made '' when empty (NULL), for words mapped by their
    distinct values."""
    names = [f"c{i}" for i in range(len(export.headers))]
    columns = ", ".join(
        f"c{pos} AS {f}" if f in as_written else f"coalesce(trim(c{pos}), '') AS {f}"
        for f, pos in positions.items()
    )
    return (
        f"(SELECT {columns} FROM read_csv({literal(str(export.csv_path))}, header = true, "
        f"all_varchar = true, delim = {literal(export.delimiter)}, quote = '\"', "
        f"escape = '\"', names = {names!r}))"
    )


def date_sql(field: str, sample: list[str]) -> str:
    """SQL parsing `field` as a date: the formats the sample uses first (one format is ten
    times faster than trying each), then every accepted format."""
    used: dict[str, int] = {}
    for text, times in Counter(sample).items():  # each text parsed once
        found = next((f for f in DATE_FORMATS if text and _parses(text, f)), None)
        if found:
            used[found] = used.get(found, 0) + times
    ordered = sorted(used, key=used.get, reverse=True)
    tries = [f"try_strptime({field}, {literal(f)})" for f in ordered]
    tries.append(f"try_strptime(nullif({field}, ''), {DATE_FORMATS!r})")
    return f"coalesce({', '.join(tries)})::DATE"


def _parses(text: str, form: str) -> bool:
    try:
        datetime.datetime.strptime(text, form)
    except ValueError:
        return False
    return True


def _distinct(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    query = f"SELECT DISTINCT {column} FROM typed WHERE {column} IS NOT NULL LIMIT {MAPPED_VALUES}"
    return [row[0] for row in con.execute(query).fetchall()]


def _any(rules: list[Check]) -> str:
    return " OR ".join(f"({rule.bad})" for rule in rules) or "false"


def _channel(raw: str) -> str | None:
    return CHANNELS.get(search_key(raw))


def _flag(raw: str) -> bool | None:
    key = search_key(raw)
    return True if key in TRUE_WORDS else False if key in FALSE_WORDS else None


def _sql(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else literal(value)
