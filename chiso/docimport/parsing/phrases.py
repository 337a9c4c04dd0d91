"""Plan wording matched accent-free and OCR-tolerant: phrases, outline labels, sentences."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from chiso.docimport.blocks import Block, BlockKind
from chiso.vietnamese.text import nfc, search_key

from .outline import numbering as outline_numbering

# Markdown left in text pasted from an editor ("## **2. Yêu cầu**", "***Nơi nhận:***").
_MARKUP = re.compile(r"^#+\s*|(?<![\w*])[*_]+|[*_]+(?![\w*])")
# A sentence ends at ".", "!" or "?" and a space, unless the next word is in lower case or the
# period ends a short abbreviation in capitals ("TP. Lạng Sơn", "KT. CHỦ TỊCH").
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-ZĐ]\.)(?<!\b[A-ZĐ]{2}\.)(?<!\b[A-ZĐ]{3}\.)\s+")
_UPPER_RATIO = 0.8


@dataclass(frozen=True)
class Numbering:
    """A block's outline label: `level` 1 for "I.", 2 for "1.", 3 for "a)", 4 for bullets;
    `rest` is the text after the label."""

    level: int
    label: str
    rest: str


def clean(text: str) -> str:
    """NFC text with markdown emphasis and heading marks removed."""
    return nfc(_MARKUP.sub("", nfc(text)))


def numbering(text: str) -> Numbering | None:
    """The outline label a block starts with (as the outline reads it), if any."""
    found = outline_numbering(clean(text))
    if found is None:
        return None
    _kind, label, rest, level = found
    return Numbering(level, label, rest)


def similarity(text: str, phrase: str) -> float:
    """0–100: how well `text` reads as `phrase` (accent-free, OCR-tolerant)."""
    return fuzz.ratio(search_key(text), search_key(phrase))


def contains_like(text: str, piece: str, *, cutoff: float = 90) -> bool:
    """Whether `piece` (two words or more) reads as a part of `text`, OCR-tolerant."""
    key = search_key(piece)
    return len(key.split()) >= 2 and fuzz.partial_ratio(key, search_key(text)) >= cutoff


def loose(phrase: str) -> str:
    """A regex for an accent-free phrase that lets OCR lose the spaces between its words."""
    return r"\s*".join(re.escape(word) for word in phrase.split())


def has_phrase(text: str, phrase: str) -> bool:
    """Whether `text` contains `phrase`, accent-free and whatever its spacing."""
    return search_key(phrase).replace(" ", "") in search_key(text).replace(" ", "")


def starts_like(text: str, phrase: str, *, cutoff: float = 80) -> bool:
    """Whether `text` begins with `phrase`, tolerating lost accents and spaces and a damaged
    letter ("N¢i nhận" reads "Nơi nhận"); phrases of three letters or fewer must match."""
    key, wanted = search_key(text), search_key(phrase)
    if key == wanted or key.startswith(wanted + " "):
        return True
    packed, target = key.replace(" ", ""), wanted.replace(" ", "")
    return len(target) > 3 and any(
        fuzz.ratio(packed[:size], target) >= cutoff
        for size in range(len(target) - 1, len(target) + 2)
    )


def is_upper(text: str) -> bool:
    """Whether the letters of `text` are (nearly all) capitals, as in issuer and signer lines."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= _UPPER_RATIO * len(letters)


def block_lines(block: Block) -> list[str]:
    """A block's lines, cleaned: a row gives each cell's lines, left to right."""
    parts = block.cells if block.kind == BlockKind.ROW and block.cells else (block.text,)
    return [line for part in parts for line in map(clean, part.splitlines()) if line]


def body_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Body blocks that carry text (page headers and footers left out)."""
    return (b for b in blocks if b.source == "body" and b.text.strip())


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, as written."""
    found: list[str] = []
    for part in _SENTENCE_END.split(clean(text)):
        part = part.strip()
        if found and part[:1].islower():
            found[-1] = f"{found[-1]} {part}"
        elif part:
            found.append(part)
    return found
