"""Home page: the signed-in user's work at a glance."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from chiso.org.access import scope_root
from chiso.plans.access import plans_for, tasks_for
from chiso.plans.models import Target, TaskStatus
from chiso.tracking.dashboards import completion_by_field, target_readings

DUE_SOON_DAYS = 14


@login_required
def home(request):
    today = timezone.localdate()
    tasks = tasks_for(request.user)
    done = [TaskStatus.DONE, TaskStatus.DONE_LATE]
    late = Q(deadline_date__lt=today) & ~Q(status__in=done)
    counts = tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=done)),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
        late=Count("pk", filter=late),
    )
    by_index = list(
        tasks.exclude(component__isnull=True)
        .values("component__framework__code")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__in=done)),
            late=Count("pk", filter=late),
        )
        .order_by("component__framework__code")
    )
    for row in by_index:
        row["code"] = row.pop("component__framework__code")
        row["open"] = row["total"] - row["done"] - row["late"]
    related = ("plan", "lead")
    scope = scope_root(request.user)
    fields = completion_by_field(tasks.filter(plan__year=today.year))
    own_targets = Target.objects.filter(
        plan__year=today.year, plan__issuer=request.user.unit
    ).select_related("plan")
    context = {
        "scope": scope,
        "fields": fields,
        "fields_data": {
            "labels": list(fields),
            "values": [cell.percent for cell in fields.values()],
        },
        "targets": target_readings(own_targets[:20]),
        "counts": counts,
        "by_index": by_index,
        "late_tasks": tasks.late(today).select_related(*related).order_by("deadline_date")[:8],
        "due_tasks": tasks.due_within(today, DUE_SOON_DAYS)
        .select_related(*related)
        .order_by("deadline_date")[:8],
        "due_days": DUE_SOON_DAYS,
        "plan_count": plans_for(request.user).count(),
        "today": today,
    }
    return render(request, "web/home.html", context)
