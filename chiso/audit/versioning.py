"""A number that moves whenever tracked data changes, to key caches by.

Every change to a tracked model (plans, tasks, targets, progress, periods, units) writes an
AuditEntry in the same transaction (`recording.track`), so the newest entry's id is a version
of the data: heavy aggregates and long tables are cached under it and are never served after
a change, in any process. Audit entries are never deleted, so a version is never reused.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .models import AuditEntry

T = TypeVar("T")
TIMEOUT = 3600
_MISSING = object()


def data_version(request=None) -> int:
    """The current version; read once per request when `request` is given."""
    if request is not None and hasattr(request, "_data_version"):
        return request._data_version
    version = AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0
    if request is not None:
        request._data_version = version
    return version


def cached(key: str, compute: Callable[[], T], request=None) -> T:
    """`compute()`, kept in the cache until the data changes."""
    full_key = f"chiso:data:{data_version(request)}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def cached_html(key: str, template: str, context: Callable[[], dict], request) -> str:
    """`template` rendered with `context()`, kept until the data changes: a part of a page
    that is the same for everyone `key` covers (per language)."""
    return cached(
        f"{key}:{get_language()}",
        lambda: render_to_string(template, context(), request),
        request,
    )
