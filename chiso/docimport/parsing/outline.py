"""The numbered outline of a plan: "I." parts, "1." sections, "a)" items, "-" bullets.

Numbering in real documents is inconsistent (a heading may be a Word heading, bold text or a
plain line; bullets are "-", "+", "•"), so levels come from the kind of label, not from
styles: Roman numerals above Arabic numbers above letters above bullets.
"""

import re
from dataclasses import dataclass, field

from chiso.docimport.blocks import Block, BlockKind
from chiso.vietnamese.text import nfc, plain

ROMAN = re.compile(r"^(?P<label>[IVX]{1,4})[.\s]\s*(?=\S)")
ARABIC = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*)[.)]\s*(?=\D)")
LETTER = re.compile(r"^(?P<label>[a-hđ])\)\s*")
BULLET = re.compile(r"^(?P<label>[-–—+•*])\s+")
LEVELS = (("roman", ROMAN, 1), ("arabic", ARABIC, 2), ("letter", LETTER, 3), ("bullet", BULLET, 4))
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
            if kind == "roman" and not _looks_like_heading(rest):
                continue
            return kind, match["label"], rest, level
    return None


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
    for block in blocks:
        if CLOSING.match(plain(block.text)):
            del stack[1:]
        found = numbering(block.text) if block.kind != BlockKind.ROW else None
        if found is None:
            stack[-1].body.append(block)
            continue
        kind, label, rest, level = found
        if kind == "bullet" and stack[-1].kind == "bullet":
            stack.pop()
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        section = Section(kind=kind, label=label, title=rest, block=block.index, level=level)
        section.parent = stack[-1]
        stack[-1].children.append(section)
        stack.append(section)
    return [root]


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
