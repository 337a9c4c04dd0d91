"""Tasks from the narrative "Nhiệm vụ, giải pháp" part: one task per component sub-section.

Two shapes occur: an index section ("1. Nâng cao Chỉ số … (PAR INDEX)") whose lettered items
each name a field ("a) Công tác chỉ đạo, điều hành CCHC: …"); and a list of components to
keep or to improve ("1. Tiếp tục duy trì … gồm: - Kiểm soát tham nhũng …").
"""

import re

from chiso.docimport.draft import DraftTask
from chiso.plans.targets import parse_targets
from chiso.vietnamese.text import nfc, plain

from .components import MATCH, indices_named, match_component, match_run
from .outline import Section, find_part

TASKS_PART = ("nhiem vu", "giai phap")
REFERENCE_NOTE = re.compile(r"^\(?\s*chi tiet .*phu luc", re.IGNORECASE)
KEEP = re.compile(r"duy tri|phat huy|giu vung")
IMPROVE = re.compile(r"khac phuc|cai thien|nang cao|sut giam")


def tasks_part(sections: list[Section]) -> Section | None:
    """The Roman-numbered part that holds the tasks ("II. NHIỆM VỤ, GIẢI PHÁP …")."""
    return find_part(sections, *TASKS_PART)


def narrative_tasks(part: Section, year: int, indices: list[str]) -> list[DraftTask]:
    tasks: list[DraftTask] = []
    default_index = indices[0] if len(indices) == 1 else None
    for section in part.children:
        named = indices_named(section.title)
        index = named[0] if len(named) == 1 else default_index
        letters = [c for c in section.children if c.kind == "letter"]
        bullets = [c for c in section.children if c.kind == "bullet"]
        if index and letters:
            tasks += _component_items(section, letters, year, index)
        elif bullets and _names_components(bullets, year, index):
            tasks += _focus_items(section, bullets, year, index)
        elif section.kind in ("arabic", "letter"):
            tasks.append(_task(section, section.ordinal, year, index, whole=True))
    return tasks


def _component_items(parent: Section, items: list[Section], year: int, index: str):
    codes = match_run([item.title for item in items], year, index)
    for item, (code, _score) in zip(items, codes, strict=True):
        task = _task(item, f"{parent.ordinal}.{item.ordinal}", year, index)
        task.component = code
        yield task


def _names_components(bullets: list[Section], year: int, index: str | None) -> bool:
    scores = [match_component(b.title, year, index)[1] for b in bullets]
    return sum(score >= MATCH for score in scores) >= max(1, len(scores) * 2 // 3)


def _focus_items(parent: Section, bullets: list[Section], year: int, index: str | None):
    key = parent.key
    focus = "keep" if KEEP.search(key) else "improve" if IMPROVE.search(key) else ""
    lead_in = nfc(re.sub(r"\s*(?:gồm|bao gồm|như sau)\s*:?\s*$", "", parent.title))
    for number, bullet in enumerate(bullets, start=1):
        code, score = match_component(bullet.title, year, index)
        name = nfc(bullet.title).rstrip(" .;")
        yield DraftTask(
            ordinal=f"{parent.ordinal}.{number}",
            text=f"{lead_in}: {name}",
            component=code if score >= MATCH else None,
            block=bullet.block,
            focus=focus,
        )


def _task(section: Section, ordinal: str, year: int, index, whole: bool = False) -> DraftTask:
    body = [b.text for b in section.body if not REFERENCE_NOTE.match(plain(b.text).strip())]
    if whole:
        body += [child.descendants_text() for child in section.children]
    text = nfc(" ".join(body)) or nfc(section.title.rstrip(" :"))
    heading = nfc(section.title.rstrip(" :"))
    task = DraftTask(
        ordinal=ordinal,
        text=text if text != heading else heading,
        block=section.block,
        targets=parse_targets(text, year=year),
    )
    if whole:
        code, score = match_component(section.title, year, index)
        task.component = code if score >= MATCH else None
    return task
