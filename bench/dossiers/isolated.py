"""Run a function in a fresh process, so that its time and peak memory are its own: not shared
with what the benchmark loaded or freed before.
"""

import multiprocessing
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any


def run(
    fn: Callable[..., Any], *args: Any, setup: Callable[[], None] | None = None
) -> tuple[Any, float, float]:
    """(fn(*args), seconds, peak RSS in MB), measured in a spawned child; `fn` (and `setup`,
    run in the child before the clock starts) must be module-level functions and the
    arguments and result picklable."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=setup) as pool:
        return pool.submit(_measured, fn, *args).result()


def _measured(fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    started = time.perf_counter()
    result = fn(*args)
    seconds = time.perf_counter() - started
    return result, seconds, _peak_mb()


def _peak_mb() -> float:
    """The child's high-water mark of resident memory, interpreter and imports included.

    Linux keeps `ru_maxrss` across the exec that starts a spawned child, so it would report
    the parent's size; VmHWM belongs to the new program alone."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
