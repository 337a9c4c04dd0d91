"""The service indicators in hand-written DuckDB SQL, from an export's CSV or from the Parquet
files the product stores. Also the rules both references follow: which values a row may hold,
and what each indicator counts.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from chiso.vietnamese.text import search_key, strip_accents

Kind = Literal["dossiers", "feedback"]
KINDS: tuple[Kind, ...] = ("dossiers", "feedback")

# Column names by position in each export; the files' own headers are Vietnamese.
COLUMNS: dict[Kind, tuple[str, ...]] = {
    "dossiers": (
        "code",
        "unit",
        "procedure",
        "received",
        "due",
        "finished",
        "returned",
        "channel",
        "digitised",
        "fee",
        "paid_online",
        "apology",
    ),
    "feedback": ("code", "unit", "received", "due", "answered"),
}
FLAGS = ("digitised", "fee", "paid_online", "apology")
CHANNELS = {
    "truc tiep": "direct",
    "buu chinh": "post",
    "truc tuyen mot phan": "online_partial",
    "truc tuyen toan trinh": "online_full",
}
_TRUE = frozenset({"co", "x", "1", "true", "yes"})
_FALSE = frozenset({"khong", "0", "false", "no", ""})
# What Python's str.strip() removes, so that SQL trims exactly as the pandas reference does.
WHITESPACE = "".join(char for char in map(chr, range(0x110000)) if char.isspace())
# Accepted dates: d/m/yyyy or yyyy-mm-dd, then an optional time; only the date counts.
DMY_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"


@dataclass(frozen=True)
class Result:
    rows: int  # valid records once re-exported dossiers are counted once
    rejected: int
    values: list[dict]  # {"unit", "period", "indicator", "numerator", "denominator"}


def flag(text: str) -> bool | None:
    """A yes/no cell as true or false; None for anything else ("có lẽ")."""
    word = strip_accents(text.strip()).casefold()
    return True if word in _TRUE else False if word in _FALSE else None


def compute_csv(path: Path, unit_codes: Mapping[str, str], kind: Kind = "dossiers") -> Result:
    """The indicators of an export; `unit_codes` maps the `search_key` of a name to a unit."""
    with _connect() as con:
        rows, rejected = _load_csv(con, path, unit_codes, kind)
        return Result(rows, rejected, _values(con, kind))


def compute_parquet(root: Path, kind: Kind | None = None) -> Result:
    """The indicators of the records stored under `root` (each kind present, or `kind`)."""
    kinds = [kind] if kind else [each for each in KINDS if (root / each).is_dir()]
    values, rows = [], 0
    with _connect() as con:
        for each in kinds:
            files = _literal(str(root / each / "**" / "*.parquet"))
            con.execute(
                f"CREATE TEMP VIEW {each} AS SELECT {', '.join(COLUMNS[each])} "
                f"FROM read_parquet({files}, hive_partitioning = true)"
            )
            rows += con.execute(f"SELECT count(*) FROM {each}").fetchone()[0]
            values += _values(con, each)
    return Result(rows, 0, _sorted(values))


def write_parquet(path: Path, unit_codes: Mapping[str, str], root: Path, kind: Kind) -> None:
    """Store an export's valid records under `root` as the product does (hive partitions by
    the month received), for `compute_parquet` to read."""
    root.mkdir(parents=True, exist_ok=True)
    with _connect() as con:
        _load_csv(con, path, unit_codes, kind)
        con.execute(
            f"COPY (SELECT *, year(received) AS year, month(received) AS month FROM {kind}) "
            f"TO {_literal(str(root / kind))} "
            "(FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)"
        )


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # the benchmark prints tables
    return con


def _load_csv(
    con: duckdb.DuckDBPyConnection, path: Path, unit_codes: Mapping[str, str], kind: Kind
) -> tuple[int, int]:
    """Table `kind`: the export's valid records, the last row of each code. Returns (records,
    rejected rows)."""
    columns = COLUMNS[kind]
    source = (
        f"read_csv({_literal(str(path))}, header = true, auto_detect = false, delim = ',', "
        "quote = '\"', escape = '\"', columns = {"
        + ", ".join(f"'{column}': 'VARCHAR'" for column in columns)
        + "})"
    )
    # The file's few distinct unit names, channels and yes/no words, each read in Python.
    looked_up = ", ".join(column for column in columns if column in {"unit", "channel", *FLAGS})
    found = con.execute(f"SELECT DISTINCT unnest([{looked_up}]) FROM {source}").fetchall()
    texts = {"", *(text for (text,) in found if text)}
    units = {text: unit_codes.get(search_key(text)) for text in texts}
    _register(con, "units", name=list(units), unit=list(units.values()))
    channels = {text: CHANNELS.get(search_key(text)) for text in texts | set(CHANNELS)}
    flags = {text: flag(text) for text in texts}
    con.execute(_MACROS)
    con.execute(_PARSED[kind].format(source=source, channels=_map(channels), flags=_map(flags)))
    con.execute(_CHECKED[kind])
    counts = con.execute(
        "SELECT count(DISTINCT code) FILTER (ok), count(*) FILTER (NOT ok) FROM checked"
    ).fetchone()
    # Among valid rows, the last of a code in the file is the dossier's latest state.
    con.execute(
        f"""
        CREATE TEMP TABLE {kind} AS
        SELECT {", ".join(columns)} FROM checked
        WHERE ok AND (code, line) IN (SELECT code, max(line) FROM checked WHERE ok GROUP BY code)
        """
    )
    return counts


_SPACE = "[" + "".join(f"\\x{{{ord(char):04x}}}" for char in WHITESPACE) + "]"
_MACROS = f"""
CREATE OR REPLACE TEMP MACRO clean(text) AS
    regexp_replace(coalesce(text, ''), '^{_SPACE}+|{_SPACE}+$', '', 'g');
