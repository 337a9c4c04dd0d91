"""`chiso report`: writes the file for a unit and period code; one-line errors otherwise."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def error(*args) -> str:
    with pytest.raises(CommandError) as raised:
        run(*args)
    message = str(raised.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("code", ["2025-H1", "2025-h1", "2025-01-01..2025-06-30"])
def test_writes_the_word_report_of_the_half_year(org, plans, half_year, tmp_path, code):
    out = tmp_path / "bao-cao.docx"
    stdout, stderr = run("--unit", "sxd", "--period", code, "--out", str(out))
    assert "Sở Xây dựng" in stderr and "6 tháng đầu năm 2025 (2025-H1)" in stderr
    assert str(out) in stdout
    text = "\n".join(p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "Đã rà soát 12 thủ tục hành chính" in text


def test_the_year_and_a_unit_named(org, plans, half_year, tmp_path):
    out = tmp_path / "nam.xlsx"
    _stdout, stderr = run("--unit", "Sở Xây dựng", "--period", "2025", "--out", str(out))
    assert "Năm 2025 (2025)" in stderr
    assert load_workbook(out).sheetnames == ["Nhiệm vụ", "Mục tiêu", "Chậm tiến độ"]


def test_a_unit_without_its_own_plan_uses_the_plans_it_leads_in(org, plans, tmp_path):
    out = tmp_path / "vp.docx"
    run("--unit", "stp-vp", "--period", "2025-Q1", "--out", str(out))
    assert out.exists()


def test_unknown_unit(org, plans, tmp_path):
    message = error(
        "--unit", "Sở Không Có", "--period", "2025-H1", "--out", str(tmp_path / "x.docx")
    )
    assert "Không tìm thấy đơn vị “Sở Không Có”" in message


@pytest.mark.parametrize("code", ["2025-Q2", "2025-Q4", "2025-H2"])
def test_a_code_of_no_period_of_the_plans_lists_those_there_are(org, plans, tmp_path, code):
    # Q2 is April–June and Q4 October–December: not the cumulative reports of the plans.
    message = error("--unit", "sxd", "--period", code, "--out", str(tmp_path / "x.docx"))
    assert f"“{code}”" in message
    assert "các kỳ: 2025-Q1, 2025-H1, 2025-M9, 2025." in message


def test_malformed_period_and_year_without_plans(org, plans, tmp_path):
    for code in ("Q2", "2025-Y", "2025-M7"):
        message = error("--unit", "sxd", "--period", code, "--out", str(tmp_path / "x.docx"))
        assert f"“{code}” không đúng" in message and "2025-M9 (9 tháng)" in message
    assert "không có kế hoạch năm 2024" in error(
        "--unit", "sxd", "--period", "2024-Q2", "--out", str(tmp_path / "x.docx")
    )


def test_unknown_suffix(org, plans, tmp_path):
    message = error("--unit", "sxd", "--period", "2025-H1", "--out", str(tmp_path / "x.odt"))
    assert ".docx" in message and "x.odt" in message and ".pdf" in message


def test_unwritable_output(org, plans, tmp_path):
    out = tmp_path / "missing" / "x.docx"
    assert "Không ghi được" in error("--unit", "sxd", "--period", "2025-H1", "--out", str(out))
