from django.urls import path

from . import views

app_name = "docimport"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/review/", views.review, name="review"),
]
