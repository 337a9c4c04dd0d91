from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are written by their runner, never by hand."""

    list_display = ["__str__", "kind", "state", "stage", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    search_fields = ["message", "stage"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
