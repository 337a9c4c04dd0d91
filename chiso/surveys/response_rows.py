"""Typed, checked survey responses from a file, in DuckDB SQL.

`stage` reads the CSV once into table `typed` (the answers as written, the date typed as it is
read), maps the few distinct answers of each column with `answers.read_rating` and the few
distinct unit names with `unit_keys`, and writes table `checked`: one row per non-empty line,
its rowid numbering the line, each answer a level (0–5, NULL when blank, BAD when it is no
answer). `keep_bad_rows` keeps the rows breaking a rule; `keep_duplicates` the rows whose
dossier code an earlier row or response holds; `listing` says what is wrong with each.
"""

import duckdb
from django.utils.translation import gettext as _

from chiso.metrics.columns import literal
from chiso.metrics.reading import Export
from chiso.metrics.records import DATE_SAMPLE, csv_source, date_sql
from chiso.metrics.store import table
from chiso.vietnamese.text import search_key

from .answers import RATING_EXPECTED, BadAnswer, read_rating
from .response_columns import CODE_HEADER, DATE_HEADER, UNIT_HEADER, ResponseColumns
from .store import quoted

BAD = 255  # the level of an answer that is none
LONGEST_ANSWER = 60  # characters: longer text is no answer, and is not looked up


def stage(
    con: duckdb.DuckDBPyConnection,
    export: Export,
    columns: ResponseColumns,
    units: dict[str, str],
) -> None:
    """Tables `typed`, `unit_map` and `checked`. `units` maps the key of a name to a unit's
    code (`chiso.org.unit_keys`)."""
    positions = columns.positions()
    source = csv_source(export, positions)
    query = f"SELECT surveyed FROM {source} LIMIT {DATE_SAMPLE}"
    sample = [day for (day,) in con.execute(query).fetchall()]
    surveyed = date_sql("surveyed", sample)
    answers = [f"a{i}" for i in range(len(columns.criteria))]
    comments = [f"nullif(k{i}, '')" for i in range(len(columns.comments))]
    written = [f for f in positions if f != "surveyed"]
    con.execute(
        f"""CREATE OR REPLACE TABLE typed AS SELECT
            unit_name, {surveyed} AS surveyed_on,
            CASE WHEN {surveyed} IS NULL THEN surveyed END AS surveyed_written,
            {"dossier_code" if columns.dossier is not None else "''"} AS dossier_code,
            {f"coalesce(concat_ws(chr(10), {', '.join(comments)}), '')" if comments else "''"}
                AS comment,
            {", ".join(answers)},
            ({" AND ".join(f"{f} = ''" for f in ["surveyed", *written])}) AS empty
        FROM {source}"""
    )
    _unit_map(con, units)
    levels = [
        f"{_levels(con, f'a{i}')}::UTINYINT AS {quoted(code)}"
        for i, code in enumerate(columns.criteria)
    ]
    con.execute(
        f"""CREATE OR REPLACE TABLE checked AS SELECT
            typed.rowid AS rid, unit_map.unit_code AS unit, surveyed_on, dossier_code, comment,
            {", ".join(levels)}
        FROM typed LEFT JOIN unit_map ON unit_map.written = typed.unit_name
        WHERE NOT empty"""
    )


def _unit_map(con: duckdb.DuckDBPyConnection, units: dict[str, str]) -> None:
    """Table `unit_map`: each unit name of the file that names a unit, with its code."""
    names = con.execute("SELECT DISTINCT unit_name FROM typed WHERE NOT empty").fetchall()
    rows = [(name, units[search_key(name)]) for (name,) in names if search_key(name) in units]
    table(con, "unit_map", {"written": "VARCHAR", "unit_code": "VARCHAR"}, rows)


def _levels(con: duckdb.DuckDBPyConnection, column: str) -> str:
    """SQL for the level of each answer of `column`: its distinct values read once in
    Python, the most frequent first; NULL when blank, BAD when no answer."""
    found = con.execute(
        f"""SELECT {column}, count(*) AS n FROM typed
        WHERE NOT empty AND length({column}) <= {LONGEST_ANSWER}
        GROUP BY ALL ORDER BY n DESC"""
    ).fetchall()
    whens = []
    for value, _count in found:
        try:
            level = read_rating(value)
        except BadAnswer:
            continue
        whens.append(f"WHEN {literal(value)} THEN {'NULL' if level is None else level}")
    return f"(CASE {column} {' '.join(whens)} ELSE {BAD} END)" if whens else str(BAD)


