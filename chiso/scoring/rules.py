"""How a sub-criterion's points follow from a value: thresholds (bands), proportional, and
yes / late / no. Bands are written as a province's scoring decision writes them:

    "> 90%: 2; 70 – 90%: 1; < 70%: 0"      "trên 90: 2; từ 70 đến 90: 1; còn lại: 0"

Clauses are separated by ";" or new lines, each a condition and its points after ":", "→" or
"=". Conditions: `> N`, `>= N` / `≥ N`, `< N`, `<= N` / `≤ N`, `A – B` (both ends included),
`trên N`, `từ N`, `dưới N`, `không quá N`, `từ A đến B`, `từ A đến dưới B`, `còn lại`. The first
clause that holds gives the points; a value no clause holds gets none."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from chiso.vietnamese.text import search_key

HUNDREDTH = Decimal("0.01")


class RuleError(ValueError):
    """A rule written wrong: the message names the clause and what was expected."""


@dataclass(frozen=True)
class Band:
    low: Decimal | None
    low_included: bool
    high: Decimal | None
    high_included: bool
    points: Decimal

    def holds(self, value: Decimal) -> bool:
        above = self.low is None or value > self.low or (value == self.low and self.low_included)
        below = (
            self.high is None or value < self.high or (value == self.high and self.high_included)
        )
        return above and below

    @property
    def text(self) -> str:
        """The band written back in the canonical form."""
        low, high = self.low, self.high
        if low is None and high is None:
            condition = "còn lại"
        elif high is None:
            condition = f"{'>=' if self.low_included else '>'} {_plain(low)}"
        elif low is None:
            condition = f"{'<=' if self.high_included else '<'} {_plain(high)}"
        elif self.low_included and self.high_included:
            condition = f"{_plain(low)} - {_plain(high)}"
        else:
            ends = "đến" if self.high_included else "đến dưới"
            condition = f"từ {_plain(low)} {ends} {_plain(high)}"
        return f"{condition}: {_plain(self.points)}"


_NUMBER = r"(\d+(?:[.,]\d+)?)\s*%?"
_SEPARATOR = re.compile(r"\s*(?::|→|->|=>|=)\s*(?=[\d.,]+\s*$)")
_FORMS = [  # (pattern on the search key with its symbols kept, builder)
    (rf"^(>=|≥)\s*{_NUMBER}$", lambda a: (a, True, None, False)),
    (rf"^>\s*{_NUMBER}$", lambda a: (a, False, None, False)),
    (rf"^(<=|≤)\s*{_NUMBER}$", lambda a: (None, False, a, True)),
    (rf"^<\s*{_NUMBER}$", lambda a: (None, False, a, False)),
    (rf"^tu\s+{_NUMBER}\s+den\s+duoi\s+{_NUMBER}$", lambda a, b: (a, True, b, False)),
    (rf"^tu\s+{_NUMBER}\s+den\s+{_NUMBER}$", lambda a, b: (a, True, b, True)),
    (rf"^{_NUMBER}\s*(?:-|–|—|den)\s*{_NUMBER}$", lambda a, b: (a, True, b, True)),
    (rf"^tren\s+{_NUMBER}$", lambda a: (a, False, None, False)),
    (rf"^tu\s+{_NUMBER}(?:\s+tro\s+len)?$", lambda a: (a, True, None, False)),
    (rf"^duoi\s+{_NUMBER}$", lambda a: (None, False, a, False)),
    (rf"^khong\s+qua\s+{_NUMBER}$", lambda a: (None, False, a, True)),
    (r"^(?:con\s+lai|khac|truong\s+hop\s+khac)$", lambda: (None, False, None, False)),
]


def parse_bands(text: str) -> list[Band]:
    """The bands written in `text`; RuleError naming the first clause that is not one."""
    clauses = [c.strip() for c in re.split(r"[;\n]+", text or "") if c.strip()]
    if not clauses:
        raise RuleError(_("cần ít nhất một ngưỡng, ví dụ “> 90: 2; 70 - 90: 1; < 70: 0”"))
    return [_band(clause) for clause in clauses]


def _band(clause: str) -> Band:
    parts = _SEPARATOR.split(clause, maxsplit=1)
    expected = _("“điều kiện: điểm”, ví dụ “> 90: 2”, “70 - 90: 1” hoặc “còn lại: 0”")
    if len(parts) != 2:
        raise RuleError(
            _("“%(clause)s”: cần %(expected)s") % {"clause": clause, "expected": expected}
        )
    condition, points = parts
    key = _condition_key(condition)
    for pattern, build in _FORMS:
        found = re.match(pattern, key)
        if found:
            numbers = [number(n) for n in found.groups() if n and n not in (">=", "≥", "<=", "≤")]
            low, low_in, high, high_in = build(*numbers)
            if low is not None and high is not None and low > high:
                break
            return Band(low, low_in, high, high_in, number(points))
    raise RuleError(_("“%(clause)s”: cần %(expected)s") % {"clause": clause, "expected": expected})


def _condition_key(condition: str) -> str:
    """The condition accent-free and lower case, its comparison signs and dashes kept."""
    kept = re.sub(r"[^<>=≥≤\-–—]+", lambda m: f" {search_key(m.group(0))} ", condition)
    return re.sub(r"\s+", " ", kept).strip()


def number(text: str) -> Decimal:
    """A number written with "." or "," as its decimal mark; RuleError otherwise."""
    try:
        value = Decimal(text.strip().rstrip("%").strip().replace(",", "."))
    except InvalidOperation:
        raise RuleError(_("“%(text)s” không phải một số") % {"text": text}) from None
    if not value.is_finite():
        raise RuleError(_("“%(text)s” không phải một số") % {"text": text})
    return value


def band_points(bands: list[Band], value: Decimal) -> Decimal | None:
    """The points of the first band that holds `value`; None when none does."""
    return next((band.points for band in bands if band.holds(value)), None)


def proportional_points(maximum: Decimal, percent: Decimal) -> Decimal:
    """`maximum` × `percent` ÷ 100, `percent` held within 0–100, to the hundredth."""
    share = min(max(percent, Decimal(0)), Decimal(100))
    return (maximum * share / 100).quantize(HUNDREDTH, ROUND_HALF_UP)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"
