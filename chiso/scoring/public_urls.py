"""The published scoring results, without login, under /public/xep-hang/."""

from django.urls import path

from . import public_views

app_name = "scoring_public"
urlpatterns = [
    path("", public_views.published, name="list"),
    path("<int:pk>/", public_views.window, name="window"),
]
