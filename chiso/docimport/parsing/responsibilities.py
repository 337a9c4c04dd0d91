"""The "Tổ chức thực hiện" part: which unit is to do what, each duty a task it leads.

A section is headed by the unit ("2. Phòng Nội vụ", "1. Đề nghị Ủy ban MTTQ …" — requested,
not assigned) with its duties as bullets or paragraphs below; or it is one sentence that
names the unit ("1. Giao Văn phòng chủ trì, phối hợp …"). Office-holders stand for their
units ("Chủ tịch UBND các xã" → "UBND các xã").
"""

import re

from rapidfuzz import fuzz

from chiso.docimport.draft import DraftTask, UnitRef
from chiso.plans.deadlines import Deadline, DeadlineKind, parse_deadline
from chiso.plans.targets import parse_targets
from chiso.vietnamese.dates import find_dates
from chiso.vietnamese.text import nfc, ocr_pattern, plain, search_key

from .outline import Section, find_part

PART = ("to chuc thuc hien",)
# Sections of the part that name no unit; these and office-holders' titles are also read as
# OCR without the Vietnamese model writes them ("Ché dé bao cao", "Thu trudéng").
NOT_UNITS = re.compile(
    "^" + ocr_pattern("che do bao cao", "kinh phi", "che do thong tin", "bao cao")
)
# "Đề nghị", also as OCR reads it ("Dé nghi", "Pề nghị"); matched on `plain` text.
REQUESTED = re.compile(r"^\W*[dp][aeiouy]\s*ngh[aeiouy]\s+")
ASSIGNED = re.compile(r"^(?:giao (?:cho )?)", re.IGNORECASE)
# Matched on `plain` text.
OFFICE_HOLDER = re.compile(
    "^"
    + ocr_pattern(
        "thu truong", "chanh", "truong", "giam doc", "chu tich", "pho chu tich", "nguoi dung dau"
    )
    + r"\s+"
)
# Where a unit phrase ends inside a sentence ("Giao Văn phòng chủ trì, …"): the first of
# these, read OCR-tolerant ("cht tri", "phéi hop").
ROLE_WORDS = (
    "chu tri",
    "phoi hop",
    "don doc",
    "tham muu",
    "thuc hien",
    "co trach nhiem",
    "trien khai",
    "theo doi",
)
ROLE_SCORE = 80
DEADLINE_CUES = re.compile(r"truoc ngay|cham nhat|han cuoi|hoan thanh truoc")
# Paragraphs that close the part rather than assign anything.
CLOSING_REMARK = re.compile(r"^(?:tren day|trong qua trinh)")


def responsibilities_part(sections: list[Section]) -> Section | None:
    """The "III. TỔ CHỨC THỰC HIỆN" part."""
    return find_part(sections, *PART)


def responsibilities(part: Section, year: int | None) -> tuple[list[dict], list[DraftTask]]:
    """(responsibilities for the JSON, one task per duty)."""
    found: list[dict] = []
    tasks: list[DraftTask] = []
    for section in part.children:
        if section.kind not in ("arabic", "letter") or NOT_UNITS.match(section.key):
            continue
        unit_text, duties = _unit_and_duties(section)
        if not unit_text:
            continue
        requested = bool(REQUESTED.match(plain(section.title)))
        ref = UnitRef(unit_text, role="requested" if requested else "lead")
        found.append(
            {
                "unit": ref,
                "text": nfc(section.title),
                "requested": requested,
                "duties": duties,
                "block": section.block,
            }
        )
        for number, duty in enumerate(duties, start=1):
            tasks.append(
                DraftTask(
                    ordinal=f"{part.ordinal}.{section.ordinal}.{number}",
                    text=duty,
                    lead=UnitRef(unit_text, role=ref.role),
                    deadline=_deadline(duty, year),
                    targets=parse_targets(duty, year=year),
                    source="responsibility",
                    block=section.block,
                    requested=requested,
                )
            )
    return found, tasks


def _unit_and_duties(section: Section) -> tuple[str, list[str]]:
    title = nfc(section.title).strip(" :")
    bullets = [nfc(c.descendants_text()) for c in section.children if c.kind == "bullet"]
    body = [
        nfc(b.text)
        for b in section.body
        if b.text.strip() and not CLOSING_REMARK.match(plain(b.text).strip())
    ]
    if ASSIGNED.match(title) or (role_at(title) is not None and len(title.split()) > 8):
        # One sentence that names the unit and is itself the duty.
        phrase = ASSIGNED.sub("", title)
        end = role_at(phrase)
        unit = phrase[:end] if end is not None else phrase
        return _unit_of(unit), [nfc(" ".join([title, *body])), *bullets]
    return _unit_of(title), bullets + body


def role_at(text: str) -> int | None:
    """Where the first role phrase ("chủ trì", "phối hợp", …) after the first word starts."""
    words = list(re.finditer(r"\S+", text))
    for position, word in enumerate(words[1:], start=1):
        for role in ROLE_WORDS:
            size = len(role.split())
            key = search_key(" ".join(w.group() for w in words[position : position + size]))
            if fuzz.ratio(key, role) >= ROLE_SCORE:
                return word.start()
    return None


def _unit_of(phrase: str) -> str:
    """The units a phrase names, without "Đề nghị" and office-holders' titles."""
    phrase = nfc(phrase)
    if requested := REQUESTED.match(plain(phrase)):
        phrase = phrase[requested.end() :]
    parts = [_without_office_holder(part.strip()) for part in phrase.split(",")]
    return ", ".join(p for p in parts if p).strip(" ,.:;")


def _without_office_holder(part: str) -> str:
    holder = OFFICE_HOLDER.match(plain(part))
    return part[holder.end() :] if holder else part


def _deadline(duty: str, year: int | None) -> Deadline:
    """A date only where the duty says when it is due ("… chậm nhất ngày 31/5/2024")."""
    text = nfc(duty)
    if cue := DEADLINE_CUES.search(plain(text)):
        dates = [d for d in find_dates(text) if d.start >= cue.start()]
        if dates:
            return parse_deadline(text[cue.start() : dates[0].end], year=year)
    return Deadline(DeadlineKind.UNSPECIFIED, None, "")
