"""Rows kept under revision tokens (`chiso.lib.fragments`) are never stale: after each write
of a random sequence — through the models, the progress workflow, the org tree, the
frameworks and indicator imports — the plan pages and the progress page served with the
kept rows equal the same pages rendered from scratch."""

import datetime
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from chiso.frameworks.models import Component
from chiso.lib import fragments
from chiso.metrics.importing import refresh_indicator_targets
from chiso.metrics.models import IndicatorValue, PeriodKind
from chiso.plans.models import Target, Task, TaskStatus
from chiso.tracking import actions
from chiso.tracking.models import ProgressUpdate, ReportingPeriod, UpdateState
from chiso.tracking.schedule import ensure_periods

from .factories import TaskFactory

pytestmark = pytest.mark.django_db
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
WRITES = [
    "task",
    "copy",
    "copy_status",
    "edit",
    "coordinate",
    "uncoordinate",
    "submit",
    "approve",
    "return",
    "delete_update",
    "period",
    "target",
    "indicator",
    "rename",
    "component",
    "delete",
]


def _pages(client, urls: list[str]) -> list[str]:
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(_CSRF.sub("", response.content.decode()))
    return pages


@pytest.mark.parametrize("seed", range(2))
def test_kept_rows_equal_fresh_rows_after_every_write(client, org, users, plans, seed):
    rng = random.Random(seed)
    today = timezone.localdate()
    units = [org.dept_a, org.div_a, org.dept_b, org.div_b, org.commune]
    all_plans = [plans.province, plans.a, plans.b]
    for plan in all_plans:
        ensure_periods(plan)
    component = Component.objects.filter(level=3).select_related("parent").first()
    periods = {p.pk: p for p in ReportingPeriod.objects.filter(plan=plans.province)}
    viewers = {users.coordinator: [], users.officer_a: []}
    for plan in (plans.province, plans.a):
        for user in viewers:
            viewers[user].append(plan.get_absolute_url())
    for user in viewers:
        viewers[user] += [p.get_absolute_url() for p in periods.values()]
    for step in range(40):
        action = rng.choice(WRITES)
        tasks = list(Task.objects.select_related("plan", "lead"))
        task = rng.choice(tasks)
        period = rng.choice(list(ReportingPeriod.objects.filter(plan=task.plan_id)))
        _write(action, rng, org, users, all_plans, units, tasks, task, period, component, today)
        for user, urls in viewers.items():
            client.force_login(user)
            kept = _pages(client, urls)
            fragments.clear()
            fresh = _pages(client, urls)
            assert kept == fresh, f"step {step}: {action} left a stale row for {user}"


def _write(action, rng, org, users, all_plans, units, tasks, task, period, component, today):
    deadline = today + datetime.timedelta(days=rng.randint(-30, 30))
    if action == "task":
        TaskFactory(
            plan=rng.choice(all_plans),
            lead=rng.choice(units),
            deadline_date=rng.choice([None, deadline]),
            component=rng.choice([None, component]),
        )
    elif action == "copy":  # a unit's copy of a task: its parent row counts it
        TaskFactory(plan=rng.choice(all_plans), lead=rng.choice(units), parent_task=task)
    elif action == "copy_status":
        if copy := Task.objects.filter(parent_task__isnull=False).order_by("?").first():
            copy.status = rng.choice(TaskStatus.values)
            copy.save()
    elif action == "edit":
        task.text = f"{task.text} ·"
        task.deadline_date = rng.choice([None, deadline])
        task.save()
    elif action == "coordinate":
        task.coordinators.add(rng.choice(units))
    elif action == "uncoordinate":
        org.dept_a.coordinated_tasks.remove(task)  # from the unit's side
    elif action in ("submit", "approve", "return"):
        unit = task.lead or org.dept_a
        update = actions.current_update(task, period, unit)
        if update.pk and not update.editable:
            if update.state == UpdateState.SUBMITTED and action != "submit":
                decide = actions.approve if action == "approve" else actions.send_back
                decide(update, users.admin, "Đã xem")
            return
        status = rng.choice([TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED, TaskStatus.DONE])
        values = {
            "status": status,
            "percent": 100 if status == TaskStatus.DONE else rng.randint(0, 90),
            "milestone": "",
            "narrative": "Đã triển khai",
            "target_values": {},
        }
        actions.record(update, values, [], users.admin, submit=True)
    elif action == "delete_update":
        if update := ProgressUpdate.objects.filter(task=task).order_by("-pk").first():
            update.delete()
    elif action == "period":
        period.due = period.due + datetime.timedelta(days=rng.choice([-40, 40]))
        period.save()
    elif action == "target":
        Target.objects.create(
            plan=task.plan,
            task=task,
            comparator="gt",
            value=rng.choice([50, 90]),
            unit="%",
            indicator="on_time",
            text="trên 90%",
        )
    elif action == "indicator" and task.lead:
        IndicatorValue.objects.update_or_create(
            unit=task.lead,
            indicator="on_time",
            period=str(task.plan.year),
            kind=PeriodKind.YEAR,
            defaults={
                "start": datetime.date(task.plan.year, 1, 1),
                "numerator": rng.randint(1, 99),
                "denominator": 100,
                "value": rng.randint(1, 99),
            },
        )
        refresh_indicator_targets()  # as an import does after its bulk write
    elif action == "rename":
        unit = rng.choice(units)
        unit.short_name = f"{unit.short_name or unit.name[:10]}·"
        unit.save()
    elif action == "component" and component is not None:
        component.code = f"{component.code}x"
        component.save()
    elif action == "delete" and len(tasks) > 4:
        task.delete()


def test_the_edit_link_is_filled_per_user_on_the_same_kept_rows(client, users, plans):
    """Leader A may edit the provincial task its unit leads, not Sở Tư pháp's; the viewer
    neither. All three read the same kept rows."""
    page = plans.province.get_absolute_url()
    own = reverse("plans:task_edit", args=[plans.province_task_a.pk])
    other = reverse("plans:task_edit", args=[plans.province_task_b.pk])
    seen = {}
    for user in (users.admin, users.leader_a, users.viewer_a):
        client.force_login(user)
        html = client.get(page).content.decode()
        assert "&lt;!--" not in html  # the gate marks are never escaped
        seen[user.username] = (f'href="{own}"' in html, f'href="{other}"' in html)
    assert seen == {
        "admin": (True, True),
        "leader_a": (True, False),
        "viewer_a": (False, False),
    }
