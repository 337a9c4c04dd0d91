from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("results/import/", views.import_view, name="import"),
    path("results/<str:index>/<int:year>/<slug:scope>/", views.ranking_page, name="ranking"),
    path("trend/<str:index>/<slug:scope>/<str:key>/", views.trend_page, name="trend"),
]
