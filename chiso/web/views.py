"""Home page: the signed-in user's work at a glance."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from chiso.audit.versioning import cached
from chiso.org.access import scope_is_whole_tree, scope_root
from chiso.plans.access import plans_for, tasks_for
from chiso.plans.models import Target
from chiso.plans.overview import task_overview
from chiso.plans.rollup import DONE
from chiso.tracking.dashboards import completion_by_field, target_readings

DUE_SOON_DAYS = 14


@login_required
def home(request):
    today = timezone.localdate()
    user = request.user
    scope = scope_root(user)
    figures = cached(
        f"home:{scope.pk if scope else '-'}:{scope_is_whole_tree(user)}:{today}",
        lambda: task_figures(user, today),
        request,
    )
    # The unit's targets with their actuals: kept per unit and data version.
    targets = cached(
        f"home-targets:{user.unit_id}:{today}",
        lambda: target_readings(
            Target.objects.filter(plan__year=today.year, plan__issuer=user.unit).select_related(
                "plan"
            )[:20],
            today,
        ),
        request,
    )
    fields = figures["fields"]
    context = {
        **figures,
        "scope": scope,
        "fields_data": {
            "labels": list(fields),
            "values": [cell.percent for cell in fields.values()],
        },
        "targets": targets,
        "due_days": DUE_SOON_DAYS,
        "today": today,
    }
    return render(request, "web/home.html", context)


def task_figures(user, today) -> dict:
    """The user's tasks at a glance, by index and by field of this year, and their plans:
    aggregates over every task in scope (a province's 150,000), kept per data version."""
    tasks = tasks_for(user)
    late = Q(deadline_date__lt=today) & ~Q(status__in=DONE)
    by_index = list(
        tasks.exclude(component__isnull=True)
        .values("component__framework__code")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=DONE)),
            late=Count("pk", filter=late),
        )
        .order_by("component__framework__code")
    )
    for row in by_index:
        row["code"] = row.pop("component__framework__code")
        row["open"] = row["total"] - row["done"] - row["late"]
    return {
        **task_overview(tasks, today, due_days=DUE_SOON_DAYS, shown=8),
        "by_index": by_index,
        "fields": completion_by_field(tasks.filter(plan__year=today.year)),
        "plan_count": plans_for(user).count(),
    }
