"""The site's URLs plus a trivial logged-in page: the reference the page benchmark divides by."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("bench/trivial/", login_required(lambda request: HttpResponse("ok")), name="trivial"),
    path("", include("chiso.urls")),
]
