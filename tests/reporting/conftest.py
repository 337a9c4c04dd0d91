"""A reporting half-year for Sở Xây dựng: tasks under two PAR fields, approved and pending
updates, a late task, and targets with and without reported values."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from chiso.frameworks.models import Component, ComponentLevel, Framework
from chiso.plans.models import Target, TaskStatus
from chiso.plans.targets import Comparator
from chiso.tracking.models import ProgressUpdate, UpdateState
from chiso.tracking.schedule import ensure_periods

from ..factories import TaskFactory

TODAY = datetime.date(2025, 7, 2)


def approved(task, period, unit, **values) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        task=task, period=period, unit=unit, state=UpdateState.APPROVED, **values
    )


@pytest.fixture
def components(db):
    par = Framework.objects.create(code="PAR", name="Chỉ số CCHC", year=2025)
    direction = Component.objects.create(
        framework=par, code="PAR.1", name="Công tác chỉ đạo, điều hành CCHC", level=1, order=1
    )
    procedures = Component.objects.create(
        framework=par, code="PAR.3", name="Cải cách thủ tục hành chính", level=1, order=3
    )
    criterion = Component.objects.create(
        framework=par,
        code="PAR.3.1",
        name="Rà soát thủ tục",
        level=ComponentLevel.CRITERION,
        parent=procedures,
        order=4,
    )
    return SimpleNamespace(direction=direction, procedures=procedures, criterion=criterion)


@pytest.fixture
def half_year(org, plans, components):
    """Sở Xây dựng's plan, its periods and progress, as of 2 July 2025."""
    plans.a.signer, plans.a.signer_title = "Trần Văn Bình", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    plans.a.save()
    q1, h1, q3, _year = ensure_periods(plans.a)
    province_h1 = ensure_periods(plans.province)[1]
    task_a = plans.task_a
    task_a.component = components.criterion
    # the status and percent the approved updates below give (actions.approve would set them)
    task_a.status, task_a.manual_percent = TaskStatus.IN_PROGRESS, 60
    task_a.save()
    rules = TaskFactory(
        plan=plans.a,
        lead=org.dept_a,
        component=components.direction,
        ordinal="1",
        text="Ban hành quy chế phối hợp",
        deadline_date=datetime.date(2025, 5, 31),
        deadline_text="Tháng 5/2025",
        status=TaskStatus.IN_PROGRESS,
        manual_percent=30,
    )
    on_time = Target.objects.create(
        plan=plans.a,
        task=task_a,
        indicator="on_time",
        comparator=Comparator.GT,
        value=Decimal("99"),
        unit="%",
        text="Tỷ lệ hồ sơ giải quyết đúng hạn trên 99%",
    )
    online = Target.objects.create(
        plan=plans.a,
        task=task_a,
        indicator="online_full_process",
        comparator=Comparator.GT,
        value=Decimal("80"),
        unit="%",
        text="Hồ sơ trực tuyến toàn trình trên 80%",
    )
    digitised = Target.objects.create(
        plan=plans.a,
        indicator="digitised",
        comparator=Comparator.GT,
        value=Decimal("70"),
        unit="%",
        text="Số hóa hồ sơ trên 70%",
    )
    approved(
        rules,
        q1,
        org.dept_a,
        status=TaskStatus.IN_PROGRESS,
        percent=30,
        narrative="Đã gửi dự thảo quy chế xin ý kiến các phòng",
        delay_cause="Đang chờ ý kiến góp ý của Sở Tư pháp",
    )
    approved(task_a, q1, org.div_a, status=TaskStatus.IN_PROGRESS, percent=20, narrative="Quý I")
    province_q1 = ensure_periods(plans.province)[0]
    ProgressUpdate.objects.create(  # sent, so not late; not approved, so not reported
        task=plans.province_task_a,
        period=province_q1,
        unit=org.dept_a,
        state=UpdateState.SUBMITTED,
        status=TaskStatus.NOT_STARTED,
    )
    first = approved(
        task_a,
        h1,
        org.div_a,
        status=TaskStatus.IN_PROGRESS,
        percent=60,
        narrative="Đã rà soát 12 thủ tục hành chính",
        target_values={str(on_time.pk): "99,5", str(online.pk): "75"},
    )
    ProgressUpdate.objects.create(  # a correction still in draft: not in the report
        task=task_a,
        period=h1,
        unit=org.div_a,
        version=2,
        supersedes=first,
        narrative="Bản sửa chưa duyệt",
    )
    approved(task_a, q3, org.div_a, status=TaskStatus.IN_PROGRESS, narrative="Báo cáo quý III")
    ProgressUpdate.objects.create(  # submitted, not yet approved
        task=plans.province_task_a,
        period=province_h1,
        unit=org.dept_a,
        state=UpdateState.SUBMITTED,
        narrative="Chưa được duyệt",
    )
    approved(plans.task_b, ensure_periods(plans.b)[1], org.div_b, narrative="Việc của Sở Tư pháp")
    return SimpleNamespace(
        period=h1,
        province_period=province_h1,
        rules=rules,
        targets=SimpleNamespace(on_time=on_time, online=online, digitised=digitised),
    )
