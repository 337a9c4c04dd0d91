from django.urls import path

from . import entry, questionnaire_views, result_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_form, name="round_new"),
    path("rounds/<slug:code>/", views.round_page, name="round"),
    path("rounds/<slug:code>/edit/", views.round_form, name="round_edit"),
    path("rounds/<slug:code>/targets/", views.targets, name="targets"),
    path("rounds/<slug:code>/responses/", views.responses, name="responses"),
    path("rounds/<slug:code>/responses/review/", views.review_responses, name="review"),
    path("rounds/<slug:code>/responses/<int:pk>/", views.response_detail, name="response"),
    path("rounds/<slug:code>/entry/", entry.entry, name="entry"),
    path("rounds/<slug:code>/imports/", views.imports, name="imports"),
    path("rounds/<slug:code>/units/<int:unit>/link/", views.unit_link, name="unit_link"),
    path("rounds/<slug:code>/units/<int:unit>/qr.svg", views.qr, name="qr"),
    path("rounds/<slug:code>/units/<int:unit>/poster.pdf", views.poster_file, name="poster"),
    path("rounds/<slug:code>/results/", result_views.results, name="results"),
    path("rounds/<slug:code>/results/<int:unit>/", result_views.unit_page, name="unit_results"),
    path("questionnaires/<int:pk>/", questionnaire_views.detail, name="questionnaire"),
    path("rounds/<slug:code>/results/choices/", result_views.choices_part, name="choices"),
    path(
        "rounds/<slug:code>/results/<int:unit>/choices/",
        result_views.choices_part,
        name="unit_choices",
    ),
    path(
        "rounds/<slug:code>/results/<int:unit>/comments/",
        result_views.comments_part,
        name="comments",
    ),
    path(
        "questionnaires/<int:pk>/xlsform.xlsx",
        questionnaire_views.download,
        name="questionnaire_xlsx",
    ),
    path("questionnaires/<int:pk>/copy/", questionnaire_views.copy, name="questionnaire_copy"),
    path("questionnaires/upload/", questionnaire_views.upload, name="questionnaire_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/errors/", views.import_errors, name="import_errors"),
]
