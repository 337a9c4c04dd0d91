from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "format", "state", "created_by", "created_at"]
    list_filter = ["job__state", "format"]
    list_select_related = ["job", "unit", "period", "created_by"]
    search_fields = ["unit__name", "unit__code", "period__code", "job__message"]
    raw_id_fields = ["unit", "period", "created_by"]
    readonly_fields = ["job", "created_at"]

    @admin.display(description=_("trạng thái"), ordering="job__state")
    def state(self, report: ReportFile) -> str:
        return report.job.get_state_display()
