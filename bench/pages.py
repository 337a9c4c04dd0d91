"""Server time and SQL queries of the main pages, in process with `django.test.Client`.

Each page's median is divided by the median of a trivial logged-in page (`bench/urls.py`)
timed in the same rounds, so the ratio says what a page costs beyond the request frame
(session, user, middleware) on this machine, whatever the machine. Requests go round the
pages in turn, so that a slow spell of the machine touches every page alike.
"""

import gc
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chiso.lib import fragments
from chiso.tracking.schedule import current_period, ensure_periods

from .province import Province

WARM_UP = 10
COLD_REQUESTS = 5
_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


@dataclass(frozen=True)
class PageFigures:
    user: str
    page: str
    queries: int
    repeated: int  # queries beyond the first of the same shape: the mark of an N+1
    kilobytes: float
    median_ms: float
    p95_ms: float
    ratio: float  # to the bare logged-in response
    blank_ratio: float  # to an empty page of the site (the same frame plus the layout)
    cold_ms: float  # median right after the data changed: nothing cached
    repeated_sql: list[tuple[int, str]] = field(default_factory=list)


def page_urls(province: Province) -> dict[str, str]:
    return {
        "trivial": "/bench/trivial/",
        "blank": "/bench/blank/",
        "home": "/",
        "plan list": "/plans/",
        "plan page": province.provincial_plan.get_absolute_url(),
        "plan floor": f"/bench/plan-floor/{province.provincial_plan.pk}/",
        "unit list": "/units/",
        "unit page": province.officer_unit.get_absolute_url(),
        "progress": current_period(
            ensure_periods(province.provincial_plan), timezone.localdate()
        ).get_absolute_url(),
    }


COORDINATOR_ONLY = {"province dashboard": "/progress/dashboard/"}


def measure_pages(province: Province, requests: int) -> list[PageFigures]:
    """Figures of every page for the coordinator (whole province) and a department's officer."""
    urls = page_urls(province)
    figures = []
    # DEBUG off as in production: no query log on every cursor while timing.
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False):
        figures += _measure_user(
            "coordinator", province.coordinator, {**urls, **COORDINATOR_ONLY}, requests
        )
        figures += _measure_user("officer", province.officer, urls, requests)
    return figures


def _measure_user(label: str, user, urls: dict[str, str], requests: int) -> list[PageFigures]:
    client = Client()
    client.force_login(user)
    for _ in range(WARM_UP):
        for url in urls.values():
            _get(client, url)
    counted = {}
    for page, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = _get(client, url)
        shapes = Counter(_LITERALS.sub("?", query["sql"]) for query in captured)
        repeated = sorted(((n - 1, sql) for sql, n in shapes.items() if n > 1), reverse=True)
        counted[page] = (len(captured), repeated, len(response.content) / 1024)
    times: dict[str, list[float]] = {page: [] for page in urls}
    gc.collect()
    for _ in range(requests):
        for page, url in urls.items():
            started = time.perf_counter()
            _get(client, url)
            times[page].append((time.perf_counter() - started) * 1000)
    cold: dict[str, list[float]] = {page: [] for page in urls}
    for _ in range(COLD_REQUESTS):
        for page, url in urls.items():
            cache.clear()
            fragments.clear()  # every row rendered again
            started = time.perf_counter()
            _get(client, url)
            cold[page].append((time.perf_counter() - started) * 1000)
    reference = statistics.median(times["trivial"])
    blank = statistics.median(times["blank"])
    figures = []
    for page, values in times.items():
        queries, repeated, kilobytes = counted[page]
        median = statistics.median(values)
        figures.append(
            PageFigures(
                user=label,
                page=page,
                queries=queries,
                repeated=sum(n for n, _sql in repeated),
                kilobytes=kilobytes,
                median_ms=median,
                p95_ms=_p95(values),
                ratio=median / reference,
                blank_ratio=median / blank,
                cold_ms=statistics.median(cold[page]),
                repeated_sql=repeated,
            )
        )
    return figures


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return response


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
