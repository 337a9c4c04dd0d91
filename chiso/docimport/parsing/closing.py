"""The end of a plan: recipients ("Nơi nhận:"), signing capacity and signer."""

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from chiso.docimport.blocks import Block, BlockKind
from chiso.vietnamese.text import nfc, plain

from .phrases import block_lines, body_blocks, clean, is_upper, starts_like

_RECIPIENTS = "Nơi nhận"
_FILED = "Lưu"
_STAMPS = ("Đã ký", "Ký tên", "Ký, ghi rõ họ tên", "Ký và đóng dấu")
_SIGNATURE_BLOCKS = 12
_NAME_WORDS = (2, 6)

# Words a signing capacity starts with ("KT. CHÁNH THANH TRA", "PHÓ CHỦ TỊCH"), on `plain`.
_CAPACITY = re.compile(
    r"^\W*(?:(?:kt|tm|tl|tuq|q)\s*\.|chu\s*tich|pho\b|giam\s*doc|chanh\b|truong\b"
    r"|thu\s*truong|bi\s*thu)"
)
_ITEM = re.compile(r"(?:^|\n|(?<=[;.]))\s*[-–•+]\s*")
_BROKEN_WORD = re.compile(r"(\w)-\s*\n\s*")
# In a capacity written on one line, a new line starts at these words (matched on `plain`).
_CAPACITY_BREAK = re.compile(r"\s(?=(?:kt|tm|tl|tuq|q)\s*\.|pho\s)")


@dataclass(frozen=True)
class Closing:
    """Recipients as listed (marks and final ";" removed), signer's name, signing capacity.

    `signer_title` joins the capacity lines with ", " ("KT. CHÁNH THANH TRA, PHÓ CHÁNH THANH
    TRA"); `block_range` is the (start, stop) of the block indices read.
    """

    recipients: list[str]
    signer: str
    signer_title: str
    block_range: tuple[int, int] = (0, 0)


def parse_closing(blocks: Sequence[Block]) -> Closing:
    """Read "Nơi nhận:" and the signature after it, side by side in a table row or in turn.

    Without "Nơi nhận:", the signature is looked for among the last blocks.
    """
    body = [b for b in body_blocks(blocks) if not (b.kind == BlockKind.ROW and len(b.cells) > 2)]
    start = next(
        (i for i in range(len(body) - 1, -1, -1) if _recipients_cell(body[i]) is not None), None
    )
    if start is None:
        tail = body[-_SIGNATURE_BLOCKS:]
        first = next((i for i, b in enumerate(tail) if _capacity_line(clean(b.text))), None)
        if first is None:
            return Closing([], "", "")
        return _closing([], [(b.index, line) for b in tail[first:] for line in block_lines(b)])
    recipients: list[tuple[int, str]] = []
    signature: list[tuple[int, str]] = []
    for block in body[start:]:
        cell = _recipients_cell(block)
        if block.kind == BlockKind.ROW and cell is not None:
            for position, text in enumerate(block.cells):
                lines = [(block.index, clean(line)) for line in text.splitlines() if line.strip()]
                (recipients if position == cell else signature).extend(lines)
        elif signature or _ends_recipients(block, recipients):
            signature.extend((block.index, line) for line in block_lines(block))
        else:
            recipients.extend((block.index, line) for line in block_lines(block))
    return _closing(recipients, signature)


def _recipients_cell(block: Block) -> int | None:
    """Which of a block's cells (0 for a paragraph) opens with "Nơi nhận", if any."""
    texts = block.cells if block.kind == BlockKind.ROW and block.cells else (block.text,)
    return next((i for i, text in enumerate(texts) if starts_like(clean(text), _RECIPIENTS)), None)


def _ends_recipients(block: Block, recipients: list[tuple[int, str]]) -> bool:
    """Whether a paragraph after "Nơi nhận" starts the signature instead of listing more."""
    text = clean(block.text)
    if not recipients or _ITEM.match(text):
        return False
    last = _ITEM.sub("", recipients[-1][1])
    return _capacity_line(text) or starts_like(last, _FILED)


def _capacity_line(text: str) -> bool:
    return is_upper(text) and bool(_CAPACITY.match(plain(text)))


def _closing(recipients: list[tuple[int, str]], signature: list[tuple[int, str]]) -> Closing:
    used = [index for index, _line in recipients]
    capacity: list[str] = []
    signer = ""
    for index, line in signature:
        if line.startswith("(") or any(starts_like(line, stamp) for stamp in _STAMPS):
            continue
        upper, name = _split_name(line)
        if upper:
            capacity.extend(_capacity_lines(upper))
            used.append(index)
        if name:
            signer = name
            used.append(index)
            break
    return Closing(
        recipients=_items("\n".join(line for _index, line in recipients)),
        signer=signer,
        signer_title=", ".join(capacity),
        block_range=(min(used), max(used) + 1) if used else (0, 0),
    )


def _items(text: str) -> list[str]:
    """The recipients listed after "Nơi nhận:", one per dash, a word broken at "-" rejoined."""
    text = _BROKEN_WORD.sub(r"\1-", text)
    head, _colon, rest = text.partition(":")
    items = (
        nfc(item).rstrip(" ;,.")
        for item in _ITEM.split(rest if starts_like(head, _RECIPIENTS) else text)
    )
    return [item for item in items if item]


def _split_name(line: str) -> tuple[str, str]:
    """A signature line as (capacity in capitals, signer's name); either may be empty."""
    words = line.split()
    split = next((i for i, word in enumerate(words) if not is_upper(word)), len(words))
    upper, rest = " ".join(words[:split]), words[split:]
    low, high = _NAME_WORDS
    if rest and low <= len(rest) <= high and all(w[:1].isupper() for w in rest):
        return upper, " ".join(rest)
    return (upper, "") if not rest else ("", "")


def _capacity_lines(text: str) -> list[str]:
    """Capacity lines from capitals that may have lost their line breaks."""
    flat = plain(text)
    cuts = [0, *(m.end() for m in _CAPACITY_BREAK.finditer(flat)), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts) if text[a:b].strip()]
