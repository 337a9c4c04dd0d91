"""A unit's report through its steps (draft, narratives, approval, submission numbered in the
unit's register and frozen, correction as a new version), who owes a report and whether it
came (on time, late, missing, the DHIS2 rates), and the parent's compilation over two levels
whose figures are the sums of its units' submitted figures."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document

from chiso.org.models import OrgUnit, PeerGroup
from chiso.reporting import unit_reports
from chiso.reporting.compilation import compile_report
from chiso.reporting.figures import add_up, unit_figures
from chiso.reporting.models import ReportState
from chiso.reporting.submissions import Standing, owing_units, rates, submissions
from chiso.tracking.schedule import ensure_periods

from ..factories import TaskFactory
from ..metrics.test_actuals import year_value

H1_DUE = datetime.date(2025, 7, 2)
AFTER = datetime.date(2025, 8, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def periods(plans, org):
    """The half-year periods of the province's and Sở Xây dựng's plans; the commune leads a
    task of the province's plan too."""
    TaskFactory(plan=plans.province, lead=org.commune, text="Việc của xã")
    return ensure_periods(plans.province)[1], ensure_periods(plans.a)[1]


def sent(unit, period, user, when: datetime.datetime, *, compiled=False, **narratives):
    report = unit_reports.start(unit, period, user, compiled=compiled)
    unit_reports.save_narratives(report, narratives, user)
    unit_reports.approve(report, user)
    report = unit_reports.submit(report, user, timezone.localdate(when))
    report.submitted_at = when  # as if sent then
    report.save(update_fields=["submitted_at"])
    return report


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_the_units_that_owe_a_report_are_those_under_the_issuer_with_its_tasks(org, plans, periods):
    province_h1, sxd_h1 = periods
    assert owing_units(org.province, province_h1) == [org.dept_a, org.dept_b, org.commune]
    assert owing_units(org.dept_a, sxd_h1) == [org.div_a]
    # the same code from the province's period: Sở Xây dựng's own plan decides
    assert owing_units(org.dept_a, province_h1) == [org.div_a]


def test_a_report_is_numbered_in_the_units_register_and_frozen(org, plans, users, periods):
    _province_h1, sxd_h1 = periods
    report = unit_reports.start(org.dept_a, sxd_h1, users.officer_a)
    assert unit_reports.start(org.dept_a, sxd_h1, users.officer_a) == report  # the same draft
    unit_reports.save_narratives(report, {"results": "<p>Đã rà soát</p>"}, users.officer_a)
    with pytest.raises(unit_reports.ReportError, match="duyệt"):
        unit_reports.submit(report, users.leader_a, H1_DUE)
    unit_reports.approve(report, users.leader_a)
    report = unit_reports.submit(report, users.leader_a, H1_DUE)
    assert report.state == ReportState.SUBMITTED and report.number == "1/BC-SXD"
    assert report.docx.name.endswith(".docx") and report.figures["period"] == "2025-H1"
    with pytest.raises(unit_reports.ReportError, match="đã gửi"):
        unit_reports.save_narratives(report, {"results": "khác"}, users.officer_a)
    with pytest.raises(unit_reports.ReportError, match="đính chính"):
        unit_reports.start(org.dept_a, sxd_h1, users.officer_a)

    correction = unit_reports.correct(report, users.officer_a)
    assert (correction.version, correction.replaces, correction.narratives) == (
        2,
        report,
        report.narratives,
    )
    with pytest.raises(unit_reports.ReportError, match="đã có bản đính chính"):
        unit_reports.correct(report, users.officer_a)
    unit_reports.approve(correction, users.leader_a)
    assert unit_reports.submit(correction, users.leader_a, H1_DUE).number == "2/BC-SXD"


def test_figures_count_tasks_by_field_and_the_periods_indicator_values(org, plans, periods):
    _province_h1, sxd_h1 = periods
    value = year_value(org.dept_a, "on_time", "95")
    value.period = "2025-H1"
    value.save()
    figures = unit_figures(org.dept_a, sxd_h1, H1_DUE)
    assert figures["unit"] == "sxd" and figures["period"] == "2025-H1"
    assert sum(c["total"] for c in figures["tasks"].values()) == 2  # its plan's and the province's
    assert figures["indicators"] == {
        "on_time": {"numerator": 950, "denominator": 1000, "value": "95.00"}
    }


def test_indicators_add_up_numerators_and_denominators_not_percentages(org, periods):
    province_h1, _ = periods
    parts = [
        {
            "tasks": {"PAR.1": {"total": 2, "done": 1, "late": 0}},
            "indicators": {"on_time": {"numerator": 1, "denominator": 1, "value": "100.00"}},
        },
        {
            "tasks": {"PAR.1": {"total": 3, "done": 0, "late": 2}},
            "indicators": {"on_time": {"numerator": 1, "denominator": 3, "value": "33.33"}},
        },
    ]
    summed = add_up(org.province, province_h1, parts)
    assert summed["tasks"] == {"PAR.1": {"total": 5, "done": 1, "late": 2}}
    assert summed["indicators"]["on_time"] == {"numerator": 2, "denominator": 4, "value": "50.00"}


