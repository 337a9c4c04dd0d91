"""Match unit names as written in plans ("Văn phòng Sở", "Phòng KHTC") against the org tree."""

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from chiso.vietnamese.text import nfc, ocr_pattern, plain, search_key

from .models import OrgUnit

# Long forms that people abbreviate, rewritten to one spelling before keys are compared.
_SYNONYMS = {
    "uy ban nhan dan": "ubnd",
    "hoi dong nhan dan": "hdnd",
    "mat tran to quoc": "mttq",
    "mttqvn": "mttq viet nam",
    "thanh pho": "tp",
}
# Long forms are also found as OCR without the Vietnamese model reads them ("Mat tran T6
# quéc", "thanh phé"): each is one named group of an `ocr_pattern`.
_SYNONYM = re.compile(
    "|".join(rf"\b(?P<s{i}>{ocr_pattern(long)})\b" for i, long in enumerate(_SYNONYMS))
)
_SHORT_FORMS = {f"s{i}": short for i, short in enumerate(_SYNONYMS.values())}
# Words that open a name and say what kind of body it is; initialisms keep or drop them.
_KIND_WORDS = (
    "trung tam",
    "van phong",
    "thanh tra",
    "chi cuc",
    "ban quan ly",
    "so",
    "phong",
    "ban",
)
# A name ending with the place it serves ("… tỉnh Lạng Sơn") is also written without it.
_PLACE = re.compile(r"^(?P<base>.+?) (?P<level>tinh|huyen|tp|thi xa)(?: [a-z0-9 ]+)?$")
_LEVEL = re.compile(r"^(?:ubnd )?(tinh|huyen|tp|thi xa|quan|xa|phuong|thi tran)\b")
_STAFF = re.compile(
    r"^(?:can bo )?cong chuc(?: vien chuc)?(?: nguoi lao dong)?(?: tai| cua| thuoc)? "
)

# Role words, matched on `plain` text so that the name keeps its words as written.
_ROLES = {"chu tri": "lead", "phoi hop": "coordinate", "tong hop": "compile"}
_ROLE = "|".join(_ROLES)
# "Đề nghị" asks, "Giao" assigns; "Đ" may be read "P" by OCR.
_REQUESTED = re.compile(r"^\s*([dp]e\s*nghi|giao)\b[\s:,-]*")
_LEADING_ROLE = re.compile(rf"^\s*({_ROLE})\s*[:\-–]\s*")
_AFTER_COLON = re.compile(rf"\s*:\s*({_ROLE})\b.*$")
_TRAILING_ROLE = re.compile(rf"[\s,(-]*\b({_ROLE})\)?[\s.]*$")
_SOFT_SEPARATOR = re.compile(r"\s*,\s*|\s+va\s+|\s*\+\s*")


# Group phrases on canonical keys; the first that matches wins.
_CAC, _THUOC, _TINH = ocr_pattern("cac"), ocr_pattern("thuoc"), ocr_pattern("tinh")
_PLACES = ocr_pattern("xa", "phuong", "thi tran")
_DISTRICTS = ocr_pattern("huyen", "tp", "thi xa")
_DIVISIONS = ocr_pattern("phong", "ban", "don vi", "co quan")
_GROUPS = (
    (
        "all_communes",
        re.compile(
            rf"^(?:ubnd )?{_CAC} {_PLACES}(?: {_PLACES})*(?: {ocr_pattern('tren dia ban')}.*)?$"
        ),
    ),
    ("all_districts", re.compile(rf"^(?:ubnd )?{_CAC} {_DISTRICTS}(?: {_DISTRICTS})*$")),
    (
        "all_departments",
        re.compile(
            rf"^(?:{_CAC} )?{ocr_pattern('so ban nganh')}(?: {_TINH})?$"
            rf"|^{_CAC} {ocr_pattern('co quan chuyen mon')} {_THUOC} (?:ubnd )?{_TINH}$"
        ),
    ),
    (
        "all_divisions",
        re.compile(
            rf"^{_CAC} {_DIVISIONS}"
            rf"(?: (?:{_DIVISIONS}|{ocr_pattern('chuyen mon', 'truc thuoc', 'su nghiep')}))*"
            rf"(?: {_THUOC} .*)?$"
        ),
    ),
)
_GROUP_KINDS = {
    "all_divisions": "division",
    "all_communes": "commune",
    "all_departments": "department",
    "all_districts": "district",
}
_SUGGESTION_CUTOFF = 50


