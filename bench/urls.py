"""The site's URLs plus the trivial logged-in pages the page benchmark divides by.

`bench/trivial/` answers a bare "ok": the request frame alone (session, user, middleware).
`bench/blank/` is an empty page of the site: the same frame plus the layout every page has
(header, menu, the unread-reminders bell).
"""

import functools

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

BLANK = '{% extends "base.html" %}{% block content %}<h1 class="h4">chiso</h1>{% endblock %}'


@functools.cache
def _blank_template():
    return engines["django"].from_string(BLANK)  # compiled once, as the site's templates are


def _blank(request):
    return HttpResponse(_blank_template().render(request=request))


urlpatterns = [
    path("bench/trivial/", login_required(lambda request: HttpResponse("ok")), name="trivial"),
    path("bench/blank/", login_required(_blank), name="blank"),
    path("", include("chiso.urls")),
]
