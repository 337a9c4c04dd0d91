"""The top of a plan: issuer, number, place and date, title, the indices it covers, its year."""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from chiso.docimport.blocks import Block, BlockKind
from chiso.plans.targets import named_indices
from chiso.vietnamese.dates import find_dates
from chiso.vietnamese.text import nfc, plain, search_key

from .basis import KINDS, find_references
from .phrases import (
    block_lines,
    clean,
    contains_like,
    is_upper,
    loose,
    numbering,
    similarity,
    starts_like,
)

_MOTTO = ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc")
# Words a body's name starts with: an issuer line starting otherwise continues the line above
# ("ỦY BAN NHÂN DÂN THÀNH" / "PHỐ LẠNG SƠN"), one starting so names the next body
# ("UBND TỈNH LẠNG SƠN" / "THANH TRA TỈNH").
_BODY_WORDS = (
    "UBND",
    "Ủy ban",
    "HĐND",
    "Hội đồng",
    "Sở",
    "Thanh tra",
    "Ban",
    "Phòng",
    "Văn phòng",
    "Trung tâm",
    "Chi cục",
    "Cục",
    "Tổng cục",
    "Bộ",
    "Công an",
    "Bệnh viện",
    "Trường",
    "Kho bạc",
    "Bảo hiểm",
    "Tỉnh ủy",
    "Huyện ủy",
    "Thành ủy",
    "Đảng ủy",
    "Mặt trận",
    "Viện",
    "Đài",
)
# Words that open the basis paragraph and so end the title.
_BASIS_STARTS = ("Thực hiện", "Căn cứ", "Triển khai", "Thi hành", "Theo", "Để", "Nhằm")
_HEAD_LINES = 20
_TITLE_LINES = 6
_MAX_PLACE = 40
_FUZZY = 85

# All matched on `plain` text. A number may still be blank ("Số:     /KH-TTr"); "số" may read
# "sé", "s¢", "S6" or "$6" after OCR.
_NUMBER_BODY = r"(?P<number>(?:\d[\w.]*)?\s*/\s*[\w.]+(?:[/-][\w.]+)*)"
_NUMBER_LINE = re.compile(r"^\W*?[s$]\S?\s*[:.]?\s*" + _NUMBER_BODY)
_NUMBER_INSIDE = re.compile(r"(?<!\w)[s$]\S?\s*:\s*" + _NUMBER_BODY)
# A blank number whose slash OCR lost ("Số: KH-UBND" for "Số: /KH-UBND").
_NUMBER_SLASH_LOST = re.compile(r"^\W*?[s$]\S?\s*:\s*(?P<number>[a-z]{1,5}-[\w.]+(?:-[\w.]+)*)\b")
_DOC_TYPE = re.compile(r"^\W*(?:(?P<plan>ke\s*hoach)|phu\s*luc(?:\s+(?:[ivxl]+|\d+)\b)?)")
_MOTTO_WORDS = re.compile(
    loose("cong hoa xa hoi chu nghia viet nam") + r"|doc\s*lap\W*tu\s*do\W*hanh\s*phuc"
)
# The motto as one accent-free key, to find a piece of it that OCR ran onto a line of the left
# column ("UBND TINH LANG SON CONG HOA XA HOI CHU NGHIA VIET NAM").
_MOTTO_TOKENS = search_key(" ".join(_MOTTO)).split()
_MOTTO_PIECE_CHARS = 10
_APPENDED = re.compile(r"\(?\s*kem\s*theo")
# The basis run into the title's paragraph: "… năm 2025 Thực hiện Kế hoạch số …".
_BASIS_INSIDE = re.compile(
    r"\s(?=(?:{})\s*(?:{})\b)".format(
        "|".join(map(loose, ("thuc hien", "can cu", "thi hanh", "trien khai"))),
        "|".join(map(loose, KINDS)),
    )
)
_YEAR = re.compile(r"nam\s*(\d{4})\b")
_PLAN_BY = re.compile(r"(?:xay\s*dung|ban\s*hanh)\s*ke\s*hoach")
_SUBJECT_START = re.compile(r".*[.;,:)]")
_SUBJECT_WORDS = 10
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Header:
    """What the top of a plan says, as written (NFC), with the parsed values.

    `number` keeps a blank number as written ("/KH-TTr", `number_blank`). `attached_to` says
    number, date and issuer come from an appendix's "(Kèm theo Kế hoạch số …)" line;
    `issuer_inferred` that the issuer was read from the basis ("… UBND huyện Văn Quan xây dựng
    kế hoạch …") because the top names none. `block_range` is the (start, stop) of the block
    indices read.
    """

    issuer_text: str = ""
    parent_issuer_text: str = ""
    number: str = ""
    number_blank: bool = False
    place: str = ""
    date: datetime.date | None = None
    doc_type: str = ""
    title: str = ""
    indices: tuple[str, ...] = ()
    year: int | None = None
    attached_to: bool = False
    issuer_inferred: bool = False
    block_range: tuple[int, int] = (0, 0)


