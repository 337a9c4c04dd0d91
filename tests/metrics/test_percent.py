"""One rounding rule for a value: `percent` in Python and `percent_sql` in DuckDB agree digit
for digit, halves rounded up."""

from decimal import ROUND_HALF_UP, Decimal

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.indicators.catalog import percent, percent_sql

PAIRS = st.integers(1, 10**9).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d)))


@settings(deadline=None)  # no timing in tests: a loaded machine is slow, not wrong
@given(st.lists(PAIRS, min_size=1, max_size=50))
def test_python_and_sql_round_alike(pairs):
    exact = [
        (Decimal(100 * n) / Decimal(d)).quantize(Decimal("0.01"), ROUND_HALF_UP) for n, d in pairs
    ]
    assert [percent(n, d) for n, d in pairs] == exact
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t (i INTEGER, n BIGINT, d BIGINT)")
        con.executemany("INSERT INTO t VALUES (?, ?, ?)", [(i, *p) for i, p in enumerate(pairs)])
        sql = f"SELECT {percent_sql('n', 'd')} FROM t ORDER BY i"
        assert [row[0] for row in con.execute(sql).fetchall()] == exact


def test_halves_round_up_and_nothing_to_count():
    assert percent(1, 32) == Decimal("3.13")  # 3.125
    assert percent(2469, 20000) == Decimal("12.35")  # 12.345, not exact in binary
    assert percent(0, 0) is None
