"""Scores and rankings.

- A **scheme** says how a framework (a province's own index of a year) is scored: each
  sub-criterion's **rule** (manual, bands, proportional, on time / late / not), where an
  automatic value comes from, the units it does not apply to, and the bands of the totals.
- A **window** runs one year's scoring of a block: each unit's **assessment** holds its
  **scores** (self-assessed points with evidence or an explanation, the council's points and
  reason, the unit's answer), and every step is an **event**; the window is published by a
  decision.
- **Official results** of an index in a year, as published, for the provinces (national) or
  for the province's own units.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chiso.frameworks.models import Component, Framework
from chiso.indicators.catalog import INDICATORS
from chiso.org.models import OrgUnit, PeerGroup


class ResultScope(models.TextChoices):
    NATIONAL = "national", _("Các tỉnh, thành phố (toàn quốc)")
    UNITS = "units", _("Các đơn vị của tỉnh")


class ResultSet(models.Model):
    """The published results of one index in one year and scope, imported from a table (a new
    import of the same index, year and scope replaces it) or written by publishing a scoring
    window (`window`, the last one published when its blocks are published apart)."""

    index = models.CharField(_("chỉ số"), max_length=20)  # a framework code: PAR, PAPI…
    year = models.PositiveSmallIntegerField(_("năm"))
    scope = models.CharField(_("phạm vi"), max_length=10, choices=ResultScope.choices)
    framework = models.ForeignKey(
        Framework, verbose_name=_("bộ chỉ số"), on_delete=models.PROTECT, null=True, blank=True
    )
    components = models.JSONField(_("thành phần"), default=list)  # codes, in the table's order
    source_name = models.CharField(_("tệp"), max_length=255)
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    window = models.ForeignKey(
        "Window",
        verbose_name=_("đợt chấm điểm công bố"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kết quả công bố")
        verbose_name_plural = pgettext_lazy("plural", "kết quả công bố")
        ordering = ["-year", "index", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["index", "year", "scope"], name="result_set_index_year_scope_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.year} ({self.get_scope_display()})"

    @property
    def source_text(self) -> str:
        """Where the results come from, as the pages say it: the decision that published a
        window's results, or the imported file."""
        if self.window_id is None:
            return _("Nhập từ tệp “%(name)s”") % {"name": self.source_name}
        number, day = self.window.decision_number, self.window.decision_date
        if day is None:
            return _("Công bố theo Quyết định số %(number)s") % {"number": number}
        return _("Công bố theo Quyết định số %(number)s ngày %(day)s") % {
            "number": number,
            "day": date_format(day, "d/m/Y"),
        }


