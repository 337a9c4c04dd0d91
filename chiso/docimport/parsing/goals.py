"""A plan's purposes and requirements, and its own targets: ranks to reach, past ranks and
figures, from its purposes and aims."""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from chiso.docimport.blocks import Block, BlockKind
from chiso.plans.targets import Comparator, Target, index_mentions, named_indices, parse_targets
from chiso.vietnamese.text import nfc

from .outline import Section
from .phrases import body_blocks, clean, has_phrase, numbering, sentences, similarity, starts_like

# Headings of the part that states purposes and objectives.
_PURPOSE = ("Mục đích", "Mục tiêu", "Yêu cầu")
# Words that make a sentence an aim wherever it stands.
_AIMS = ("phấn đấu", "mục tiêu")
_HEADING_CHARS = 150
# The two headings of the first part, each heading its own text ("1. Mục đích", "Yêu cầu:").
_OWN_HEADINGS = {"purposes": "Mục đích", "requirements": "Yêu cầu"}
_OWN_HEADING_SCORE = 80


@dataclass(frozen=True)
class Goal:
    """A target the plan sets (or a past value it recalls, `past`), with its sentence."""

    target: Target
    text: str
    block_index: int
    past: bool = False


def parse_goals(
    blocks: Sequence[Block], year: int | None, *, indices: Sequence[str] = ()
) -> list[Goal]:
    """Targets in the purpose/objective/requirement part and in "phấn đấu" sentences.

    Table rows are left out: their figures belong to their tasks. A ranking target or a
    figure without indicator that names no index takes the index named last before it in its
    sentence, else the one its numbered section is about ("2. Nâng cao Chỉ số … (SIPAS)"),
    else the document's only index (`indices`). `year` is the plan's year: a target of an
    earlier year, or a rank recalled without "phấn đấu", is `past`.
    """
    goals = []
    purpose_level = 0
    section_index = ""
    for block in body_blocks(blocks):
        if block.kind == BlockKind.ROW:
            continue
        mark = numbering(block.text)
        if mark and mark.level <= 3:
            if _is_purpose(mark.rest):
                purpose_level = purpose_level or mark.level
            elif mark.level <= purpose_level:
                purpose_level = 0
            if mark.level <= 2:
                named = named_indices(mark.rest) if len(mark.rest) <= _HEADING_CHARS else []
                section_index = named[0] if len(named) == 1 else ""
        for sentence in sentences(block.text):
            aim = any(has_phrase(sentence, words) for words in _AIMS)
            if not (purpose_level or aim):
                continue
            context = section_index or (indices[0] if len(indices) == 1 else "")
            goals.extend(
                Goal(target, sentence, block.index, _is_past(target, aim, year))
                for target in _targets(sentence, year, context)
            )
    return goals


def _is_purpose(title: str) -> bool:
    return len(title) <= _HEADING_CHARS and any(starts_like(title, word) for word in _PURPOSE)


def _targets(sentence: str, year: int | None, context: str) -> list[Target]:
    """The sentence's targets, each given the index it is about where the text left it out."""
    mentions = index_mentions(sentence)
    found = []
    cursor = 0
    for target in parse_targets(sentence, year=year):
        position = sentence.find(target.text, cursor)
        cursor = max(cursor, position)
        if not (target.index or target.indicator):
            before = [code for start, code in mentions if start < position]
            if index := (before[-1] if before else context):
                target = dataclasses.replace(target, index=index)
        found.append(target)
    return found


def _is_past(target: Target, aim: bool, year: int | None) -> bool:
    if year and target.year and target.year < year:
        return True
    return target.comparator == Comparator.RANK and not aim


def purposes_and_requirements(outline: Sequence[Section]) -> tuple[str, str]:
    """(purposes, requirements): the text under each one's own heading.

    A heading is a numbered section or a paragraph that reads "Mục đích" or "Yêu cầu" (accents,
    case and a misread letter aside), alone or before a colon with text on its line ("1. Mục
    đích: Nâng cao …"); the text runs to the next such heading or the end of its section.
    A section headed by both ("I. MỤC ĐÍCH, YÊU CẦU") with no heading of either inside gives
    its text to the purposes alone.
    """
    found: dict[str, list[str]] = {}
    for top in outline:
        for section in top.walk():
            if section.kind == "root":
                continue
            own = own_heading(section.title)
            if own is not None and own[0] not in found:
                found[own[0]] = _section_lines(section, own[1])
            elif own is None and _names_both(section.title) and not _has_own_heading(section):
                found.setdefault("purposes", _section_lines(section, ""))
            _split_paragraphs(section, found)
    purposes, requirements = (nfc_lines(found.get(kind, [])) for kind in _OWN_HEADINGS)
    return purposes, requirements


def own_heading(title: str) -> tuple[str, str] | None:
    """("purposes"|"requirements", text after the heading) when `title` is that heading."""
    head, _colon, rest = clean(title).partition(":")
    if len(head) > 2 * max(map(len, _OWN_HEADINGS.values())):
        return None
    for kind, words in _OWN_HEADINGS.items():
        if similarity(head.strip(" .*"), words) >= _OWN_HEADING_SCORE:
            return kind, rest.strip()
    return None


def _names_both(title: str) -> bool:
    return all(has_phrase(title, words) for words in _OWN_HEADINGS.values()) and (
        len(title) <= _HEADING_CHARS
    )


def _has_own_heading(section: Section) -> bool:
    inside = [child.title for child in section.walk() if child is not section]
    inside += [block.text for block in section.body]
    return any(own_heading(text) for text in inside)


def _section_lines(section: Section, first: str) -> list[str]:
    """The section's text after its heading, up to an unnumbered heading of the other kind."""
    lines = [first] if first else []
    for block in section.body:
        if own_heading(block.text) is not None:
            return lines
        lines.append(block.text)
    lines += [f"{child.ordinal} {child.descendants_text()}".strip() for child in section.children]
    return lines


def nfc_lines(lines: list[str]) -> str:
    """Lines in NFC, blank ones left out, joined by line breaks."""
    return "\n".join(filter(None, map(nfc, lines)))


def _split_paragraphs(section: Section, found: dict[str, list[str]]) -> None:
    """Unnumbered headings in a section's own paragraphs ("Mục đích:" on a line)."""
    current: list[str] | None = None
    for block in section.body:
        own = own_heading(block.text)
        if own is not None:
            current = None if own[0] in found else found.setdefault(own[0], [])
            if current is not None and own[1]:
                current.append(own[1])
        elif current is not None:
            current.append(block.text)
