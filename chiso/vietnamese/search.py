"""Search in short lists that keep no search key of their own (a user's imports): each item's
texts are folded to the accent-free key of `chiso.vietnamese.text.search_key` and must hold
the query's key. Long lists keep a `search_key` column and filter in SQL instead."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from .text import search_key

T = TypeVar("T")


def matching(items: Iterable[T], query: str, texts: Callable[[T], Iterable[str]]) -> list[T]:
    """The items whose texts contain `query` written with or without accents, in order."""
    key = search_key(query)
    if not key:
        return list(items)
    return [item for item in items if key in search_key(" ".join(filter(None, texts(item))))]