@dataclass
class _Reading:
    issuers: list[str] = field(default_factory=list)
    number: str = ""
    place: str = ""
    date: datetime.date | None = None
    doc_type: str = ""
    title: list[str] = field(default_factory=list)
    attached: tuple[str, datetime.date | None, str] | None = None
    basis: str = ""
    done: bool = False
    used: list[int] = field(default_factory=list)


def parse_header(blocks: Sequence[Block]) -> Header:
    """Read the issuer, number, place and date, document type and title from the top.

    A Word file's page header (blocks with `source` "header", read first) often holds the
    letterhead, so it is read with the body.
    """
    body = [b for b in blocks if b.source in ("header", "body") and b.text.strip()]
    reading = _Reading()
    in_title = False
    for position, block in enumerate(body):
        if block.kind == BlockKind.ROW and len(block.cells) > 2:
            break
        if in_title and _ends_title(block, reading):
            break
        if not in_title and (position >= _HEAD_LINES or _is_section(block)):
            break
        for line in block_lines(block):
            in_title = _read_line(line, block.index, reading, in_title)
        if reading.done or len(reading.title) > _TITLE_LINES:
            break
    title = nfc(" ".join(reading.title))
    issuer, parent, inferred = _issuer(reading, body)
    number, date = reading.number, reading.date
    if reading.attached:
        number, date, issuer = reading.attached
    years = _YEAR.findall(plain(title))
    indices = named_indices(title) or named_indices(" ".join(clean(b.text) for b in body))
    return Header(
        issuer_text=issuer,
        parent_issuer_text=parent,
        number=number,
        number_blank=number.startswith("/"),
        place=reading.place,
        date=date,
        doc_type=reading.doc_type,
        title=title,
        indices=tuple(indices),
        year=int(years[-1]) if years else (date.year if date else None),
        attached_to=reading.attached is not None,
        issuer_inferred=inferred,
        block_range=(min(reading.used), max(reading.used) + 1) if reading.used else (0, 0),
    )


def _read_line(line: str, index: int, reading: _Reading, in_title: bool) -> bool:
    """Take what one line says; returns whether the title has begun."""
    flat = plain(line)
    if in_title:
        if appended := _APPENDED.search(flat):
            _add_title(line[: appended.start()], index, reading)
            _read_attachment(line[appended.start() :], index, reading)
        elif (basis := _BASIS_INSIDE.search(flat)) and line[basis.end()].isupper():
            _add_title(line[: basis.start()], index, reading)
            reading.basis, reading.done = line[basis.end() :], True
        else:
            _add_title(line, index, reading)
        return True
    if doc_type := _doc_type(line):
        if plain(doc_type).startswith("phu") and not (reading.number or reading.date):
            # An appendix has no letterhead: capitals above "Phụ lục I" (where OCR put the
            # first title line) belong to the title.
            reading.title.extend(reading.issuers)
            reading.issuers.clear()
        reading.doc_type = doc_type
        reading.used.append(index)
        rest = line[line.index(doc_type) + len(doc_type) :]
        if rest.strip():
            _read_line(rest, index, reading, in_title=True)
        return True
    number = _NUMBER_LINE.match(flat) or _NUMBER_INSIDE.search(flat)
    if number := number or _NUMBER_SLASH_LOST.match(flat):
        if not reading.number:
            written = nfc(line[number.start("number") : number.end("number")])
            reading.number = written if number.re is not _NUMBER_SLASH_LOST else f"/{written}"
        reading.used.append(index)
        # Two columns read as one line: the issuer before the number, the motto or the place
        # and date after it.
        for part in (line[: number.start()], line[number.end("number") :]):
            if part.strip(" ,"):
                _read_line(part, index, reading, in_title)
        return False
    left, motto = _split_motto(line)
    if motto and left:
        reading.used.append(index)
        return _read_line(left, index, reading, in_title)
    dates = [d for d in find_dates(line) if d.text[:1] in "nN"]
    if dates:
        place = _without_motto(line[: dates[0].start]).strip(" ,")
        if len(place) <= _MAX_PLACE:
            if reading.date is None:
                reading.place, reading.date = place, dates[0].date
            reading.used.append(index)
            return False
    if _is_motto(line):
        reading.used.append(index)
    elif is_upper(line):
        reading.issuers.append(line)
        reading.used.append(index)
    return False


