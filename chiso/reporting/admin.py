from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chiso.lib.admin import ReadOnlyAdmin

from .models import ReportFile, ReportTemplate, UnitReport


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


@admin.register(UnitReport)
class UnitReportAdmin(ReadOnlyAdmin):
    """Reports are written, approved and sent on their pages; sent ones never change."""

    list_display = ["unit", "period", "compiled", "version", "state", "number", "submitted_at"]
    list_filter = ["state", "compiled"]
    list_select_related = ["unit", "period"]
    search_fields = ["unit__name", "unit__code", "period__code", "number"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(ReadOnlyAdmin):
    """Templates are uploaded through their page, which checks them."""

    list_display = ["kind", "unit", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["unit", "uploaded_by"]
