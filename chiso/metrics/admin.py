from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    list_display = ["name", "kind", "state", "rows", "rejected", "created_by", "created_at"]
    list_filter = ["job__state", "kind"]
    search_fields = ["name", "job__message"]
    list_select_related = ["job", "created_by"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["job", "errors", "periods", "errors_file"]

    @admin.display(description=_("trạng thái"), ordering="job__state")
    def state(self, record: DataImport) -> str:
        return record.get_status_display()
