"""The numbered outline of a plan: "I." parts, "1." sections, "a)" items, "-" bullets.

Numbering in real documents is inconsistent (a heading may be a Word heading, bold text or a
plain line; bullets are "-", "+", "•"), so levels come from the kind of label, not from
styles: Roman numerals above Arabic numbers above letters above bullets. OCR misreads labels
("Il.", "1I.", "[I." or "IT." for "II.", "4," for "4.", "ø)" for "g)", "d)" for "đ)", "¢" or
"»" for a bullet): Roman parts and lettered items are numbered in sequence, so a label that
breaks the sequence is read as the one it stands for; an Arabic number read with a comma is a
section only where it is the next number of its level.
"""

import re
from dataclasses import dataclass, field

from chiso.docimport.blocks import Block, BlockKind
from chiso.vietnamese.text import nfc, ocr_pattern, plain

ROMAN = re.compile(r"^(?P<label>[IVX]{1,4})[.,\s]\s*(?=\S)")
# A Roman numeral as OCR reads it: I as l, 1, | or ! ("Il.", "I11.", "1I."), or, before a
# stop, as T, [ or ] with a stray stroke L ("IT.", "[I.", "IIIL.") beside one I read right;
# kept only when it has a letter in it and heads a line in capitals, and, unless an I was
# read as T, [, ] or L, when it reads as a numeral (else its place in the sequence tells).
OCR_ROMAN = re.compile(r"^(?P<label>[IVXl1|!\[\]TL]{1,5})(?P<stop>[.,:])?\s+(?=\S)")
_STROKES = "[]TL"
ARABIC = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*)[.)]\s*(?=\D)")
# "4," or "2,." for "4." and "2.": kept when a capital follows and the number goes on from
# its elder sibling (see `build_outline`).
OCR_ARABIC = re.compile(r"^(?P<label>\d{1,2}),[.,]?\s+(?=\w)")
LETTER = re.compile(r"^(?P<label>[a-hđ])\)\s*")
# Any single letter before ")" when OCR misread it ("ø)", "ð)"): its place tells which it is.
# "đ)" may also be read "D)" or "P)", kept only where "đ)" comes next (see `build_outline`).
OCR_LETTER = re.compile(r"^(?P<label>[^\W\d_A-Z]|[DP])\)\s+(?=\S)")
_CAPITAL_DD = ("D", "P")
BULLET = re.compile(r"^(?P<label>[-–—+•*¢»·∙●○◦▪])\s+")
# A round bullet read as the letter "o", kept when a capital follows.
OCR_BULLET = re.compile(r"^(?P<label>o)\s+(?=\S)")
LEVELS = (
    ("roman", ROMAN, 1),
    ("roman", OCR_ROMAN, 1),
    ("arabic", ARABIC, 2),
    ("arabic", OCR_ARABIC, 2),
    ("letter", LETTER, 3),
    ("letter", OCR_LETTER, 3),
    ("bullet", BULLET, 4),
    ("bullet", OCR_BULLET, 4),
)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_OCR_I = str.maketrans("l1|![]TL", "IIIIIIII")
# Vietnamese lettered items skip f, j, w, z and put đ after d.
LETTERS = "abcdđeghiklmnopqrstuvxy"
# The closing block ("Nơi nhận:", the signature; OCR may read "Nii nhan") ends every open
# section.
CLOSING = re.compile(r"^\W*" + ocr_pattern("noi nhan") + r"\b")


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
    found = _numbering(text)
    return found[:4] if found else None


def _numbering(text: str) -> tuple[str, str, str, int, bool] | None:
    """`numbering`, and whether the label is one OCR misread."""
    stripped = nfc(text).lstrip("*_ ")
    for kind, pattern, level in LEVELS:
        if match := pattern.match(stripped):
            rest = stripped[match.end() :].strip().strip("*_ ").strip()
            label = match["label"]
            if kind == "roman" and not _looks_like_heading(rest):
                continue
            if pattern is OCR_ROMAN:
                label = _misread_roman(label, stop=bool(match["stop"]))
                if not label or not _in_capitals(rest):
                    continue
            if pattern in (OCR_LETTER, OCR_ARABIC, OCR_BULLET) and not _in_capitals(rest[:1]):
                continue
            return kind, label, rest, level, pattern in (OCR_ROMAN, OCR_ARABIC, OCR_LETTER)
    return None


def _misread_roman(label: str, *, stop: bool) -> str:
    """The Roman numeral OCR read as `label` ("Il" → "II", "[I." → "II"), or "" when it
    reads as none. A label with an I read as T, [, ] or L needs its stop and an I, V or X read
    right ("TL. GIÁM ĐỐC" signs for someone), and may stand for no numeral ("IIIL."): its
    place in the sequence then tells which it is."""
    stroke = any(ch in _STROKES for ch in label)
    if stroke and not (stop and any(ch in "IVXl1|!" for ch in label)):
        return ""
    numeral = label.translate(_OCR_I)
    if label.isdigit() or not (stroke or roman_value(numeral)):
        return ""
    return numeral


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
        found = _numbering(block.text) if block.kind != BlockKind.ROW else None
        if found is not None and found[4] and not _continues_siblings(found, stack):
            found = None
        if found is None:
            stack[-1].body.append(block)
            continue
        kind, label, rest, level, _misread = found
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


def _continues_siblings(found: tuple[str, str, str, int, bool], stack: list[Section]) -> bool:
    """Whether a misread Arabic number or capital "D)"/"P)" is the next of its level under
    the open section: the number after the last (1 for the first), "đ)" after "d)"."""
    kind, label, _rest, level, _misread = found
    parent = next((s for s in reversed(stack) if s.level < level), stack[0])
    previous = next((s.label for s in reversed(parent.children) if s.kind == kind), "")
    if kind == "arabic":
        previous = previous or "0"
        return previous.isdigit() and int(label) == int(previous) + 1
    return kind != "letter" or label not in _CAPITAL_DD or previous == "d"


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
