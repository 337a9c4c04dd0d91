"""Survey responses at scale: chiso's `import_responses` against DuckDB by hand on the same file.

A CSV of N responses × the 22 SIPAS criteria is generated with DuckDB (units of the bench
province written as named, without accents or in upper case; answers as digits and labels
with and without accents; blanks, "Không áp dụng", a few bad answers, impossible dates,
unknown units and repeated dossier codes). Each step runs in a fresh process
(`dossiers/isolated.py`):

- **reference**: one DuckDB reading of the CSV that maps the answers, units and dates with
  tables written by hand and counts the rows, the bad rows and the repeated codes;
- **chiso**: `import_responses(..., skip_invalid=True)`: read, check every row, list the
  rejected ones, store the good ones as Parquet, recompute the round's indices and save them.

"agrees" compares the rows, accepted and rejected counts. Goal: chiso ≤ 2 × the reference.

    .venv/bin/python -m bench.surveys_import [ROWS]   # alone, on a small scratch province
"""

import itertools
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .dossiers import isolated

ROWS = int(os.environ.get("CHISO_BENCH_SURVEY_ROWS", "1000000"))  # as bench/run.py's default
LABELS = [  # (as written, level); the levels' labels with and without accents, in two cases
    ("Rất không hài lòng", 1),
    ("rat khong hai long", 1),
    ("Không hài lòng", 2),
    ("KHONG HAI LONG", 2),
    ("Bình thường", 3),
    ("binh thuong", 3),
    ("Hài lòng", 4),
    ("hai long", 4),
    ("Rất hài lòng", 5),
    ("RAT HAI LONG", 5),
    ("Không áp dụng", 0),
]


@dataclass(frozen=True)
class Step:
    label: str
    seconds: float
    peak_mb: float
    counts: tuple[int, int, int]  # rows, accepted, rejected
    agrees: bool | None  # None: the reference


@dataclass(frozen=True)
class Figures:
    rows: int
    steps: list[Step]
    stages: list[tuple[str, float]]  # chiso's stages and their seconds
    ratio: float


def measure_survey_import(work: Path, rows: int = ROWS) -> Figures:
    """Generate the file, run the reference and chiso's import each in a fresh process."""
    from chiso.org.models import OrgUnit, UnitKind
    from chiso.org.unit_keys import unit_keys
    from chiso.surveys.answers import criteria
    from chiso.surveys.rounds import find_round
    from chiso.vietnamese.text import search_key

    keys = unit_keys()
    units = OrgUnit.objects.filter(
        kind__in=[UnitKind.DEPARTMENT, UnitKind.COMMUNE], valid_until__isnull=True
    ).order_by("path")
    chosen = [u for u in units if keys.get(search_key(u.name)) == u.code]
    round = find_round(2026)
    codes = [c.code for c in criteria(round.questionnaire)][:22]
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"phieu-{rows}.csv"
    _say(f"writing {rows:,} responses × {len(codes)} criteria to {path}")
    started = time.perf_counter()
    written = write_responses(path, rows, [(u.name, u.code) for u in chosen], codes)
    _say(f"written in {time.perf_counter() - started:.1f} s; reference, then chiso")
    expected, ref_s, ref_mb = isolated.run(reference, path, written, codes)
    steps = [Step("DuckDB by hand (read, map, check, count)", ref_s, ref_mb, expected, None)]
    (counts, stages), ours_s, ours_mb = isolated.run(_chiso_import, path, round.pk, setup=_django)
    steps.append(Step("chiso import_responses", ours_s, ours_mb, counts, counts == expected))
    return Figures(rows, steps, stages, ours_s / ref_s)


def write_responses(
    path: Path, rows: int, units: list[tuple[str, str]], codes: list[str]
) -> list[tuple[str, str | None]]:
    """The generated file; returns each unit text it writes with the code it names (None for
    the unknown one)."""
    import duckdb

    from chiso.vietnamese.text import strip_accents

    texts = [(name, code) for name, code in units]
    texts += [(strip_accents(name), code) for name, code in units]
    texts += [(name.upper(), code) for name, code in units]
    texts.append(("Đơn vị không có", None))
    words = [w for w, _level in LABELS]
    names = ", ".join(_literal(t) for t, _c in texts)
    labels = ", ".join(_literal(w) for w in words)
    known = len(texts) - 1

    def answer(k: int) -> str:
        h = f"hash(i * 31 + {k}) % 1000"
        return f"""CASE
            WHEN {h} < 600 THEN ((hash(i + {k}) % 5) + 1)::VARCHAR
            WHEN {h} < 940 THEN [{labels}][(hash(i * 7 + {k}) % {len(words)})::INT + 1]
            WHEN {h} < 999 THEN ''
            WHEN hash(i * 13 + {k}) % 40 = 0 THEN 'Tốt'
            ELSE '4' END"""

    unit = (
        f"CASE WHEN hash(i * 3) % 5000 = 0 THEN {_literal(texts[-1][0])} "
        f"ELSE [{names}][(hash(i) % {known})::INT + 1] END"
    )
    day = """CASE WHEN hash(i * 5) % 20000 = 0 THEN '31/02/2026'
        WHEN i % 2 = 0 THEN strftime(DATE '2026-01-01' + (i % 300)::INT, '%d/%m/%Y')
        ELSE strftime(DATE '2026-01-01' + (i % 300)::INT, '%Y-%m-%d') END"""
    code = (
        "CASE WHEN i % 2000 = 1999 THEN 'HS' || (i - 1) WHEN i % 10 = 3 THEN '' ELSE 'HS' || i END"
    )
    comment = "CASE WHEN i % 20 = 0 THEN 'Cán bộ hướng dẫn tận tình, chờ hơi lâu' ELSE '' END"
    columns = [
        f'{unit} AS "Đơn vị"',
        f'{day} AS "Ngày khảo sát"',
        f'{code} AS "Mã hồ sơ"',
        *(f"{answer(k)} AS {_quoted(c)}" for k, c in enumerate(codes)),
        f'{comment} AS "Ý kiến khác"',
    ]
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(
            f"COPY (SELECT {', '.join(columns)} FROM range({rows}) t(i)) "
            f"TO {_literal(str(path))} (HEADER, DELIMITER ',')"
        )
    return texts


