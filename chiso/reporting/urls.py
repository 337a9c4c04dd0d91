from django.urls import path

from . import template_views, unit_report_views, views

app_name = "reporting"
urlpatterns = [
    path(
        "periods/<int:period_pk>/units/<int:unit_pk>/<slug:fmt>/",
        views.new_report,
        name="request",
    ),
    path("<int:pk>/", views.report_status, name="report"),
    path("<int:pk>/download/", views.download, name="download"),
    path(
        "units/<int:unit_pk>/periods/<int:period_pk>/",
        unit_report_views.period_reports,
        name="period_reports",
    ),
    path(
        "units/<int:unit_pk>/periods/<int:period_pk>/start/",
        unit_report_views.start,
        name="start",
    ),
    path("unit-reports/<int:pk>/", unit_report_views.unit_report, name="unit_report"),
    path("unit-reports/<int:pk>/narratives/", unit_report_views.narratives, name="narratives"),
    path("unit-reports/<int:pk>/approve/", unit_report_views.approve, name="approve"),
    path("unit-reports/<int:pk>/submit/", unit_report_views.submit, name="submit"),
    path("unit-reports/<int:pk>/correct/", unit_report_views.correct, name="correct"),
    path(
        "unit-reports/<int:pk>/file.<slug:fmt>",
        unit_report_views.download,
        name="unit_report_file",
    ),
    path("templates/", template_views.templates, name="templates"),
    path(
        "templates/default/<slug:kind>.docx",
        template_views.download_default,
        name="template_default",
    ),
    path("templates/<int:pk>.docx", template_views.download_template, name="template_file"),
]
