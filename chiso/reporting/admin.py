from django.contrib import admin

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "format", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "format"]
    list_select_related = ["unit", "period", "created_by"]
    search_fields = ["unit__name", "unit__code", "period__code", "error"]
    raw_id_fields = ["unit", "period", "created_by"]
    readonly_fields = ["created_at", "finished_at"]
