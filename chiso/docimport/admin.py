from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "issuer", "created_by", "created_at", "plan"]
    list_filter = ["status"]
    search_fields = ["filename", "error"]
    raw_id_fields = ["issuer", "plan", "created_by"]
    readonly_fields = ["blocks", "draft"]
