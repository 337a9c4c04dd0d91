"""What goes into a unit's report: its tasks with approved progress, targets, late tasks."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from chiso.plans.models import PlanStatus, TaskStatus
from chiso.reporting.report_data import NOT_REPORTED, OTHER_TASKS, collect
from chiso.reporting.signature import capacity
from chiso.tracking.models import ProgressUpdate

from ..factories import PlanFactory, TaskFactory
from .conftest import TODAY, approved

pytestmark = pytest.mark.django_db


def rows_by_text(data):
    return {row.text: row for section in data.sections for row in section.rows}


def test_tasks_are_grouped_by_component_with_their_latest_approved_update(org, plans, half_year):
    data = collect(org.dept_a, half_year.period, TODAY)
    assert [s.title for s in data.sections] == [
        "Công tác chỉ đạo, điều hành CCHC (PAR.1)",
        "Cải cách thủ tục hành chính (PAR.3)",  # a criterion's task joins its field
        OTHER_TASKS,
    ]
    rows = rows_by_text(data)
    review = rows["Rà soát thủ tục của Sở Xây dựng"]  # led by the division
    assert (review.state, review.percent) == (TaskStatus.IN_PROGRESS, 60)
    assert review.result == "Đã rà soát 12 thủ tục hành chính"  # not the draft, not Q3
    assert review.progress == "Đang thực hiện (60%)"
    assert review.lead == "Văn phòng Sở" and review.source == ""


def test_an_unapproved_update_is_not_reported(org, plans, half_year):
    row = rows_by_text(collect(org.dept_a, half_year.period, TODAY))["Việc của Sở Xây dựng"]
    assert not row.reported and row.result == NOT_REPORTED
    assert row.state == TaskStatus.NOT_STARTED
    assert row.source == "Kế hoạch số 1/KH-UBND"  # led in the province's plan


def test_other_units_tasks_stay_out(org, plans, half_year):
    data = collect(org.dept_a, half_year.period, TODAY)
    assert "Rà soát văn bản của Sở Tư pháp" not in rows_by_text(data)
    assert data.counts.total == 3


def test_late_tasks_with_the_reason_reported(org, plans, half_year):
    data = collect(org.dept_a, half_year.period, TODAY)
    (late,) = data.late
    assert late.text == "Ban hành quy chế phối hợp"
    assert late.result == "Đã gửi dự thảo quy chế xin ý kiến các phòng"  # from the Q1 update
    assert late.delay_cause == "Đang chờ ý kiến góp ý của Sở Tư pháp"  # not the result again
    counts = data.counts
    assert (counts.late, counts.in_progress, counts.not_started, counts.done) == (1, 1, 1, 0)


def test_a_task_due_after_the_report_date_is_not_late_yet(org, plans, half_year):
    data = collect(org.dept_a, half_year.period, datetime.date(2025, 5, 15))
    assert data.late == ()


def test_targets_met_not_met_and_without_data(org, plans, half_year):
    data = collect(org.dept_a, half_year.period, TODAY)
    assert [(t.text, t.reported, t.assessment) for t in data.targets] == [
        ("Tỷ lệ hồ sơ giải quyết đúng hạn trên 99%", "99,5", "Đạt"),
        ("Hồ sơ trực tuyến toàn trình trên 80%", "75", "Có nguy cơ"),  # the year runs on
        ("Số hóa hồ sơ trên 70%", "", "Chưa có số liệu"),
    ]
    assert data.targets[0].threshold == "trên 99 %"


def test_heading_defaults_come_from_the_unit_and_its_plan(org, plans, half_year):
    data = collect(org.dept_a, half_year.period, TODAY)
    assert (data.unit, data.parent, data.place, data.symbol) == (
        "Sở Xây dựng",
        "UBND tỉnh Thử",
        "Thử",
        "SXD",
    )
    assert (data.signer, data.signer_title) == ("Trần Văn Bình", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
    assert data.recipients == ("UBND tỉnh Thử (b/c)", "Lưu: VT")
    assert data.subject == "Kết quả thực hiện nhiệm vụ cải cách hành chính 6 tháng đầu năm 2025"
    assert data.basis.startswith("Thực hiện Kế hoạch số 2/KH-SXD ngày 01/03/2025, Sở Xây dựng")


def test_the_report_for_the_province_plan_names_it_and_is_sent_to_its_issuer(org, plans, half_year):
    data = collect(org.dept_a, half_year.province_period, TODAY)
    assert data.sections[-1].rows[0].source == ""  # now the period's own plan
    assert "của UBND tỉnh Thử" in data.basis
    assert data.recipients[0] == "UBND tỉnh Thử (b/c)"


def test_a_commune_heads_its_report_alone(org, plans, half_year):
    assert collect(org.commune, half_year.period, TODAY).parent == ""


def test_a_copied_task_counts_once_as_the_copy(org, plans, half_year):
    copy = TaskFactory(
        plan=plans.a, lead=org.dept_a, parent_task=plans.province_task_a, text="Bản sao"
    )
    rows = rows_by_text(collect(org.dept_a, half_year.period, TODAY))
    assert "Bản sao" in rows and "Việc của Sở Xây dựng" not in rows
    assert copy.parent_task_id == plans.province_task_a.pk


def test_draft_plans_of_other_units_stay_out(org, plans, half_year):
    draft = PlanFactory(issuer=org.province, status=PlanStatus.DRAFT, title="Dự thảo")
    TaskFactory(plan=draft, lead=org.dept_a, text="Việc trong dự thảo")
    assert "Việc trong dự thảo" not in rows_by_text(collect(org.dept_a, half_year.period, TODAY))


def test_labels_are_vietnamese_whatever_the_language(org, plans, half_year):
    with translation.override("en"):
        data = collect(org.dept_a, half_year.period, TODAY)
    assert rows_by_text(data)["Việc của Sở Xây dựng"].status_label == "Chưa thực hiện"


def test_queries_do_not_grow_with_tasks(org, plans, half_year, components):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            collect(org.dept_a, half_year.period, TODAY)
        return len(queries)

    before = count()
    for n in range(5):
        task = TaskFactory(
            plan=plans.a, lead=org.div_a, component=components.criterion, text=f"Thêm {n}"
        )
        approved(task, half_year.period, org.div_a, narrative=f"Kết quả {n}")
    assert count() == before


def test_a_late_task_without_a_cause_says_so(org, plans, half_year):
    ProgressUpdate.objects.filter(delay_cause__gt="").update(delay_cause="")
    (late,) = collect(org.dept_a, half_year.period, TODAY).late
    assert late.delay_cause == "Chưa nêu nguyên nhân."


@pytest.mark.parametrize(
    "position, expected",
    [
        ("Giám đốc Sở Xây dựng", "GIÁM ĐỐC"),
        ("Phó Giám đốc Sở Xây dựng", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"),
        ("phó chủ tịch UBND xã An Bình", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
        ("Chánh Thanh tra tỉnh", "CHÁNH THANH TRA"),
        ("Chuyên viên", ""),
    ],
)
def test_signing_capacity_from_a_position(position, expected):
    assert capacity(position) == expected


def test_without_a_signer_on_its_plan_the_units_leader_signs(org, plans, half_year, users):
    plans.a.signer = plans.a.signer_title = ""
    plans.a.save()
    users.leader_a.full_name, users.leader_a.position = "Lê Văn Bình", "Phó Giám đốc Sở Xây dựng"
    users.leader_a.save()
    data = collect(org.dept_a, half_year.period, TODAY)
    assert (data.signer, data.signer_title) == ("Lê Văn Bình", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
    users.leader_a.delete()
    data = collect(org.dept_a, half_year.period, TODAY)
    assert (data.signer, data.signer_title) == ("", "GIÁM ĐỐC")
