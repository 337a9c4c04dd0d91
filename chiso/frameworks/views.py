"""Frameworks by year and the component tree of each (read-only reference pages)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Framework


@login_required
def framework_list(request):
    frameworks = Framework.objects.order_by("-year", "code")
    return render(request, "frameworks/framework_list.html", {"frameworks": frameworks})


@login_required
def framework_detail(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    components = list(framework.components.order_by("order"))
    children: dict[int | None, list] = {}
    for component in components:
        children.setdefault(component.parent_id, []).append(component)
    for component in components:
        component.sub = children.get(component.pk, [])
    context = {"framework": framework, "fields": children.get(None, [])}
    return render(request, "frameworks/framework_detail.html", context)
