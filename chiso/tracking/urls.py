from django.urls import path

from . import excel_views, views

app_name = "tracking"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("notifications/", views.notifications, name="notifications"),
    path("plans/<int:pk>/", views.plan_progress, name="plan"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path(
        "periods/<int:period_pk>/tasks/<int:task_pk>/units/<int:unit_pk>/",
        views.report,
        name="report",
    ),
    path("updates/<int:pk>/", views.update_detail, name="update"),
    path("updates/<int:pk>/review/", views.review, name="review"),
    path("updates/approve/", views.approve_many, name="approve_many"),
    path("updates/<int:pk>/correct/", views.correct, name="correct"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path(
        "periods/<int:period_pk>/units/<int:unit_pk>/excel/",
        excel_views.period_excel_download,
        name="excel_download",
    ),
    path(
        "periods/<int:period_pk>/units/<int:unit_pk>/excel/upload/",
        excel_views.period_excel_upload,
        name="excel_upload",
    ),
    path("public/plans/<int:pk>/", views.public_plan, name="public_plan"),
]
