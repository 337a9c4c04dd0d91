"""The hook through which writes report the plans whose kept figures must be recomputed.

`chiso.tracking` registers the refresher (`chiso.tracking.summaries.refresh_plans`) when it
loads, since the figures depend on progress; the writes call `plans_changed`. Inside
`deferred()` each plan is refreshed once, at the end of the block, in its transaction.
"""

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction

_refresher: list[Callable[[Iterable[int]], None]] = []
_pending: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "kept_pending", default=None
)


def register(refresher: Callable[[Iterable[int]], None]) -> None:
    _refresher[:] = [refresher]


def plans_changed(plan_ids: Iterable[int]) -> None:
    """Recompute the plans' kept figures now, or at the end of the `deferred()` block."""
    ids = set(plan_ids)
    pending = _pending.get()
    if pending is not None:
        pending |= ids
    elif ids and _refresher:
        _refresher[0](ids)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Refresh each plan once, when the block ends, however many of its rows the block
    writes (an import, a cascade, the demo); block and refresh share one transaction."""
    if _pending.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        with transaction.atomic():
            yield
            _pending.reset(token)
            token = None
            plans_changed(pending)
    finally:
        if token is not None:
            _pending.reset(token)
