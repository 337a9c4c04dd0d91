"""A framework is one index in one year's method; its components form a tree of fields,
criteria and sub-criteria with maximum points."""

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

INDEX_ORDER = ("PAR", "SIPAS", "PAPI", "PCI")


def index_rank(code: str) -> int:
    """Position of an index in the order plans present them (PAR, SIPAS, PAPI, PCI, others)."""
    return INDEX_ORDER.index(code) if code in INDEX_ORDER else len(INDEX_ORDER)


def field_code(component_field: str = "component") -> Coalesce:
    """The code of the top-level field (PAR.3) of the component reached through
    `component_field`, as an SQL expression: components are three levels deep at most."""
    return Coalesce(
        f"{component_field}__parent__parent__code",
        f"{component_field}__parent__code",
        f"{component_field}__code",
    )


def field_id(component_field: str = "component") -> Coalesce:
    """The id of that top-level field, as an SQL expression (see `field_code`)."""
    return Coalesce(
        f"{component_field}__parent__parent_id",
        f"{component_field}__parent_id",
        f"{component_field}_id",
    )


class Framework(models.Model):
    code = models.CharField(_("mã chỉ số"), max_length=20)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.CharField(_("phiên bản"), max_length=60, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=500, blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = pgettext_lazy("plural", "bộ chỉ số")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="framework_code_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.short_name or self.code} {self.year}"


class ComponentLevel(models.IntegerChoices):
    FIELD = 1, _("Lĩnh vực, chỉ số thành phần")
    CRITERION = 2, _("Tiêu chí")
    SUB_CRITERION = 3, _("Tiêu chí thành phần")


class Component(models.Model):
    """A field (PAR.3), criterion (PAR.3.1) or sub-criterion (PAR.3.1.2) of a framework."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("bộ chỉ số"), on_delete=models.CASCADE, related_name="components"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên"), max_length=500)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=ComponentLevel.choices)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("thành phần chỉ số")
        verbose_name_plural = pgettext_lazy("plural", "thành phần chỉ số")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="component_framework_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def fields_by_pk(pks) -> dict[int, Component]:
    """The fields (top-level components) with these ids, with their framework, from one
    query (see `field_id`)."""
    return Component.objects.select_related("framework").in_bulk(set(pks) - {None})


def field_names(codes, year: int) -> dict[str, str]:
    """The name of each field code ("PAR.3" → "Cải cách thủ tục hành chính"), from the year's
    framework, else the newest one that has the code."""
    fields = (
        Component.objects.filter(parent=None, code__in=list(codes))
        .order_by("code", "-framework__year")
        .values_list("code", "framework__year", "name")
    )
    names: dict[str, str] = {}
    for code, framework_year, name in fields:
        if code not in names or framework_year == year:
            names[code] = name
    return names
