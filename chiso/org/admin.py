from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import actions, forms
from .models import OrgUnit, PeerGroup, UnitChange


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


def _reorganise(modeladmin, request, queryset, form_class, title: str, apply, single=False):
    """The intermediate page of a reorganising action: its form, then the action itself,
    all in one transaction; back to the list with a one-line summary."""
    units = list(queryset.order_by("path"))
    if single and len(units) != 1:
        modeladmin.message_user(request, _("Chọn đúng một đơn vị."), messages.WARNING)
        return None
    form = form_class(request.POST if "apply" in request.POST else None, units=units)
    if isinstance(form, forms.SplitForm) and form.asks_shares:
        form = form.with_default_shares()  # the second step: who takes each open task
    elif form.is_bound and form.is_valid():
        done = actions.Reorganisation()
        try:
            with transaction.atomic():
                for outcome in apply(form):
                    done.add(outcome)
        except ValidationError as error:
            form.add_action_error(error)
        else:
            modeladmin.message_user(request, done.describe(), messages.SUCCESS)
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "units": units,
        "form": form,
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/org/orgunit/reorganise.html", context)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "peer_group", "valid_from", "valid_until"]
    list_filter = ["kind", "peer_group"]
    search_fields = ["name", "code", "search_key", "short_name"]
    list_select_related = ["parent", "peer_group"]
    autocomplete_fields = ["parent"]
    actions = ["move_units", "rename_unit", "merge_units", "split_unit", "end_units"]

    @admin.action(
        description=gettext_lazy("Điều chuyển sang đơn vị cấp trên khác"), permissions=["change"]
    )
    def move_units(self, request, queryset):
        def apply(form):
            parent = form.cleaned_data["new_parent"]
            return [actions.move(unit, parent, **form.basis()) for unit in form.units]

        return _reorganise(self, request, queryset, forms.MoveForm, _("Điều chuyển đơn vị"), apply)

    @admin.action(description=gettext_lazy("Đổi tên đơn vị"), permissions=["change"])
    def rename_unit(self, request, queryset):
        def apply(form):
            name = form.cleaned_data["new_name"]
            return [actions.rename(form.units[0], name, **form.basis())]

        return _reorganise(
            self, request, queryset, forms.RenameForm, _("Đổi tên đơn vị"), apply, single=True
        )

    @admin.action(description=gettext_lazy("Hợp nhất, sáp nhập các đơn vị"), permissions=["change"])
    def merge_units(self, request, queryset):
        def apply(form):
            data = form.cleaned_data
            into = data["into"] or actions.NewUnit(
                data["new_code"], data["new_name"], data["new_kind"], data["new_parent"]
            )
            return [actions.merge(form.units, into, **form.basis())]

        return _reorganise(self, request, queryset, forms.MergeForm, _("Hợp nhất, sáp nhập"), apply)

    @admin.action(description=gettext_lazy("Chia tách đơn vị"), permissions=["change"])
    def split_unit(self, request, queryset):
        def apply(form):
            successors = list(form.cleaned_data["into"])
            unit = form.units[0]
            return [actions.split(unit, successors, shares=form.shares(), **form.basis())]

        return _reorganise(
            self, request, queryset, forms.SplitForm, _("Chia tách đơn vị"), apply, single=True
        )

    @admin.action(description=gettext_lazy("Giải thể, kết thúc hoạt động"), permissions=["change"])
    def end_units(self, request, queryset):
        def apply(form):
            heir = form.cleaned_data["into"]
            return [actions.end(unit, successor=heir, **form.basis()) for unit in form.units]

        return _reorganise(self, request, queryset, forms.EndForm, _("Giải thể đơn vị"), apply)


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "date", "legal_basis"]
    list_filter = ["kind"]
    autocomplete_fields = ["predecessors", "successors", "former_parent"]
