"""The one ranking rule: higher is better; entries with the same value share a rank and the
next rank skips ("1, 2, 2, 4"); an entry without a value is listed but not ranked."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")


def ranked(
    items: Iterable[T], value: Callable[[T], Decimal | float | None]
) -> list[tuple[T, int | None]]:
    """`items` best first, each with its rank (None for those without a value, listed last
    in the order given)."""
    items = list(items)
    with_value = sorted((i for i in items if value(i) is not None), key=value, reverse=True)
    without = [i for i in items if value(i) is None]
    found: list[tuple[T, int | None]] = []
    previous, rank = None, 0
    for position, item in enumerate(with_value, start=1):
        if value(item) != previous:
            rank, previous = position, value(item)
        found.append((item, rank))
    return found + [(item, None) for item in without]