def test_submissions_on_time_late_and_missing_with_the_rates(org, plans, users, periods):
    province_h1, _ = periods
    sent(org.dept_a, province_h1, users.leader_a, moment(H1_DUE))
    sent(org.dept_b, province_h1, users.admin, moment(H1_DUE + datetime.timedelta(days=3)))
    before = {s.unit.code: s.standing for s in submissions(org.province, province_h1, H1_DUE)}
    assert before == {"sxd": Standing.ON_TIME, "stp": Standing.LATE, "x-an": Standing.NOT_DUE}
    found = submissions(org.province, province_h1, AFTER)
    assert [s.standing for s in found] == [Standing.ON_TIME, Standing.LATE, Standing.MISSING]
    counted = rates(found)
    assert (counted.expected, counted.received, counted.on_time) == (3, 2, 1)
    assert (counted.reporting_rate, counted.on_time_rate) == (66.7, 33.3)


def test_the_province_compiles_over_two_levels(org, plans, users, periods):
    """The division reports to its department, which compiles and reports to the province;
    the province's compilation adds up what it received and lists the late and the missing."""
    province_h1, sxd_h1 = periods
    division = sent(org.div_a, sxd_h1, users.officer_a, moment(H1_DUE), results="Phòng đã làm")
    department = compile_report(org.dept_a, sxd_h1, H1_DUE)
    assert department.figures["tasks"] == division.figures["tasks"]
    sxd = sent(org.dept_a, sxd_h1, users.leader_a, moment(H1_DUE), compiled=True)
    stp = sent(org.dept_b, province_h1, users.admin, moment(H1_DUE + datetime.timedelta(days=5)))

    province = compile_report(org.province, province_h1, AFTER)
    assert [s.unit for s in province.received] == [org.dept_a, org.dept_b]
    assert [s.unit.code for s in province.missing] == ["x-an"]
    assert [s.unit.code for s in province.late] == ["stp"]
    expected = add_up(org.province, province_h1, [sxd.figures, stp.figures])
    assert province.figures == expected
    printed = province.as_json()
    assert printed["missing"] == ["x-an"] and printed["late"] == ["stp"]
    assert [c["unit"] for c in printed["children"]] == ["sxd", "stp"]
    totals = sum(c["total"] for c in printed["tasks"].values())
    assert totals == sum(
        counts["total"] for child in printed["children"] for counts in child["tasks"].values()
    )


def test_the_commands_print_the_compilation_and_who_owes_what(org, plans, users, periods, tmp_path):
    province_h1, sxd_h1 = periods
    sent(org.div_a, sxd_h1, users.officer_a, moment(H1_DUE))
    sent(org.dept_a, sxd_h1, users.leader_a, moment(H1_DUE), compiled=True)
    sent(org.dept_b, province_h1, users.admin, moment(H1_DUE + datetime.timedelta(days=5)))
    out = StringIO()
    call_command(
        "report",
        "--unit", "tinh", "--period", "2025-H1", "--compiled", "--json",
        "--out", str(tmp_path / "tinh.docx"),
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    printed = json.loads(out.getvalue())
    assert set(printed) == {"unit", "period", "tasks", "indicators", "missing", "late", "children"}
    assert printed["missing"] == ["x-an"] and printed["late"] == ["stp"]
    for field, counts in printed["tasks"].items():
        for key in ("total", "done", "late"):
            assert counts[key] == sum(
                c["tasks"].get(field, {}).get(key, 0) for c in printed["children"]
            )
    text = "\n".join(p.text for p in Document(tmp_path / "tinh.docx").paragraphs)
    total = sum(c["total"] for c in printed["tasks"].values())
    assert f"Tổng số nhiệm vụ của các đơn vị: {total};" in text  # the sums, in the Word file too
    assert "Đơn vị chưa gửi báo cáo:" in text and "UBND xã An Bình (hạn 02/07/2025)" in text
    assert "Đã nhận 2/3 báo cáo, đúng hạn 1 (tỷ lệ báo cáo 66,7%, đúng hạn 33,3%)." in text
    assert "Đơn vị gửi báo cáo chậm:" in text and "Sở Tư pháp (hạn 02/07/2025" in text

    out = StringIO()
    call_command("reports_due", "--period", "2025-H1", "--json", stdout=out)
    due = json.loads(out.getvalue())
    assert due["unit"] == "tinh" and due["due"] == "2025-07-02"
    standings = {u["unit"]: u["standing"] for u in due["units"]}
    assert standings["sxd"] == "on_time" and standings["stp"] == "late"
    assert due["expected"] >= due["received"] == 2


def test_the_province_compiles_one_block(org, plans, users, periods, tmp_path):
    province_h1, _ = periods
    block = PeerGroup.objects.create(code="khoi-so", name="Khối sở")
    OrgUnit.objects.filter(pk__in=[org.dept_a.pk, org.dept_b.pk]).update(peer_group=block)
    sent(org.dept_b, province_h1, users.admin, moment(H1_DUE + datetime.timedelta(days=5)))
    out = StringIO()
    args = ["--unit", "tinh", "--period", "2025-H1", "--compiled", "--json"]
    call_command(
        "report", *args, "--block", "khoi-so", "--out", str(tmp_path / "khoi.docx"),
        stdout=out, stderr=StringIO(),
    )  # fmt: skip
    printed = json.loads(out.getvalue())
    assert printed["missing"] == ["sxd"] and printed["late"] == ["stp"]  # not the commune
    with pytest.raises(CommandError, match="khối “khoi-xa”; các khối: khoi-so"):
        call_command("report", *args, "--block", "khoi-xa", "--out", str(tmp_path / "x.docx"))
