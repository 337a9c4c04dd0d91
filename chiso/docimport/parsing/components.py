"""Which index component a heading or table section is about ("Cải cách thể chế" → PAR.2).

Names are compared on accent-free keys after the words plans put around them are removed
("Nâng cao mức độ hài lòng về …", "Cải thiện Chỉ số nội dung “…”") and abbreviations are
spelt out, with a fuzzy score so that OCR noise and lost diacritics still match. When names
do not decide, a run of lettered sections that has as many items as the index has fields is
read in order (a) → first field, b) → second, …), as plans write them.
"""

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from chiso.frameworks.loading import FrameworkSpec, read_builtin_frameworks
from chiso.vietnamese.text import search_key

INDEX_ORDER = ("PAR", "SIPAS", "PAPI", "PCI")
INDEX_NAMES = {
    "PAR": ("par index", "chi so cai cach hanh chinh", "chi so cchc"),
    "SIPAS": ("sipas", "chi so hai long"),
    "PAPI": ("papi", "chi so hieu qua quan tri", "quan tri va hanh chinh cong cap tinh"),
    "PCI": ("pci", "nang luc canh tranh"),
}
ABBREVIATIONS = {
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "pakn": "phan anh kien nghi",
    "kt xh": "kinh te xa hoi",
    "cqđt": "chinh quyen dien tu",
}
# Words around a component's name in headings, removed before comparing.
FILLER = re.compile(
    r"\b(?:nang cao|cai thien|tiep tuc|day manh|tang cuong|chi so noi dung|chi so|noi dung|"
    r"muc do hai long ve|muc do hai long|hai long ve|ve viec|linh vuc|cong tac|ve)\b"
)
MATCH = 82  # a name score at or above this decides on its own


@dataclass(frozen=True)
class ComponentName:
    code: str
    index: str
    name: str
    key: str


@cache
def fields_by_index(year: int) -> dict[str, tuple[ComponentName, ...]]:
    """Top-level components of each index, from the newest built-in framework up to `year`
    (or the oldest one when all are newer)."""
    chosen: dict[str, FrameworkSpec] = {}
    for spec in sorted(
        read_builtin_frameworks(), key=lambda s: (s.year > year, abs(s.year - year))
    ):
        chosen.setdefault(spec.code, spec)
    return {
        code: tuple(
            ComponentName(c.code, code, c.name, component_key(c.name)) for c in spec.components
        )
        for code, spec in chosen.items()
    }


def component_key(text: str) -> str:
    key = search_key(text)
    for short, long in ABBREVIATIONS.items():
        key = re.sub(rf"\b{short}\b", long, key)
    key = FILLER.sub(" ", key)
    return re.sub(r"\s+", " ", key).strip()


def indices_named(text: str) -> list[str]:
    """Index codes named in a text, in the standard order."""
    key = search_key(text)
    return [code for code in INDEX_ORDER if any(name in key for name in INDEX_NAMES[code])]


def match_component(text: str, year: int, index: str | None = None) -> tuple[str | None, float]:
    """(code, score) of the field `text` names, within `index` when given."""
    key = component_key(text)
    if not key:
        return None, 0.0
    indices = [index] if index else list(fields_by_index(year))
    best: tuple[str | None, float] = (None, 0.0)
    for code in indices:
        for field in fields_by_index(year).get(code, ()):
            score = _score(key, field.key)
            if score > best[1]:
                best = (field.code, score)
    return best


def _score(key: str, name: str) -> float:
    if key == name:
        return 100.0
    whole = fuzz.token_sort_ratio(key, name)
    # A heading often adds words to the name ("… tại bộ phận một cửa"): a name fully inside.
    inside = fuzz.partial_ratio(name, key) if len(name) >= 12 else 0.0
    return max(whole, inside * 0.95)


def match_run(titles: list[str], year: int, index: str) -> list[tuple[str | None, float]]:
    """Codes for a run of sibling headings under one index, by name or, failing that, order."""
    matched = [match_component(title, year, index) for title in titles]
    fields = fields_by_index(year).get(index, ())
    if len(titles) == len(fields):
        return [
            (code, score) if score >= MATCH else (fields[i].code, score)
            for i, (code, score) in enumerate(matched)
        ]
    return [(code, score) if score >= MATCH - 12 else (None, score) for code, score in matched]
