"""Home page and inbox: the signed-in user's work at a glance, and what needs them now."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from chiso.frameworks.models import field_names
from chiso.org.access import scope_is_whole_tree, scope_root, sees_everything
from chiso.plans.access import plans_for
from chiso.plans.models import Target
from chiso.plans.overview import MINI_LIST_FIELDS, task_overview
from chiso.tracking.inbox import inbox_for
from chiso.tracking.target_status import assess_targets

from .task_list import late_in_scope


@login_required
def home(request):
    today = timezone.localdate()
    user = request.user
    scope = scope_root(user)
    context = {"scope": scope, "today": today, "plan_count": plans_for(user).count()}
    if scope is not None or sees_everything(user):
        # A scope that is the whole tree counts every unit's tasks: no subtree to filter by.
        context.update(task_figures(None if scope_is_whole_tree(user) else scope, today))
    targets = Target.objects.filter(plan__year=today.year, plan__issuer=user.unit)
    context["targets"] = assess_targets(targets.select_related("plan")[:20], today)
    context["inbox"] = inbox_for(user, today)
    return render(request, "web/home.html", context)


@login_required
def inbox(request):
    """Everything waiting on the user, each list whole."""
    today = timezone.localdate()
    late = late_in_scope(request.user, today)
    context = {
        "inbox": inbox_for(request.user, today),
        "today": today,
        "late_count": late.count(),
        "late_tasks": list(
            late.select_related("lead").only(*MINI_LIST_FIELDS).order_by("deadline_date", "pk")[:5]
        ),
    }
    return render(request, "web/inbox.html", context)


@login_required
def inbox_count(request):
    """The menu's badge, loaded after the page so that no page pays for it."""
    count = inbox_for(request.user, timezone.localdate()).count
    return render(request, "web/_inbox_badge.html", {"count": count})


def task_figures(scope, today) -> dict:
    """The scope's tasks of the year at a glance, by index and by field."""
    overview = task_overview(scope, today.year, today, shown=8)
    figures = overview["figures"]
    names = field_names(figures.by_field, today.year)
    return {
        **overview,
        "by_index": [
            {"code": code, "done": c.done, "open": c.open, "late": c.late, "total": c.total}
            for code, c in figures.by_index.items()
        ],
        "fields": [(code, names.get(code, ""), c) for code, c in figures.by_field.items()],
        "fields_data": {
            "labels": list(figures.by_field),
            "names": [names.get(code, "") for code in figures.by_field],
            "values": [counts.percent for counts in figures.by_field.values()],
        },
    }


def favicon(request):
    """Browsers ask /favicon.ico whatever the page's <link rel="icon"> says."""
    return redirect(static("chiso/favicon.svg"), permanent=True)
