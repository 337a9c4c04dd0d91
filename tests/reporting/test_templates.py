"""Report templates: download, edit in Word, upload (checked: a broken or unknown placeholder
is refused naming it and its paragraph, the template in force stays), generate; a unit's
template overrides its parent's; narratives written in the browser come out as Word
paragraphs, lists and bold."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from chiso.accounts.models import Role
from chiso.reporting.doc_templates import (
    clean_narrative,
    default_template,
    kind_of,
    render_docx,
    template_for,
    template_in_force,
)
from chiso.reporting.models import ReportKind, ReportTemplate
from chiso.reporting.report_context import CONTEXT_SCHEMA, Narrative, report_context
from chiso.reporting.report_data import collect
from chiso.reporting.template_check import TemplateRefused, check_template
from chiso.reporting.template_views import TemplateUploadForm
from chiso.reporting.word_report import report_docx
from chiso.tracking.models import ReportingPeriod

from ..factories import PASSWORD, UserFactory
from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def data(org, plans, half_year):
    return collect(org.dept_a, half_year.period, TODAY)


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def edited(content: bytes, old: str, new: str) -> bytes:
    """`content` with the first paragraph that starts with `old` rewritten to `new`, as a
    clerk would in Word (python-docx)."""
    document = Document(io.BytesIO(content))
    paragraphs = [*document.paragraphs] + [
        p for table in document.tables for cell in table._cells for p in cell.paragraphs
    ]
    paragraph = next(p for p in paragraphs if p.text.startswith(old))
    paragraph.runs[0].text = new
    for run in paragraph.runs[1:]:
        run.text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def upload(client, content: bytes, kind="half_year", unit=None, name="mau.docx"):
    return client.post(
        reverse("reporting:templates"),
        {
            "kind": kind,
            "unit": unit.pk if unit else "",
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_round_trip_download_edit_upload_generate(client, org, users, data, half_year):
    login(client, users.admin)
    page = client.get(reverse("reporting:templates")).content.decode()
    link = reverse("reporting:template_default", args=["half_year"])
    assert link in page and "Mẫu có sẵn" in page
    downloaded = client.get(link).content
    assert text_of(downloaded).count("{{ subject }}") == 1

    changed = edited(downloaded, "BÁO CÁO", "BÁO CÁO SƠ KẾT")
    response = upload(client, changed, unit=org.dept_a)
    assert response.status_code == 302, response.content.decode()
    stored = ReportTemplate.objects.get()
    assert (stored.kind, stored.unit, stored.uploaded_by) == ("half_year", org.dept_a, users.admin)

    kind = kind_of(half_year.period)
    assert kind == ReportKind.HALF_YEAR
    text = text_of(report_docx(data, kind=kind, unit=org.dept_a))
    assert "BÁO CÁO SƠ KẾT" in text and "Rà soát thủ tục của Sở Xây dựng" in text
    # the page now says which template is in force, and serves it
    page = client.get(reverse("reporting:templates"), {"unit": org.dept_a.pk}).content.decode()
    assert reverse("reporting:template_file", args=[stored.pk]) in page
    assert "Mẫu của Sở Xây dựng" in page
    served = client.get(reverse("reporting:template_file", args=[stored.pk]))
    assert "BÁO CÁO SƠ KẾT" in text_of(b"".join(served.streaming_content))


@pytest.mark.parametrize(
    ("broken", "tag"),
    [
        ("BÁO CÁO {{ unit.name ", "{{ unit.name"),
        ("{%p for x in %}", "{%p for x in %}"),
    ],
)
def test_a_broken_placeholder_is_refused_and_the_old_template_stays(
    client, org, users, data, broken, tag
):
    login(client, users.admin)
    good = edited(default_template("half_year"), "BÁO CÁO", "BÁO CÁO SƠ KẾT")
    assert upload(client, good, unit=org.dept_a).status_code == 302
    source = "BÁO CÁO" if broken.startswith("BÁO") else "{%p for section"
    response = upload(client, edited(good, source, broken), unit=org.dept_a, name="hong.docx")

    assert response.status_code == 200
    page = response.content.decode()
    problem = next(line for line in page.splitlines() if "Không nhận mẫu" in line)
    assert "hong.docx" in problem
    errors = re.findall(r"<li>(.*?)</li>", page.split("template-problems", 1)[1])
    assert any(tag in e and re.search(r"đoạn \d+ \(", e) for e in errors), errors
    assert "Mẫu đang dùng vẫn giữ nguyên" in page
    assert ReportTemplate.objects.count() == 1
    text = text_of(report_docx(data, kind="half_year", unit=org.dept_a))
    assert "BÁO CÁO SƠ KẾT" in text


def test_the_check_names_the_tag_and_its_paragraph():
    broken = edited(default_template("quarter"), "BÁO CÁO", "BÁO CÁO {{ unit.name ")
    with pytest.raises(TemplateRefused) as refused:
        check_template(broken, "q.docx")
    (problem,) = refused.value.problems
    number = int(re.search(r"đoạn (\d+)", problem)[1])
    paragraphs = [
        p for p in Document(io.BytesIO(broken)).element.body.iter() if p.tag.endswith("}p")
    ]
    assert "".join(
        t.text for t in paragraphs[number - 1].iter() if t.tag.endswith("}t")
    ).startswith("BÁO CÁO {{ unit.name")
    assert "“BÁO CÁO {{ unit.name”" in problem and "q.docx" in str(refused.value)


@pytest.mark.parametrize(
    ("source", "written", "named"),
    [
        ("{{ basis }}", "{{ basis }} {{ unit_name }}", "“unit_name”"),
        ("+ Tình trạng: {{ task.progress", "+ {{ task.progres }}", "“task.progres”"),
        ("{{ basis }}", "{{ counts.totl }}", "“counts.totl”"),
        ("{{ basis }}", "Xem {{ narratives.results }} dưới đây", "{{p narratives.results }}"),
    ],
)
def test_an_unknown_placeholder_is_refused(client, org, users, source, written, named):
    login(client, users.admin)
    response = upload(client, edited(default_template("quarter"), source, written), "quarter")
    page = response.content.decode().replace("&quot;", '"')
    assert response.status_code == 200 and named in page and "đoạn" in page
    assert not ReportTemplate.objects.exists()


def test_what_is_not_a_word_file_is_refused(client, users):
    login(client, users.admin)
    for content, name, says in (
        (b"not a zip", "mau.docx", "không phải tệp Word .docx"),
        (b"%PDF-1.4", "mau.pdf", "Mẫu phải là tệp Word .docx"),
    ):
        response = upload(client, content, name=name)
        assert response.status_code == 200 and says in response.content.decode()
    assert not ReportTemplate.objects.exists()
    with pytest.raises(TemplateRefused, match="không phải tệp Word"):
        check_template(b"PK\x03\x04 broken", "x.docx")


def test_every_default_template_passes_the_check():
    for kind in ReportKind.values:
        check_template(default_template(kind), f"{kind}.docx")


def test_a_units_template_overrides_its_parents(client, org, users):
    login(client, users.admin)
    for unit, heading in ((org.province, "BÁO CÁO TỈNH"), (org.dept_a, "BÁO CÁO SỞ")):
        content = edited(default_template("quarter"), "BÁO CÁO", heading)
        assert upload(client, content, "quarter", unit).status_code == 302

    def heading(unit):
        return next(
            line for line in text_of(template_for("quarter", unit)).splitlines() if "BÁO" in line
        )

    assert heading(org.div_a) == heading(org.dept_a) == "BÁO CÁO SỞ"  # nearest above
    assert heading(org.dept_b) == heading(org.province) == "BÁO CÁO TỈNH"
    assert template_for("year", org.dept_a) == default_template("year")  # other kinds
    assert template_for("quarter", None) == default_template("quarter")
    newer = edited(default_template("quarter"), "BÁO CÁO", "BÁO CÁO SỞ MỚI")
    upload(client, newer, "quarter", org.dept_a)
    assert heading(org.div_a) == "BÁO CÁO SỞ MỚI"  # the newest upload is in force
    assert template_in_force("quarter", org.div_a).unit == org.dept_a


def test_a_template_for_every_unit(client, org, users):
    login(client, users.admin)
    content = edited(default_template("year"), "BÁO CÁO", "BÁO CÁO CHUNG")
    assert upload(client, content, "year").status_code == 302
    assert ReportTemplate.objects.get().unit is None
    assert "BÁO CÁO CHUNG" in text_of(template_for("year", org.commune))


def test_a_units_user_cannot_upload_for_another_unit(client, org, users):
    content = default_template("quarter")
    login(client, users.leader_a)
    response = upload(client, content, "quarter", org.dept_b)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    response = upload(client, content, "quarter")  # nor for every unit
    assert response.status_code == 200
    assert not ReportTemplate.objects.exists()
    assert upload(client, content, "quarter", org.dept_a).status_code == 302
    assert ReportTemplate.objects.get().unit == org.dept_a

    login(client, users.officer_a)  # an officer reads and downloads, never uploads
    page = client.get(reverse("reporting:templates"))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' not in page.content.decode()
    assert upload(client, content, "quarter", org.div_a).status_code == 404
    stored = ReportTemplate.objects.get()
    assert client.get(reverse("reporting:template_file", args=[stored.pk])).status_code == 200
    login(client, users.officer_b)  # a template of a unit they do not see
    assert client.get(reverse("reporting:template_file", args=[stored.pk])).status_code == 404


def test_a_leader_uploads_for_their_own_unit_only(org):
    leader = UserFactory(username="leader_b", unit=org.dept_b, role=Role.LEADER)
    form = TemplateUploadForm(user=leader)
    assert list(form.fields["unit"].queryset) == [org.dept_b]
    assert form.fields["unit"].required


def test_kind_of_a_period():
    for code, kind in (
        ("2025-Q2", ReportKind.QUARTER),
        ("2025-H1", ReportKind.HALF_YEAR),
        ("2025-M9", ReportKind.NINE_MONTHS),
        ("2025", ReportKind.YEAR),
        ("2025-03", ReportKind.THEMATIC),
        ("2025-01-15..2025-02-14", ReportKind.THEMATIC),
    ):
        assert kind_of(ReportingPeriod(code=code)) == kind, code


def test_the_context_is_plain_data_with_the_documented_keys(data):
    context = report_context(data, number="12", narratives={"results": "<p>x</p>"})
    assert set(context) == set(CONTEXT_SCHEMA)
    assert context["number"] == "12/BC-SXD"
    assert report_context(data)["number"] == "        /BC-SXD"
    assert (context["day"], context["month"], context["year"]) == ("02", "7", "2025")
    assert context["signer_title_lines"] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert context["narratives"] == {
        "results": Narrative("<p>x</p>"),
        "proposals": Narrative(""),
    }
    assert (context["compiled"], context["units"], context["missing_units"]) == (False, [], [])

    def plain(value):
        if isinstance(value, dict):
            return all(plain(item) for item in value.values())
        if isinstance(value, list):
            return all(plain(item) for item in value)
        return isinstance(value, str | int | bool)

    assert plain({key: value for key, value in context.items() if key != "narratives"})
    task = context["sections"][0]["tasks"][0]
    assert set(task) == set(CONTEXT_SCHEMA["sections"][0]["tasks"][0])


NARRATIVE = (
    "<p>Đã <b>hoàn thành</b> rà soát.</p><script>alert('x')</script>"
    "<ul><li>Thứ nhất</li><li>Thứ <strong>hai</strong></li></ul>"
    '<div style="color:red">Đoạn <span class="x">thứ hai</span><br>dòng mới</div>'
    "<ol><li>Một</li><li>Hai</li></ol><p>Giữa</p><ol><li>Lại một</li></ol><h2>Tiêu đề</h2>"
)


def test_narratives_come_out_as_paragraphs_lists_and_bold(data):
    content = report_docx(data, narratives={"results": NARRATIVE, "proposals": "<p>Đề xuất</p>"})
    document = Document(io.BytesIO(content))
    paragraphs = document.paragraphs
    done = next(p for p in paragraphs if p.text == "Đã hoàn thành rà soát.")
    assert [(r.text, bool(r.bold)) for r in done.runs] == [
        ("Đã ", False),
        ("hoàn thành", True),
        (" rà soát.", False),
    ]
    first, second = (next(p for p in paragraphs if p.text == t) for t in ("Thứ nhất", "Thứ hai"))
    for item in (first, second):
        assert item.style.name == "List Bullet" and item._p.pPr.numPr is not None
    assert second.runs[-1].bold
    other = next(p for p in paragraphs if p.text.startswith("Đoạn thứ hai"))
    assert other.text == "Đoạn thứ hai\ndòng mới" and other._p.pPr.numPr is None
    numbered = [p for p in paragraphs if p.text in ("Một", "Hai", "Lại một")]
    assert [p.style.name for p in numbered] == ["List Number"] * 3
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2]  # a second numbered list counts from 1 again
    assert "Tiêu đề" in [p.text for p in paragraphs] and "Đề xuất" in [p.text for p in paragraphs]
    text = text_of(content)
    for leaked in ("alert", "<", "script", "span", "style"):
        assert leaked not in text, leaked
    assert "(Đơn vị bổ sung đề xuất" not in text


def test_without_narratives_the_placeholders_say_what_is_missing(data):
    text = text_of(report_docx(data))
    assert "(Đơn vị bổ sung đề xuất, kiến nghị, nếu có.)" in text
    assert "{{" not in text and "{%" not in text


def test_clean_narrative_keeps_the_subset_only():
    cleaned = clean_narrative(NARRATIVE)
    assert cleaned == (
        "<p>Đã <strong>hoàn thành</strong> rà soát.</p>"
        "<ul><li>Thứ nhất</li><li>Thứ <strong>hai</strong></li></ul>"
        "<p>Đoạn thứ hai<br>dòng mới</p><ol><li>Một</li><li>Hai</li></ol><p>Giữa</p>"
        "<ol><li>Lại một</li></ol><p>Tiêu đề</p>"
    )
    assert clean_narrative(cleaned) == cleaned
    assert clean_narrative("a < b & <i>c</i>") == "<p>a &lt; b &amp; <em>c</em></p>"
    assert clean_narrative("<script>x</script>  ") == ""
    assert clean_narrative("") == ""


def test_text_is_escaped_in_the_document(data, org, half_year):
    from chiso.tracking.models import ProgressUpdate

    ProgressUpdate.objects.filter(narrative__startswith="Đã rà soát").update(
        narrative="Hồ sơ < 5 ngày & <b>không</b> đậm"
    )
    text = text_of(report_docx(collect(org.dept_a, half_year.period, TODAY)))
    assert "Hồ sơ < 5 ngày & <b>không</b> đậm" in text


def test_render_docx_fills_a_template_of_ones_own():
    document = Document()
    document.add_paragraph("Gửi {{ issuer }} — {{ counts.total }} nhiệm vụ")
    buffer = io.BytesIO()
    document.save(buffer)
    rendered = render_docx(buffer.getvalue(), {"issuer": "Sở A", "counts": {"total": 3}})
    assert text_of(rendered) == "Gửi Sở A — 3 nhiệm vụ"


def test_a_compiled_report_lists_its_units_and_who_sent_late_or_not_at_all(data):
    text = text_of(
        report_docx(
            data,
            extra={
                "compiled": True,
                "units": [
                    {
                        "name": "Văn phòng Sở",
                        "submitted_at": "09:30 01/07/2025",
                        "narrative": Narrative("<p>Đã <b>xong</b>.</p>"),
                    }
                ],
                "missing_units": [{"name": "Phòng A", "due": "30/06/2025", "submitted_at": ""}],
                "late_units": [],
            },
        )
    )
    assert "IV. BÁO CÁO CỦA CÁC ĐƠN VỊ" in text and "V. ĐỀ XUẤT, KIẾN NGHỊ" in text
    assert "1. Văn phòng Sở (gửi lúc 09:30 01/07/2025)\nĐã xong." in text
    assert "- Phòng A (hạn 30/06/2025)." in text and "gửi báo cáo chậm" not in text
