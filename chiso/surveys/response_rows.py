"""Typed, checked survey responses from a file, in DuckDB SQL.

`stage` reads the CSV once into table `typed`: the answers and unit names as written, the
other columns trimmed. The distinct answers of all criteria columns are read once in Python
(`answers.read_rating`), as are the distinct unit names (`unit_keys`); each becomes a DuckDB
ENUM whose code indexes a list of levels (or of unit codes), so mapping a cell is one hash
lookup whatever the number of spellings (a CASE over them is two to three times slower). Table
`checked` has one row per non-empty line, its rowid numbering the line, each answer a level
(0–5, NULL when blank, BAD when it is no answer). `keep_bad_rows` keeps the rows breaking a
rule; `keep_duplicates` the rows whose dossier code an earlier row or response holds;
`listing` says what is wrong with each.
"""

import duckdb
from django.utils.translation import gettext as _

from chiso.metrics.columns import literal
from chiso.metrics.reading import Export
from chiso.metrics.records import DATE_SAMPLE, csv_source, date_sql
from chiso.metrics.store import table
from chiso.vietnamese.text import search_key

from .answers import RATING_EXPECTED, BadAnswer, read_rating
from .responding import normal_code_sql
from .response_columns import CODE_HEADER, DATE_HEADER, UNIT_HEADER, ResponseColumns
from .store import quoted

BAD = 255  # the level of an answer that is none


def stage(
    con: duckdb.DuckDBPyConnection,
    export: Export,
    columns: ResponseColumns,
    units: dict[str, str],
) -> None:
    """Tables `typed`, `unit_map` and `checked`. `units` maps the key of a name to a unit's
    code (`chiso.org.unit_keys`)."""
    positions = columns.positions()
    answers = [f"a{i}" for i in range(len(columns.criteria))]
    source = csv_source(export, positions, as_written=["unit_name", *answers])
    con.execute(f"CREATE OR REPLACE TABLE typed AS SELECT * FROM {source}")
    query = f"SELECT surveyed FROM typed LIMIT {DATE_SAMPLE}"
    surveyed = date_sql("surveyed", [day for (day,) in con.execute(query).fetchall()])
    distinct = ", ".join(f"list(DISTINCT {f})" for f in ["unit_name", *answers])
    names, *spellings = con.execute(f"SELECT {distinct} FROM typed").fetchone()
    unit = _unit_map(con, [name for name in names or () if name is not None], units)
    levels = _levels(con, {word for words in spellings for word in words or () if word is not None})
    comments = [f"nullif(k{i}, '')" for i in range(len(columns.comments))]
    comment = f"coalesce(concat_ws(chr(10), {', '.join(comments)}), '')" if comments else "''"
    code = normal_code_sql("dossier_code") if columns.dossier is not None else "''"
    ratings = [
        f"{levels(a)} AS {quoted(c)}" for a, c in zip(answers, columns.criteria, strict=True)
    ]
    # Blank cells of the columns read as written are NULL, the others ''.
    blank = [
        f"coalesce({', '.join(['unit_name', *answers])}) IS NULL",
        *(f"{f} = ''" for f in positions if f not in ("unit_name", *answers)),
    ]
    con.execute(
        f"""CREATE OR REPLACE TABLE checked AS SELECT
            typed.rowid AS rid, {unit} AS unit, {surveyed} AS surveyed_on,
            {code} AS dossier_code, {comment} AS comment,
            {", ".join(ratings)}
        FROM typed, maps
        WHERE NOT ({" AND ".join(blank)})"""
    )


def _unit_map(con: duckdb.DuckDBPyConnection, names: list[str], units: dict[str, str]) -> str:
    """Table `unit_map` (each unit name of the file that names a unit, with its code), type
    `unit_name` and table `maps` (column `codes`); returns the SQL of a row's unit code."""
    keyed = [(name, units.get(search_key(name))) for name in names]
    table(
        con,
        "unit_map",
        {"written": "VARCHAR", "unit_code": "VARCHAR"},
        [(name, code) for name, code in keyed if code],
    )
    if not keyed:
        con.execute("CREATE OR REPLACE TEMP TABLE maps AS SELECT NULL::VARCHAR[] AS codes")
        return "NULL::VARCHAR"
    _enum(con, "unit_name_type", [name for name, _code in keyed])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE maps AS SELECT ?::VARCHAR[] AS codes",
        [[code for _name, code in keyed]],
    )
    return "maps.codes[enum_code(unit_name::unit_name_type) + 1]"


def _levels(con: duckdb.DuckDBPyConnection, spellings: set[str]):
    """Type `answer_type` and column `levels` of table `maps`: each distinct answer of the
    file read once; returns a function giving the SQL of a column's levels."""
    levels = []
    for spelling in sorted(spellings):
        try:
            levels.append(read_rating(spelling))
        except BadAnswer:
            levels.append(BAD)
    if not spellings:
        return lambda _column: "NULL::UTINYINT"
    _enum(con, "answer_type", sorted(spellings))
    con.execute("ALTER TABLE maps ADD COLUMN levels UTINYINT[]")
    con.execute("UPDATE maps SET levels = ?::UTINYINT[]", [levels])
    return lambda column: f"maps.levels[enum_code({column}::answer_type) + 1]"


def _enum(con: duckdb.DuckDBPyConnection, name: str, values: list[str]) -> None:
    """ENUM type `name` of `values`, in their order (value i has code i)."""
    table(
        con,
        f"{name}_values",
        {"value": "VARCHAR", "n": "BIGINT"},
        list(zip(values, range(len(values)), strict=True)),
    )
    con.execute(f"CREATE TYPE {name} AS ENUM (SELECT value FROM {name}_values ORDER BY n)")


def count_rows(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM checked").fetchone()[0]


def keep_bad_rows(con: duckdb.DuckDBPyConnection, codes: list[str]) -> int:
    """Table `bad`: the rows whose unit is not found, whose date is not one, or with an
    answer that is none, with what was written; returns how many."""
    broken = " OR ".join(
        ["c.unit IS NULL", "c.surveyed_on IS NULL", *(f"c.{quoted(c)} = {BAD}" for c in codes)]
    )
    written = ", ".join(f"coalesce(trim(t.a{i}), '') AS a{i}" for i in range(len(codes)))
    con.execute(
        f"""CREATE OR REPLACE TABLE bad AS
        SELECT c.*, coalesce(trim(t.unit_name), '') AS unit_name,
            t.surveyed AS surveyed_written, {written}
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
