"""The hook through which writes report what they changed, so that the figures kept on write
are recomputed and the rows that show it get a new revision token (`chiso.plans.revisions`).

`chiso.tracking` registers the refresher (`chiso.tracking.summaries.refresh_plans`) when it
loads, since the figures depend on progress; the writes call `plans_changed`, naming the
tasks whose rows changed when they know them (a signal on one task), or none, which means
every task of the plans (a bulk write). Inside `deferred()` each plan is refreshed once, at
the end of the block, in its transaction.
"""

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from . import revisions

_refresher: list[Callable[[Iterable[int]], None]] = []


@dataclass
class _Changes:
    plans: set[int] = field(default_factory=set)
    tasks: set[int] = field(default_factory=set)  # rows known to have changed
    whole: set[int] = field(default_factory=set)  # plans all of whose rows may have changed


_pending: contextvars.ContextVar[_Changes | None] = contextvars.ContextVar(
    "kept_pending", default=None
)


def register(refresher: Callable[[Iterable[int]], None]) -> None:
    _refresher[:] = [refresher]


def plans_changed(plan_ids: Iterable[int], tasks: Iterable[int] | None = None) -> None:
    """Recompute the plans' kept figures and renew the rows of `tasks` (None: of every task
    of the plans), now or at the end of the `deferred()` block."""
    changes = _Changes(plans=set(plan_ids))
    if tasks is None:
        changes.whole = set(changes.plans)
    else:
        changes.tasks = set(tasks)
    pending = _pending.get()
    if pending is None:
        _apply(changes)
    else:
        pending.plans |= changes.plans
        pending.tasks |= changes.tasks
        pending.whole |= changes.whole


def _apply(changes: _Changes) -> None:
    if changes.plans and _refresher:
        _refresher[0](changes.plans)
    revisions.touch(changes.tasks)
    revisions.touch_plans(changes.whole)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Refresh each plan once, when the block ends, however many of its rows the block
    writes (an import, a cascade, the demo); block and refresh share one transaction."""
    if _pending.get() is not None:
        yield
        return
    pending = _Changes()
    token = _pending.set(pending)
    try:
        with transaction.atomic():
            yield
            _pending.reset(token)
            token = None
            _apply(pending)
    finally:
        if token is not None:
            _pending.reset(token)
