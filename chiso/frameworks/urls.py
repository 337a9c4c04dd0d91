from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("<int:pk>/", views.framework_detail, name="framework"),
]
