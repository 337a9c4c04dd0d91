"""The public survey form, without login, under /khao-sat/ (the address on the posters)."""

from django.urls import path

from . import public_views as views

app_name = "survey_form"
urlpatterns = [
    path("<slug:round_code>/<slug:unit_code>/", views.start, name="start"),
    path("<slug:round_code>/<slug:unit_code>/<int:number>/", views.step, name="step"),
    path("<slug:round_code>/<slug:unit_code>/cam-on/", views.thanks, name="thanks"),
]