class ResultEntry(models.Model):
    """One province's or unit's line of a published table: its points per component, its
    total (None when a component is missing) and the rank the table printed, if any."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="entries")
    province = models.CharField(_("tỉnh, thành phố"), max_length=40, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, null=True, blank=True
    )
    written_name = models.CharField(_("tên trong tệp"), max_length=255)
    line = models.PositiveIntegerField(_("dòng"))
    components = models.JSONField(_("điểm thành phần"), default=dict)  # code → "7.25" or None
    total = models.DecimalField(_("tổng"), max_digits=10, decimal_places=4, null=True)
    published_rank = models.PositiveIntegerField(_("xếp hạng công bố"), null=True)

    class Meta:
        verbose_name = _("dòng kết quả")
        verbose_name_plural = pgettext_lazy("plural", "dòng kết quả")
        ordering = ["result_set", "line"]

    def __str__(self) -> str:
        return self.written_name

    @property
    def component_points(self) -> dict[str, Decimal | None]:
        """The points of each component, as stored ("7.25", or None for a blank cell) read
        as numbers: the one reading of them."""
        return {
            code: None if value is None else Decimal(value)
            for code, value in self.components.items()
        }


class Part(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    SURVEY = "survey", _("Điều tra xã hội học")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class RuleKind(models.TextChoices):
    MANUAL = "manual", _("Chấm theo tài liệu kiểm chứng")
    BANDS = "bands", _("Theo ngưỡng")
    PROPORTIONAL = "proportional", _("Tỷ lệ với giá trị")
    ON_TIME = "on_time", _("Đúng hạn / trễ hạn / không thực hiện")


class Source(models.TextChoices):
    """Where an automatic value comes from (the one rule for each lives in `auto_values`)."""

    NONE = "", _("Không (đơn vị tự chấm)")
    PLAN_ON_TIME = "plan_on_time", _("Kế hoạch CCHC năm ban hành đúng hạn")
    TASKS_DONE = "tasks_done", _("Tỷ lệ nhiệm vụ của kế hoạch năm đã hoàn thành")
    REPORTS_ON_TIME = "reports_on_time", _("Tỷ lệ báo cáo gửi đúng hạn")
    INDICATOR = "indicator", _("Chỉ tiêu dịch vụ")
    SURVEY = "survey", _("Kết quả khảo sát")


class Scheme(models.Model):
    """How a framework is scored: the units it scores, the bands of their totals."""

    framework = models.OneToOneField(
        Framework, verbose_name=_("bộ chỉ số"), on_delete=models.CASCADE, related_name="scheme"
    )
    unit_kinds = models.JSONField(_("loại đơn vị được chấm"), default=list)
    bands = models.JSONField(_("xếp loại"), default=list)  # [[name, lowest %], …] best first
    source_name = models.CharField(_("tệp"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cách chấm điểm")
        verbose_name_plural = pgettext_lazy("plural", "cách chấm điểm")

    def __str__(self) -> str:
        return str(self.framework)


class Rule(models.Model):
    """How one sub-criterion (a leaf of the framework, with its maximum points) is scored."""

    component = models.OneToOneField(
        Component, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="rule"
    )
    part = models.CharField(_("phần"), max_length=10, choices=Part.choices, default=Part.SELF)
    kind = models.CharField(
        _("cách tính"), max_length=15, choices=RuleKind.choices, default=RuleKind.MANUAL
    )
    source = models.CharField(_("nguồn số liệu"), max_length=20, choices=Source.choices, blank=True)
    source_code = models.CharField(_("mã chỉ tiêu, chỉ số"), max_length=40, blank=True)
    bands = models.TextField(_("ngưỡng"), blank=True)  # rules.parse_bands reads it
    late_points = models.DecimalField(
        _("điểm khi trễ hạn"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    not_for_kinds = models.JSONField(_("không áp dụng cho loại đơn vị"), default=list)
    not_for_units = models.JSONField(_("không áp dụng cho đơn vị (mã)"), default=list)

    class Meta:
        verbose_name = _("quy tắc chấm")
        verbose_name_plural = pgettext_lazy("plural", "quy tắc chấm")

    def __str__(self) -> str:
        return self.component.code

    def applies_to(self, unit: OrgUnit) -> bool:
        return unit.kind not in self.not_for_kinds and unit.code not in self.not_for_units

    @property
    def source_label(self) -> str:
        """What the source code names: a service indicator's name, else the code (SIPAS.1)."""
        indicator = INDICATORS.get(self.source_code) if self.source == Source.INDICATOR else None
        return str(indicator.name) if indicator else self.source_code


class WindowQuerySet(models.QuerySet):
    def published(self) -> "WindowQuerySet":
        """The windows whose results a decision published."""
        return self.filter(published_at__isnull=False)


