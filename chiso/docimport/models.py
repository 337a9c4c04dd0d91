"""A plan-document import: the uploaded document, its blocks and the draft plan under review.

Its reading is a background job (`chiso.jobs`); whether it awaits review or is confirmed
follows from that job being done and from its plan being saved or not.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chiso.jobs.models import JobState


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    READING = "reading", _("Đang đọc văn bản")
    REVIEW = "review", _("Chờ rà soát")
    FAILED = "failed", _("Không đọc được")
    CONFIRMED = "confirmed", _("Đã xác nhận")


# A done job is REVIEW or CONFIRMED, by whether the plan is saved.
_STATUS_OF_STATE = {
    JobState.QUEUED: ImportStatus.QUEUED,
    JobState.RUNNING: ImportStatus.READING,
    JobState.FAILED: ImportStatus.FAILED,
}


class ImportJob(models.Model):
    job = models.OneToOneField(
        "jobs.Job", verbose_name=_("tác vụ nền"), on_delete=models.PROTECT, related_name="+"
    )
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
    blocks = models.JSONField(default=list, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhập văn bản")
        verbose_name_plural = pgettext_lazy("plural", "lượt nhập văn bản")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("docimport:job", args=[self.pk])

    @property
    def status(self) -> str:
        """The import's ImportStatus: its job's state, and once read, whether its plan is saved."""
        if self.job.state == JobState.DONE:
            return ImportStatus.CONFIRMED if self.plan_id else ImportStatus.REVIEW
        return _STATUS_OF_STATE[self.job.state]

    def get_status_display(self) -> str:
        return ImportStatus(self.status).label

    @property
    def finished(self) -> bool:
        return self.job.finished
