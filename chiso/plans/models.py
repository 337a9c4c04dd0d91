"""Plan ──< Task >── Component; tasks have a lead unit, coordinators, a deadline and targets."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from chiso.indicators.catalog import CHOICES as INDICATOR_CHOICES
from chiso.indicators.catalog import INDICATORS
from chiso.org.models import OrgUnit, in_subtree, listed_ids
from chiso.vietnamese.text import search_key

from . import state
from .deadlines import Deadline, DeadlineKind
from .targets import Comparator
from .targets import Target as ParsedTarget


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    DONE_LATE = "done_late", _("Hoàn thành muộn")
    BLOCKED = "blocked", _("Vướng mắc")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


def plan_search_key(number: str, title: str) -> str:
    """What plan search matches: the accent-free key of the number and the title."""
    return search_key(f"{number} {title}")[:600]


def task_search_key(ordinal: str, text: str) -> str:
    """What task search matches: the accent-free key of the task's number and text."""
    return search_key(f"{ordinal} {text}")


class Plan(models.Model):
    """A plan document issued by a unit (Kế hoạch số …/KH-…), with the plans it implements."""

    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issuer = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm"))
    indices = models.JSONField(_("chỉ số"), default=list, blank=True)
    purposes = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    report_schedule = models.JSONField(
        _("chế độ báo cáo"),
        default=list,
        blank=True,
        help_text=_("Kỳ báo cáo như văn bản ghi: kỳ, số liệu từ, đến, hạn gửi."),
    )
    child_plans_due = models.JSONField(_("kế hoạch cấp dưới phải gửi"), default=list, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The accent-free key of its number and title (`plan_search_key`), what search matches.
    search_key = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch")
        ordering = ["-year", "-issue_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args, **kwargs) -> None:
        self.search_key = plan_search_key(self.number, self.title)
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "search_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.pk])

    @property
    def reference(self) -> str:
        """How other documents cite it: "Kế hoạch số 146/KH-UBND ngày 29/5/2025"."""
        parts = [pgettext("document", "Kế hoạch")]
        if self.number:
            parts.append(_("số %s") % self.number)
        if self.issue_date:
            parts.append(_("ngày %s") % f"{self.issue_date:%d/%m/%Y}")
        return " ".join(parts)


class PlanReference(models.Model):
    """A plan this plan implements: linked when it is in chiso, kept as written in any case."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    parent = models.ForeignKey(
        Plan,
        verbose_name=_("kế hoạch cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implemented_by",
    )
    text = models.CharField(_("trích dẫn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("căn cứ kế hoạch")
        verbose_name_plural = pgettext_lazy("plural", "căn cứ kế hoạch")

    def __str__(self) -> str:
        return self.text or str(self.parent)


class TaskQuerySet(models.QuerySet):
    """Tasks by state (see `chiso.plans.state`) and the one meaning of "a unit's tasks"."""

    def with_state(self, today: datetime.date, soon: int = state.DUE_SOON_DAYS) -> "TaskQuerySet":
        """Annotate `state`, `is_at_risk` and `is_due_soon` as of `today`."""
        return self.annotate(
            state=state.state_expression(today),
            is_at_risk=state.flag(state.at_risk(today, soon)),
            is_due_soon=state.flag(state.due_soon(today, soon)),
        )

    def in_state(self, name: str, today: datetime.date) -> "TaskQuerySet":
        return self.filter(state.in_state(name, today))

    def late(self, today: datetime.date) -> "TaskQuerySet":
        return self.filter(state.late(today))

    def at_risk(self, today: datetime.date, soon: int = state.DUE_SOON_DAYS) -> "TaskQuerySet":
        return self.filter(state.at_risk(today, soon))

    def due_soon(self, today: datetime.date, soon: int = state.DUE_SOON_DAYS) -> "TaskQuerySet":
        return self.filter(state.due_soon(today, soon))

    def counted(self) -> "TaskQuerySet":
        """The tasks that count as a unit's work: in issued plans, and not copied into a
        unit's own plan (the copy counts instead)."""
        return self.filter(cascaded=False).exclude(plan__status=PlanStatus.DRAFT)

    def led_within(self, unit, indexed: bool = True) -> "TaskQuerySet":
        """Tasks led by `unit` or a unit below it (`indexed`: see `org.models.in_subtree`).
        Indexed, the units are read first (`listed_ids`) and the tasks found through their
        lead's index: a join on the lead's path let SQLite scan the deadline index of the
        whole province instead."""
        if not indexed:
            return self.filter(in_subtree(unit, "lead__path", indexed=False))
        return self.filter(lead_id__in=listed_ids(OrgUnit.objects.filter(in_subtree(unit))))


class Task(models.Model):
    """One task of a plan, under an index component, led by one unit."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks"
    )
    component = models.ForeignKey(
        "frameworks.Component",
        verbose_name=_("thành phần chỉ số"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    ordinal = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung nhiệm vụ"))
    lead = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
    )
    lead_text = models.CharField(_("chủ trì (như văn bản)"), max_length=500, blank=True)
    coordinators = models.ManyToManyField(
        "org.OrgUnit",
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="coordinated_tasks",
    )
    coordinators_text = models.CharField(_("phối hợp (như văn bản)"), max_length=1000, blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"),
        max_length=20,
        choices=DeadlineKind.choices,
        default=DeadlineKind.UNSPECIFIED,
    )
    deadline_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True, db_index=True)
    deadline_text = models.CharField(_("thời hạn (như văn bản)"), max_length=255, blank=True)
    deadline_event = models.CharField(_("sự kiện"), max_length=255, blank=True)
    event_occurred_on = models.DateField(
        _("ngày sự kiện xảy ra"),
        null=True,
        blank=True,
        help_text=_("Với nhiệm vụ thực hiện khi có sự kiện: ngày sự kiện đã xảy ra."),
    )
    manual_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ hoàn thành do đơn vị đặt (%)"), null=True, blank=True
    )
    expected_output = models.TextField(_("sản phẩm, kết quả dự kiến"), blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
        db_index=True,
    )
    status_note = models.CharField(
        _("giải trình tình trạng"),
        max_length=500,
        blank=True,
        help_text=_("Lý do khi hoàn thành chưa đạt 100%, hoặc khi chủ kế hoạch đính chính."),
    )
    # Kept on write by chiso.tracking.summaries: the first day the task is late if not done
    # (its deadline passed, or a report it owes past due and not sent); a target of the task
    # below its threshold; copied into a unit's own plan (the copy counts instead).
    late_from = models.DateField(null=True, blank=True, editable=False)
    behind = models.BooleanField(default=False, editable=False)
    cascaded = models.BooleanField(default=False, editable=False)
    parent_task = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cấp trên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_tasks",
    )
    # The accent-free key of its number and text (`task_search_key`), what search matches.
    search_key = models.TextField(editable=False, default="")

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ")
        ordering = ["plan", "order", "pk"]
        # Counts of a plan's tasks and of a parent task's children, read from the index alone.
        indexes = [
            models.Index(fields=["plan", "status", "deadline_date"]),
            models.Index(fields=["parent_task", "status", "deadline_date"]),
            models.Index(fields=["status", "late_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.ordinal} {self.text[:80]}".strip()

    def save(self, *args, **kwargs) -> None:
        fields = kwargs.get("update_fields")
        if fields is None or {"ordinal", "text"} & set(fields):
            self.search_key = task_search_key(self.ordinal, self.text)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """Its row on its plan's page."""
        return f"{reverse('plans:plan', args=[self.plan_id])}#task-{self.pk}"

    @property
    def deadline(self) -> Deadline:
        return Deadline(
            kind=DeadlineKind(self.deadline_kind),
            date=self.deadline_date,
            text=self.deadline_text,
            event=self.deadline_event,
        )

    @deadline.setter
    def deadline(self, value: Deadline) -> None:
        self.deadline_kind = value.kind
        self.deadline_date = value.date
        self.deadline_text = value.text
        self.deadline_event = value.event

    def is_done(self) -> bool:
        return self.status in state.DONE_STATUSES

    @property
    def done_short(self) -> bool:
        """Done with less than 100 %: shown with the officer's reason."""
        return self.is_done() and self.manual_percent is not None and self.manual_percent < 100


class Target(models.Model):
    """A measurable goal of a plan or task: an index rank or an indicator value."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, null=True, blank=True, related_name="targets"
    )
    index = models.CharField(_("chỉ số"), max_length=20, blank=True)
    indicator = models.CharField(
        _("chỉ tiêu"), max_length=60, blank=True, choices=INDICATOR_CHOICES
    )
    comparator = models.CharField(_("so sánh"), max_length=10, choices=Comparator.choices)
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    out_of = models.PositiveIntegerField(_("trên tổng số"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    text = models.CharField(_("như văn bản"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = pgettext_lazy("plural", "mục tiêu")
        # The plan's own targets first, then each task's, on every database (NULLs sort
        # first on SQLite and last on PostgreSQL unless told).
        ordering = ["plan", models.F("task").asc(nulls_first=True), "pk"]

    def __str__(self) -> str:
        return self.text or self.threshold

    @classmethod
    def from_parsed(
        cls, parsed: "ParsedTarget | Target", plan: Plan, task: "Task | None" = None, text: str = ""
    ) -> "Target":
        """An unsaved row for a target read from text, or copied from another plan's target
        (`text`: the whole sentence, if given)."""
        return cls(
            plan=plan,
            task=task,
            index=parsed.index,
            indicator=parsed.indicator,
            comparator=parsed.comparator,
            value=parsed.value,
            unit=parsed.unit,
            out_of=parsed.out_of,
            year=parsed.year,
            text=text or parsed.text,
        )

    @property
    def subject(self) -> str:
        """What is measured: the index code or the indicator's name."""
        return INDICATORS[self.indicator].name if self.indicator in INDICATORS else self.index

    @property
    def threshold(self) -> str:
        value = f"{Decimal(str(self.value)).normalize():f}"
        if self.comparator == Comparator.RANK and self.out_of:
            value = f"{value}/{self.out_of}"
        if self.comparator == Comparator.TOP:
            return _("trong nhóm %(value)s %(unit)s dẫn đầu") % {"value": value, "unit": self.unit}
        return f"{self.get_comparator_display()} {value} {self.unit}".strip()


class TaskRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATOR = "coordinator", _("Phối hợp")


class TaskTally(models.Model):
    """How many tasks of a plan a unit leads (or coordinates) with the same component, status,
    deadline, `late_from` and `behind`: the rows behind every count of tasks by state.

    Kept on write by `chiso.tracking.summaries` (progress and periods decide `late_from`)
    in the transaction of the change; rebuilt by `chiso rebuild-summaries`. The state
    conditions of `chiso.plans.state` read its fields as they read a task's.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=12, choices=TaskRole.choices)
    component = models.ForeignKey(
        "frameworks.Component", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    counted = models.BooleanField()  # see TaskQuerySet.counted
    status = models.CharField(max_length=20)
    deadline_date = models.DateField(null=True, blank=True)
    late_from = models.DateField(null=True, blank=True)
    behind = models.BooleanField()
    tasks = models.PositiveIntegerField()
    percent_sum = models.PositiveIntegerField()  # of each task's completion

    class Meta:
        indexes = [
            models.Index(fields=["unit", "year", "role"]),
            models.Index(fields=["year", "role", "counted"]),
            # The rows a new day changes (`branch_tallies.roll`).
            models.Index(fields=["deadline_date"]),
            models.Index(fields=["late_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.unit_id}/{self.role}: {self.tasks}"


class StateCounts(models.Model):
    """The counts of `chiso.plans.counting.TaskCounts`, as columns of a kept row."""

    total = models.PositiveIntegerField()
    done = models.PositiveIntegerField()
    done_late = models.PositiveIntegerField()
    late = models.PositiveIntegerField()
    blocked = models.PositiveIntegerField()
    in_progress = models.PositiveIntegerField()
    not_started = models.PositiveIntegerField()
    at_risk = models.PositiveIntegerField()
    due_soon = models.PositiveIntegerField()
    percent_sum = models.PositiveIntegerField()

    class Meta:
        abstract = True


class PlanTally(StateCounts):
    """A plan's tasks counted by state as of the kept day (`TallyDay`): the one row the
    list of plans and a plan's header read. Kept with the branch rows
    (`chiso.plans.branch_tallies`), from the plan's lead `TaskTally` rows."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.total}"


class TaskRevision(models.Model):
    """A token that changes whenever anything a task's row shows changes: its fields, its
    coordinators and their names, its copies in the units' plans, its progress, its targets
    and their actuals (`chiso.plans.revisions`). Rendered rows are kept under it."""

    # No constraint in the database: a task's deletion sends the signals of its progress,
    # which renew its token before the task row goes (`revisions.touch` then drops it).
    task = models.OneToOneField(
        Task,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="revision",
        db_constraint=False,
    )
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.task_id}: {self.token}"


class BranchTally(StateCounts):
    """The tasks of a year that a unit and every unit below it (its branch) lead, or
    coordinate, with the same index and field, counted by state as of the kept day
    (`TallyDay`): the one row home, the unit page and the heatmap read for a unit. The row
    with no unit counts every unit's tasks, and those led by none.

    A sum of the counted `TaskTally` rows, kept by `chiso.plans.branch_tallies` in the
    transaction of every write to them, and rolled forward when the day changes.
    """

    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=12, choices=TaskRole.choices)
    index = models.CharField(max_length=20, blank=True)  # framework code; "": no component
    field = models.CharField(max_length=40, blank=True)  # field code (PAR.3); "": none

    class Meta:
        indexes = [models.Index(fields=["unit", "year", "role"])]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.role}/{self.field}: {self.total}"


class TallyDay(models.Model):
    """The day the `BranchTally` rows count the states as of; none while they must be
    written again from scratch (after the org tree or a framework's tree changed). One row."""

    day = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.day)
