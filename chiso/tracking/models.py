"""Reporting periods of a plan, and progress reported per task, period and unit, with proof.

An update moves draft → submitted → approved (locked), or back to returned with a comment.
A correction of an approved update is a new version that supersedes it; the old one stays.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chiso.plans.models import TaskRole, TaskStatus


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


class ReportingPeriod(models.Model):
    """One period a plan reports on: what the data covers and when the report is due."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("loại kỳ"), max_length=20, choices=PeriodKind.choices)
    # its data window's code (chiso.lib.periods): "2025-Q1", "2025-M9", "2025-01-15..2025-02-14"
    code = models.CharField(_("mã kỳ"), max_length=22)
    label = models.CharField(_("tên kỳ"), max_length=120)
    data_from = models.DateField(_("số liệu từ ngày"))
    data_to = models.DateField(_("số liệu đến ngày"))
    due = models.DateField(_("hạn báo cáo"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo")
        ordering = ["plan", "data_to", "data_from"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_plan_code_unique")
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("tracking:period", args=[self.pk])

    def is_open(self, today: datetime.date) -> bool:
        return self.data_from <= today


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class ProgressUpdate(models.Model):
    """What one unit reports on one task for one period (its own share when it coordinates)."""

    task = models.ForeignKey(
        "plans.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="updates"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ"), on_delete=models.CASCADE, related_name="updates"
    )
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    state = models.CharField(
        _("trạng thái duyệt"),
        max_length=20,
        choices=UpdateState.choices,
        default=UpdateState.DRAFT,
        db_index=True,
    )
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.IN_PROGRESS
    )
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), null=True, blank=True)
    milestone = models.CharField(_("mốc đạt được"), max_length=255, blank=True)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True)
    status_note = models.CharField(_("lý do hoàn thành chưa đạt 100%"), max_length=500, blank=True)
    delay_cause = models.TextField(
        _("nguyên nhân chậm, vướng mắc"),
        blank=True,
        help_text=_("Ghi khi nhiệm vụ chậm so với hạn; đưa vào mục nhiệm vụ chậm của báo cáo."),
    )
    target_values = models.JSONField(_("giá trị chỉ tiêu"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("ý kiến khi duyệt"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo tiến độ")
        ordering = ["task", "period", "unit", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period", "unit", "version"], name="update_version_unique"
            )
        ]
        indexes = [
            models.Index(fields=["period", "state"]),
            # A plan's approved updates, found through its tasks (`target_status`).
            models.Index(fields=["task", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.task.ordinal} · {self.period} · {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("tracking:update", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.state in (UpdateState.DRAFT, UpdateState.RETURNED)

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")


class Evidence(models.Model):
    """A proof file (tài liệu kiểm chứng) attached to an update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = pgettext_lazy("plural", "tài liệu kiểm chứng")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Gửi duyệt")
    RESUBMITTED = "resubmitted", _("Gửi lại")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Duyệt")
    CORRECTION = "correction", _("Mở phiên bản sửa đổi")


class UpdateEvent(models.Model):
    """One step in an update's life (submit, return with its reason, resubmit, approve,
    correction): written by the action that makes the step, never changed afterwards."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"))
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("sự kiện của báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "sự kiện của báo cáo")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%d/%m/%Y %H:%M}"


class NoticeKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    LATE = "late", _("Quá hạn")
    DIGEST = "digest", _("Tổng hợp cho lãnh đạo")
    REPORTS_DUE = "reports_due", _("Báo cáo phải gửi")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class Notification(models.Model):
    """One notice shown in the app and sent by email: a reminder (đôn đốc; one per item, kind
    and day) or a step of a progress update (submitted, returned, approved)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    task = models.ForeignKey(
        "plans.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NoticeKind.choices)
    day = models.DateField(_("ngày"))
    message = models.TextField(_("nội dung"))
    read = models.BooleanField(_("đã xem"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "task", "kind", "day"],
                name="reminder_once_a_day",
                nulls_distinct=False,
                condition=models.Q(update__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.message[:80]

    def get_absolute_url(self) -> str:
        """The thing the notice is about: the update, else the task's row; "" for a digest."""
        if self.update_id:
            return reverse("tracking:update", args=[self.update_id])
        return self.task.get_absolute_url() if self.task_id else ""


class PeriodTally(models.Model):
    """Per period and unit (lead or coordinator): the task reports owed, sent and approved.

    Kept on write with `TaskTally`.
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=TaskRole.choices)
    owed = models.PositiveIntegerField()
    sent = models.PositiveIntegerField()  # submitted or approved
    approved = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["period", "role"]), models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.unit_id}/{self.role}: {self.sent}/{self.owed}"
