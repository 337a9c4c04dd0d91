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
