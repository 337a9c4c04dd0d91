"""The site's URLs plus the reference pages the page benchmark divides by.

`bench/trivial/` answers a bare "ok": the request frame alone (session, user, middleware).
`bench/blank/` is an empty page of the site: the same frame plus the layout every page has
(header, menu, the unread-reminders bell). `bench/plan-floor/<pk>/` is the least a plan page
can do: the plan found through the user's scope and its tasks' kept rows under their fields,
in the layout, with nothing else of the plan page (header, counts, targets, the units'
plans): what the plan page costs before it shows anything of its own.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.utils import timezone

from chiso.plans.access import get_plan_for_user
from chiso.plans.grouping import group_by_component
from chiso.web.plan_pages import task_rows

BLANK = '{% extends "base.html" %}{% block content %}<h1 class="h4">chiso</h1>{% endblock %}'
FLOOR = (
    '{% extends "base.html" %}{% block content %}<h1 class="h4">{{ plan.title }}</h1>'
    '{% for group in groups %}<section><h2 class="h6">{{ group.component.code }} '
    "{{ group.component.name }}</h2><table><tbody>{{ group.rows }}</tbody></table></section>"
    "{% endfor %}{% endblock %}"
)


@functools.cache
def _template(source: str):
    return engines["django"].from_string(source)  # compiled once, as the site's templates are


def _blank(request):
    return HttpResponse(_template(BLANK).render(request=request))


def _plan_floor(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    groups = group_by_component(task_rows(request.user, plan, timezone.localdate()))
    return HttpResponse(_template(FLOOR).render({"plan": plan, "groups": groups}, request))


urlpatterns = [
    path("bench/trivial/", login_required(lambda request: HttpResponse("ok")), name="trivial"),
    path("bench/blank/", login_required(_blank), name="blank"),
    path("bench/plan-floor/<int:pk>/", login_required(_plan_floor), name="plan-floor"),
    path("", include("chiso.urls")),
]
