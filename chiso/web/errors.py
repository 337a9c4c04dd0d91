"""Branded error pages (`404.html`, `403.html`, …) also while DEBUG is on, as in the demo:
Django then answers a missing page or a refusal with its technical page, which a user of the
demo must not meet. A server error keeps the technical page under DEBUG (developers need it)."""

from django.conf import settings
from django.shortcuts import render

BRANDED = {403: "403.html", 404: "404.html"}


class BrandedErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        template = BRANDED.get(response.status_code)
        if template is None or not settings.DEBUG or _is_own(response):
            return response
        return render(request, template, status=response.status_code)


def _is_own(response) -> bool:
    """A response that is not a page (a file, JSON): no view of chiso answers 403 or 404
    with a page of its own, so any other one is Django's."""
    return not response.get("Content-Type", "").startswith("text/html")
