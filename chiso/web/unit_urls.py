from django.urls import path

from chiso.org.pickers import pick_units

from . import unit_pages as views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("pick/", pick_units, name="pick_units"),
]
