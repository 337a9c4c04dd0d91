"""The numbered outline of a plan: "I." parts, "1." sections, "a)" items, "-" bullets.

Numbering in real documents is inconsistent (a heading may be a Word heading, bold text or a
plain line; bullets are "-", "+", "•"), so levels come from the kind of label, not from
styles: Roman numerals above Arabic numbers above letters above bullets. OCR misreads labels
("Il." or "1I." for "II.", "ø)" for "g)", "d)" for "đ)", "¢" or "»" for a bullet): Roman
parts and lettered items are numbered in sequence, so a label that breaks the sequence is
read as the one it stands for.
"""

import re
from dataclasses import dataclass, field

from chiso.docimport.blocks import Block, BlockKind
from chiso.vietnamese.text import nfc, plain

ROMAN = re.compile(r"^(?P<label>[IVX]{1,4})[.,\s]\s*(?=\S)")
# A Roman numeral as OCR reads it: I as l, 1, | or ! ("Il.", "I11.", "1I."); kept only when it
# has a letter in it, reads as a numeral and heads a line in capitals.
OCR_ROMAN = re.compile(r"^(?P<label>[IVXl1|!]{1,5})[.,:]?\s+(?=\S)")
ARABIC = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*)[.)]\s*(?=\D)")
LETTER = re.compile(r"^(?P<label>[a-hđ])\)\s*")
# Any single letter before ")" when OCR misread it ("ø)", "ð)"): its place tells which it is.
OCR_LETTER = re.compile(r"^(?P<label>[^\W\d_A-Z])\)\s+(?=\S)")
BULLET = re.compile(r"^(?P<label>[-–—+•*¢»·∙●○◦▪])\s+")
LEVELS = (
    ("roman", ROMAN, 1),
    ("roman", OCR_ROMAN, 1),
    ("arabic", ARABIC, 2),
    ("letter", LETTER, 3),
    ("letter", OCR_LETTER, 3),
    ("bullet", BULLET, 4),
)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_OCR_I = str.maketrans("l1|!", "IIII")
# Vietnamese lettered items skip f, j, w, z and put đ after d.
LETTERS = "abcdđeghiklmnopqrstuvxy"
# The closing block ("Nơi nhận:", the signature) ends every open section.
CLOSING = re.compile(r"^\W*noi nhan\b")


@dataclass
class Section:
    """A numbered item: its label, title (the text after the label) and what lies under it."""

    kind: str
    label: str
    title: str
    block: int
    level: int
    body: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return plain(self.title)

    @property
    def ordinal(self) -> str:
        """The label as a plan writes it: "II", "1", "a)"."""
        return f"{self.label})" if self.kind == "letter" else self.label

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self) -> str:
        """Title and body, as one text."""
        return nfc(" ".join([self.title, *(b.text for b in self.body)]))

    def descendants_text(self) -> str:
        parts = [self.title, *(b.text for b in self.body)]
        parts += [child.ordinal + " " + child.descendants_text() for child in self.children]
        return nfc(" ".join(parts))


def numbering(text: str) -> tuple[str, str, str, int] | None:
    """(kind, label, rest, level) when the text opens with an outline label."""
    stripped = nfc(text).lstrip("*_ ")
    for kind, pattern, level in LEVELS:
        if match := pattern.match(stripped):
            rest = stripped[match.end() :].strip().strip("*_ ").strip()
            label = match["label"]
            if kind == "roman" and not _looks_like_heading(rest):
                continue
            if pattern is OCR_ROMAN:
                label = label.translate(_OCR_I)
                if label.isdigit() or not roman_value(label) or not _in_capitals(rest):
                    continue
            if pattern is OCR_LETTER and not _in_capitals(rest[:1]):
                continue
            return kind, label, rest, level
    return None


def roman_value(label: str) -> int:
    """The value of a Roman numeral up to XXXIX, 0 when `label` is not one."""
    values = [ROMAN_VALUES.get(ch, 0) for ch in label.upper()]
    if not values or 0 in values:
        return 0
    total = sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))
    return total if to_roman(total) == label.upper() else 0


def to_roman(value: int) -> str:
    tens, units = divmod(value, 10)
    return "X" * tens + ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")[units]


def _in_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _looks_like_heading(rest: str) -> bool:
    # "I. MỤC ĐÍCH" but not "I am…" or a sentence that happens to start with "V."
    return bool(rest) and (rest.isupper() or len(rest) < 120)


def build_outline(blocks: list[Block]) -> list[Section]:
    """Top-level sections of the body, each with its nested sections and loose blocks.

    Blocks before the first numbered item are returned as a root section with level 0.
    Table rows never open sections; they stay in the body of the section they fall in.
    """
    root = Section(kind="root", label="", title="", block=-1, level=0)
    stack = [root]
    last_part = 0
    for block in blocks:
        if CLOSING.match(plain(block.text)):
            del stack[1:]
            last_part = 0
        found = numbering(block.text) if block.kind != BlockKind.ROW else None
        if found is None:
            stack[-1].body.append(block)
            continue
        kind, label, rest, level = found
        if kind == "bullet" and stack[-1].kind == "bullet":
            stack.pop()
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        if kind == "roman":
            # Parts run I, II, III: one that does not go on from the last was misread.
            value = roman_value(label)
            last_part = value if value > last_part else last_part + 1
            label = to_roman(last_part)
        elif kind == "letter":
            label = _letter_in_sequence(label, stack[-1].children)
        section = Section(kind=kind, label=label, title=rest, block=block.index, level=level)
        section.parent = stack[-1]
        stack[-1].children.append(section)
        stack.append(section)
    return [root]


def _letter_in_sequence(label: str, siblings: list[Section]) -> str:
    """The letter an item stands for: as written when it follows its elder sibling, else the
    next letter ("d)" after "d)" is "đ)", "ø)" after "e)" is "g)")."""
    previous = next((s.label for s in reversed(siblings) if s.kind == "letter"), None)
    if previous is None or previous not in LETTERS:
        return label if label in LETTERS else "a"
    expected = LETTERS[min(LETTERS.index(previous) + 1, len(LETTERS) - 1)]
    if label in LETTERS and LETTERS.index(label) > LETTERS.index(previous):
        return label
    return expected


def find_part(sections: list[Section], *phrases: str) -> Section | None:
    """The first Roman-numbered part whose accent-free title contains one of the phrases."""
    for top in sections:
        for section in top.children:
            if section.kind == "roman" and any(p in section.key for p in phrases):
                return section
    return None


def find_section(sections: list[Section], *phrases: str) -> Section | None:
    """The first section whose accent-free title contains one of the phrases."""
    for top in sections:
        for section in top.walk():
            if section.kind != "root" and any(p in section.key for p in phrases):
                return section
    return None
