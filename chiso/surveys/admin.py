"""The surveys in the admin, to read: questionnaires change through their XLSForm (a version
with responses never changes), responses through the review page, indices by recomputing."""

from django.contrib import admin

from chiso.lib.admin import ReadOnlyAdmin

from .models import (
    AddressHits,
    Choice,
    Question,
    Questionnaire,
    Response,
    RoundUnit,
    Section,
    SurveyImport,
    SurveyIndex,
    SurveyRound,
)


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "year", "version", "index_code"]
    list_filter = ["kind", "year"]


@admin.register(SurveyRound)
class SurveyRoundAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "questionnaire", "start", "end", "is_open"]
    list_select_related = ["questionnaire"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "round", "unit", "channel", "surveyed_on", "state", "dossier_code"]
    list_filter = ["state", "channel", "round"]
    search_fields = ["dossier_code", "unit__name"]
    list_select_related = ["round", "unit"]


@admin.register(SurveyImport)
class SurveyImportAdmin(ReadOnlyAdmin):
    list_display = ["name", "round", "channel", "rows", "rejected", "created_at"]
    list_select_related = ["round"]


@admin.register(SurveyIndex)
class SurveyIndexAdmin(ReadOnlyAdmin):
    list_display = ["round", "level", "unit", "block", "code", "n", "value", "low", "high"]
    list_filter = ["round", "level", "scope"]
    search_fields = ["code", "unit__name"]
    list_select_related = ["round", "unit", "block"]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["code", "label", "questionnaire", "weight"]
    list_filter = ["questionnaire"]
    search_fields = ["code", "label"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ["code", "label", "type", "questionnaire", "weight"]
    list_filter = ["questionnaire", "type"]
    search_fields = ["code", "label"]


@admin.register(Choice)
class ChoiceAdmin(ReadOnlyAdmin):
    list_display = ["list_name", "name", "label", "questionnaire"]
    list_filter = ["questionnaire"]
    search_fields = ["list_name", "label"]


@admin.register(RoundUnit)
class RoundUnitAdmin(ReadOnlyAdmin):
    list_display = ["round", "unit", "population", "target", "target_computed"]
    list_filter = ["round"]
    search_fields = ["unit__name"]
    list_select_related = ["round", "unit"]


@admin.register(AddressHits)
class AddressHitsAdmin(ReadOnlyAdmin):
    list_display = ["key", "window", "hits"]
    search_fields = ["key"]
