"""A background job: its kind, its state, the stage and share done while it runs, and the
message its page shows when it ends."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobKind(models.TextChoices):
    PLAN_DOCUMENT = "plan_document", _("Đọc văn bản kế hoạch")
    DOSSIER_IMPORT = "dossier_import", _("Nhập dữ liệu hồ sơ")
    REPORT_FILE = "report_file", _("Tạo tệp báo cáo")
    SURVEY_IMPORT = "survey_import", _("Nhập phiếu khảo sát")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Có lỗi")


class Job(models.Model):
    """One run of background work, written by `chiso.jobs.running`; the domain record it
    works for (a plan-document import, a dossier import, a report file) points to it."""

    kind = models.CharField(_("loại"), max_length=20, choices=JobKind.choices)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    stage = models.CharField(_("bước"), max_length=100, blank=True)
    done = models.FloatField(_("tiến độ"), default=0)  # 0..1
    message = models.TextField(_("thông báo"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    started_at = models.DateTimeField(_("lúc bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)
    # Written with each progress write: a running job whose heartbeat is old has died.
    heartbeat_at = models.DateTimeField(_("lần cập nhật cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = pgettext_lazy("plural", "tác vụ nền")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        """True once the job is done or failed: its page stops polling."""
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done)