CREATE OR REPLACE TEMP MACRO day_of(text) AS CASE
    WHEN contains(text, '/0000') OR starts_with(text, '0000-') THEN NULL
    WHEN regexp_full_match(text, '{DMY_DATE}(?: {TIME})?')
        THEN try_strptime(split_part(text, ' ', 1), '%d/%m/%Y')::DATE
    WHEN regexp_full_match(text, '{ISO_DATE}(?:[ T]{TIME})?')
        THEN TRY_CAST(left(text, 10) AS DATE)
END;
"""
# Each row's values, trimmed and typed; NULL where a value is not one the rules accept. Only
# projections, so that the table keeps the file's order and its rowid numbers the rows.
_PARSED: dict[Kind, str] = {
    "dossiers": """
        CREATE TEMP TABLE parsed AS
        SELECT code, unit_name, procedure,
            day_of(received) AS received, day_of(due) AS due,
            day_of(finished) AS finished, finished <> '' AS has_finished,
            day_of(returned) AS returned, returned <> '' AS has_returned,
            {channels}[channel] AS channel,
            {flags}[digitised] AS digitised, {flags}[fee] AS fee,
            {flags}[paid_online] AS paid_online, {flags}[apology] AS apology
        FROM (
            SELECT clean(code) AS code, coalesce(unit, '') AS unit_name,
                clean(procedure) AS procedure,
                clean(received) AS received, clean(due) AS due,
                clean(finished) AS finished, clean(returned) AS returned,
                coalesce(channel, '') AS channel, coalesce(digitised, '') AS digitised,
                coalesce(fee, '') AS fee, coalesce(paid_online, '') AS paid_online,
                coalesce(apology, '') AS apology
            FROM {source}
        )
    """,
    "feedback": """
        CREATE TEMP TABLE parsed AS
        SELECT code, unit_name, day_of(received) AS received, day_of(due) AS due,
            day_of(answered) AS answered, answered <> '' AS has_answered
        FROM (
            SELECT clean(code) AS code, coalesce(unit, '') AS unit_name,
                clean(received) AS received, clean(due) AS due, clean(answered) AS answered
            FROM {source}
        )
    """,
}
# The rows with their unit, line number and whether they are valid (ok).
_CHECKED: dict[Kind, str] = {
    "dossiers": """
        CREATE TEMP VIEW checked AS
        SELECT parsed.rowid AS line, code, unit, procedure, received, due, finished, returned,
            channel, digitised, fee, paid_online, apology,
            coalesce(
                code <> '' AND unit IS NOT NULL AND procedure <> ''
                AND received IS NOT NULL AND due IS NOT NULL
                AND (NOT has_finished OR finished >= received)
                AND (NOT has_returned OR returned >= received)
                AND channel IS NOT NULL AND digitised IS NOT NULL AND fee IS NOT NULL
                AND paid_online IS NOT NULL AND apology IS NOT NULL,
                false
            ) AS ok
        FROM parsed LEFT JOIN units ON units.name = parsed.unit_name
    """,
    "feedback": """
        CREATE TEMP VIEW checked AS
        SELECT parsed.rowid AS line, code, unit, received, due, answered,
            coalesce(
                code <> '' AND unit IS NOT NULL AND received IS NOT NULL AND due IS NOT NULL
                AND (NOT has_answered OR answered >= received),
                false
            ) AS ok
        FROM parsed LEFT JOIN units ON units.name = parsed.unit_name
    """,
}

# Each indicator's monthly counts: the month is that of the date the indicator is about.
_MONTHLY: dict[Kind, str] = {
    "dossiers": """
        SELECT unit, date_trunc('month', finished) AS month, 'on_time' AS indicator,
            count(*) FILTER (finished <= due) AS numerator, count(*) AS denominator
        FROM dossiers WHERE finished IS NOT NULL GROUP BY ALL
        UNION ALL
        SELECT unit, date_trunc('month', finished), 'apology_letter',
            count(*) FILTER (apology), count(*)
        FROM dossiers WHERE finished > due GROUP BY ALL
        UNION ALL
        SELECT unit, date_trunc('month', received), 'online_full_process',
            count(*) FILTER (channel = 'online_full'), count(*)
        FROM dossiers GROUP BY ALL
        UNION ALL
        SELECT unit, date_trunc('month', received), 'digitised',
            count(*) FILTER (digitised), count(*)
        FROM dossiers GROUP BY ALL
        UNION ALL
        SELECT unit, date_trunc('month', received), 'paid_online',
            count(*) FILTER (paid_online), count(*)
        FROM dossiers WHERE fee GROUP BY ALL
        UNION ALL
        SELECT unit, date_trunc('month', returned), 'returned_on_time',
            count(*) FILTER (returned <= due), count(*)
        FROM dossiers WHERE returned IS NOT NULL GROUP BY ALL
    """,
    "feedback": """
        SELECT unit, date_trunc('month', received) AS month, 'feedback_handled' AS indicator,
            count(*) FILTER (answered <= due) AS numerator, count(*) AS denominator
        FROM feedback GROUP BY ALL
    """,
}


def _values(con: duckdb.DuckDBPyConnection, kind: Kind) -> list[dict]:
    """Monthly counts summed into each month, quarter, half and year."""
    query = f"""
        WITH monthly AS ({_MONTHLY[kind]})
        SELECT unit, period, indicator,
            sum(numerator)::BIGINT AS numerator, sum(denominator)::BIGINT AS denominator
        FROM (
            SELECT *, unnest([
                printf('%04d-%02d', year(month), month(month)),
                printf('%04d-Q%d', year(month), quarter(month)),
                printf('%04d-H%d', year(month), CASE WHEN month(month) <= 6 THEN 1 ELSE 2 END),
                printf('%04d', year(month))
            ]) AS period
            FROM monthly
        )
        GROUP BY unit, period, indicator
        HAVING sum(denominator) > 0
    """
    cursor = con.execute(query)
    names = [column[0] for column in cursor.description]
    return _sorted(dict(zip(names, row, strict=True)) for row in cursor.fetchall())


def _register(con: duckdb.DuckDBPyConnection, table: str, **columns: list) -> None:
    """A temp table from equally long lists, one per column."""
    selects = ", ".join(f"unnest(${column}) AS {column}" for column in columns)
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT {selects}", columns)


def _map(entries: dict[str, object]) -> str:
    """A DuckDB MAP literal of the entries whose value is not None."""
    pairs = (
        f"{_literal(key)}: {_value(value)}" for key, value in entries.items() if value is not None
    )
    return "MAP {" + ", ".join(pairs) + "}"


def _value(value: object) -> str:
    return _literal(value) if isinstance(value, str) else str(value).lower()


def _sorted(values: Iterable[dict]) -> list[dict]:
    return sorted(values, key=lambda value: (value["unit"], value["period"], value["indicator"]))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
