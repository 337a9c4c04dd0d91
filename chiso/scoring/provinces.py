"""Vietnam's provinces over time, and the province a written name stands for.

The data (data/provinces.json) holds the 63 province-level units that existed until the 2025
merger and the 34 that exist after it (Nghị quyết 202/2025/QH15, in force on 1 July 2025:
11 kept as they were, 23 formed by merging, each keeping the name of one of its parts).

How the history is written:
- A province that went on unchanged is one entry without dates (Lạng Sơn, Hà Nội).
- A province whose name went on but that took in others is two entries: the old one, valid
  until 30 June 2025 under the plain code ("tuyen-quang"), and the new one, valid from 1 July
  2025 under the code with "-2025" appended ("tuyen-quang-2025"), whose `merged_from` lists
  every old province it was formed from, its namesake first.
- A rename is a one-element merge: tỉnh Thừa Thiên Huế ("thua-thien-hue", until 31 December
  2024) became thành phố Huế ("hue", from 1 January 2025, merged_from ["thua-thien-hue"]);
  each also answers to the other's name.

A year stands for its last day: the provinces of 2025 are those that existed on 31 December
2025 (the 34), since a year's results, published early the next year, rank those.
"""

import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chiso.vietnamese.text import search_key

DATA = Path(__file__).resolve().parent / "data" / "provinces.json"

PROVINCE = "tỉnh"
CITY = "thành phố"

# The words a name may be written after, and the kind of province each may name: "Thành phố
# Lạng Sơn" is the city inside tỉnh Lạng Sơn, not the province, so it matches nothing.
_PREFIXES = (
    (("tinh",), PROVINCE),
    (("thanh", "pho"), CITY),
    (("tp",), CITY),
    (("t", "p"), CITY),
)


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    kind: str  # PROVINCE or CITY
    valid_from: date | None = None  # None: since before the data begins
    valid_until: date | None = None  # None: still exists
    merged_from: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names it is written under ("BR-VT", "Sài Gòn")

    @property
    def display_name(self) -> str:
        """ "Tỉnh Lạng Sơn", "Thành phố Hà Nội"."""
        return f"{self.kind.capitalize()} {self.name}"

    def exists_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


def provinces(year: int | date | None = None) -> list[Province]:
    """Every province, or those that existed in `year` (on its 31 December; a date may be
    given instead), in alphabetical order of their accent-free names."""
    found = list(_provinces())
    if year is not None:
        day = _day(year)
        found = [p for p in found if p.exists_on(day)]
    return sorted(found, key=_sort_key)


def get_province(code: str) -> Province:
    """The province with this code; KeyError for an unknown one."""
    return _by_code()[code]


def find_province(written: str, year: int | date | None = None) -> Province | None:
    """The province `written` names, or None.

    Accepts the name with or without "Tỉnh" (for a tỉnh) or "Thành phố", "TP.", "T.P." (for a
    city), in any case, with or without accents or spaces, and the usual other names
    (aliases in the data: "TP.HCM", "BR-VT", "TT Huế", "Đắc Lắc"). Where a name is shared by
    an old and a new province, the one existing in `year` wins; with no year, the current one.
    A name whose province no longer exists still finds it ("Hà Giang" in 2026): follow
    `successors` to its heir.
    """
    words = search_key(written).split()
    kind = None
    for prefix, prefix_kind in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix:
            words, kind = words[len(prefix) :], prefix_kind
            break
    candidates = [p for p in _by_written().get("".join(words), ()) if kind in (None, p.kind)]
    if year is not None:
        day = _day(year)
        candidates = [p for p in candidates if p.exists_on(day)] or candidates
    return max(candidates, key=_recency, default=None)


def successors(code: str) -> list[Province]:
    """The provinces `code` went into (one for every province that ended), or [] if it still
    exists."""
    get_province(code)
    return [p for p in _provinces() if code in p.merged_from]


def predecessors(code: str) -> list[Province]:
    """The provinces `code` was formed from, in the order of the data (namesake first)."""
    return [get_province(old) for old in get_province(code).merged_from]


def _day(year: int | date) -> date:
    return year if isinstance(year, date) else date(year, 12, 31)


def _sort_key(province: Province) -> tuple[str, date]:
    return search_key(province.name), province.valid_from or date.min


def _recency(province: Province) -> tuple[bool, date]:
    return province.valid_until is None, province.valid_from or date.min


def _written_key(name: str) -> str:
    return search_key(name).replace(" ", "")


@functools.cache
def _provinces() -> tuple[Province, ...]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["provinces"]
    return tuple(
        Province(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            valid_from=_date(row["valid_from"]),
            valid_until=_date(row["valid_until"]),
            merged_from=tuple(row["merged_from"]),
            aliases=tuple(row["aliases"]),
        )
        for row in rows
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@functools.cache
def _by_code() -> dict[str, Province]:
    return {p.code: p for p in _provinces()}


@functools.cache
def _by_written() -> dict[str, tuple[Province, ...]]:
    index: dict[str, tuple[Province, ...]] = {}
    for province in _provinces():
        for name in {_written_key(n) for n in (province.name, *province.aliases)}:
            index[name] = (*index.get(name, ()), province)
    return index
