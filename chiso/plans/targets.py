"""Targets as people write them ("trên 99%", "nhóm 10 cơ quan dẫn đầu", "tăng ít nhất 01 bậc")."""

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.indicators.catalog import INDICATORS
from chiso.vietnamese.text import nfc, ocr_pattern, plain, search_key


class Comparator(models.TextChoices):
    GT = "gt", _("trên")
    GTE = "gte", _("ít nhất")
    LT = "lt", _("dưới")
    LTE = "lte", _("không quá")
    EQ = "eq", _("bằng")
    TOP = "top", _("trong nhóm dẫn đầu")
    RISE = "rise", _("tăng ít nhất")
    RANK = "rank", _("xếp thứ")


@dataclass(frozen=True)
class Target:
    """A parsed target: what is measured (an index or an indicator), how, and the value."""

    comparator: Comparator
    value: Decimal
    unit: str
    text: str
    index: str = ""
    indicator: str = ""
    out_of: int | None = None
    year: int | None = None


# Index names, matched on `plain` text.
_INDEXES = {
    "PAR": r"par\W*index|chi so cai cach hanh chinh|chi so cchc|\bpar\b",
    "SIPAS": r"sipas|chi so hai long",
    "PAPI": r"papi|chi so hieu qua quan tri",
    "PCI": r"\bpci\b|chi so nang luc canh tranh",
}

# Comparison words before a figure; the longest alternatives come first.
_COMPARATORS = {
    "khong vuot qua": Comparator.LTE,
    "khong qua": Comparator.LTE,
    "toi da": Comparator.LTE,
    "<=": Comparator.LTE,
    "≤": Comparator.LTE,
    "khong duoi": Comparator.GTE,
    "khong thap hon": Comparator.GTE,
    "toi thieu": Comparator.GTE,
    "it nhat": Comparator.GTE,
    ">=": Comparator.GTE,
    "≥": Comparator.GTE,
    "lon hon": Comparator.GT,
    "cao hon": Comparator.GT,
    "tren": Comparator.GT,
    "hon": Comparator.GT,
    ">": Comparator.GT,
    "nho hon": Comparator.LT,
    "thap hon": Comparator.LT,
    "duoi": Comparator.LT,
    "<": Comparator.LT,
    "bang": Comparator.EQ,
    "=": Comparator.EQ,
}
_WORDS = "|".join(re.escape(word) for word in _COMPARATORS)

# All matched on `plain` text, so that spans give back the words as written.
_PERCENT = re.compile(
    rf"(?:(?<!\w)(?P<cmp>{_WORDS})\s*)?(?<![\w.,])(?P<num>\d+(?:[.,]\d+)?)\s*%"
    r"(?:\s*tro (?P<beyond>len|xuong)\b)?"
)
_STOP = r"dan dau|dung dau|co chi so|co diem|co ket qua|cao nhat|tot nhat|cua|trong|tai|ve|xep|nam"
# Ranking words are also read as OCR without the Vietnamese model writes them ("nhém 10",
# "thuéc nhóm", "dẫn dau"): `ocr_pattern`.
_TOP = re.compile(
    # "trongnhóm": OCR loses the space before the word now and then.
    r"(?:\b|(?<=trong)|(?<=thuoc))(?:"
    + ocr_pattern("nhom")
    + r"|top)\s*(?P<num>\d+)"
    # Unit words end at a word's end: "c6" ("có" misread) is no unit word.
    + rf"(?P<unit>(?:[\s,]+(?!(?:{_STOP})\b)[^\W\d]+\b){{0,5}})"
)
_TOP_LEAD = re.compile(r"\b" + ocr_pattern("trong", "thuoc", "vao") + r"\s*$")
_TOP_TAIL = re.compile(
    r"\W*(?:\w+\W+){0,3}?" + ocr_pattern("dan dau", "dung dau", "cao nhat", "tot nhat") + r"\b"
)
_RISE = re.compile(
    r"\b(?:tang|cai thien|nang)\s+(?:(?:it nhat|toi thieu)\s+)?"
    r"(?P<num>\d+)\s+(?P<unit>bac|hang|diem)\b"
)
_RANK = re.compile(
    r"\b(?:xep|dung)\s+(?:thu|hang)\s+(?:thu\s+)?(?P<num>\d+)"
    r"(?:\s*(?:/|tren|trong tong so|trong so)\s*(?P<of>\d+))?"
)
_YEAR = re.compile(r"(?<!hon )(?<!so voi )(?<!nhu )\bnam (\d{4})\b")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    gap = r"(?:\W+\w+){0,5}?\W+"
    # Words may run together where OCR lost a space ("đượctrả đúng").
    parts = (r"\W*".join(search_key(part).split()) for part in phrase.split("…"))
    return re.compile(r"\b" + gap.join(parts) + r"\b")


# The service indicators as plans name them (`chiso.indicators.catalog`).
_INDICATOR_PATTERNS = {
    code: [_phrase_pattern(phrase) for phrase in indicator.phrases]
    for code, indicator in INDICATORS.items()
}
_INDEX_PATTERNS = {code: re.compile(pattern) for code, pattern in _INDEXES.items()}


@dataclass(frozen=True)
class _Found:
    """A target figure found in the text, before its index, indicator and year are known."""

    start: int
    end: int
    comparator: Comparator
    value: Decimal
    unit: str
    out_of: int | None = None


