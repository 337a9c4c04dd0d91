"""Rendered rows kept in a cache under keys that name everything they show.

A key holds the kind of row, the language, the day the row's states are computed for, the
object's pk and its version (for a task, its revision token, `chiso.plans.revisions`, which
every change to what its row shows renews in the change's transaction). A row rendered
before a change is therefore never served after it; nothing is invalidated or expires
early. A row holds nothing that depends on who looks at it: where a page shows something
to some users only (an edit button), the row keeps it between the marks of `GATE` and the
page cuts it out for the others (`gated`); a row with one such part per unit marks each with
the unit's key (`<!--gate:KEY-->…<!--/gate-->`) and the page keeps those of the units the user
may act for (`gated_keys`).

The rows live in this process's memory, the least recently used dropped beyond `MAX_ROWS`
(~1 KB each): a dict, since a page reads a hundred rows and a cache backend's per-key
cost (pickling, key checks) would be most of the page's time.
"""

import datetime
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Container, Hashable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Safe: a template outputs the marks as they are; they are HTML comments.
GATE = (mark_safe("<!--gate-->"), mark_safe("<!--/gate-->"))
MAX_ROWS = 50_000

_rows: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()


def cached_rows(
    kind: str,
    day: datetime.date,
    versions: dict[int, Hashable | None],
    render: Callable[[list[int]], dict[int, str]],
) -> dict[int, SafeString]:
    """The HTML of each row in `versions` (pk → version; None: not cacheable), from the
    cache or from `render(pks)` for the rows it lacks."""
    prefix = f"{kind}:{get_language()}:{day.isoformat()}"
    keys = {pk: f"{prefix}:{pk}:{v}" for pk, v in versions.items() if v is not None}
    rows = {}
    with _lock:
        for pk, key in keys.items():
            if (html := _rows.get(key)) is not None:
                _rows.move_to_end(key)
                rows[pk] = html
    missing = [pk for pk in versions if pk not in rows]
    if missing:
        fresh = {pk: str(html) for pk, html in render(missing).items()}
        with _lock:
            for pk, html in fresh.items():
                if pk in keys:
                    _rows[keys[pk]] = html
            while len(_rows) > MAX_ROWS:
                _rows.popitem(last=False)
        rows.update(fresh)
    return {pk: mark_safe(html) for pk, html in rows.items()}


def clear() -> None:
    with _lock:
        _rows.clear()


def gated(row: str, shown: bool) -> str:
    """The row with what it holds between the `GATE` marks, or without it when not `shown`
    (the user may not follow it): still safe HTML, as the row was."""
    if shown:
        return row
    start = row.find(GATE[0])
    end = row.find(GATE[1], start)
    return row if start < 0 or end < 0 else row[:start] + row[end + len(GATE[1]) :]


_KEYED = re.compile(r"<!--gate:(\w+)-->.*?<!--/gate-->", re.S)


def gated_keys(row: str, shown: Container[str]) -> SafeString:
    """The row without the keyed parts whose key is not in `shown`."""
    if "<!--gate:" not in row:
        return mark_safe(row)
    return mark_safe(_KEYED.sub(lambda m: m.group(0) if m.group(1) in shown else "", row))
