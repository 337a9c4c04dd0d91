"""Progress pages: a plan's periods, a period's tasks, the progress form, review, evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.audit.recording import acting_user
from chiso.lib.fragments import cached_rows, gated_keys
from chiso.org.access import (
    can_change_unit,
    can_view_unit,
    scope_root,
    sees_everything,
    work_unit,
)
from chiso.org.models import OrgUnit, UnitKind, in_subtree
from chiso.plans.access import get_plan_for_user, get_task_for_user
from chiso.plans.models import Plan, Task
from chiso.scoring.coverage import year_coverage

from . import actions, dashboard_exports
from .access import (
    can_open_dashboard,
    can_report,
    can_review,
    get_evidence_for_user,
    get_update_for_user,
    reporting_units_for,
    updates_for,
)
from .dashboards import heatmap_units, province_heatmap, provincial_reporting
from .forms import ProgressForm
from .inbox import reports_to_review
from .models import ProgressUpdate, ReportingPeriod, UpdateEvent, UpdateState
from .owed import new_activity_since, owes_progress
from .period_filters import STATES, period_workbook, read_filters
from .schedule import current_period, ensure_periods

HEATMAP_ROWS = 30
MISSING_SHOWN = 40


@login_required
def plan_progress(request, pk: int):
    """A plan's periods; opens the period being reported now."""
    plan = get_plan_for_user(request.user, pk)
    periods = ensure_periods(plan)
    period = current_period(periods, timezone.localdate())
    if period is None:
        raise Http404
    return redirect(period)