def count_rows(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM checked").fetchone()[0]


def keep_bad_rows(con: duckdb.DuckDBPyConnection, codes: list[str]) -> int:
    """Table `bad`: the rows whose unit is not found, whose date is not one, or with an
    answer that is none, with what was written; returns how many."""
    broken = " OR ".join(
        ["c.unit IS NULL", "c.surveyed_on IS NULL", *(f"c.{quoted(c)} = {BAD}" for c in codes)]
    )
    written = ", ".join(f"t.a{i}" for i in range(len(codes)))
    con.execute(
        f"""CREATE OR REPLACE TABLE bad AS
        SELECT c.*, t.unit_name, t.surveyed_written, {written}
        FROM checked c JOIN typed t ON t.rowid = c.rid WHERE {broken}"""
    )
    return con.execute("SELECT count(*) FROM bad").fetchone()[0]


def keep_duplicates(con: duckdb.DuckDBPyConnection, held: str, first_line: int) -> int:
    """Table `duplicate`: the good rows whose dossier code `held` (SQL: dossier_code,
    expected) holds already, or an earlier good row of the file (the first one wins), with
    what was expected; returns how many."""
    earlier = literal(_("một mã hồ sơ chưa có phiếu (đã dùng ở dòng %(line)s)"))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE held AS
        SELECT dossier_code, min(expected) AS expected FROM {held}
        WHERE dossier_code IN (SELECT dossier_code FROM checked WHERE dossier_code <> '')
        GROUP BY dossier_code"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE duplicate AS
        SELECT rid, dossier_code,
            coalesce(held.expected,
                     replace({earlier}, '%(line)s', (first_rid + {first_line})::VARCHAR))
                AS expected
        FROM (
            SELECT rid, dossier_code, min(rid) OVER (PARTITION BY dossier_code) AS first_rid
            FROM checked
            WHERE dossier_code <> ''
              AND (hash(dossier_code) IN (SELECT hash(dossier_code) FROM checked
                                          WHERE dossier_code <> '' GROUP BY ALL
                                          HAVING count(*) > 1)
                   OR dossier_code IN (SELECT dossier_code FROM held))
              AND rid NOT IN (SELECT rid FROM bad)
        ) LEFT JOIN held USING (dossier_code)
        WHERE held.expected IS NOT NULL OR rid > first_rid"""
    )
    return con.execute("SELECT count(*) FROM duplicate").fetchone()[0]


def listing(codes: list[str], first_line: int) -> str:
    """SQL listing what is wrong with every rejected row: line, column, value as written,
    expected; by line."""
    unit = _("tên, tên ngắn, mã hoặc tên khác của một đơn vị trong cây tổ chức")
    day = _("một ngày có thật, viết dd/mm/yyyy hoặc yyyy-mm-dd")
    parts = [
        f"SELECT rid, 0 AS rule, {literal(UNIT_HEADER)} AS column_name, unit_name AS value, "
        f"{literal(unit)} AS expected FROM bad WHERE unit IS NULL",
        f"SELECT rid, 1, {literal(DATE_HEADER)}, surveyed_written, {literal(day)} FROM bad "
        "WHERE surveyed_on IS NULL",
        *(
            f"SELECT rid, {2 + i}, {literal(code)}, a{i}, {literal(str(RATING_EXPECTED))} "
            f"FROM bad WHERE {quoted(code)} = {BAD}"
            for i, code in enumerate(codes)
        ),
        f"SELECT rid, {2 + len(codes)}, {literal(CODE_HEADER)}, dossier_code, expected "
        "FROM duplicate",
    ]
    return f"""SELECT rid + {first_line} AS line, column_name, value, expected
        FROM ({" UNION ALL ".join(parts)}) ORDER BY rid, rule"""


def accepted(codes: list[str], channel: str, rejected: bool) -> str:
    """SQL for the rows to store (a parenthesised query, for `ResponseStore.write`)."""
    ratings = ", ".join(quoted(code) for code in codes)
    kept = (
        "WHERE rid NOT IN (SELECT rid FROM bad) AND rid NOT IN (SELECT rid FROM duplicate)"
        if rejected
        else ""
    )
    return (
        f"(SELECT unit, surveyed_on, dossier_code, comment, {literal(channel)} AS channel, "
        f"{ratings} FROM checked {kept})"
    )


def accepted_units(con: duckdb.DuckDBPyConnection, codes: list[str], rejected: bool) -> set[str]:
    """The codes of the units of the rows to store."""
    if not rejected:  # every row is stored: every unit found
        query = "SELECT DISTINCT unit_code FROM unit_map"
    else:
        query = f"SELECT DISTINCT unit FROM {accepted(codes, '', rejected)}"
    return {code for (code,) in con.execute(query).fetchall()}