class Window(models.Model):
    """One year's scoring of a block: units self-assess until `closes_at`; the council (its
    members, or the province's secretariat when none are named) reviews; units answer until
    `answers_until`; the council finalises; a decision publishes the results."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("cách chấm điểm"), on_delete=models.PROTECT, related_name="windows"
    )
    block = models.ForeignKey(
        PeerGroup, verbose_name=_("khối"), on_delete=models.PROTECT, null=True, blank=True
    )
    opens_on = models.DateField(_("mở từ ngày"))
    closes_at = models.DateTimeField(_("hạn tự đánh giá"))
    answers_until = models.DateTimeField(_("hạn giải trình"), null=True, blank=True)
    council = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hội đồng thẩm định"),
        blank=True,
        related_name="scoring_councils",
        help_text=_("Để trống: văn phòng thường trực CCHC của tỉnh thẩm định."),
    )
    decision_number = models.CharField(_("số quyết định công bố"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    objects = WindowQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt chấm điểm")
        verbose_name_plural = pgettext_lazy("plural", "đợt chấm điểm")
        ordering = ["-scheme__framework__year", "block__name"]

    def __str__(self) -> str:
        block = self.block.name if self.block_id else _("mọi đơn vị")
        return f"{self.scheme.framework} · {block}"


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định, chờ giải trình")
    FINAL = "final", _("Đã chốt điểm")


class Assessment(models.Model):
    """A unit's scoring in a window."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT)
    state = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=AssessmentState.choices,
        default=AssessmentState.DRAFT,
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("chốt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản tự đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "bản tự đánh giá")
        constraints = [
            models.UniqueConstraint(fields=["window", "unit"], name="assessment_window_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.window}"


class Score(models.Model):
    """One sub-criterion of an assessment: the unit's points and evidence, the automatic value
    and how it gave points, the council's points and reason, the unit's answer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    component = models.ForeignKey(Component, verbose_name=_("tiêu chí"), on_delete=models.PROTECT)
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    explanation = models.TextField(_("giải thích khi thiếu tài liệu"), blank=True)
    auto_value = models.DecimalField(
        _("giá trị tự động"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    auto_text = models.TextField(_("cách tính tự động"), blank=True)
    auto_points = models.DecimalField(
        _("điểm tự động"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    council_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    council_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    answer = models.TextField(_("giải trình của đơn vị"), blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = pgettext_lazy("plural", "điểm tiêu chí")
        ordering = ["assessment", "component__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "component"], name="score_assessment_component"
            )
        ]

    def __str__(self) -> str:
        return f"{self.component.code}: {self.points}"

    @property
    def points(self):
        """The points that count: the council's once it reviewed, else the unit's."""
        return self.council_points if self.council_points is not None else self.self_points


class LinkKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch")
    REPORT = "report", _("Báo cáo")
    INDICATOR = "indicator", _("Giá trị chỉ tiêu")
    SURVEY = "survey", _("Kết quả khảo sát")
    PROGRESS = "progress", _("Cập nhật tiến độ")


class Evidence(models.Model):
    """A document proving a score (tài liệu kiểm chứng): an uploaded file or a chiso object."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to="score-evidence/%Y/%m/", blank=True)
    link_kind = models.CharField(
        _("liên kết tới"), max_length=12, choices=LinkKind.choices, blank=True
    )
    link_id = models.PositiveBigIntegerField(_("mã đối tượng"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = pgettext_lazy("plural", "tài liệu kiểm chứng")
        ordering = ["added_at"]

    def __str__(self) -> str:
        return self.label


class EventKind(models.TextChoices):
    SCORED = "scored", _("Tự chấm")
    SUBMITTED = "submitted", _("Gửi thẩm định")
    ACCEPTED = "accepted", _("Hội đồng chấp nhận")
    ENTERED = "entered", _("Hội đồng chấm")
    CHANGED = "changed", _("Hội đồng điều chỉnh")
    ANSWERED = "answered", _("Đơn vị giải trình")
    FINALISED = "finalised", _("Chốt điểm")
    PUBLISHED = "published", _("Công bố")


class Event(models.Model):
    """A step of an assessment's history."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    score = models.ForeignKey(Score, on_delete=models.CASCADE, null=True, related_name="events")
    kind = models.CharField(_("bước"), max_length=10, choices=EventKind.choices)
    before = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    after = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    text = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bước chấm điểm")
        verbose_name_plural = pgettext_lazy("plural", "bước chấm điểm")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"
