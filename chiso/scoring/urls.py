from django.urls import path

from . import cycle_views, scheme_views, views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("results/import/", views.import_view, name="import"),
    path("results/<str:index>/<int:year>/<slug:scope>/", views.ranking_page, name="ranking"),
    path("trend/<str:index>/<slug:scope>/<str:key>/", views.trend_page, name="trend"),
    path("schemes/upload/", scheme_views.upload, name="scheme_upload"),
    path("schemes/<int:pk>/workbook.xlsx", scheme_views.download, name="scheme_download"),
    path("windows/new/", cycle_views.open_window, name="window_new"),
    path("windows/<int:pk>/", cycle_views.window_page, name="window"),
    path("windows/<int:pk>/publish/", cycle_views.publish, name="publish"),
    path("windows/<int:pk>/council/", cycle_views.council, name="council"),
    path("windows/<int:pk>/survey-points/", cycle_views.survey_points, name="survey_points"),
    path("assessments/<int:pk>/", cycle_views.assessment_page, name="assessment"),
    path("assessments/<int:pk>/score/", cycle_views.self_score, name="self_score"),
    path("assessments/<int:pk>/evidence/", cycle_views.evidence, name="evidence"),
    path("assessments/<int:pk>/refresh/", cycle_views.refresh, name="refresh"),
    path("assessments/<int:pk>/submit/", cycle_views.submit, name="submit"),
    path("assessments/<int:pk>/appraise/", cycle_views.appraise, name="appraise"),
    path("assessments/<int:pk>/answer/", cycle_views.answer, name="answer"),
    path("assessments/<int:pk>/send/", cycle_views.send_to_unit, name="send"),
    path("assessments/<int:pk>/finalise/", cycle_views.finalise, name="finalise"),
]
