"""Admin for index frameworks and their component trees."""

from django.contrib import admin

from .models import Component, Framework


class ComponentInline(admin.TabularInline):
    model = Component
    fields = ["code", "name", "level", "max_points", "order", "parent"]
    raw_id_fields = ["parent"]
    extra = 0
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "year", "version", "max_points"]
    list_filter = ["code", "year"]
    search_fields = ["code", "name", "short_name"]
    inlines = [ComponentInline]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "max_points", "framework"]
    list_filter = ["framework"]
    search_fields = ["code", "name"]
    list_select_related = ["framework"]
    raw_id_fields = ["parent"]
