"""Typed, checked survey responses from a file, in DuckDB SQL.

`stage` reads the CSV once into table `checked`, one row per line of the file (its rowid
numbering the line) and view `lines` of those that are not blank, with `rid`. Units and
answers are looked up in DuckDB ENUMs of their usual spellings (`unit_spellings`,
`answers.common_spellings`), whose codes index lists of unit codes and levels: mapping a cell
is one hash lookup (a CASE over the spellings is two to three times slower) and only the text
of a cell written otherwise is kept (`unit_name`, `surveyed`, `a0`…); each such spelling is
then read once through the one rule (`unit_keys`, `read_rating`). Each answer is a level
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
from chiso.org.unit_keys import unit_spellings
from chiso.vietnamese.text import search_key

from .answers import RATING_EXPECTED, BadAnswer, common_spellings, read_rating
from .responding import normal_code_sql
from .response_columns import CODE_HEADER, DATE_HEADER, UNIT_HEADER, ResponseColumns
from .store import quoted

BAD = 255  # the level of an answer that is none
UNREAD = 254  # an answer not written in a common spelling, until it is read


def stage(
    con: duckdb.DuckDBPyConnection,
    export: Export,
    columns: ResponseColumns,
    units: dict[str, str],
) -> None:
    """Table `checked` and view `lines`. `units` maps the key of a name to a unit's code
    (`chiso.org.unit_keys`)."""
    positions = columns.positions()
    answers = [f"a{i}" for i in range(len(columns.criteria))]
    source = csv_source(export, positions, as_written=["unit_name", *answers])
    query = f"SELECT surveyed FROM {source} LIMIT {DATE_SAMPLE}"
    surveyed = date_sql("surveyed", [day for (day,) in con.execute(query).fetchall()])
    unit, levels = _maps(con, unit_spellings(units))
    comments = [f"nullif(k{i}, '')" for i in range(len(columns.comments))]
    comment = f"coalesce(concat_ws(chr(10), {', '.join(comments)}), '')" if comments else "''"
    code = normal_code_sql("dossier_code") if columns.dossier is not None else "''"
    pairs = list(zip(columns.criteria, answers, strict=True))
    ratings = ", ".join(f"{levels(a)} AS {quoted(c)}" for c, a in pairs)
    # Blank cells of the columns read as written are NULL, the others ''.
    blank = [
        f"coalesce({', '.join(['unit_name', *answers])}) IS NULL",
        *(f"{f} = ''" for f in positions if f not in ("unit_name", *answers)),
    ]
    unread = "".join(f", CASE WHEN {quoted(c)} = {UNREAD} THEN {a} END AS {a}" for c, a in pairs)
    con.execute(
        f"""CREATE OR REPLACE TABLE checked AS
        SELECT unit, surveyed_on, dossier_code, comment, {", ".join(quoted(c) for c, _a in pairs)},
            CASE WHEN unit IS NULL THEN unit_name END AS unit_name,
            CASE WHEN surveyed_on IS NULL THEN surveyed END AS surveyed{unread}, is_blank
        FROM (
            SELECT {unit} AS unit, unit_name, {surveyed} AS surveyed_on, surveyed,
                {code} AS dossier_code, {comment} AS comment, {ratings},
                {", ".join(answers)}, {" AND ".join(blank)} AS is_blank
            FROM {source}, maps)"""
    )
    con.execute(
        "CREATE OR REPLACE VIEW lines AS "
        "SELECT rowid AS rid, * EXCLUDE (is_blank) FROM checked WHERE NOT is_blank"
    )
    _read_other_units(con, units)
    _read_other_answers(con, dict(pairs))


def _maps(con: duckdb.DuckDBPyConnection, spellings: dict[str, str]):
    """Types `unit_type` (the usual spellings of the units) and `answer_type` (of the
    answers), and table `maps` with the unit code (`codes`) and level (`levels`) of each;
    returns the SQL of a row's unit code (NULL for another spelling) and a function giving
    the SQL of a column's levels (UNREAD for another spelling)."""
    answers = common_spellings()
    _enum(con, "answer_type", answers)
    levels = [read_rating(text) for text in answers]
    con.execute("CREATE OR REPLACE TEMP TABLE maps AS SELECT ?::UTINYINT[] AS levels", [levels])
    unit = "NULL::VARCHAR"
    if spellings:
        _enum(con, "unit_type", list(spellings))
        con.execute("ALTER TABLE maps ADD COLUMN codes VARCHAR[]")
        con.execute("UPDATE maps SET codes = ?::VARCHAR[]", [list(spellings.values())])
        unit = "maps.codes[enum_code(try_cast(unit_name AS unit_type)) + 1]"
    return (
        unit,
        lambda column: (
            f"coalesce(maps.levels[enum_code(try_cast({column} AS answer_type)) + 1], "
            f"CASE WHEN {column} IS NOT NULL THEN {UNREAD} END)"
        ),
    )


