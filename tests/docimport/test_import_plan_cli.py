"""`chiso import-plan`: JSON on stdout, saving a draft, one-line errors."""

import json

import pytest
from django.core.management import CommandError, call_command

from chiso.plans.models import Plan, PlanStatus

from .lang_son import build_lang_son

pytestmark = pytest.mark.django_db
KEYS = {
    "number",
    "date",
    "issuer",
    "title",
    "year",
    "indices",
    "parents",
    "targets",
    "tasks",
    "responsibilities",
    "schedule",
    "child_plans_due",
    "signer",
    "warnings",
}
TASK_KEYS = {
    "ordinal",
    "component",
    "text",
    "lead",
    "coordinators",
    "deadline",
    "output",
    "targets",
}


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_plan", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_has_the_documented_keys(corpus):
    build_lang_son()
    data = json.loads(
        run(str(corpus / "so-xay-dung-2025-phu-luc-I.docx"), "--issuer", "sxd", "--json")
    )
    assert data.keys() >= KEYS
    assert data["tasks"][0].keys() >= TASK_KEYS
    assert data["issuer"] == "Sở Xây dựng"
    assert data["year"] == 2025
    assert data["indices"] == ["PAR"]
    assert set(data["tasks"][0]["deadline"]) == {"kind", "date", "text"}


def test_issuer_by_name_and_save_prints_the_url(corpus):
    build_lang_son()
    out = run(str(corpus / "so-xay-dung-2025-phu-luc-I.txt"), "--issuer", "so xay dung", "--save")
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DRAFT
    assert plan.tasks.count() == 42
    assert plan.issuer.code == "sxd"
    assert f"/plans/{plan.pk}/" in out
    led = plan.tasks.get(ordinal="VI.1")
    assert led.lead.code == "sxd-khtc"
    assert led.component.code == "PAR.6"


def test_unknown_issuer_is_a_clear_error(corpus):
    build_lang_son()
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        run(str(corpus / "so-xay-dung-2025-phu-luc-I.txt"), "--issuer", "Sở Không Có")


def test_bad_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "ke-hoach.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a word file")
    with pytest.raises(CommandError, match=r"ke-hoach\.docx"):
        run(str(bad), "--json")
    assert Plan.objects.count() == 0


def test_save_without_an_issuer_saves_nothing(tmp_path):
    text = tmp_path / "kh.txt"
    text.write_text("KẾ HOẠCH\nNâng cao Chỉ số PAPI năm 2025\n", encoding="utf-8")
    with pytest.raises(CommandError, match="cơ quan ban hành"):
        run(str(text), "--save")
    assert Plan.objects.count() == 0
