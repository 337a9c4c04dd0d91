"""The documents a plan cites in its basis ("Thực hiện Kế hoạch số 146/KH-UBND ngày … của …")."""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from chiso.docimport.blocks import Block, BlockKind
from chiso.vietnamese.dates import find_dates
from chiso.vietnamese.text import nfc, ocr_pattern, plain

from .phrases import body_blocks, clean, loose, numbering

# Accent-free kind words → the kind as it is written in full.
KINDS = {
    "ke hoach": "Kế hoạch",
    "thong bao": "Thông báo",
    "quyet dinh": "Quyết định",
    "nghi dinh": "Nghị định",
    "nghi quyet": "Nghị quyết",
    "chi thi": "Chỉ thị",
    "cong van": "Công văn",
    "cong dien": "Công điện",
    "thong tu": "Thông tư",
    "ket luan": "Kết luận",
    "de an": "Đề án",
    "van ban": "Văn bản",
    "huong dan": "Hướng dẫn",
    "chuong trinh": "Chương trình",
    "bao cao": "Báo cáo",
    "quy dinh": "Quy định",
}
# Words that end the issuer named after "của".
_ISSUER_STOPS = (
    "ve",
    "ban hanh",
    "nang cao",
    "trien khai",
    "thuc hien",
    "thong bao",
    "quy dinh",
    "huong dan",
    "phe duyet",
    "tai",
    "nham",
    "xay dung ke hoach",
    "cu the",
)
_ISSUER_WORDS = 10

# All matched on `plain` text, spaces between words optional (OCR loses them). "số" may read
# "sé" or lose its accent; a number has a slash or a dash and a letter ("146/KH-UBND",
# "45/2025/NĐ-CP", "134-KL/TW").
_KIND_WORDS = "|".join(loose(kind) for kind in KINDS)


# Kind words also as OCR without the Vietnamese model reads them ("Théng bao", "Ké hoach").
_KIND_PATTERNS = {kind: re.compile(ocr_pattern(key)) for key, kind in KINDS.items()}
_REFERENCE = re.compile(
    r"(?P<kind>{})\s*(?:[s$]\S?\s*:?\s*)?(?P<number>\d+[\w.]*(?:[/-][\w.]+)+)".format(
        "|".join(p.pattern for p in _KIND_PATTERNS.values())
    )
)
# "của", also as OCR reads it without the Vietnamese model ("cla", "cia", "ctia").
_OF = re.compile(r"\W{0,3}(?:cua|c[a-z]{1,2}a(?=\s))\s*")
_STOP = re.compile(
    r"\s+(?:{})\b|[,;.:()\"“”]|\s+va\s+(?=(?:{})\b)".format(
        "|".join(map(loose, _ISSUER_STOPS)), _KIND_WORDS
    )
)
_GLUED_DATE = re.compile(r"\wngay$")
_DATE_GAP = 4
_APPENDED = re.compile(r"\(?\s*kem\s*theo[^)]*\)?")


@dataclass(frozen=True)
class ParentReference:
    """A document cited in the basis: kind ("Kế hoạch"), number, date and issuer as written."""

    text: str
    kind: str
    number: str
    date: datetime.date | None
    issuer_text: str
    block_index: int | None = None


def find_references(text: str, block_index: int | None = None) -> list[ParentReference]:
    """Every "<kind> số <number> ngày <date> của <issuer>" in `text`, in order.

    The date and the issuer are optional; `text` of a reference runs from its kind word to the
    last of its parts found.
    """
    written = nfc(text)
    flat = plain(written)
    found = []
    for match in _REFERENCE.finditer(flat):
        number = written[match.start("number") : match.end("number")].rstrip(".")
        if _GLUED_DATE.search(plain(number)):
            number = number[:-4]  # "105/KH-UBNDngày": OCR lost the space before the date
        if not any(ch.isalpha() for ch in number):
            continue  # "số 29/5/2025" is a date, not a document number
        end = match.start("number") + len(number)
        date = None
        following = find_dates(written[end : end + 40])
        if following and following[0].start <= _DATE_GAP:
            date = following[0].date
            end += following[0].end
        issuer = ""
        if of := _OF.match(flat, end):
            stop = _STOP.search(flat, of.end())
            stop_at = stop.start() if stop else len(flat)
            words = list(re.finditer(r"\S+", written[of.end() : stop_at]))[:_ISSUER_WORDS]
            if words:
                issuer = written[of.end() : of.end() + words[-1].end()]
                end = of.end() + words[-1].end()
        found.append(
            ParentReference(
                text=written[match.start() : end],
                kind=next(k for k, p in _KIND_PATTERNS.items() if p.fullmatch(match["kind"])),
                number=number,
                date=date,
                issuer_text=issuer,
                block_index=block_index,
            )
        )
    return found


def parse_parents(blocks: Sequence[Block]) -> list[ParentReference]:
    """The documents cited before the plan's first numbered section, each once, in order.

    The plans among them (`kind == "Kế hoạch"`) are the plans this one implements. An
    appendix's "(Kèm theo Kế hoạch số …)" line names the plan it belongs to, not a parent,
    and is left to the header.
    """
    references: dict[tuple[str, str], ParentReference] = {}
    for block in body_blocks(blocks):
        mark = numbering(block.text)
        if (mark and mark.level <= 3) or (block.kind == BlockKind.ROW and len(block.cells) > 2):
            break
        text = clean(block.text)
        for appended in reversed(list(_APPENDED.finditer(plain(text)))):
            text = text[: appended.start()] + text[appended.end() :]
        for reference in find_references(text, block.index):
            references.setdefault((reference.kind, reference.number.casefold()), reference)
    return list(references.values())
