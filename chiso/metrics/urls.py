from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_page, name="unit"),
    path(
        "units/<int:pk>/late-without-apology/",
        views.late_without_apology,
        name="late_without_apology",
    ),
    path("units/<int:pk>/procedures/", views.procedures, name="procedures"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/errors/", views.import_errors, name="import_errors"),
]
