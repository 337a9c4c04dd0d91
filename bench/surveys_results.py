"""A survey round's indices and results pages over the responses `surveys_import` stored.

- **indices**: `chiso.surveys.indices.compute` (every criterion, component and index of every
  unit, block and the province, with the Wilson interval) against one hand-written DuckDB
  query over the same Parquet files computing the units' criteria, components, index and
  interval (one scan counting each criterion per unit, as one writes it for 22 known codes;
  its component n is approximate, its index n counts every response); `compute` adds up the
  counts each import stored beside its rows, so it is measured a second time with those set
  aside, counting the rows as the hand-written query does; then `refresh_round` (compute and
  the write of the rows to the database).
  Goal: compute ≤ 2 × the hand-written query, counting the rows.
- **pages**: the results page and a unit's results page for the coordinator, p95 of the server
  time against the empty page of the site (`bench/urls.py`), in turn. Goal: ≤ 3 ×.
"""

import gc
import statistics
import time
from dataclasses import dataclass

REPEATS = 5


@dataclass(frozen=True)
class Figures:
    responses: int
    hand_s: float
    compute_s: float  # adding up the stored counts
    counting_s: float  # counting the rows
    refresh_s: float
    rows: int
    pages: list[tuple[str, float, float, float]]  # page, median ms, p95 ms, p95 ÷ blank p95


def measure_survey_results(round_code: str, user, requests: int) -> Figures:
    import duckdb
    from django.conf import settings

    from chiso.surveys.indices import compute, refresh_round
    from chiso.surveys.models import SurveyRound
    from chiso.surveys.store import ResponseStore

    round = SurveyRound.objects.select_related("questionnaire").get(code=round_code)
    files = ResponseStore().files(round)
    config = {"memory_limit": settings.CHISO_DUCKDB_MEMORY}
    with duckdb.connect(config=config) as con:
        responses = con.execute(f"SELECT count(*) FROM read_parquet({files!r})").fetchone()[0]
    hand = _best(lambda: _hand_written(files, config))
    rows = []

    def ours():
        with duckdb.connect(config=config) as con:
            rows[:] = compute(con, round)

    computed = _best(ours)
    counting = _best(lambda: _without_counts(round, ours))
    refreshed = _best(lambda: refresh_round(round))
    unit = round.units.order_by("unit__path").first().unit_id
    pages = _pages(
        user,
        {
            "results": f"/surveys/rounds/{round.code}/results/",
            "unit results": f"/surveys/rounds/{round.code}/results/{unit}/",
        },
        requests,
    )
    return Figures(responses, hand, computed, counting, refreshed, len(rows), pages)


def _without_counts(round, work) -> None:
    """Run `work` with the round's stored counts set aside (renamed, then put back)."""
    from pathlib import Path

    from chiso.surveys.store import ResponseStore

    paths = [Path(f) for f in ResponseStore().files(round, "counts")]
    for path in paths:
        path.rename(path.with_suffix(".aside"))
    try:
        work()
    finally:
        for path in paths:
            path.with_suffix(".aside").rename(path)


def _hand_written(files: list[str], config: dict) -> int:
    """The units' 22 criteria, 5 components and index with their Wilson interval, as one
    would write it by hand for SIPAS: one scan counting each criterion's answers per unit,
    then the shares, the components' means and the index's, and the bounds."""
    import duckdb

    z = 1.959963984540054
    codes = [
        f"SIPAS.{c}.{k}" for c, n in enumerate((4, 5, 6, 3, 4), start=1) for k in range(1, n + 1)
    ]
    counts = ", ".join(
        f'count(*) FILTER (WHERE "{code}" BETWEEN 1 AND 5) AS "n{code}", '
        f'count(*) FILTER (WHERE "{code}" >= 4) AS "s{code}"'
        for code in codes
    )
    shares = " UNION ALL ".join(
        f"""SELECT unit, '{code}' AS code, '{code[:7]}' AS component, "n{code}" AS n,
            "s{code}" / "n{code}" AS p FROM counts WHERE "n{code}" > 0"""
        for code in codes
    )
    wilson = (
        "(p + {z2} / (2 * n) {op} {z} * sqrt(p * (1 - p) / n + {z2} / (4 * n * n)))"
        " / (1 + {z2} / n)"
    )
    low = wilson.format(z=z, z2=z * z, op="-")
    high = wilson.format(z=z, z2=z * z, op="+")
    sql = f"""
    WITH counts AS (SELECT unit, count(*) AS m, {counts}
                    FROM read_parquet({files!r}) GROUP BY unit),
    criteria AS ({shares}),
    components AS (SELECT unit, component AS code, max(n) AS n, avg(p) AS p
                   FROM criteria GROUP BY ALL),
    units AS (SELECT unit, 'SIPAS' AS code, any_value(m) AS n, avg(p) AS p
              FROM components JOIN counts USING (unit) GROUP BY unit),
    everything AS (SELECT unit, code, n, p FROM criteria
                   UNION ALL SELECT * FROM components UNION ALL SELECT * FROM units)
    SELECT count(*), sum({low}), sum({high}) FROM everything"""
    with duckdb.connect(config=config) as con:
        return con.execute(sql).fetchone()[0]


def _best(work) -> float:
    times = []
    for _ in range(REPEATS):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _pages(user, urls: dict[str, str], requests: int) -> list[tuple[str, float, float, float]]:
    from django.test import Client, override_settings

    urls = {"blank": "/bench/blank/", **urls}
    times: dict[str, list[float]] = {page: [] for page in urls}
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False):
        client = Client()
        client.force_login(user)
        for url in urls.values():  # warm up
            for _ in range(5):
                if client.get(url).status_code != 200:
                    raise RuntimeError(f"{url}: not 200")
        gc.collect()
        for _ in range(requests):
            for page, url in urls.items():
                started = time.perf_counter()
                client.get(url)
                times[page].append((time.perf_counter() - started) * 1000)
    blank = _p95(times["blank"])
    return [
        (page, statistics.median(values), _p95(values), _p95(values) / blank)
        for page, values in times.items()
    ]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def print_figures(figures: Figures) -> None:
    print(f"\nsurvey indices · {figures.responses:,} responses · {figures.rows:,} values")
    print(f"  {'hand-written DuckDB query (units only)':<44} {figures.hand_s:8.2f} s")
    ratio = figures.counting_s / figures.hand_s
    label = "chiso compute, counting the rows"
    print(f"  {label:<44} {figures.counting_s:8.2f} s  ×{ratio:.2f}")
    ratio = figures.compute_s / figures.hand_s
    label = "chiso compute, adding the stored counts"
    print(f"  {label:<44} {figures.compute_s:8.2f} s  ×{ratio:.2f}")
    ratio = figures.refresh_s / figures.hand_s
    print(f"  {'chiso refresh_round (and the write)':<44} {figures.refresh_s:8.2f} s  ×{ratio:.2f}")
    print("  goal: compute ≤ 2 × the hand-written query, counting the rows")
    print(f"\nsurvey pages (coordinator) {'median ms':>12} {'p95 ms':>8} {'p95 ÷ blank':>12}")
    for page, median, p95, ratio in figures.pages:
        print(f"  {page:<24} {median:12.1f} {p95:8.1f} {ratio:12.2f}")
    print("  goal: p95 ≤ 3 × the empty page")
