"""A plan's own targets: ranks to reach, past ranks and figures, from its purposes and aims."""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from chiso.docimport.blocks import Block, BlockKind
from chiso.plans.targets import Comparator, Target, index_mentions, named_indices, parse_targets

from .phrases import body_blocks, has_phrase, numbering, sentences, starts_like

# Headings of the part that states purposes and objectives.
_PURPOSE = ("Mục đích", "Mục tiêu", "Yêu cầu")
# Words that make a sentence an aim wherever it stands.
_AIMS = ("phấn đấu", "mục tiêu")
_HEADING_CHARS = 150


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
