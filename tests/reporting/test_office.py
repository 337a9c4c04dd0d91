"""Every kind of report opens in LibreOffice as a clerk checks it (Nghị định 30/2020,
Appendix I): converted to PDF by `soffice --headless`, the national title stands on one line,
and short rules are drawn under the issuer's name and under the motto.

Skipped where LibreOffice is not installed, except in CI (CHISO_REQUIRE_OFFICE=1)."""

import io
import os
import shutil

import pdfplumber
import pytest

from chiso.reporting import office
from chiso.reporting.doc_templates import default_template, render_docx
from chiso.reporting.models import ReportKind
from chiso.reporting.office import OfficeFailed, OfficeUnavailable, pdf_text, to_pdf
from chiso.reporting.report_context import Narrative, report_context
from chiso.reporting.report_data import collect
from chiso.reporting.template_layout import MOTTO, NATIONAL_TITLE

from .conftest import TODAY

NARRATIVES = {
    "results": "<p>Đã <strong>hoàn thành</strong> rà soát.</p><ul><li>Thứ nhất</li></ul>",
    "proposals": "<ol><li>Bổ sung kinh phí số hóa.</li></ol>",
}


@pytest.fixture
def soffice():
    """LibreOffice and pdftotext, or a skip (a failure in CI) saying what is missing."""
    missing = [name for name in ("soffice", "pdftotext") if shutil.which(name) is None]
    if missing:
        reason = (
            f"{', '.join(missing)} not installed: `make install-test` as root installs "
            "Debian's libreoffice-writer-nogui and poppler-utils"
        )
        if os.environ.get("CHISO_REQUIRE_OFFICE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def context(org, plans, half_year):
    return report_context(collect(org.dept_a, half_year.period, TODAY), narratives=NARRATIVES)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ReportKind.values)
def test_every_kind_of_report_opens_in_libreoffice_in_the_official_layout(soffice, context, kind):
    pdf = to_pdf(render_docx(default_template(kind), context))
    text = pdf_text(pdf)
    lines = text.splitlines()
    assert any(NATIONAL_TITLE in line for line in lines), "the national title wraps"
    flowing = " ".join(text.split())  # paragraphs may wrap: compare words in order
    for expected in (
        MOTTO,
        "SỞ XÂY DỰNG",
        "UBND TỈNH THỬ",
        "Số: /BC-SXD",
        "Thử, ngày 02 tháng 7 năm 2025",
        "BÁO CÁO",
        context["subject"],
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU",
        "III. NHIỆM VỤ CHẬM TIẾN ĐỘ VÀ NGUYÊN NHÂN",
        "Đã hoàn thành rà soát.",
        "1. Bổ sung kinh phí số hóa.",
        "Nơi nhận:",
        "Trần Văn Bình",
    ):
        assert expected in flowing, expected
    assert "{{" not in text and "{%" not in text

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        issuer = _words(page, "SỞ XÂY DỰNG")
        motto = _words(page, MOTTO)
        under_issuer = _rule_under(page, issuer)
        under_motto = _rule_under(page, motto)
    assert under_issuer is not None, "no rule under the issuer's name"
    assert under_motto is not None, "no rule under the motto"
    motto_width = motto["x1"] - motto["x0"]
    rule_width = under_motto["x1"] - under_motto["x0"]
    assert abs(rule_width - motto_width) < 0.1 * motto_width  # as long as the motto
    issuer_width = issuer["x1"] - issuer["x0"]
    assert under_issuer["x1"] - under_issuer["x0"] < issuer_width  # a short rule


@pytest.mark.django_db
def test_a_compiled_report_opens_in_libreoffice(soffice, context):
    compiled = {
        **context,
        "compiled": True,
        "units": [
            {
                "name": "Văn phòng Sở",
                "submitted_at": "09:30 01/07/2025",
                "narrative": Narrative("<p>Văn phòng đã <b>hoàn thành</b> báo cáo.</p>"),
            }
        ],
        "missing_units": [{"name": "Phòng Quản lý nhà", "due": "30/06/2025", "submitted_at": ""}],
        "late_units": [
            {"name": "Thanh tra Sở", "due": "30/06/2025", "submitted_at": "08:00 02/07/2025"}
        ],
    }
    text = " ".join(pdf_text(to_pdf(render_docx(default_template("half_year"), compiled))).split())
    for expected in (
        "IV. BÁO CÁO CỦA CÁC ĐƠN VỊ",
        "1. Văn phòng Sở (gửi lúc 09:30 01/07/2025)",
        "Văn phòng đã hoàn thành báo cáo.",
        "Đơn vị chưa gửi báo cáo:",
        "- Phòng Quản lý nhà (hạn 30/06/2025).",
        "- Thanh tra Sở (hạn 30/06/2025, gửi lúc 08:00 02/07/2025).",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert expected in text, expected


def test_a_conversion_past_its_time_is_killed(soffice):
    with pytest.raises(OfficeFailed, match="quá"):
        to_pdf(default_template("quarter"), timeout=0.01)


def test_without_libreoffice_the_pdf_says_what_it_needs(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda _name: None)
    with pytest.raises(OfficeUnavailable, match="LibreOffice"):
        to_pdf(b"")
    with pytest.raises(OfficeUnavailable, match="poppler-utils"):
        pdf_text(b"")


def _words(page, text: str) -> dict:
    """The box of `text` on one line of `page`."""
    words = page.extract_words(keep_blank_chars=False)
    wanted = text.split()
    for start in range(len(words) - len(wanted) + 1):
        run = words[start : start + len(wanted)]
        if [word["text"] for word in run] == wanted and len({round(w["top"]) for w in run}) == 1:
            return {
                "x0": run[0]["x0"],
                "x1": run[-1]["x1"],
                "top": run[0]["top"],
                "bottom": max(w["bottom"] for w in run),
            }
    raise AssertionError(f"{text!r} is not on one line of page 1")


def _rule_under(page, box: dict) -> dict | None:
    """A horizontal line just below `box` (within 10 pt), centred under it."""
    centre = (box["x0"] + box["x1"]) / 2
    for edge in page.edges:
        if edge["orientation"] != "h":
            continue
        below = 0 <= edge["top"] - box["bottom"] <= 10
        if below and abs((edge["x0"] + edge["x1"]) / 2 - centre) < 10:
            return edge
    return None
