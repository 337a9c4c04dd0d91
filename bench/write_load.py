"""Reporting week: pages timed while progress is written, as officers and leaders do it.

For every ten page requests one update is submitted and one approved, each of a task picked
at random over every unit of the province (through `chiso.tracking.actions`, as the pages do,
so the summary rows are refreshed in the write's transaction). Each page's p95 under this load
is divided by the p95 of an empty page of the site timed in the same rounds; the first request
of each page after a write ("cold") by the empty page's median.
"""

import random
import statistics
import time
from dataclasses import dataclass

from django.test import Client, override_settings

from chiso.tracking import actions
from chiso.tracking.models import ProgressUpdate, UpdateState

from .pages import COORDINATOR_ONLY, _get, _p95, page_urls
from .province import Province

WRITES_EVERY = 10  # page requests per pair of writes (one submitted, one approved)
SAMPLE = 5_000


@dataclass(frozen=True)
class LoadFigures:
    page: str
    median_ms: float
    p95_ms: float
    p95_ratio: float  # to the empty page's p95 in the same rounds
    cold_ms: float  # median of the first request after a write
    cold_ratio: float  # to the empty page's median
    writes: int


def measure_write_load(province: Province, requests: int, seed: int = 7) -> list[LoadFigures]:
    """Each page `requests` times (coordinator's view) while writes go on."""
    rng = random.Random(seed)
    editable = _sample([UpdateState.DRAFT, UpdateState.RETURNED], rng)
    submitted = _sample([UpdateState.SUBMITTED], rng)
    urls = {**page_urls(province), **COORDINATOR_ONLY}
    urls.pop("trivial")
    client = Client()
    client.force_login(province.coordinator)
    times: dict[str, list[float]] = {page: [] for page in urls}
    cold: dict[str, list[float]] = {page: [] for page in urls}
    writes = served = 0
    dirty: set[str] = set()  # pages not yet requested since the last write
    with override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for url in urls.values():
            _get(client, url)  # warm the process, not the data
        for _round in range(requests):
            for page, url in urls.items():
                if served % WRITES_EVERY == 0 and (editable or submitted):
                    writes += _write(editable, submitted, province)
                    dirty = set(urls)
                started = time.perf_counter()
                _get(client, url)
                elapsed = (time.perf_counter() - started) * 1000
                times[page].append(elapsed)  # every request is under the write load
                if page in dirty:
                    cold[page].append(elapsed)
                dirty.discard(page)
                served += 1
    blank_p95 = _p95(times["blank"])
    blank_median = statistics.median(times["blank"])
    figures = []
    for page, values in times.items():
        first = statistics.median(cold[page]) if cold[page] else float("nan")
        figures.append(
            LoadFigures(
                page=page,
                median_ms=statistics.median(values),
                p95_ms=_p95(values),
                p95_ratio=_p95(values) / blank_p95,
                cold_ms=first,
                cold_ratio=first / blank_median,
                writes=writes,
            )
        )
    return figures


def _sample(states, rng: random.Random) -> list[int]:
    ids = list(ProgressUpdate.objects.filter(state__in=states).values_list("pk", flat=True))
    return rng.sample(ids, min(SAMPLE, len(ids)))


def _write(editable: list[int], submitted: list[int], province: Province) -> int:
    """Submit one update and approve another; returns how many writes were made."""
    made = 0
    if editable:
        update = ProgressUpdate.objects.get(pk=editable.pop())
        values = {
            "status": update.status,
            "percent": min(100, (update.percent or 0) + 10),
            "milestone": update.milestone,
            "narrative": "Đã cập nhật trong tuần báo cáo.",
            "target_values": update.target_values,
        }
        actions.record(update, values, [], province.officer, submit=True)
        submitted.insert(0, update.pk)  # approved later in the run
        made += 1
    if submitted:
        update = ProgressUpdate.objects.select_related("task").get(pk=submitted.pop())
        if update.state == UpdateState.SUBMITTED:
            actions.approve(update, province.coordinator, "Đạt")
            made += 1
    return made
