"""A plan's appendix exported to Word reads back as the same plan."""

import pytest

from chiso.docimport.export import appendix_docx
from chiso.docimport.jobs import read_plan
from chiso.docimport.saving import save_draft
from chiso.frameworks.loading import load_builtin_frameworks

from .lang_son import build_lang_son

pytestmark = pytest.mark.django_db


def facts(plan):
    return [
        (
            t.ordinal,
            t.component.code if t.component else None,
            t.text,
            t.lead_id,
            sorted(t.coordinators.values_list("pk", flat=True)),
            t.deadline_kind,
            t.deadline_date,
            t.deadline_text,
            t.expected_output,
        )
        for t in plan.tasks.order_by("order")
    ]


def test_export_then_import_gives_the_same_tasks(corpus, tmp_path):
    units = build_lang_son()
    load_builtin_frameworks()
    _blocks, draft = read_plan(corpus / "so-xay-dung-2025-phu-luc-I.docx", issuer=units["sxd"])
    original = save_draft(draft.to_json())

    exported = tmp_path / "phu-luc.docx"
    exported.write_bytes(appendix_docx(original))
    _blocks, again = read_plan(exported, issuer=units["sxd"])
    data = again.to_json()
    assert data["number"] == original.number
    copy = save_draft(data)

    assert len(facts(copy)) == 42
    assert facts(copy) == facts(original)
