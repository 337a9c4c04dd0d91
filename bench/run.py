"""`make bench`: build a scratch province, run every benchmark on it and print their tables.

    .venv/bin/python bench/run.py [--scale small|large] [--requests N] [--database-url URL]
        [--dossier-rows N,…] [--xlsx-rows N] [--survey-rows N] [--report-units N]

Figures are ratios to references measured in the same run; nothing here passes or fails.
"""

import argparse
import os
import platform
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    sys.path.insert(0, str(ROOT))  # `bench.urls` must import as a module of the project
    from bench.scratch import scratch_database

    started = time.perf_counter()
    with scratch_database(args.database_url) as vendor:
        import django
        from django.utils import timezone

        from bench import (
            importing,
            indicators,
            matching,
            pages,
            province,
            reports,
            surveys_import,
            surveys_results,
            write_load,
        )

        built = province.build_province(province.SCALES[args.scale], timezone.localdate())
        print(
            f"chiso bench · scale {args.scale} · {vendor} · Django {django.get_version()} · "
            f"Python {platform.python_version()} · {args.requests} requests per page\n"
            f"province: {built.units:,} units, {built.plans:,} plans, {built.tasks:,} tasks, "
            f"{built.coordinator_links:,} coordinator links, {built.updates:,} progress updates; "
            f"built in {built.seconds:.1f} s; "
            f"plan page: {built.provincial_plan.tasks.count()} tasks"
        )
        figures = pages.measure_pages(built, args.requests)
        _print_pages(figures, args.queries)
        _print_write_load(write_load.measure_write_load(built, args.requests), vendor)
        _print_matching(matching.measure_matching())
        _print_importing(*importing.measure_importing(Path(os.environ["CHISO_DATA_DIR"])))
        if args.dossier_rows:
            _print_indicators(
                indicators.measure_indicators(
                    Path(os.environ["CHISO_DATA_DIR"]),
                    args.dossier_rows,
                    args.xlsx_rows,
                    args.pandas_up_to,
                )
            )
        if args.survey_rows:
            work = Path(os.environ["CHISO_DATA_DIR"]) / "bench-surveys"
            figures = surveys_import.measure_survey_import(work, args.survey_rows)
            surveys_import.print_figures(figures, _print_table)
            surveys_results.print_figures(
                surveys_results.measure_survey_results(
                    "sipas-2026", built.coordinator, args.requests
                )
            )
        if args.report_units:  # last: it adds units to the province
            reports.print_figures(reports.measure_reports(built, args.report_units))
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        choices=["small", "large"],
        default="small",
        help="small: ~300 units, 4,000 tasks (seconds); large: ~3,000 units, 150,000 tasks",
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument(
        "--database-url",
        help="run on PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/chiso_bench: the "
        "database (its name must contain 'bench') is created and dropped by the run",
    )
    parser.add_argument(
        "--queries", action="store_true", help="print the repeated SQL of each page"
    )
    parser.add_argument(
        "--dossier-rows",
        type=lambda text: [int(n) for n in text.split(",") if n],
        default=[1_000_000, 10_000_000],
        help="sizes of the generated dossier exports (CSV), comma-separated; empty: none",
    )
    parser.add_argument(
        "--xlsx-rows", type=int, default=1_000_000, help="rows of the generated .xlsx (0: none)"
    )
    parser.add_argument(
        "--survey-rows",
        type=int,
        default=int(os.environ.get("CHISO_BENCH_SURVEY_ROWS", "1000000")),
        help="rows of the generated file of survey responses (0: none; default "
        "$CHISO_BENCH_SURVEY_ROWS or 1,000,000)",
    )
    parser.add_argument(
        "--report-units",
        type=int,
        default=3000,
        help="submitted reports the province compiles (0: none)",
    )
    parser.add_argument(
        "--pandas-up-to",
        type=int,
        default=10_000_000,
        help="run the pandas reference on exports up to this size (10M rows needs ~11 GB)",
    )
    return parser