@login_required
def period_detail(request, pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("plan__issuer"), pk=pk)
    plan = get_plan_for_user(request.user, period.plan_id)
    periods = list(plan.periods.all())
    root = None if sees_everything(request.user) else scope_root(request.user)
    today = timezone.localdate()
    filters = read_filters(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        return _period_excel(request.user, period, periods, root, filters)
    context = {
        "plan": plan,
        "period": period,
        "periods": periods,
        "filters": filters,
        "filter_query": filters.as_query(),
        "states": STATES,
        "rows": period_rows(request.user, period, periods, root, today, filters.condition(period)),
        "today": today,
        "excel_units": reporting_units_for(request.user, period, periods),
        "waiting": reports_to_review(request.user, period),
        "report_unit": work_unit(request.user),
    }
    return render(request, "tracking/period.html", context)


def period_rows(user, period, periods, root, today, condition: Q | None = None) -> list[str]:
    """The HTML row of each task owing progress in `period` (and meeting `condition`), with
    the updates of its units the user sees (`root`: the top of their scope, None for
    everything). Rows are kept under the task's revision and the units shown
    (`chiso.lib.fragments`)."""
    found, shown, units = _period_tasks(user, period, periods, root, condition)
    versions = {
        pk: None if token is None else (token, *(u.pk for u in shown[pk]))
        for pk, _lead, token in found
    }
    html = cached_rows(
        f"period-task-{period.pk}",
        today,
        versions,
        lambda pks: _render_period_rows(period, pks, shown, today),
    )
    # The report buttons of the units the user may report for (decided now, never kept).
    reportable = {str(pk) for pk, unit in units.items() if can_change_unit(user, unit)}
    return [gated_keys(html[pk], reportable) for pk, _lead, _token in found]


def _period_excel(user, period, periods, root, filters):
    found, shown, _units = _period_tasks(user, period, periods, root, filters.condition(period))
    pks = [pk for pk, _lead, _token in found]
    tasks = Task.objects.filter(pk__in=pks).in_bulk()
    updates = {
        (u.task_id, u.unit_id): u
        for u in ProgressUpdate.objects.filter(period=period, task__in=pks).order_by("version")
    }
    return period_workbook(period, [tasks[pk] for pk in pks], shown, updates)


def _period_tasks(user, period, periods, root, condition: Q | None):
    """(pk, lead, revision token) of the tasks owing progress in `period` that the user sees,
    the units shown on each task's row, and those units by pk."""
    tasks = Task.objects.filter(owes_progress(period, new_activity_since(period, periods)))
    if condition is not None:
        tasks = tasks.filter(condition)
    if root is not None and not can_view_unit(user, period.plan.issuer):
        # Outside the issuer's scope: only the tasks the user's units lead or coordinate.
        tasks = tasks.filter(
            in_subtree(root, "lead__path") | in_subtree(root, "coordinators__path")
        ).distinct()
    found = list(
        tasks.annotate(token=F("revision__token"))
        .order_by("order", "pk")
        .values_list("pk", "lead_id", "token")
    )
    helpers = Task.coordinators.through.objects.filter(task__in=[pk for pk, *_ in found])
    coordinators: dict[int, list[int]] = {}
    for task_id, unit_id in helpers.order_by("orgunit__order", "orgunit__name").values_list(
        "task_id", "orgunit_id"
    ):
        coordinators.setdefault(task_id, []).append(unit_id)
    wanted = {lead for _pk, lead, _t in found} | {u for ids in coordinators.values() for u in ids}
    # What the rows show of a unit and what the scope rule reads: its name and its path.
    units = OrgUnit.objects.only("pk", "name", "short_name", "path").in_bulk(wanted - {None})
    shown: dict[int, list[OrgUnit]] = {}
    for pk, lead, _token in found:
        candidates = [units[lead]] if lead else []
        candidates += [units[u] for u in coordinators.get(pk, [])]
        shown[pk] = [
            unit
            for unit in candidates
            if root is None or unit.is_within(root) or can_view_unit(user, unit)
        ]
    return found, shown, units


def _render_period_rows(period, pks: list[int], shown: dict, today) -> dict[int, str]:
    tasks = (
        Task.objects.filter(pk__in=pks)
        .with_state(today)
        .select_related("lead", "component__framework")
    )
    updates = {
        (u.task_id, u.unit_id): u
        for u in ProgressUpdate.objects.filter(period=period, task__in=pks).order_by("version")
    }
    return {
        task.pk: render_to_string(
            "tracking/_period_row.html",
            {
                "task": task,
                "shares": [(unit, updates.get((task.pk, unit.pk))) for unit in shown[task.pk]],
                "period": period,
                "today": today,
            },
        )
        for task in tasks
    }


@login_required
def report(request, period_pk: int, task_pk: int, unit_pk: int):
    """The progress form for one task, period and reporting unit."""
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    task = get_task_for_user(request.user, task_pk)
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    if task.plan_id != period.plan_id or unit.pk not in _reporting_unit_ids(task):
        raise Http404
    update = actions.current_update(task, period, unit)
    if update.pk and not update.editable:
        return redirect(update)
    if not can_report(request.user, update):
        raise Http404
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        instance=update,
        targets=task.targets.all(),
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        with acting_user(request.user):
            update = actions.record(
                form.instance,
                form.values(),
                form.cleaned_data["evidence"],
                request.user,
                submit=submit,
            )
        messages.success(request, _("Đã gửi báo cáo để duyệt.") if submit else _("Đã lưu nháp."))
        return redirect(update)
    context = {"form": form, "task": task, "period": period, "unit": unit, "update": update}
    return render(request, "tracking/report.html", context)


def _reporting_unit_ids(task: Task) -> set[int]:
    return {task.lead_id, *task.coordinators.values_list("pk", flat=True)} - {None}


@login_required
def update_detail(request, pk: int):
    update = get_update_for_user(request.user, pk)
    versions = ProgressUpdate.objects.filter(
        task=update.task, period=update.period, unit=update.unit
    ).order_by("-version")
    timeline = UpdateEvent.objects.filter(update__in=versions).select_related("actor", "update")
    context = {
        "update": update,
        "versions": versions,
        "timeline": timeline,
        "evidence": update.evidence.all(),
        "can_review": update.state == UpdateState.SUBMITTED and can_review(request.user, update),
        "can_edit": can_report(request.user, update),
        "can_correct": update.state == UpdateState.APPROVED
        and update.is_current
        and actions.can_correct(request.user, update),
    }
    return render(request, "tracking/update.html", context)


@login_required
@require_POST
def review(request, pk: int):
    update = get_update_for_user(request.user, pk)
    if not can_review(request.user, update):
        raise Http404
    comment = request.POST.get("comment", "")
    try:
        with acting_user(request.user):
            if request.POST.get("decision") == "approve":
                actions.approve(update, request.user, comment)
                messages.success(request, _("Đã duyệt báo cáo; kỳ báo cáo của nhiệm vụ đã khoá."))
            else:
                actions.send_back(update, request.user, comment)
                messages.info(request, _("Đã trả lại báo cáo cho đơn vị."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(update)
    return redirect(_next_waiting(request.user) or update)


def _next_waiting(user) -> ProgressUpdate | None:
    """The oldest report still waiting for the user's review, to open after a decision."""
    return next(iter(reports_to_review(user)), None)


@login_required
@require_POST
def approve_many(request):
    """Approve the reports ticked in the inbox; those the user may not approve are skipped."""
    ids = [int(pk) for pk in request.POST.getlist("update") if pk.isdigit()]
    approved = 0
    with acting_user(request.user):
        for update in updates_for(request.user).filter(pk__in=ids).select_related("unit", "task"):
            if update.state == UpdateState.SUBMITTED and can_review(request.user, update):
                actions.approve(update, request.user)
                approved += 1
    if approved:
        messages.success(request, _("Đã duyệt %d báo cáo.") % approved)
    if skipped := len(ids) - approved:
        message = _("%d báo cáo không duyệt được (đã được xử lý hoặc ngoài phạm vi).")
        messages.warning(request, message % skipped)
    return redirect("inbox")


@login_required
@require_POST
def correct(request, pk: int):
    update = get_update_for_user(request.user, pk)
    if not actions.can_correct(request.user, update):
        raise Http404
    try:
        with acting_user(request.user):
            draft = actions.correct(update, request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect(update)
    return redirect(
        "tracking:report", period_pk=draft.period_id, task_pk=draft.task_id, unit_pk=draft.unit_id
    )


@login_required
def evidence(request, pk: int):
    """Evidence files are served only to those who may read the update."""
    item = get_evidence_for_user(request.user, pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
def dashboard(request):
    """The coordinator's view of the province: heatmap, who has not reported, the trend."""
    if not can_open_dashboard(request.user):
        raise Http404
    root = scope_root(request.user) or OrgUnit.objects.filter(parent__isnull=True).first()
    if root is None:
        raise Http404
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    kind = request.GET.get("kind", "")
    kind = kind if kind in UnitKind.values else ""
    page = request.GET.get("page", "")
    page = page if page.isdigit() else ""
    export = request.GET.get("export", "")
    if export in ("heatmap", "missing"):
        return _dashboard_export(root, year, today, kind, export)
    context = _dashboard_context(root, year, today, kind, page)
    return render(request, "tracking/dashboard.html", context)


def _dashboard_export(root: OrgUnit, year: int, today, kind: str, export: str):
    """A dashboard table whole, for the kind of unit shown (the first, when none is asked)."""
    units = heatmap_units(root, today)
    _kinds, kind = _unit_kinds(units, kind)
    chosen = [u for u in units if u.kind == kind]
    label = str(UnitKind(kind).label) if kind else ""
    if export == "heatmap":
        heat = province_heatmap(root, year, today, chosen)
        return dashboard_exports.heatmap_table(root, year, label, heat)
    reporting = provincial_reporting(root, year, today, units)
    missing = [row for row in reporting.missing if row[0].kind == kind]
    return dashboard_exports.missing_table(root, year, reporting, missing)


def _unit_kinds(units, kind: str) -> tuple[list[tuple[str, str, int]], str]:
    """The kinds of unit the heatmap has (kind, label, count), and the one to show: the one
    asked for when there is one, else the first."""
    kinds = [
        (k, label, n) for k, label in UnitKind.choices if (n := sum(u.kind == k for u in units))
    ]
    if kind not in {k for k, _label, _n in kinds}:
        kind = kinds[0][0] if kinds else ""
    return kinds, kind


def _dashboard_context(root: OrgUnit, year: int, today, kind: str, page_number: str) -> dict:
    units = heatmap_units(root, today)
    reporting = provincial_reporting(root, year, today, units)
    kinds, kind = _unit_kinds(units, kind)
    page = Paginator([u for u in units if u.kind == kind], HEATMAP_ROWS).get_page(page_number)
    shown = province_heatmap(root, year, today, list(page.object_list))
    missing = [row for row in reporting.missing if row[0].kind == kind]
    return {
        "root": root,
        "year": year,
        "years": list(Plan.objects.order_by("-year").values_list("year", flat=True).distinct()),
        "kinds": kinds,
        "kind": kind,
        "page": page,
        "pager_query": QueryDict(f"year={year}&kind={kind}"),
        "heat": shown,
        "heat_rows": list(shown.rows()),
        "heat_data": shown.chart_data(),
        "reporting": reporting,
        "missing": missing[:MISSING_SHOWN],
        "missing_more": max(0, len(missing) - MISSING_SHOWN),
        "trend_data": {
            "labels": [p.label for p, _owed, _done in reporting.trend],
            "values": [
                round(100 * done / owed) if owed else 0 for _p, owed, done in reporting.trend
            ],
        },
        "today": today,
        "coverage": year_coverage(root, year),
        "coverage_year": year - 1,
    }


def public_plan(request, pk: int):
    """The public page's first address: it moved to /public/ (`chiso.web.public_pages`)."""
    return redirect("public:plan", pk=pk, permanent=True)


@login_required
def notifications(request):
    """The user's reminders, newest first; opening the list marks them read."""
    items = list(request.user.notifications.select_related("task")[:100])  # links by plan id
    request.user.notifications.filter(read=False).update(read=True)
    return render(request, "tracking/notifications.html", {"items": items})
