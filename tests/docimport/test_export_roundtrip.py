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


def test_columns_are_found_by_their_header_words_in_any_order(tmp_path):
    from docx import Document

    units = build_lang_son()
    document = Document()
    document.add_paragraph("Phụ lục")
    document.add_paragraph("(Kèm theo Kế hoạch số 7/KH-SXD ngày 02/3/2025 của Sở Xây dựng)")
    table = document.add_table(rows=1, cols=6)
    header = [
        "Thời hạn",
        "Sản phẩm",
        "TT",
        "Đơn vị phối hợp",
        "Nội dung nhiệm vụ",
        "Đơn vị chủ trì",
    ]
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = title
    section = table.add_row().cells
    section[2].text = "I"
    section[3].merge(section[5]).text = "CẢI CÁCH THỂ CHẾ"
    row = table.add_row().cells
    for cell, value in zip(
        row,
        ["Quý II/2025", "Danh mục văn bản", "1", "Thanh tra Sở", "Rà soát văn bản", "Văn phòng Sở"],
        strict=True,
    ):
        cell.text = value
    path = tmp_path / "dao-cot.docx"
    document.save(path)
    _blocks, draft = read_plan(path, issuer=units["sxd"])
    (task,) = draft.to_json()["tasks"]
    assert task["text"] == "Rà soát văn bản"
    assert task["lead"] == "Văn phòng Sở"
    assert task["coordinators"] == ["Thanh tra Sở"]
    assert task["deadline"]["date"] == "2025-06-30"
    assert task["output"] == "Danh mục văn bản"
    assert task["component"] == "PAR.2"


def test_the_appendix_stays_vietnamese_in_the_english_interface(corpus):
    from django.utils import translation

    units = build_lang_son()
    _blocks, draft = read_plan(corpus / "so-xay-dung-2025-phu-luc-I.txt", issuer=units["sxd"])
    plan = save_draft(draft.to_json())
    with translation.override("en"):
        content = appendix_docx(plan)
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "Kèm theo Kế hoạch số 55/KH-SXD ngày 11/06/2025 của Sở Xây dựng" in text
