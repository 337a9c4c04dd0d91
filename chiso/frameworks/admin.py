"""Admin for index frameworks and their component trees; a framework can be copied to
another year from the list (an action asking the year)."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .copying import FIRST_YEAR, LAST_YEAR, FrameworkCopyError, copy_framework
from .models import Component, Framework


class ComponentInline(admin.TabularInline):
    model = Component
    fields = ["code", "name", "level", "max_points", "order", "parent"]
    raw_id_fields = ["parent"]
    extra = 0
    show_change_link = True


class CopyForm(forms.Form):
    """The year to copy the selected frameworks to; blank: each one's next year."""

    to_year = forms.IntegerField(
        label=gettext_lazy("Sao chép sang năm"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        help_text=gettext_lazy("Để trống: năm sau năm của từng bộ chỉ số."),
    )


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "year", "version", "max_points"]
    list_filter = ["code", "year"]
    search_fields = ["code", "name", "short_name"]
    inlines = [ComponentInline]
    actions = ["copy_to_year"]

    @admin.action(
        description=gettext_lazy("Sao chép sang năm khác (cả cây thành phần)"),
        permissions=["add"],
    )
    def copy_to_year(self, request, queryset):
        """Ask the year, then copy every selected framework in one transaction: all or none."""
        frameworks = list(queryset.order_by("year", "code"))
        years = {framework.year for framework in frameworks}
        form = CopyForm(
            request.POST if "apply" in request.POST else None,
            initial={"to_year": years.pop() + 1} if len(years) == 1 else {},
        )
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["to_year"]
            try:
                with transaction.atomic():
                    copies = [
                        copy_framework(f.code, f.year, year or f.year + 1) for f in frameworks
                    ]
            except FrameworkCopyError as error:
                form.add_error("to_year", str(error))
            else:
                done = ", ".join(str(copy) for copy in copies)
                self.message_user(request, _("Đã sao chép: %s.") % done, messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sao chép bộ chỉ số sang năm khác"),
            "frameworks": frameworks,
            "form": form,
            "action": request.POST.get("action"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/frameworks/framework/copy.html", context)


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "max_points", "framework"]
    list_filter = ["framework"]
    search_fields = ["code", "name"]
    list_select_related = ["framework"]
    raw_id_fields = ["parent"]
