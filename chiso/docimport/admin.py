from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["filename", "state", "issuer", "created_by", "created_at", "plan"]
    list_filter = ["job__state", ("plan", admin.EmptyFieldListFilter)]
    list_select_related = ["job", "issuer", "created_by", "plan"]
    search_fields = ["filename", "job__message"]
    raw_id_fields = ["issuer", "plan", "created_by"]
    readonly_fields = ["job", "blocks", "draft"]

    @admin.display(description=_("trạng thái"), ordering="job__state")
    def state(self, record: ImportJob) -> str:
        """Its job's state, read with its plan: awaiting review or confirmed once read."""
        return record.get_status_display()
