"""The indices of a survey round, computed in DuckDB SQL and kept in `SurveyIndex`.

The formulas (`FORMULAS` shows them to users):
- a criterion = answers 4 or 5 ÷ answers 1–5 (no answer and "không áp dụng" not counted);
  n = its answers 1–5;
- a component = the weighted mean of its criteria that have answers (weights per questionnaire
  version, 1 unless set; the plain mean when they all weigh 0); n = the responses answering
  any of its criteria;
- the index (SIPAS) = the weighted mean of its components that have a value (a component of
  weight 0, such as the policy groups, is shown but not counted); n = the responses answering
  any criterion counted;
- a block (khối) and the province: each criterion over the answers of all their units pooled,
  then the same means;
- every value carries the 95 % Wilson score interval over its n (for a component or the
  index, the value read as a share of its n responses); it is marked when n is below the
  target sample (for a block or the province, the sum of their units' targets).

The answers are the round's imported files (Parquet, `store.py`) and its accepted responses
from the public form and the entry page, read together.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import duckdb
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from chiso.metrics.columns import literal
from chiso.metrics.store import table
from chiso.org.models import OrgUnit

from .answers import Component, components
from .models import Level, Response, ReviewState, RoundUnit, Scope, SurveyIndex, SurveyRound
from .store import ResponseStore, quoted

Z = 1.959963984540054  # the 97.5th percentile of the standard normal: a 95 % interval
FORMULAS = {
    Scope.CRITERION: _(
        "Tiêu chí = số câu trả lời “Hài lòng” hoặc “Rất hài lòng” ÷ số câu trả lời từ mức 1 "
        "đến mức 5 (không tính câu bỏ trống và “Không áp dụng”)"
    ),
    Scope.COMPONENT: _(
        "Thành phần = trung bình (có trọng số) của các tiêu chí thuộc thành phần có câu trả lời"
    ),
    Scope.INDEX: _(
        "Chỉ số chung = trung bình (có trọng số) của các thành phần có giá trị; khối và toàn "
        "tỉnh tính trên toàn bộ câu trả lời của các đơn vị"
    ),
}
INTERVAL = _(
    "Khoảng tin cậy 95 % theo phương pháp Wilson trên n phiếu; giá trị được đánh dấu khi n nhỏ "
    "hơn số phiếu cần thu"
)


@dataclass(frozen=True)
class Row:
    level: str
    unit_id: int | None
    block_id: int | None
    scope: str
    code: str
    n: int
    satisfied: float
    value: float  # a share, 0..1
    low: float
    high: float


COUNTS = {  # the counts of a set of responses per unit, which the indices add up
    "unit": "VARCHAR",
    "scope": "VARCHAR",  # Scope: a criterion's, a component's or the index's
    "code": "VARCHAR",  # the criterion's or component's code; '' for the index
    "n": "BIGINT",
    "satisfied": "BIGINT",  # a criterion's answers 4 and 5
}


def count_answers(con: duckdb.DuckDBPyConnection, parts: list[Component], source: str, into: str):
    """Table `into` (columns COUNTS): per unit of `source`, each criterion's answers 1–5 and
    4–5, and the responses answering any criterion of each component and of the index (the
    components of weight > 0). `source` is SQL for rows with `unit` and a rating column per
    criterion of `parts` (the parts of the questionnaire a file has columns for)."""
    aggregates, found = [], []
    for part in parts:
        for c in part.criteria:
            aggregates += [
                f"count(*) FILTER (WHERE {quoted(c.code)} BETWEEN 1 AND 5)",
                f"count(*) FILTER (WHERE {quoted(c.code)} >= 4)",
            ]
            found.append((Scope.CRITERION, c.code))
    for part in parts:
        aggregates += [f"count(*) FILTER (WHERE {_answered(part.criteria)})", "0"]
        found.append((Scope.COMPONENT, part.code))
    every = [c for part in parts if part.weight > 0 for c in part.criteria]
    aggregates += [f"count(*) FILTER (WHERE {_answered(every)})", "0"]
    found.append((Scope.INDEX, ""))
    columns = ", ".join(f"{a} AS x{i}" for i, a in enumerate(aggregates))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE wide_counts AS "
        f"SELECT unit, {columns} FROM {source} GROUP BY unit"
    )
    rows = " UNION ALL ".join(
        f"SELECT unit, {literal(scope)}, {literal(code)}, x{2 * i}, x{2 * i + 1} "
        f"FROM wide_counts WHERE x{2 * i} > 0"
        for i, (scope, code) in enumerate(found)
    )
    columns = ", ".join(f"{name} {kind}" for name, kind in COUNTS.items())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {into} ({columns}); INSERT INTO {into} {rows}")


def compute(con: duckdb.DuckDBPyConnection, round: SurveyRound) -> list[Row]:
    """Every index of `round`, for each unit, block and the province."""
    parts = components(round.questionnaire)
    codes = [c.code for part in parts for c in part.criteria]
    if not codes:
        return []
    counted = _counts(con, round, parts)
    _groups(con, round)
    sums = []
    for i, code in enumerate(codes):
        sums += [
            f"{_sum('n', Scope.CRITERION, code)} AS n{i}",
            f"{_sum('satisfied', Scope.CRITERION, code)} AS s{i}",
        ]
    sums += [f"{_sum('n', Scope.COMPONENT, part.code)} AS m{k}" for k, part in enumerate(parts)]
    sums.append(f"{_sum('n', Scope.INDEX, '')} AS m")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE counts AS
        SELECT g.gkey, g.level, g.unit_id, g.block_id, {", ".join(sums)}
        FROM {counted} u JOIN groups g ON g.unit = u.unit GROUP BY ALL"""
    )
    group = "gkey, level, unit_id, block_id"
    criteria = " UNION ALL ".join(
        f"SELECT {group}, {literal(c.code)} AS code, {literal(part.code)} AS component, "
        f"{c.weight}::DOUBLE AS w, n{i} AS n, s{i}::DOUBLE AS satisfied, s{i} / n{i} AS p "
        f"FROM counts WHERE n{i} > 0"
        for i, (part, c) in enumerate((p, c) for p in parts for c in p.criteria)
    )
    responding = " UNION ALL ".join(
        f"SELECT {group}, {literal(part.code)} AS component, {part.weight}::DOUBLE AS w, "
        f"m{k} AS n FROM counts"
        for k, part in enumerate(parts)
    )
    index = literal(round.questionnaire.index_code)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE criterion_values AS {criteria};
        CREATE OR REPLACE TEMP TABLE component_values AS
            SELECT gkey, c.level, c.unit_id, c.block_id, c.component AS code, r.w, r.n,
                   CASE WHEN sum(c.w) > 0 THEN sum(c.w * c.p) / sum(c.w) ELSE avg(c.p) END AS p
            FROM criterion_values c JOIN ({responding}) r USING (gkey, component)
            GROUP BY ALL;
        CREATE OR REPLACE TEMP TABLE index_values AS
            SELECT gkey, v.level, v.unit_id, v.block_id, {index} AS code, any_value(counts.m) AS n,
                   sum(v.w * v.p) / sum(v.w) AS p
            FROM component_values v JOIN counts USING (gkey)
            WHERE v.w > 0 GROUP BY ALL;
        CREATE OR REPLACE TEMP TABLE indices AS
        WITH found AS (
            SELECT {group}, 'criterion' AS scope, code, n, satisfied, p FROM criterion_values
            UNION ALL SELECT {group}, 'component', code, n, p * n, p FROM component_values
            UNION ALL SELECT {group}, 'unit', code, n, p * n, p FROM index_values)
        SELECT *, {_wilson(-1)} AS low, {_wilson(+1)} AS high FROM found"""
    )
    return [Row(*row) for row in con.execute(f"SELECT {_ROW} FROM indices").fetchall()]


_ROW = "level, unit_id, block_id, scope, code, n, satisfied, p, low, high"


def _answered(criteria: Iterable) -> str:
    return " OR ".join(f"{quoted(c.code)} BETWEEN 1 AND 5" for c in criteria) or "false"


def _wilson(sign: int) -> str:
    """SQL for a bound of the Wilson score interval of share `p` over `n`."""
    z2 = Z * Z
    op = "+" if sign > 0 else "-"
    return (
        f"(p + {z2} / (2 * n) {op} {Z} * sqrt(p * (1 - p) / n + {z2} / (4 * n * n)))"
        f" / (1 + {z2} / n)"
    )


def wilson(p: float, n: int) -> tuple[float, float]:
    """The same interval in Python, for the values the pages compute from counts."""
    z2 = Z * Z
    centre, half = p + z2 / (2 * n), Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - half) / (1 + z2 / n), (centre + half) / (1 + z2 / n)


def _sum(column: str, scope: str, code: str) -> str:
    chosen = f"scope = {literal(scope)} AND code = {literal(code)}"
    return f"coalesce(sum({column}) FILTER (WHERE {chosen}), 0)"


def _counts(con: duckdb.DuckDBPyConnection, round: SurveyRound, parts: list[Component]) -> str:
    """SQL for the counts (COUNTS) of every counted response of the round: those stored with
    its imports, those of its files stored without them, and those of its accepted responses
    in the database (loaded into table `typed_in`)."""
    store = ResponseStore()
    codes = [c.code for part in parts for c in part.criteria]
    found = Response.objects.filter(round=round, state=ReviewState.ACCEPTED).values_list(
        "unit__code", "answers"
    )
    rows = [(unit, *[_level(answers.get(code)) for code in codes]) for unit, answers in found]
    table(
        con, "typed_in", {"unit": "VARCHAR", **{quoted(code): "UTINYINT" for code in codes}}, rows
    )
    sources = ["typed_in"]
    uncounted = store.uncounted(round)
    if uncounted:
        sources.append(store.source(round, codes, uncounted))
    counted = []
    for k, source in enumerate(sources):
        count_answers(con, parts, source, f"counted_{k}")
        counted.append(f"SELECT * FROM counted_{k}")
    stored = store.counts_source(round)
    if stored:
        counted.append(f"SELECT {', '.join(COUNTS)} FROM {stored}")
    return f"({' UNION ALL '.join(counted)})"


def _level(value) -> int | None:
    return value if isinstance(value, int) and 0 <= value <= 5 else None


def _groups(con: duckdb.DuckDBPyConnection, round: SurveyRound) -> None:
    """Table `groups`: each unit code of the round's answers with the groups it counts in: the
    unit itself, its block, the province."""
    rows = []
    for pk, code, block in OrgUnit.objects.values_list("pk", "code", "peer_group_id"):
        rows.append((code, f"u{pk}", Level.UNIT, pk, None))
        if block:
            rows.append((code, f"b{block}", Level.BLOCK, None, block))
        rows.append((code, "p", Level.PROVINCE, None, None))
    columns = {
        "unit": "VARCHAR",
        "gkey": "VARCHAR",
        "level": "VARCHAR",
        "unit_id": "BIGINT",
        "block_id": "BIGINT",
    }
    table(con, "groups", columns, rows)


def refresh_round(round: SurveyRound) -> None:
    """Recompute and store every index of `round` (one transaction)."""
    started = timezone.now()
    con = duckdb.connect(config={"memory_limit": settings.CHISO_DUCKDB_MEMORY})
    try:
        rows = compute(con, round)
    finally:
        con.close()
    targets = _targets(round)
    with transaction.atomic():
        SurveyIndex.objects.filter(round=round).delete()
        SurveyIndex.objects.bulk_create(
            [_stored(round, row, targets) for row in rows], batch_size=2000
        )
        SurveyRound.objects.filter(pk=round.pk).update(indices_at=started)
    round.indices_at = started


def _targets(round: SurveyRound) -> dict[tuple[str, int | None, int | None], int]:
    """The target sample of each unit, block and the province (sums of their units')."""
    found: dict[tuple[str, int | None, int | None], int] = {}
    for unit, block, target in RoundUnit.objects.filter(
        round=round, target__isnull=False
    ).values_list("unit_id", "unit__peer_group_id", "target"):
        found[(Level.UNIT, unit, None)] = target
        if block:
            key = (Level.BLOCK, None, block)
            found[key] = found.get(key, 0) + target
        key = (Level.PROVINCE, None, None)
        found[key] = found.get(key, 0) + target
    return found


def _stored(round: SurveyRound, row: Row, targets: dict) -> SurveyIndex:
    target = targets.get((row.level, row.unit_id, row.block_id))
    return SurveyIndex(
        round=round,
        level=row.level,
        unit_id=row.unit_id,
        block_id=row.block_id,
        scope=row.scope,
        code=row.code,
        n=row.n,
        satisfied=_hundredths(row.satisfied),
        value=_hundredths(100 * row.value),
        low=_hundredths(100 * row.low),
        high=_hundredths(100 * row.high),
        below_target=target is not None and row.n < target,
    )


def _hundredths(number: float) -> Decimal:
    return Decimal(repr(number)).quantize(Decimal("0.01"))


def note_change(round: SurveyRound) -> None:
    """The round's responses changed: mark it and have the worker recompute its indices once
    the change is committed (`tasks.refresh_indices`)."""
    now = timezone.now()
    SurveyRound.objects.filter(pk=round.pk).update(changed_at=now)
    round.changed_at = now
    transaction.on_commit(lambda: refresh_indices.enqueue(round.pk))


@task()
def refresh_indices(round_id: int) -> None:
    """Background task: recompute a round's indices unless they are already newer than its
    last change (several changes queue several runs; the first does the work)."""
    round = SurveyRound.objects.select_related("questionnaire").filter(pk=round_id).first()
    if round is not None and is_stale(round):
        refresh_round(round)


def is_stale(round: SurveyRound) -> bool:
    """True while responses newer than the indices wait for the worker."""
    return round.changed_at is not None and (
        round.indices_at is None or round.changed_at > round.indices_at
    )


def indices_json(round: SurveyRound, unit_codes: set[str]) -> list[dict]:
    """The stored indices of `unit_codes` in `round`, as `import-responses --json` prints
    them: unit, scope, code, n, satisfied, value (%); the index's own criteria and
    components (not those of weight 0, such as the policy groups)."""
    order: dict[str, int] = {round.questionnaire.index_code: 0}
    for part in components(round.questionnaire):
        if part.weight > 0:
            order[part.code] = len(order)
            order.update({c.code: len(order) + k for k, c in enumerate(part.criteria)})
    found = (
        SurveyIndex.objects.filter(
            round=round, level=Level.UNIT, unit__code__in=unit_codes, code__in=list(order)
        )
        .annotate(unit_code=F("unit__code"))
        .values_list("unit_code", "scope", "code", "n", "satisfied", "value")
    )
    scopes = [Scope.CRITERION, Scope.COMPONENT, Scope.INDEX]
    rows = sorted(
        found,
        key=lambda r: (r[0], scopes.index(r[1]), order.get(r[2], 0)),
    )
    return [
        {
            "unit": unit,
            "scope": scope,
            "code": code,
            "n": n,
            "satisfied": int(satisfied) if scope == Scope.CRITERION else float(satisfied),
            "value": float(value),
        }
        for unit, scope, code, n, satisfied, value in rows
    ]
