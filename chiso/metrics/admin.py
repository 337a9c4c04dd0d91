from django.contrib import admin

from .models import DataImport, IndicatorValue


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["unit", "indicator", "period", "kind", "value", "numerator", "denominator"]
    list_filter = ["kind", "indicator"]
    search_fields = ["unit__name", "unit__code", "period"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]


@admin.register(DataImport)
class DataImportAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "rows", "rejected", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "message"]
    list_select_related = ["created_by"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["errors", "periods", "errors_file", "finished_at"]
