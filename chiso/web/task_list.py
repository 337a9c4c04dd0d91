"""Every task of the user's scope in one list — the tasks the home page counts — filtered by
unit, index field, state, deadline and words (accents optional), and exported to Excel with
the columns shown."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.frameworks.models import Component, field_id
from chiso.lib.xlsx import table_response
from chiso.org.access import scope_is_whole_tree, scope_root, visible_units
from chiso.org.models import OrgUnit
from chiso.plans import state
from chiso.plans.models import TaskQuerySet
from chiso.plans.tallies import unit_tasks
from chiso.vietnamese.text import nfc, search_key

PAGE_SIZE = 50
EXTRA_STATES = {
    "due_soon": format_lazy(gettext_lazy("Đến hạn trong {} ngày"), state.DUE_SOON_DAYS),
    "at_risk": gettext_lazy("Có nguy cơ chậm"),
}


@dataclass
class TaskFilters:
    """The list's filters as the query string gave them, each checked."""

    year: int
    unit: OrgUnit | None  # None: the user's whole scope
    field: Component | None
    state: str
    deadline_from: datetime.date | None
    deadline_to: datetime.date | None
    query: str

    def apply(self, tasks: TaskQuerySet, today: datetime.date) -> TaskQuerySet:
        if self.field is not None:
            tasks = tasks.annotate(field_pk=field_id()).filter(field_pk=self.field.pk)
        if self.state == "due_soon":
            tasks = tasks.due_soon(today)
        elif self.state == "at_risk":
            tasks = tasks.at_risk(today)
        elif self.state:
            tasks = tasks.in_state(self.state, today)
        if self.deadline_from:
            tasks = tasks.filter(deadline_date__gte=self.deadline_from)
        if self.deadline_to:
            tasks = tasks.filter(deadline_date__lte=self.deadline_to)
        if key := search_key(self.query):
            tasks = tasks.filter(search_key__contains=key)
        return tasks

    def as_query(self) -> QueryDict:
        query = QueryDict(mutable=True)
        values = {
            "year": self.year,
            "unit": self.unit.pk if self.unit else "",
            "field": self.field.pk if self.field else "",
            "state": self.state,
            "from": self.deadline_from.isoformat() if self.deadline_from else "",
            "to": self.deadline_to.isoformat() if self.deadline_to else "",
            "q": self.query,
        }
        query.update({key: str(value) for key, value in values.items() if value})
        return query


def read_filters(user, params: QueryDict, today: datetime.date) -> TaskFilters:
    """The filters of `params`; a value that is not one of the choices is ignored."""
    year = params.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    unit = params.get("unit", "")
    unit = visible_units(user).filter(pk=unit).first() if unit.isdigit() else None
    field = params.get("field", "")
    field = Component.objects.filter(pk=field, parent=None).first() if field.isdigit() else None
    chosen = params.get("state", "")
    chosen = chosen if chosen in state.TaskState.values or chosen in EXTRA_STATES else ""
    return TaskFilters(
        year=year,
        unit=unit,
        field=field,
        state=chosen,
        deadline_from=_day(params.get("from")),
        deadline_to=_day(params.get("to")),
        query=nfc(params.get("q", "")).strip()[:200],
    )


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def scoped_tasks(user, filters: TaskFilters) -> TaskQuerySet:
    """The tasks the home page counts for the chosen unit (else the user's scope)."""
    unit = filters.unit
    if unit is None and not scope_is_whole_tree(user):
        unit = scope_root(user)
        if unit is None:
            return unit_tasks(None, filters.year).none()
    return unit_tasks(unit, filters.year)


def late_in_scope(user, today: datetime.date) -> TaskQuerySet:
    """The late tasks of the year that the home page counts for the user's scope."""
    filters = TaskFilters(today.year, None, None, state.TaskState.LATE, None, None, "")
    return filters.apply(scoped_tasks(user, filters), today)


@login_required
def task_list(request):
    today = timezone.localdate()
    filters = read_filters(request.user, request.GET, today)
    tasks = (
        filters.apply(scoped_tasks(request.user, filters), today)
        .with_state(today)
        .select_related("plan", "lead", "component")
        .order_by("deadline_date", "plan_id", "order", "pk")
    )
    if request.GET.get("format") == "xlsx":
        return _excel(tasks, filters)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "pager_query": filters.as_query(),
        "states": [*state.TaskState.choices, *EXTRA_STATES.items()],
        "fields": Component.objects.filter(framework__year=filters.year, parent=None)
        .select_related("framework")
        .order_by("framework__code", "order", "code"),
        "today": today,
    }
    return render(request, "web/task_list.html", context)


def _excel(tasks: TaskQuerySet, filters: TaskFilters):
    states = dict(state.TaskState.choices)
    headers = [
        _("Số TT"),
        _("Nhiệm vụ"),
        _("Kế hoạch"),
        _("Chủ trì"),
        _("Thành phần chỉ số"),
        _("Thời hạn"),
        _("Tình trạng"),
    ]
    rows = (
        [
            task.ordinal,
            task.text,
            task.plan.number or task.plan.title,
            task.lead.name if task.lead else task.lead_text,
            task.component.code if task.component else "",
            task.deadline_date or task.deadline_text,
            str(states.get(task.state, task.state)),
        ]
        for task in tasks.iterator(chunk_size=1000)
    )
    title = _("Nhiệm vụ năm %d") % filters.year
    return table_response(f"nhiem-vu-{filters.year}", title, headers, rows)