def _read_other_units(con: duckdb.DuckDBPyConnection, units: dict[str, str]) -> None:
    """Find the units of `checked` written otherwise than usual, each spelling once."""
    query = "SELECT DISTINCT unit_name FROM checked WHERE unit IS NULL AND unit_name IS NOT NULL"
    found = [(name, units.get(search_key(name))) for (name,) in con.execute(query).fetchall()]
    table(
        con,
        "other_units",
        {"written": "VARCHAR", "code": "VARCHAR"},
        [(name, code) for name, code in found if code],
    )
    con.execute(
        """UPDATE checked SET unit = u.code FROM other_units u
        WHERE checked.unit IS NULL AND checked.unit_name = u.written"""
    )


def _read_other_answers(con: duckdb.DuckDBPyConnection, answers: dict[str, str]) -> None:
    """Read the UNREAD answers of `checked` (criterion code → its column of text): each
    distinct spelling once, through `read_rating`."""
    if not answers:
        return
    found = ", ".join(f"bool_or({quoted(code)} = {UNREAD})" for code in answers)
    flags = con.execute(f"SELECT {found} FROM checked").fetchone()
    pairs = zip(answers.items(), flags, strict=True)
    unread = {code: column for (code, column), flag in pairs if flag}
    if not unread:
        return
    spellings = " UNION ".join(
        f"SELECT {column} FROM checked WHERE {quoted(code)} = {UNREAD}"
        for code, column in unread.items()
    )
    written = [text for (text,) in con.execute(spellings).fetchall()]
    table(
        con,
        "other_answers",
        {"written": "VARCHAR", "level": "UTINYINT"},
        [(text, _level(text)) for text in written],
    )
    for code, column in unread.items():
        con.execute(
            f"""UPDATE checked SET {quoted(code)} = u.level FROM other_answers u
            WHERE checked.{quoted(code)} = {UNREAD} AND u.written = checked.{column}"""
        )


def _level(text: str) -> int | None:
    try:
        return read_rating(text)
    except BadAnswer:
        return BAD


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
    return con.execute("SELECT count(*) FROM lines").fetchone()[0]


def keep_bad_rows(con: duckdb.DuckDBPyConnection, codes: list[str]) -> int:
    """Table `bad`: the rows whose unit is not found, whose date is not one, or with an
    answer that is none, with what was written; returns how many."""
    broken = " OR ".join(
        ["unit IS NULL", "surveyed_on IS NULL", *(f"{quoted(c)} = {BAD}" for c in codes)]
    )
    written = "".join(f", coalesce(trim(a{i}), '') AS a{i}" for i in range(len(codes)))
    con.execute(
        f"""CREATE OR REPLACE TABLE bad AS
        SELECT rid, unit, surveyed_on, {", ".join(quoted(c) for c in codes)},
            coalesce(trim(unit_name), '') AS unit_name, surveyed AS surveyed_written{written}
        FROM lines WHERE {broken}"""
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
        WHERE dossier_code IN (SELECT dossier_code FROM lines WHERE dossier_code <> '')
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
            FROM lines
            WHERE dossier_code <> ''
              AND (hash(dossier_code) IN (SELECT hash(dossier_code) FROM lines
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
        f"{ratings} FROM lines {kept})"
    )


def accepted_units(con: duckdb.DuckDBPyConnection, codes: list[str], rejected: bool) -> set[str]:
    """The codes of the units of the rows to store."""
    query = f"SELECT DISTINCT unit FROM {accepted(codes, '', rejected)}"
    return {code for (code,) in con.execute(query).fetchall()}