def _print_pages(figures, show_queries: bool) -> None:
    rows = [
        (
            f.user,
            f.page,
            f.queries,
            f.repeated or "",
            f"{f.kilobytes:.0f}",
            f"{f.median_ms:.2f}",
            f"{f.p95_ms:.2f}",
            f"{f.ratio:.1f}",
            f"{f.blank_ratio:.1f}",
            f"{f.cold_ms:.1f}",
        )
        for f in figures
    ]
    headers = (
        "user",
        "page",
        "queries",
        "repeated",
        "KB",
        "median ms",
        "p95 ms",
        "× trivial",
        "× blank",
        "cold ms",
    )
    _print_table(
        "Pages (server time in process; ratios = median / the median of the bare logged-in "
        "response (trivial) and of an empty page of the site (blank))",
        headers,
        rows,
    )
    if show_queries:
        for f in figures:
            for extra, sql in f.repeated_sql:
                print(f"  {f.user} · {f.page}: {extra + 1}× {sql[:300]}")


def _print_write_load(figures, vendor: str) -> None:
    rows = [
        (
            f.page,
            f"{f.median_ms:.2f}",
            f"{f.p95_ms:.2f}",
            f"{f.p95_ratio:.1f}",
            "≤ 3",
            f"{f.cold_ms:.1f}",
            f"{f.cold_ratio:.1f}",
            "≤ 5",
        )
        for f in figures
    ]
    writes = figures[0].writes if figures else 0
    _print_table(
        f"Reporting week on {vendor} (coordinator; one update submitted and one approved every "
        f"10 requests, {writes:,} writes; ratios to the empty page (blank) in the same rounds)",
        ("page", "median ms", "p95 ms", "p95 × blank", "goal", "cold ms", "cold × blank", "goal"),
        rows,
    )


def _print_matching(figures) -> None:
    rows = []
    for f in figures:
        per = "build" in f.what
        scale, unit = (1e3, "ms") if per else (1e6, "µs")
        rows.append(
            (
                f.what,
                f.count,
                "" if f.found is None else f"{f.found:.0%}",
                f"{f.seconds * scale:.1f} {unit}",
                f"{f.reference_seconds * scale:.2f} {unit}",
                f"{f.ratio:,.0f}",
            )
        )
    headers = ("unit matching", "n", "found", "time each", "dict of search_key", "ratio")
    _print_table("Unit matching (ratio = UnitMatcher / dict of search_key)", headers, rows)


def _print_indicators(figures) -> None:
    rows = [
        (
            step.export,
            step.label,
            f"{step.seconds:.2f}",
            f"{step.peak_mb:,.0f}",
            f"{step.values:,}",
            "reference" if step.agrees is None else "yes" if step.agrees else "NO",
        )
        for step in figures.steps
    ]
    headers = ("export", "step", "seconds", "peak MB", "values", "agrees")
    _print_table(
        "Service indicators (each step in a fresh process; values: unit × period × indicator)",
        headers,
        rows,
    )
    rows = [(what, f"{ratio:.2f}", goal) for what, ratio, goal in figures.ratios]
    _print_table("Ratios", ("ratio", "value", "goal"), rows)


def _print_importing(figures, rate) -> None:
    rows = [
        (
            f.what,
            f.tasks,
            f"{f.seconds * 1e3:.1f}",
            f"{f.reference_seconds * 1e3:.1f}",
            f"{f.ratio:.1f}",
        )
        for f in figures
    ]
    headers = ("document", "tasks", "read+parse ms", "bare text ms", "ratio")
    _print_table(
        "Plan documents (median of 5; ratio = ours / the library's bare text)", headers, rows
    )
    if rate is None:
        print("no ../shared/corpus: batch not measured")
    else:
        print(f"batch of 200 corpus documents: {rate:.1f} documents per second")


def _print_table(title: str, headers: Sequence[str], rows: list[Sequence]) -> None:
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    left = {0, 1} if headers[0] == "user" else {0}

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.ljust(width) if i in left else value.rjust(width)
            for i, (value, width) in enumerate(zip(values, widths, strict=True))
        )

    print(f"\n{title}\n{line(headers)}\n{'  '.join('-' * width for width in widths)}")
    for row in cells:
        print(line(row))


if __name__ == "__main__":
    main()
