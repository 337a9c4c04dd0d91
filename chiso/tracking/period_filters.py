"""The period page's filters (a unit and its branch; a report state, or "not reported") as one
condition on tasks, and the page's rows as an Excel workbook."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.lib.xlsx import table_response
from chiso.org.access import visible_units
from chiso.org.models import OrgUnit, in_subtree
from chiso.plans.models import Task

from .models import ProgressUpdate, ReportingPeriod, UpdateState

NOT_REPORTED = "none"
STATES = [(NOT_REPORTED, gettext_lazy("Chưa báo cáo")), *UpdateState.choices]


@dataclass
class PeriodFilters:
    unit: OrgUnit | None
    state: str

    def condition(self, period: ReportingPeriod) -> Q:
        """Tasks led or coordinated within the unit's branch; with a share in the state
        (for "not reported": a lead unit without any update in the period)."""
        condition = Q()
        if self.unit is not None:
            branch = OrgUnit.objects.filter(in_subtree(self.unit)).values("pk")
            coordinated = Task.coordinators.through.objects.filter(orgunit_id__in=branch)
            condition &= Q(lead_id__in=branch) | Q(pk__in=coordinated.values("task_id"))
        updates = ProgressUpdate.objects.filter(period=period, task=OuterRef("pk"))
        if self.state == NOT_REPORTED:
            condition &= ~Exists(updates.filter(unit=OuterRef("lead_id")))
        elif self.state:
            condition &= Exists(updates.filter(state=self.state))
        return condition

    def as_query(self) -> QueryDict:
        query = QueryDict(mutable=True)
        if self.unit is not None:
            query["unit"] = str(self.unit.pk)
        if self.state:
            query["state"] = self.state
        return query


def read_filters(user, params: QueryDict) -> PeriodFilters:
    unit = params.get("unit", "")
    unit = visible_units(user).filter(pk=unit).first() if unit.isdigit() else None
    state = params.get("state", "")
    return PeriodFilters(unit, state if state in dict(STATES) else "")


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A time as Excel keeps it: local, without a zone."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def period_workbook(period: ReportingPeriod, tasks: list[Task], shown: dict, updates: dict):
    """One row per task and reporting unit the page shows, with the state of its report."""
    labels = dict(STATES)
    headers = [
        _("Số TT"),
        _("Nhiệm vụ"),
        _("Thời hạn"),
        _("Đơn vị báo cáo"),
        _("Trạng thái"),
        _("Tỷ lệ hoàn thành (%)"),
        _("Gửi lúc"),
    ]
    rows = []
    for task in tasks:
        for unit in shown.get(task.pk, []):
            update = updates.get((task.pk, unit.pk))
            rows.append(
                [
                    task.ordinal,
                    task.text,
                    task.deadline_date or task.deadline_text,
                    unit.name,
                    str(labels[update.state if update else NOT_REPORTED]),
                    update.percent if update else None,
                    update.submitted_at.replace(tzinfo=None)
                    if update and update.submitted_at
                    else None,
                ]
            )
    title = f"{period.label} — {period.plan.number or period.plan.title}"
    return table_response(f"bao-cao-tien-do-{period.code or period.pk}", title, headers, rows)
