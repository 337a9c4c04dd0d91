from django.contrib import admin

from chiso.lib.admin import ReadOnlyAdmin
from chiso.plans.models import BranchTally, PlanTally, TallyDay, TaskRevision, TaskTally

from .models import (
    Evidence,
    Notification,
    PeriodTally,
    ProgressUpdate,
    ReportingPeriod,
    UpdateEvent,
)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "code", "data_from", "data_to", "due"]
    list_filter = ["kind"]
    search_fields = ["label", "code", "plan__title", "plan__number"]
    raw_id_fields = ["plan"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["file", "name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "period", "unit", "version", "state", "status", "percent"]
    list_filter = ["state", "status"]
    search_fields = ["task__text", "unit__name", "narrative"]
    list_select_related = ["task", "period", "unit"]
    raw_id_fields = ["task", "period", "unit", "supersedes", "submitted_by", "reviewed_by"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "update", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["name"]
    raw_id_fields = ["update", "uploaded_by"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["day", "user", "kind", "message", "read"]
    list_filter = ["kind", "read"]
    search_fields = ["message", "user__username"]
    raw_id_fields = ["user", "task", "update"]


@admin.register(UpdateEvent)
class UpdateEventAdmin(ReadOnlyAdmin):
    """An update's timeline: written by the steps themselves, read here, never edited."""

    list_display = ["at", "update", "kind", "actor", "comment"]
    list_filter = ["kind"]
    raw_id_fields = ["update", "actor"]


class SummaryAdmin(ReadOnlyAdmin):
    """Summary rows are kept on write (chiso.tracking.summaries): read here, never edited."""

    raw_id_fields = ["plan", "unit"]


@admin.register(TaskTally)
class TaskTallyAdmin(SummaryAdmin):
    list_display = ["plan", "unit", "role", "component", "status", "late_from", "tasks"]
    list_filter = ["year", "role", "counted", "status"]


@admin.register(PeriodTally)
class PeriodTallyAdmin(SummaryAdmin):
    list_display = ["period", "unit", "role", "owed", "sent", "approved"]
    list_filter = ["role"]


@admin.register(TaskRevision)
class TaskRevisionAdmin(SummaryAdmin):
    """Renewed with every change to what a task's row shows (chiso.plans.revisions)."""

    list_display = ["task", "token"]
    raw_id_fields = ["task"]


@admin.register(PlanTally)
class PlanTallyAdmin(SummaryAdmin):
    """A plan's counts as of the kept day (`TallyDay`)."""

    list_display = ["plan", "total", "done", "late", "at_risk"]
    raw_id_fields = ["plan"]


@admin.register(BranchTally)
class BranchTallyAdmin(SummaryAdmin):
    """Each unit's counts with every unit below it, as of the kept day (`TallyDay`)."""

    list_display = ["unit", "year", "role", "field", "total", "done", "late", "at_risk"]
    list_filter = ["year", "role", "index"]
    raw_id_fields = ["unit"]


@admin.register(TallyDay)
class TallyDayAdmin(SummaryAdmin):
    list_display = ["pk", "day"]
    raw_id_fields = []
