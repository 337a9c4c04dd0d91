"""The citizens' pages, without login, under /public/."""

from django.urls import path

from . import public_pages as views

app_name = "public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("plans/<int:pk>/", views.public_plan, name="plan"),
    path("units/<int:pk>/", views.public_unit, name="unit"),
]
