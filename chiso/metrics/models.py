"""Indicator values per unit and period, and the imports of dossier and feedback exports.

The records themselves are not stored here: they are Parquet files under the data directory
(`store.py`), aggregated with DuckDB. Only the results come into the database.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chiso.indicators.catalog import CHOICES, Source
from chiso.org.models import OrgUnit


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")


class IndicatorValue(models.Model):
    """One indicator of one unit (its divisions included) over one period."""

    # A summary rebuilt in bulk (`compute.save_values`): one index, the unique one below,
    # which leads with the unit (a unit has a few hundred values: its pages read them by
    # unit), and no constraint in the database, whose check of each of ~90,000 rows costs
    # more than the rest of the write; the unit ids come from OrgUnit in the same run, units
    # are never deleted (they end), and Django still cascades.
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        db_index=False,
        db_constraint=False,
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=30, choices=CHOICES)
    period = models.CharField(_("kỳ"), max_length=7)  # 2025-03, 2025-Q1, 2025-H1, 2025
    kind = models.CharField(_("loại kỳ"), max_length=7, choices=PeriodKind.choices)
    start = models.DateField(_("từ ngày"))
    numerator = models.BigIntegerField(_("tử số"))
    denominator = models.BigIntegerField(_("mẫu số"))
    value = models.DecimalField(_("giá trị (%)"), max_digits=5, decimal_places=2)
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        ordering = ["unit", "indicator", "start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period"], name="one_value_per_unit_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator} {self.period}: {self.value}"


class DataImport(models.Model):
    """An export imported as a background job (its progress and state are the job's); the
    outcome: counts, the first bad rows, the periods computed."""

    job = models.OneToOneField(
        "jobs.Job", verbose_name=_("tác vụ nền"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại dữ liệu"), max_length=10, choices=Source.choices)
    file = models.FileField(_("tệp"), upload_to="dossier-imports/%Y/%m/", max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    skip_invalid = models.BooleanField(_("bỏ qua dòng lỗi"), default=False)
    mapping = models.JSONField(_("ánh xạ cột"), default=dict, blank=True)  # field → header
    rows = models.PositiveIntegerField(_("số dòng nhập"), default=0)
    rejected = models.PositiveIntegerField(_("số dòng bị loại"), default=0)
    # the first 100 bad rows: [row, column, value, expected]
    errors = models.JSONField(_("lỗi (100 dòng đầu)"), default=list, blank=True)
    errors_file = models.CharField(_("tệp lỗi"), max_length=300, blank=True)
    periods = models.JSONField(_("các kỳ đã tính"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu hồ sơ")
        verbose_name_plural = _("các lần nhập dữ liệu hồ sơ")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        """Its job's state (a JobState), as the list of imports shows it."""
        return self.job.state

    def get_status_display(self) -> str:
        return self.job.get_state_display()
