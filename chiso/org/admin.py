from django.contrib import admin

from .models import OrgUnit, PeerGroup, UnitChange


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "peer_group", "valid_from", "valid_until"]
    list_filter = ["kind", "peer_group"]
    search_fields = ["name", "code", "search_key", "short_name"]
    list_select_related = ["parent", "peer_group"]
    autocomplete_fields = ["parent"]


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "date", "legal_basis"]
    list_filter = ["kind"]
    autocomplete_fields = ["predecessors", "successors"]
