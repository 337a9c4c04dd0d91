"""The public page of published scoring results, without login: each published window's
ranking by total with the bands and the decision that published it."""

from django.http import Http404
from django.shortcuts import render

from .models import Window
from .window_results import shows_percent, window_results


def published(request):
    windows = (
        Window.objects.published()
        .select_related("scheme__framework", "block")
        .order_by("-scheme__framework__year", "block__name")
    )
    return render(request, "scoring/public_list.html", {"windows": windows})


def window(request, pk: int):
    found = (
        Window.objects.published()
        .filter(pk=pk)
        .select_related("scheme__framework", "block")
        .first()
    )
    if found is None:
        raise Http404
    context = {
        "window": found,
        "results": window_results(found),
        "show_percent": shows_percent(found),
    }
    return render(request, "scoring/public_window.html", context)