@dataclass(frozen=True)
class UnitCandidate:
    """A unit the matcher may return, as read from the org tree."""

    id: int
    name: str
    kind: str
    parent_id: int | None
    short_name: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class UnitMatch:
    """What a unit phrase resolved to: one unit, several (a group phrase) or none."""

    text: str
    role: str = ""
    units: list[int] = field(default_factory=list)
    score: float = 0.0
    group: str = ""
    suggestions: list[tuple[int, str, float]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return bool(self.units)


def canonical_key(text: str) -> str:
    """The `search_key` of a name with long forms abbreviated ("Ủy ban nhân dân" → "ubnd")."""
    return _SYNONYM.sub(lambda m: _SHORT_FORMS[m.lastgroup], search_key(text))


class UnitMatcher:
    """Resolves unit phrases among `candidates`, preferring those near the issuing unit.

    Keys are computed once, so one matcher serves every lookup of a document. The matcher
    never creates units: a phrase it cannot place is returned unresolved with suggestions.
    """

    def __init__(
        self,
        candidates: Iterable[UnitCandidate],
        *,
        context_id: int | None = None,
        threshold: float = 85,
    ) -> None:
        self._units = {c.id: c for c in candidates}
        self.threshold = threshold
        self._chains = {uid: self._chain(uid) for uid in self._units}
        self.context_id = context_id if context_id in self._units else None
        self._context_chain = self._chains[self.context_id] if self.context_id else ()
        # Names and aliases as given win over initialisms made from them ("SNV" is the alias
        # of Sở Nội vụ before it is the initialism of Sở Ngoại vụ).
        self._exact: dict[str, set[int]] = {}
        self._initials: dict[str, set[int]] = {}
        fuzzy: dict[tuple[str, int], None] = {}
        for unit in self._units.values():
            full, initialisms = self._keys(unit)
            for key in full:
                self._exact.setdefault(key, set()).add(unit.id)
            for key in initialisms:
                self._initials.setdefault(key, set()).add(unit.id)
            fuzzy.update(dict.fromkeys((_sorted_tokens(key), unit.id) for key in full))
        self._fuzzy_keys = [key for key, _uid in fuzzy]
        self._fuzzy_ids = [uid for _key, uid in fuzzy]
        self._relative = self._relative_keys()

    def match(self, text: str) -> UnitMatch:
        """Resolve one unit phrase, e.g. "Văn phòng Sở tổng hợp" or "UBND các phường, xã"."""
        written, role = nfc(text), ""
        if canonical_key(written) not in self._exact:  # "Phòng Tổng hợp" is a name, not a role
            written, role = _strip_role(written)
        key = _STAFF.sub("", canonical_key(written))
        result = UnitMatch(text=written, role=role)
        if not key:
            return result
        for group, pattern in _GROUPS:
            if pattern.match(key):
                result.group = group
                result.units = self._group_members(group)
                result.score = 100.0 if result.units else 0.0
                return result
        if key in self._relative:
            result.units, result.score = [self._relative[key]], 100.0
            return result
        exact = self._exact.get(key) or self._initials.get(key)
        scores = dict.fromkeys(exact, 100.0) if exact else self._fuzzy(key)
        good = {uid: score for uid, score in scores.items() if score >= self.threshold}
        if good:
            nearest = min(self._tier(uid) for uid in good)
            near = {uid: score for uid, score in good.items() if self._tier(uid) == nearest}
            best = max(near.values())
            winners = [uid for uid, score in near.items() if score == best]
            if len(winners) == 1:
                result.units, result.score = winners, best
                return result
            scores = {uid: near[uid] for uid in winners}  # ambiguous: offer the tied ones
        ranked = sorted(
            scores, key=lambda uid: (-scores[uid], self._tier(uid), self._units[uid].name)
        )
        result.score = scores[ranked[0]] if ranked else 0.0
        result.suggestions = [(uid, self._units[uid].name, scores[uid]) for uid in ranked[:5]]
        return result

    def match_all(self, text: str) -> list[UnitMatch]:
        """Every unit named in a cell ("Văn phòng Sở; Phòng KHTC, Thanh tra Sở").

        Semicolons and line breaks always separate. Commas, "và" and "+" separate unless the
        words around them together name a unit or a group ("Các phòng, ban, đơn vị thuộc Sở",
        "Sở Kế hoạch và Đầu tư"): the longest run that resolves is taken first. Words that
        resolve in no way stay joined across "và", which mostly joins words inside a name,
        up to a comma or a part that resolves. A leading "Đề nghị" asks every body after it.
        """
        matches = [
            found
            for part in re.split(r"[;\n]+", text or "")
            for found in self._match_part(nfc(part))
            if found.text
        ]
        if matches and matches[0].role == "requested":
            for found in matches[1:]:
                found.role = found.role or "requested"
        return matches

    def _match_part(self, part: str) -> Iterator[UnitMatch]:
        spans, joined, start = [], [], 0
        for separator in _SOFT_SEPARATOR.finditer(plain(part)):
            spans.append((start, separator.start()))
            joined.append(separator[0].strip() == "va")
            start = separator.end()
        spans.append((start, len(part)))
        i = 0
        while i < len(spans):
            for j in range(len(spans), i, -1):
                found = self.match(part[spans[i][0] : spans[j - 1][1]])
                if found.resolved or found.group:
                    break
            else:
                j = i + 1
                while j < len(spans) and joined[j - 1] and not self._resolves(part, spans[j]):
                    j += 1
                found = self.match(part[spans[i][0] : spans[j - 1][1]])
            yield found
            i = j

    def _resolves(self, part: str, span: tuple[int, int]) -> bool:
        found = self.match(part[span[0] : span[1]])
        return found.resolved or bool(found.group)

    def _keys(self, unit: UnitCandidate) -> tuple[set[str], set[str]]:
        """Full-form keys (exact and fuzzy matching) and initialisms (exact matching only)."""
        names = {canonical_key(name) for name in (unit.name, unit.short_name, *unit.aliases)}
        names.discard("")
        full = set(names)
        initialisms: set[str] = set()
        if unit.kind in ("department", "division", "external"):
            for name in names:
                if place := _PLACE.match(name):
                    full |= {place["base"], f"{place['base']} {place['level']}"}
            for name in (unit.name, unit.short_name, *unit.aliases):
                initialisms |= _initialisms(search_key(name))
                if place := _PLACE.match(search_key(name)):
                    initialisms |= _initialisms(place["base"])
        parent = self._units.get(unit.parent_id) if unit.parent_id else None
        if unit.kind == "division" and parent:
            # "Văn phòng Sở", "Phòng Nội vụ huyện Văn Quan": names relative to the parent.
            parent_key = canonical_key(parent.name).removeprefix("ubnd ")
            level = "so" if parent.kind == "department" else _level(parent_key)
            for name in names:
                core = name.removesuffix(f" {level}") if level else name
                full |= {core, f"{core} {parent_key}"} | ({f"{core} {level}"} if level else set())
        return full, initialisms - full

    def _relative_keys(self) -> dict[str, int]:
        """ "Sở", "UBND huyện", "tỉnh": the nearest unit of that kind around the context."""
        relative: dict[str, int] = {}
        for uid in self._context_chain:
            unit = self._units[uid]
            words = {"so"} if unit.kind == "department" else set()
            if unit.kind in ("province", "district", "commune"):
                level = _level(canonical_key(unit.name))
                words |= {level, f"ubnd {level}"} if level else set()
            for word in words:
                relative.setdefault(word, uid)
        return relative

    def _group_members(self, group: str) -> list[int]:
        """The units a group phrase stands for around the context; [] without a context.

        Divisions are those directly under the issuing unit (or under the body a division
        belongs to); communes those under its district, else its province; departments and
        districts those of its province.
        """
        if group == "all_divisions":
            anchors = [uid for uid in self._context_chain if self._units[uid].kind != "division"]
        else:
            levels = ("district", "province") if group == "all_communes" else ("province",)
            anchors = [uid for uid in self._context_chain if self._units[uid].kind in levels]
        if not anchors:
            return []
        kind, anchor = _GROUP_KINDS[group], anchors[0]
        return [
            unit.id
            for unit in self._units.values()
            if unit.kind == kind
            and (
                unit.parent_id == anchor if kind == "division" else anchor in self._chains[unit.id]
            )
        ]

    def _fuzzy(self, key: str) -> dict[int, float]:
        """Best score per unit over its full-form keys (word order ignored)."""
        scores: dict[int, float] = {}
        for _choice, score, index in process.extract(
            _sorted_tokens(key),
            self._fuzzy_keys,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=_SUGGESTION_CUTOFF,
            limit=None,
        ):
            uid = self._fuzzy_ids[index]
            scores[uid] = max(score, scores.get(uid, 0.0))
        return scores

    def _tier(self, uid: int) -> int:
        """0 inside the context's subtree, 1 inside its parent's, …; every unit is 0 without one."""
        chain = self._chains[uid]
        return next(
            (i for i, ancestor in enumerate(self._context_chain) if ancestor in chain),
            len(self._context_chain),
        )

    def _chain(self, uid: int) -> tuple[int, ...]:
        """The unit and its ancestors, nearest first."""
        chain = []
        current: int | None = uid
        while current in self._units and current not in chain:
            chain.append(current)
            current = self._units[current].parent_id
        return tuple(chain)


def _strip_role(written: str) -> tuple[str, str]:
    """The phrase without its role words, and the role they give."""
    role = ""
    if found := _REQUESTED.match(plain(written)):
        role = "requested" if found[1] != "giao" else ""
        written = written[found.end() :]
    if found := _LEADING_ROLE.match(plain(written)):
        role, written = role or _ROLES[found[1]], written[found.end() :]
    for pattern in (_AFTER_COLON, _TRAILING_ROLE):
        if found := pattern.search(plain(written)):
            role, written = role or _ROLES[found[1]], written[: found.start()]
    return written.strip(" ,.:-–"), role


def _initialisms(key: str) -> set[str]:
    """ "Phòng Kế hoạch - Tài chính" → pkhtc, khtc, phong khtc (short ones are too ambiguous)."""
    kind = next((word for word in _KIND_WORDS if key.startswith(f"{word} ")), "")
    rest = key.removeprefix(f"{kind} ").split() if kind else key.split()
    initials = "".join(word[0] for word in rest)
    found = {"".join(word[0] for word in key.split())}
    if len(rest) >= 2:
        found |= {initials, f"{kind} {initials}".strip()}
    return {item for item in found if len(item.replace(" ", "")) >= 3}


def _level(key: str) -> str:
    """The administrative level a unit's name opens with: "tinh", "huyen", "xa", …"""
    found = _LEVEL.match(key)
    return found[1] if found else ""


def _sorted_tokens(key: str) -> str:
    # Sorting once here lets the scan use plain `ratio`, i.e. token_sort_ratio without re-sorting.
    return " ".join(sorted(key.split()))


def matcher_for(context: OrgUnit | None = None, on: datetime.date | None = None) -> UnitMatcher:
    """A matcher over the units that existed `on` a day (today by default), in the context
    of the issuing unit."""
    units = OrgUnit.objects.active_on(on) if on else OrgUnit.objects.current()
    rows = units.values("id", "name", "short_name", "aliases", "kind", "parent_id")
    candidates = [
        UnitCandidate(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            parent_id=row["parent_id"],
            short_name=row["short_name"],
            aliases=tuple(row["aliases"] or ()),
        )
        for row in rows
    ]
    return UnitMatcher(candidates, context_id=context.pk if context else None)


def resolve_unit(text: str, context: OrgUnit | None = None) -> UnitMatch:
    """Resolve one phrase against the current org units; for many lookups use `matcher_for`."""
    return matcher_for(context).match(text)


class UnitNotFound(Exception):
    """No single unit answers to the text; the message offers the closest names."""


def find_unit(text: str) -> OrgUnit:
    """The unit with this code, else the one current unit the name resolves to."""
    unit = OrgUnit.objects.filter(code=text).select_related("parent").first()
    if unit is not None:
        return unit
    match = resolve_unit(text)
    if len(match.units) != 1:
        hint = ", ".join(name for _id, name, _score in match.suggestions[:3])
        raise UnitNotFound(
            _("Không tìm thấy đơn vị “%(text)s”.%(hint)s")
            % {"text": text, "hint": (" " + _("Có phải: %s?") % hint) if hint else ""}
        )
    return OrgUnit.objects.select_related("parent").get(pk=match.units[0])
