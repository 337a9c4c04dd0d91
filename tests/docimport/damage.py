"""Copies of documents as they arrive broken: diacritics stripped, or OCR noise added."""

import dataclasses
import random
from collections.abc import Callable, Iterable

import pytest
from rapidfuzz import fuzz

from chiso.docimport.blocks import Block, BlockKind
from chiso.vietnamese.text import search_key, strip_accents

# What OCR makes of some Vietnamese letters ("Văn phòng S¢", "Chi sé cai cach", "Cdi cach
# thé ché"): a hook read as "¢", a circumflex-acute as "é", a hook-above lost or read as "d".
CONFUSIONS = {
    "ơ": "¢",
    "ở": "¢",
    "ờ": "¢",
    "ố": "é",
    "ế": "é",
    "ể": "é",
    "Ế": "É",
    "ả": "d",
    "ỉ": "i",
    "ạ": "a",
    "ậ": "â",
    "ữ": "ư",
}
RATE = 0.2
# How close a value read from a damaged copy must be to the value as written.
READS_AS = 85


def damage(text: str, *, seed: int = 0, rate: float = RATE) -> str:
    """`text` with about `rate` of its confusable letters confused, and now and then a space
    between two letters doubled or lost; digits are left alone. Seeded by `seed` and the text
    itself, so a sentence is damaged the same way whatever test or order it comes in."""
    rng = random.Random(f"{seed}:{text}")
    out = []
    for i, ch in enumerate(text):
        roll = rng.random()
        if ch in CONFUSIONS and roll < rate:
            out.append(CONFUSIONS[ch])
        elif (
            ch == " " and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
        ):
            out.append("" if roll < rate / 8 else "  " if roll < rate / 4 else " ")
        else:
            out.append(ch)
    return "".join(out)


def reads_as(found: str, written: str) -> bool:
    """Whether text read from a copy is the text as written, up to accents, spacing and a few
    damaged letters."""
    found_key, written_key = (search_key(t).replace(" ", "") for t in (found, written))
    return found_key == written_key or fuzz.ratio(found_key, written_key) >= READS_AS


def starts_as(found: str, written: str, *, size: int) -> bool:
    """Whether `found` starts with the first `size` characters of `written`, read as
    `reads_as` reads; OCR may have made the start a few letters longer or shorter."""
    start = search_key(written[:size]).replace(" ", "")
    found_key = search_key(found).replace(" ", "")
    return any(
        reads_as(found_key[:length], start)
        for length in range(max(1, len(start) - 3), len(start) + 4)
    )


def copy_blocks(blocks: Iterable[Block], change: Callable[[str], str]) -> list[Block]:
    """The blocks with `change` applied to every text and cell."""
    return [
        dataclasses.replace(b, text=change(b.text), cells=tuple(change(c) for c in b.cells))
        for b in blocks
    ]


def make_blocks(*items: str | tuple[str, ...]) -> list[Block]:
    """Hand-made blocks: a string is a paragraph ("# …" a heading), a tuple a table row."""
    blocks = []
    for index, item in enumerate(items):
        if isinstance(item, tuple):
            blocks.append(Block(BlockKind.ROW, " | ".join(item), index, cells=item, table=0))
        elif item.startswith("# "):
            blocks.append(Block(BlockKind.HEADING, item[2:], index))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, item, index))
    return blocks


# How tests run every case: as written, without diacritics, OCR-damaged.
VARIANTS = [
    pytest.param(lambda text: text, id="as-written"),
    pytest.param(strip_accents, id="no-accents"),
    pytest.param(damage, id="ocr-damaged"),
]
