from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path(
        "periods/<int:period_pk>/units/<int:unit_pk>/<slug:fmt>/",
        views.new_report,
        name="request",
    ),
    path("<int:pk>/", views.report_status, name="report"),
    path("<int:pk>/download/", views.download, name="download"),
]
