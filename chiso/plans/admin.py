from django.contrib import admin

from .models import Plan, PlanReference, Target, Task


class PlanReferenceInline(admin.TabularInline):
    model = PlanReference
    fk_name = "plan"
    extra = 0
    autocomplete_fields = ["parent"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["task", "index", "indicator", "comparator", "value", "unit", "out_of", "text"]
    raw_id_fields = ["task"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "issuer", "issue_date", "year", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "number", "issuer__name"]
    list_select_related = ["issuer"]
    autocomplete_fields = ["issuer"]
    inlines = [PlanReferenceInline, TargetInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "component", "lead", "deadline_date", "status"]
    list_filter = ["status", "deadline_kind", "plan__year"]
    search_fields = ["text", "ordinal", "lead__name"]
    list_select_related = ["plan", "component", "lead"]
    autocomplete_fields = ["plan", "lead", "coordinators", "parent_task"]
    raw_id_fields = ["component"]


@admin.register(PlanReference)
class PlanReferenceAdmin(admin.ModelAdmin):
    list_display = ["plan", "text", "parent"]
    search_fields = ["text", "plan__title", "parent__title"]
    list_select_related = ["plan", "parent"]
    autocomplete_fields = ["plan", "parent"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "index", "indicator", "comparator", "value", "unit"]
    list_filter = ["comparator", "index"]
    raw_id_fields = ["plan", "task"]