def _doc_type(line: str) -> str:
    """The document type the line opens with, as written ("KẾ HOẠCH", "Phụ lục I"), or ""."""
    flat = plain(line)
    match = _DOC_TYPE.match(flat)
    # "Phụ lục I" opens an appendix however it is written; "Kế hoạch" must stand alone or in
    # capitals, since a sentence may start with it.
    alone = not flat[match.end() :].strip() if match else False
    if match and (alone or not match["plan"] or is_upper(line[: match.end()])):
        return line[: match.end()].strip()
    if similarity(line, "kế hoạch") >= _FUZZY and is_upper(line):
        return line.strip()
    return ""


def _add_title(text: str, index: int, reading: _Reading) -> None:
    if text.strip():
        reading.title.append(text.strip())
        reading.used.append(index)


def _read_attachment(text: str, index: int, reading: _Reading) -> None:
    """Number, date and issuer of the plan an appendix belongs to."""
    reading.used.append(index)
    reading.done = True
    references = find_references(text)
    if references:
        first = references[0]
        reading.attached = (first.number, first.date, first.issuer_text)


def _ends_title(block: Block, reading: _Reading) -> bool:
    if not reading.title:
        return False
    return _is_section(block) or any(starts_like(block.text, words) for words in _BASIS_STARTS)


def _is_section(block: Block) -> bool:
    """Whether a block opens a numbered part ("I. MỤC ĐÍCH", "1. Mục đích", "a) …")."""
    mark = numbering(block.text)
    return bool(mark and mark.level <= 3)


def _is_motto(line: str) -> bool:
    """The national motto, or a piece of it where a narrow column broke its lines."""
    return bool(_MOTTO_WORDS.search(plain(line))) or any(
        contains_like(motto, line) for motto in _MOTTO
    )


def _split_motto(line: str) -> tuple[str, str]:
    """(left column, motto piece) of a line that ends with a piece of the motto, else
    (line, ""). Words are matched from the end to the motto's words in order, each
    OCR-tolerant (one word may be two run together), so "THANH CONG HOA XA HOI CHU" keeps
    "THANH" on the left."""
    expected: int | None = None
    cut, matched = None, 0
    for word in reversed(list(re.finditer(r"\S+", line))):
        key = search_key(word.group())
        if not key:
            continue
        tokens = range(len(_MOTTO_TOKENS)) if expected is None else [expected]
        hit = next((t for t in reversed(tokens) if _motto_word(key, _MOTTO_TOKENS[t])), None)
        if hit is None:
            break
        if hit > 0 and _motto_word(key, _MOTTO_TOKENS[hit - 1] + _MOTTO_TOKENS[hit], glued=True):
            hit -= 1  # two words whose space OCR lost ("Tudo")
        cut, matched, expected = word.start(), matched + 1, hit - 1
        if expected < 0:
            break
    if cut is None or matched < 2 or len(search_key(line[cut:])) < _MOTTO_PIECE_CHARS:
        return line, ""
    return line[:cut].strip(), line[cut:].strip()


def _motto_word(key: str, token: str, *, glued: bool = False) -> bool:
    if glued:
        return fuzz.ratio(key, token) >= _FUZZY
    return fuzz.ratio(key, token) >= (50 if len(key) <= 2 else 60)


def _without_motto(text: str) -> str:
    flat = plain(text)
    for match in reversed(list(_MOTTO_WORDS.finditer(flat))):
        text = text[: match.start()] + text[match.end() :]
    return text


def _issuer(reading: _Reading, body: list[Block]) -> tuple[str, str, bool]:
    """(issuer, parent issuer, inferred): the last body named at the top and the one above it.

    Without one, the subject of "… xây dựng kế hoạch" / "… ban hành kế hoạch" in the basis.
    """
    names: list[str] = []
    for line in reading.issuers:
        if names and not any(starts_like(line, word, cutoff=90) for word in _BODY_WORDS):
            names[-1] = f"{names[-1]} {line}"
        else:
            names.append(line)
    if names:
        return names[-1], ", ".join(names[:-1]), False
    start = reading.used[-1] + 1 if reading.used else 0
    following = [clean(b.text) for b in body if b.index >= start and b.kind != BlockKind.ROW]
    for text in [reading.basis, *following]:
        if subject := _plan_subject(text):
            return subject, "", True
        if numbering(text):
            break
    return "", "", False


def _plan_subject(text: str) -> str:
    """Who "xây dựng kế hoạch" / "ban hành kế hoạch" in a basis sentence, as written."""
    flat = plain(text)
    for match in _PLAN_BY.finditer(flat):
        lead = _SUBJECT_START.match(flat, 0, match.start())
        subject = text[lead.end() if lead else 0 : match.start()].strip()
        words = search_key(subject).split()
        if 0 < len(words) <= _SUBJECT_WORDS and "cua" not in words and not _DIGIT.search(subject):
            return subject
    return ""
