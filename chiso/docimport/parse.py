"""Blocks in, draft plan out: the parts of a plan document read one after another."""

import datetime

from django.utils.translation import gettext as _

from chiso.docimport.blocks import Block
from chiso.docimport.draft import DraftPlan, UnitRef, iso, target_json

from .parsing.basis import parse_parents
from .parsing.closing import parse_closing
from .parsing.components import indices_named
from .parsing.goals import parse_goals, purposes_and_requirements
from .parsing.header import parse_header
from .parsing.narrative_tasks import narrative_tasks, tasks_part
from .parsing.outline import build_outline
from .parsing.phrases import contains_like
from .parsing.responsibilities import responsibilities, responsibilities_part
from .parsing.schedule import parse_child_plans, parse_schedule
from .parsing.table_tasks import tasks_from_tables


def parse_blocks(blocks: list[Block], *, today: datetime.date | None = None) -> DraftPlan:
    """Read every part of the plan the blocks hold; what cannot be read becomes a warning."""
    draft = DraftPlan()
    if not blocks:
        draft.warnings.append(_("Văn bản không có nội dung."))
        return draft
    header = parse_header(blocks)
    draft.number = header.number
    draft.date = header.date
    draft.place = header.place
    draft.title = header.title
    draft.year = header.year or (today or datetime.date.today()).year
    draft.indices = list(header.indices) or indices_named(" ".join(b.text for b in blocks[:60]))
    if header.issuer_text:
        draft.issuer = UnitRef(header.issuer_text)
    year = draft.year

    draft.parents = [
        {
            "reference": ref.text,
            "kind": ref.kind,
            "number": ref.number,
            "date": iso(ref.date),
            "issuer": ref.issuer_text,
            "plan_id": None,
        }
        for ref in parse_parents(blocks)
    ]
    outline = build_outline(blocks)
    draft.purposes, draft.requirements = purposes_and_requirements(outline)
    draft.targets = [
        {
            **target_json(goal.target),
            "text": goal.text,
            "past": goal.past,
            "block": goal.block_index,
        }
        for goal in parse_goals(blocks, year)
    ]

    table = tasks_from_tables(blocks, year, draft.indices[0] if len(draft.indices) == 1 else None)
    draft.tasks += table.tasks
    draft.warnings += table.warnings
    part = tasks_part(outline)
    if part is not None:
        draft.tasks += narrative_tasks(part, year, draft.indices)
    organisation = responsibilities_part(outline)
    if organisation is not None:
        draft.responsibilities, duties = responsibilities(organisation, year)
        _lead_narrative_tasks(draft.tasks, draft.responsibilities)
        draft.tasks += duties

    draft.schedule = [
        {
            "period": due.period,
            "label": due.label,
            "from": iso(due.data_from),
            "to": iso(due.data_to),
            "due": iso(due.due),
            "text": due.text,
            "block": due.block_index,
        }
        for due in parse_schedule(blocks)
    ]
    draft.child_plans_due = [
        {
            "units": [UnitRef(child.units_text)],
            "due": iso(child.due),
            "text": child.text,
            "block": child.block_index,
        }
        for child in parse_child_plans(blocks)
    ]
    closing = parse_closing(blocks)
    draft.recipients = closing.recipients
    draft.signer = closing.signer
    draft.signer_title = closing.signer_title
    _check(draft)
    return draft


def _lead_narrative_tasks(tasks, duties: list[dict]) -> None:
    """Narrative tasks name no unit; the one charged with leading the whole plan ("Giao Văn
    phòng chủ trì … triển khai thực hiện Kế hoạch này") leads them."""
    for duty in duties:
        said = " ".join(duty["duties"])
        if not duty["requested"] and all(
            contains_like(said, words, cutoff=80) for words in ("chủ trì", "kế hoạch này")
        ):
            for task in tasks:
                if task.source == "narrative" and task.lead is None:
                    task.lead = UnitRef(duty["unit"].text, role="lead")
                    task.lead_text = duty["unit"].text
            return


def _check(draft: DraftPlan) -> None:
    if not draft.title:
        draft.warnings.append(_("Không tìm thấy trích yếu (tên) của kế hoạch."))
    if not draft.date:
        draft.warnings.append(_("Không tìm thấy ngày ban hành."))
    if not draft.tasks:
        draft.warnings.append(_("Không tìm thấy nhiệm vụ nào."))
    for task in draft.tasks:
        if task.lead is None and task.source != "narrative":
            draft.warnings.append(_("Nhiệm vụ %s: chưa có đơn vị chủ trì.") % task.ordinal)
