"""A periodic report file of a unit, generated in the background and kept for download."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    XLSX = "xlsx", _("Excel (.xlsx)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang tạo báo cáo")
    DONE = "done", _("Đã tạo xong")
    FAILED = "failed", _("Không tạo được")


class ReportFile(models.Model):
    """One requested report of `unit` for `period`, in one format."""

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
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

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

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