def parse_targets(text: str, *, year: int | None = None) -> list[Target]:
    """Every target in a sentence ("tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%").

    What a figure measures is read from the words between it and the figure before it
    (its indicator, index and year), or failing that from the words up to the next figure;
    several indices named together ("Chỉ số PAR INDEX; Chỉ số SIPAS … nhóm 10") give one
    target each. `year` is used when the text names none. `Target.text` is the figure as written.
    """
    written = nfc(text)
    flat = plain(written)
    found = sorted(_find(written, flat), key=lambda f: f.start)
    ends = [0, *(m.end() for m in _SENTENCE_END.finditer(flat)), len(flat)]
    targets = []
    for i, figure in enumerate(found):
        previous_end = found[i - 1].end if i else 0
        next_start = found[i + 1].start if i + 1 < len(found) else len(flat)
        sentence_start = max(end for end in ends if end <= figure.start)
        sentence_end = min(end for end in ends if end >= figure.end)
        before = flat[max(sentence_start, previous_end) : figure.start]
        after = flat[figure.end : min(sentence_end, next_start)]
        indexes, indicator, target_year = _describe(before, reverse=True)
        if not (indexes or indicator):
            indexes, indicator, after_year = _describe(after, reverse=False)
            target_year = target_year or after_year
        for index in indexes or [""]:
            targets.append(
                Target(
                    comparator=figure.comparator,
                    value=figure.value,
                    unit=figure.unit,
                    text=written[figure.start : figure.end].strip(),
                    index=index,
                    indicator=indicator,
                    out_of=figure.out_of,
                    year=target_year or year,
                )
            )
    return targets


def index_mentions(text: str) -> list[tuple[int, str]]:
    """Where indices are named in `text`: (position, code) pairs in text order."""
    flat = plain(text)
    return sorted(
        (m.start(), code)
        for code, pattern in _INDEX_PATTERNS.items()
        for m in pattern.finditer(flat)
    )


def named_indices(text: str) -> list[str]:
    """Codes of the indices named in `text` ("PAR", "SIPAS", "PAPI", "PCI"), first mention first."""
    return list(dict.fromkeys(code for _start, code in index_mentions(text)))


def _find(written: str, flat: str) -> Iterator[_Found]:
    for m in _PERCENT.finditer(flat):
        if m["beyond"]:
            comparator = Comparator.GTE if m["beyond"] == "len" else Comparator.LTE
        elif m["cmp"]:
            comparator = _COMPARATORS[m["cmp"]]
        else:
            # A bare figure is a level to reach: "100%" is met only when 100% is reached,
            # "80%" when it is reached or passed.
            comparator = Comparator.GTE
        yield _Found(m.start(), m.end(), comparator, Decimal(m["num"].replace(",", ".")), "%")
    for m in _TOP.finditer(flat):
        if not (_TOP_LEAD.search(flat, 0, m.start()) or _TOP_TAIL.match(flat, m.end("unit"))):
            continue  # "nhóm 1" heading a list, not a ranking
        unit = written[m.start("unit") : m.end("unit")].strip(" ,")
        yield _Found(m.start(), m.end("unit"), Comparator.TOP, Decimal(int(m["num"])), unit)
    for m in _RISE.finditer(flat):
        unit = written[m.start("unit") : m.end("unit")]
        yield _Found(m.start(), m.end(), Comparator.RISE, Decimal(int(m["num"])), unit)
    for m in _RANK.finditer(flat):
        out_of = int(m["of"]) if m["of"] else None
        yield _Found(m.start(), m.end(), Comparator.RANK, Decimal(int(m["num"])), "", out_of)


def _describe(scope: str, *, reverse: bool) -> tuple[list[str], str, int | None]:
    """Indices named in `scope`, the indicator named nearest the figure, the first year.

    `reverse` says the figure stands after the scope, so nearness is measured from its end.
    """
    indexes = named_indices(scope)
    key = search_key(scope)
    distances = {}
    for code, patterns in _INDICATOR_PATTERNS.items():
        for pattern in patterns:
            for m in pattern.finditer(key):
                distance = len(key) - m.end() if reverse else m.start()
                distances[code] = min(distance, distances.get(code, distance))
    indicator = min(distances, key=distances.__getitem__) if distances else ""
    year = _YEAR.search(scope)
    return indexes, indicator, int(year[1]) if year else None


# How an actual value meets a threshold: for ranks and groups a smaller number is better
# (6th meets "top 10"), for a rise a larger one.
_MEETS = {
    Comparator.GT: operator.gt,
    Comparator.GTE: operator.ge,
    Comparator.LT: operator.lt,
    Comparator.LTE: operator.le,
    Comparator.EQ: operator.eq,
    Comparator.TOP: operator.le,
    Comparator.RANK: operator.le,
    Comparator.RISE: operator.ge,
}


def reported_value(raw) -> Decimal | None:
    """A number as units type it ("98,5", "99%", " 100 "), or None when it is not one."""
    try:
        value = Decimal(str(raw).strip().replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def meets(comparator: str, actual: Decimal, threshold: Decimal) -> bool:
    return _MEETS[Comparator(comparator)](actual, threshold)


class TargetStatus(models.TextChoices):
    MET = "met", _("Đạt")
    AT_RISK = "at_risk", _("Có nguy cơ")
    MISSED = "missed", _("Không đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")


# Bootstrap badge of each status, for every template that shows one.
STATUS_BADGES = {
    TargetStatus.MET: "text-bg-success",
    TargetStatus.AT_RISK: "text-bg-warning",
    TargetStatus.MISSED: "text-bg-danger",
    TargetStatus.NO_DATA: "text-bg-light border",
}


def status_of(comparator: str, threshold: Decimal, actual: Decimal | None, *, over: bool):
    """Met when the comparison holds; otherwise missed once the time measured is `over`,
    at risk while it runs; no data without an actual."""
    if actual is None:
        return TargetStatus.NO_DATA
    if meets(comparator, actual, threshold):
        return TargetStatus.MET
    return TargetStatus.MISSED if over else TargetStatus.AT_RISK
