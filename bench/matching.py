"""`UnitMatcher` over the ~3,000 current units of the large province: the time to build it and
the time per lookup of real-looking names, each as a ratio to a plain dict of `search_key`s
built and looked up in the same run (the least any matcher must do).

The lookups: names as written (a division with its parent: "Văn phòng Sở Xây dựng"), the same
without diacritics, abbreviations of departments ("SXD", "BHXH tỉnh"), and names with a typo.
`found` is the share resolved to the intended unit: a figure to follow, not a test.
"""

import random
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chiso.org.unit_matching import UnitCandidate, UnitMatcher
from chiso.vietnamese.text import search_key, strip_accents

from .province import SCALES, UnitSpec, unit_specs

LOOKUPS = 500
REPEATS = 3
SEED = 7


@dataclass(frozen=True)
class MatchFigures:
    what: str
    count: int
    found: float | None
    seconds: float  # per build, or per lookup
    reference_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.reference_seconds


def candidates() -> list[UnitCandidate]:
    """The current units of the large province, numbered as the database would."""
    specs = unit_specs(SCALES["large"])
    ids = {spec.code: index for index, spec in enumerate(specs, start=1)}
    return [_candidate(spec, ids) for spec in specs if spec.valid_until is None]


def _candidate(spec: UnitSpec, ids: dict[str, int]) -> UnitCandidate:
    return UnitCandidate(
        id=ids[spec.code],
        name=spec.name,
        kind=str(spec.kind),
        parent_id=ids[spec.parent] if spec.parent else None,
        short_name=spec.short_name,
        aliases=spec.aliases,
    )


def lookups(units: list[UnitCandidate]) -> dict[str, list[tuple[str, int]]]:
    """LOOKUPS names, a quarter of each kind, with the unit each one means."""
    rng = random.Random(SEED)
    by_id = {unit.id: unit for unit in units}
    departments = [unit for unit in units if unit.kind == "department"]
    each = LOOKUPS // 4

    def written(unit: UnitCandidate) -> str:
        if unit.kind != "division":
            return unit.name
        parent = by_id[unit.parent_id]
        return f"{unit.name.removesuffix(' Sở')} {parent.short_name or parent.name}"

    return {
        "exact": [(written(u), u.id) for u in rng.sample(units, each)],
        "no diacritics": [(strip_accents(written(u)), u.id) for u in rng.sample(units, each)],
        "abbreviation": [(_abbreviation(u), u.id) for u in rng.choices(departments, k=each)],
        "typo": [(_typo(written(u), rng), u.id) for u in rng.sample(units, each)],
    }


def _abbreviation(unit: UnitCandidate) -> str:
    """The unit's first alias, else its initials ("TTGDNNGDTX")."""
    return (
        unit.aliases[0]
        if unit.aliases
        else "".join(w[0] for w in search_key(unit.name).split()).upper()
    )


def _typo(text: str, rng: random.Random) -> str:
    """One letter dropped, doubled or swapped with the next, in a word of four letters or more."""
    words = text.split()
    long = [i for i, word in enumerate(words) if len(word) >= 4]
    if not long:
        return text
    i = rng.choice(long)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    words[i] = rng.choice(
        [
            word[:at] + word[at + 1 :],
            word[:at] + word[at] + word[at:],
            word[:at] + word[at + 1] + word[at] + word[at + 2 :],
        ]
    )
    return " ".join(words)


def measure_matching() -> list[MatchFigures]:
    units = candidates()
    context = next(unit.id for unit in units if unit.kind == "province")
    matcher = UnitMatcher(units, context_id=context)
    reference = {search_key(unit.name): unit.id for unit in units}
    figures = [
        MatchFigures(
            what=f"build ({len(units)} units)",
            count=1,
            found=None,
            seconds=_median_seconds(lambda _: UnitMatcher(units, context_id=context), [None]),
            reference_seconds=_median_seconds(
                lambda _: {search_key(unit.name): unit.id for unit in units}, [None]
            ),
        )
    ]
    everything: list[tuple[str, int]] = []
    for kind, names in lookups(units).items():
        everything += names
        figures.append(_lookup_figures(kind, names, matcher, reference))
    figures.append(_lookup_figures("all", everything, matcher, reference))
    return figures


def _lookup_figures(
    kind: str, names: list[tuple[str, int]], matcher: UnitMatcher, reference: dict[str, int]
) -> MatchFigures:
    texts = [text for text, _uid in names]
    found = sum(matcher.match(text).units == [uid] for text, uid in names)
    return MatchFigures(
        what=kind,
        count=len(names),
        found=found / len(names),
        seconds=_median_seconds(matcher.match, texts),
        reference_seconds=_median_seconds(lambda text: reference.get(search_key(text)), texts),
    )


def _median_seconds(call: Callable, items: Iterable) -> float:
    """Seconds per call over `items`, the median of REPEATS passes."""
    items = list(items)
    passes = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for item in items:
            call(item)
        passes.append((time.perf_counter() - started) / len(items))
    return statistics.median(passes)
