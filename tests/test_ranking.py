"""The one ranking rule: higher first, ties share a rank, the next rank skips, no value no
rank."""

from decimal import Decimal

import pytest

from chiso.lib.ranking import ranked


@pytest.mark.parametrize(
    ("values", "ranks"),
    [
        ([90, 80, 80, 70], [1, 2, 2, 4]),
        ([50, 50, 50], [1, 1, 1]),
        ([None, 70, 90], [1, 2, None]),
        ([Decimal("82.10"), Decimal("82.1"), Decimal("82.09")], [1, 1, 3]),
        ([], []),
    ],
)
def test_ranks(values, ranks):
    found = ranked(list(enumerate(values)), lambda item: item[1])
    assert [rank for _item, rank in found] == ranks


def test_entries_without_a_value_are_listed_last_in_their_order():
    found = ranked(["b", "a", "c"], lambda name: {"a": 1}.get(name))
    assert found == [("a", 1), ("b", None), ("c", None)]
