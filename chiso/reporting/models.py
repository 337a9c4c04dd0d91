"""A periodic report file of a unit, generated as a background job and kept for download."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    XLSX = "xlsx", _("Excel (.xlsx)")


class ReportFile(models.Model):
    """One requested report of `unit` for `period`, in one format; its job builds the file."""

    job = models.OneToOneField(
        "jobs.Job", verbose_name=_("tác vụ nền"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="report_files",
    )
    period = models.ForeignKey(
        "tracking.ReportingPeriod",
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.CASCADE,
        related_name="report_files",
    )
    format = models.CharField(_("định dạng"), max_length=10, choices=ReportFormat.choices)
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "tệp báo cáo")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("reporting:report", args=[self.pk])

    @property
    def filename(self) -> str:
        """The name the download is saved under, e.g. "bao-cao-sxd-2025-H1.docx"."""
        return f"bao-cao-{self.unit.code}-{self.period.code}.{self.format}"


class ReportKind(models.TextChoices):
    """The kinds of report a unit writes, each with its Word template."""

    QUARTER = "quarter", _("Báo cáo quý")
    HALF_YEAR = "half_year", _("Báo cáo 6 tháng")
    NINE_MONTHS = "nine_months", _("Báo cáo 9 tháng")
    YEAR = "year", _("Báo cáo năm")
    THEMATIC = "thematic", _("Báo cáo chuyên đề")


class ReportTemplate(models.Model):
    """A Word template (docxtpl: Jinja placeholders in the document) of a kind of report, for
    a unit and the units under it, or for everyone (no unit). The newest upload of a kind and
    unit is in force; the earlier ones are kept."""

    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=ReportKind.choices)
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_templates",
    )
    file = models.FileField(_("tệp mẫu"), upload_to="report-templates/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "mẫu báo cáo")
        ordering = ["kind", "unit", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit or _('mặc định')}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    APPROVED = "approved", _("Lãnh đạo đã duyệt")
    SUBMITTED = "submitted", _("Đã gửi")


class UnitReport(models.Model):
    """A unit's report for a reporting period, or its compilation of the reports of the units
    under it (`compiled`). Its figures come from chiso's data; the unit writes the narrative
    sections; the leader approves; submitting numbers it in the unit's register and keeps it
    as an immutable snapshot: the .docx, a PDF and the figures it was built from. A correction
    is a new version that names the one it replaces."""

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        "tracking.ReportingPeriod",
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.PROTECT,
        related_name="unit_reports",
    )
    compiled = models.BooleanField(_("báo cáo tổng hợp"), default=False)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("thay thế báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    narratives = models.JSONField(_("phần viết"), default=dict, blank=True)
    register_year = models.PositiveSmallIntegerField(_("năm của sổ"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số trong sổ"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    docx = models.FileField(_("tệp Word"), upload_to="unit-reports/%Y/", blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="unit-reports/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo của đơn vị")
        ordering = ["period", "unit", "compiled", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "compiled", "version"], name="one_report_version"
            ),
            models.UniqueConstraint(
                fields=["unit", "register_year", "register_number"],
                name="register_number_unique",
                condition=models.Q(register_number__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["period", "state"], name="unit_report_period_state")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:unit_report", args=[self.pk])