def reference(path: Path, units: list[tuple[str, str | None]], codes: list[str]) -> tuple:
    """(rows, accepted, rejected) by hand: one reading of the CSV into a table of typed rows,
    the answers mapped to levels through a MAP of the spellings written here, the units
    through a table of the names, the dates parsed in the two forms; then the bad rows and
    the repeated dossier codes (the first good row of a code kept) counted."""
    import duckdb

    spellings = {**{str(n): n for n in range(1, 6)}, **dict(LABELS)}
    levels = "MAP {" + ", ".join(f"{_literal(w)}: {n}" for w, n in spellings.items()) + "}"
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.execute("CREATE TABLE units (written VARCHAR, unit_code VARCHAR)")
        con.executemany("INSERT INTO units VALUES (?, ?)", [(t, c) for t, c in units if c])
        trimmed = ", ".join(  # an empty field reads NULL: blank
            f"coalesce(trim({_quoted(c)}), '') AS a{i}" for i, c in enumerate(codes)
        )
        mapped = ", ".join(f"{levels}[a{i}] AS l{i}" for i in range(len(codes)))
        written = ", ".join(f"a{i}" for i in range(len(codes)))
        wrong = " OR ".join(f"(a{i} <> '' AND l{i} IS NULL)" for i in range(len(codes)))
        con.execute(
            f"""CREATE TABLE checked AS
            SELECT code, unit, day, {", ".join(f"l{i}" for i in range(len(codes)))},
                   unit IS NULL OR day IS NULL OR {wrong} AS bad
            FROM (
                SELECT code, unit_code AS unit, {mapped}, {written},
                    coalesce(try_strptime(d, '%d/%m/%Y'), try_strptime(d, '%Y-%m-%d'))::DATE
                        AS day
                FROM (SELECT coalesce(trim("Mã hồ sơ"), '') AS code, trim("Đơn vị") AS u,
                             trim("Ngày khảo sát") AS d, {trimmed}
                      FROM read_csv({_literal(str(path))}, header = true, all_varchar = true))
                LEFT JOIN units ON units.written = u)"""
        )
        rows, bad, repeated = con.execute(
            """SELECT count(*), count(*) FILTER (bad),
                      count(*) FILTER (NOT bad AND code <> '')
                      - count(DISTINCT code) FILTER (NOT bad AND code <> '')
               FROM checked"""
        ).fetchone()
    return rows, rows - bad - repeated, bad + repeated


def _chiso_import(path: Path, round_id: int) -> tuple:
    from chiso.surveys.models import SurveyRound
    from chiso.surveys.response_import import import_responses

    round = SurveyRound.objects.select_related("questionnaire").get(pk=round_id)
    marks: list[tuple[str, float]] = []

    def progress(stage: str, done: float) -> None:
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter()))

    result = import_responses(path, round, skip_invalid=True, progress=progress)
    marks.append(("", time.perf_counter()))
    stages = [(s, t2 - t1) for (s, t1), (_s, t2) in itertools.pairwise(marks)]
    return (result.rows, result.accepted, result.rejected), stages


def _django() -> None:
    """The child's set-up: Django on the scratch database the parent made, and the modules
    the import uses, so that its time is measured after its imports as the reference's is."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiso.settings")
    django.setup()
    import duckdb  # noqa: F401

    from chiso.surveys import indices, response_import  # noqa: F401


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _say(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def print_figures(figures: Figures, print_table) -> None:
    rows = [
        (
            step.label,
            f"{step.seconds:.2f}",
            f"{step.peak_mb:,.0f}",
            *(f"{n:,}" for n in step.counts),
            "reference" if step.agrees is None else "yes" if step.agrees else "NO",
        )
        for step in figures.steps
    ]
    headers = ("step", "seconds", "peak MB", "rows", "accepted", "rejected", "agrees")
    print_table(
        f"Survey responses: {figures.rows:,} rows × 22 criteria, CSV (each step in a fresh "
        f"process); chiso ÷ reference = {figures.ratio:.2f} (goal ≤ 2)",
        headers,
        rows,
    )
    print("  chiso's stages: " + ", ".join(f"{s} {t:.2f} s" for s, t in figures.stages))


def main() -> None:
    import tempfile

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from bench.run import _print_table
    from bench.scratch import scratch_database

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    with scratch_database() as _vendor:
        from django.utils import timezone

        from bench import province

        province.build_province(province.SCALES["small"], timezone.localdate())
        with tempfile.TemporaryDirectory(prefix="chiso-bench-surveys-") as work:
            print_figures(measure_survey_import(Path(work), rows), _print_table)


if __name__ == "__main__":
    main()
