from django.urls import path

from . import plan_pages as views
from .task_list import task_list

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/appendix.docx", views.plan_appendix, name="appendix"),
    path("<int:pk>/cascade/", views.plan_cascade, name="cascade"),
    path("tasks/", task_list, name="tasks"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/status/", views.task_status, name="task_status"),
]
