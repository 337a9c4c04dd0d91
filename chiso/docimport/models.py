"""An import job: the uploaded document, its blocks and the draft plan under review."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    READING = "reading", _("Đang đọc văn bản")
    REVIEW = "review", _("Chờ rà soát")
    FAILED = "failed", _("Không đọc được")
    CONFIRMED = "confirmed", _("Đã xác nhận")


class ImportJob(models.Model):
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    issuer = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.CharField(_("tiến độ"), max_length=255, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    blocks = models.JSONField(default=list, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lượt nhập văn bản")
        verbose_name_plural = pgettext_lazy("plural", "lượt nhập văn bản")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("docimport:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.REVIEW, ImportStatus.FAILED, ImportStatus.CONFIRMED)
