"""Surveys: questionnaires by year, rounds, responses and the indices computed from them.

`sipas` (Chỉ số hài lòng về sự phục vụ hành chính) is the citizens' satisfaction survey; the
survey of officials (khảo sát lãnh đạo, quản lý) is built the same way. A questionnaire is
exchanged as an XLSForm workbook (`xlsform.py`). Responses typed or answered one by one live
in the database; responses imported from files are stored as Parquet (`store.py`). The indices
(`indices.py`) are kept in `SurveyIndex`, rebuilt for a round whenever its data change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chiso.org.models import OrgUnit, PeerGroup


class SurveyKind(models.TextChoices):
    SIPAS = "sipas", _("Khảo sát sự hài lòng của người dân, tổ chức (SIPAS)")
    OFFICIALS = "officials", _("Khảo sát lãnh đạo, quản lý")


class QuestionType(models.TextChoices):
    RATING = "rating", _("Mức độ hài lòng (1–5)")
    SELECT_ONE = "select_one", _("Chọn một")
    SELECT_MULTIPLE = "select_multiple", _("Chọn nhiều")
    NUMBER = "number", pgettext_lazy("question type", "Số")
    TEXT = "text", pgettext_lazy("question type", "Văn bản")
    NOTE = "note", _("Ghi chú (không trả lời)")


class Questionnaire(models.Model):
    """One version of a survey's questions for a year. Frozen once it has responses: a change
    is made on a copy (`copying.copy_questionnaire`)."""

    kind = models.CharField(_("loại khảo sát"), max_length=10, choices=SurveyKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.CharField(_("phiên bản"), max_length=40)  # XLSForm settings.version
    title = models.CharField(_("tên"), max_length=255)
    form_id = models.SlugField(_("mã biểu mẫu"), max_length=80)  # XLSForm settings.form_id
    index_code = models.CharField(_("mã chỉ số"), max_length=20)  # e.g. SIPAS
    index_name = models.CharField(_("tên chỉ số"), max_length=255, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("sao từ"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "bộ câu hỏi")
        ordering = ["-year", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "version"], name="one_questionnaire_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year}, {self.version})"

    @property
    def has_responses(self) -> bool:
        """True once any round of it holds a response: it can then only be copied."""
        return (
            Response.objects.filter(round__questionnaire=self).exists()
            or SurveyImport.objects.filter(round__questionnaire=self, rows__gt=0).exists()
        )


class Section(models.Model):
    """A group of questions (an XLSForm group); one that holds rating questions is a component
    of the index, weighted by `weight` in the index's mean."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField(_("mã"), max_length=40)
    label = models.CharField(_("tên"), max_length=500)
    relevant = models.CharField(_("hiện khi"), max_length=500, blank=True)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=3, default=1)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "nhóm câu hỏi")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="one_section_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Question(models.Model):
    """One question with its stable code; a rating question is a criterion of the index."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    code = models.CharField(_("mã"), max_length=40)
    type = models.CharField(_("kiểu"), max_length=20, choices=QuestionType.choices)
    list_name = models.CharField(_("danh sách lựa chọn"), max_length=60, blank=True)
    label = models.CharField(_("câu hỏi"), max_length=1000)
    hint = models.CharField(pgettext_lazy("question", "gợi ý"), max_length=500, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=False)
    relevant = models.CharField(_("hiện khi"), max_length=500, blank=True)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=3, default=1)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "câu hỏi")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="one_question_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Choice(models.Model):
    """One answer of a choice list (XLSForm `choices` sheet)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="choices"
    )
    list_name = models.CharField(_("danh sách"), max_length=60)
    name = models.CharField(_("giá trị"), max_length=60)
    label = models.CharField(_("nhãn"), max_length=500)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lựa chọn")
        verbose_name_plural = pgettext_lazy("plural", "lựa chọn")
        ordering = ["questionnaire", "list_name", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "list_name", "name"], name="one_choice_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.list_name}:{self.name} {self.label}"


class Channel(models.TextChoices):
    WEB = "web", _("Trực tuyến (mã QR)")
    PAPER = "paper", _("Phiếu giấy")
    POST = "post", _("Qua bưu điện")
    INTERVIEW = "interview", _("Phỏng vấn trực tiếp")


class SurveyRound(models.Model):
    """One survey run: a questionnaire over a period, the units surveyed and their targets."""

    code = models.SlugField(_("mã đợt"), max_length=60, unique=True)
    name = models.CharField(_("tên đợt"), max_length=255)
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("bộ câu hỏi"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    period = models.CharField(_("kỳ"), max_length=30)  # a period code: 2026, 2026-H2, …
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    channels = models.JSONField(_("hình thức khảo sát"), default=list)
    margin = models.DecimalField(
        _("sai số (e)"), max_digits=4, decimal_places=3, default=0.05
    )  # of n = N / (1 + N·e²)
    is_open = models.BooleanField(_("đang nhận phiếu trực tuyến"), default=True)
    min_seconds = models.PositiveIntegerField(
        _("thời gian trả lời tối thiểu (giây)"), default=45
    )  # a web response faster than this is flagged
    max_per_address = models.PositiveIntegerField(
        _("số phiếu tối đa mỗi địa chỉ trong ngày"), default=5
    )  # more than this from one address in a day are flagged
    # Responses changed at `changed_at`; the indices were last computed at `indices_at`.
    changed_at = models.DateTimeField(_("dữ liệu thay đổi lúc"), null=True, blank=True)
    indices_at = models.DateTimeField(_("chỉ số tính lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt khảo sát")
        verbose_name_plural = pgettext_lazy("plural", "đợt khảo sát")
        ordering = ["-start", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys:round", args=[self.code])


class RoundUnit(models.Model):
    """A unit surveyed in a round, with its target sample: entered, or n = N / (1 + N·e²)
    from N, its dossiers received in the period (`sampling.target_sample`)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="survey_rounds")
    population = models.PositiveIntegerField(_("số hồ sơ trong kỳ (N)"), null=True, blank=True)
    target = models.PositiveIntegerField(_("số phiếu cần thu"), null=True, blank=True)
    target_computed = models.BooleanField(_("tính theo công thức"), default=False)

    class Meta:
        verbose_name = _("đơn vị được khảo sát")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị được khảo sát")
        ordering = ["round", "unit__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="one_round_unit")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.unit_id}"


class ReviewState(models.TextChoices):
    ACCEPTED = "accepted", _("Được tính")
    FLAGGED = "flagged", _("Cần xem xét")
    EXCLUDED = "excluded", _("Bị loại")


class Flag(models.TextChoices):
    TOO_FAST = "too_fast", _("Trả lời quá nhanh")
    REPEATED_ADDRESS = "repeated_address", _("Nhiều phiếu từ một địa chỉ")
    DUPLICATE_CODE = "duplicate_code", _("Trùng mã hồ sơ")


class Response(models.Model):
    """One answered form, from the public page or typed in from paper. Only accepted
    responses count; a flagged one waits for an officer."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="survey_responses")
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices)
    surveyed_on = models.DateField(_("ngày khảo sát"))
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=60, blank=True)
    answers = models.JSONField(_("câu trả lời"), default=dict)  # question code → value
    comment = models.TextField(_("ý kiến khác"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ReviewState.choices, default=ReviewState.ACCEPTED
    )
    flags = models.JSONField(_("dấu hiệu bất thường"), default=list, blank=True)
    address_hash = models.CharField(_("địa chỉ (đã băm)"), max_length=64, blank=True)
    seconds = models.PositiveIntegerField(_("thời gian trả lời (giây)"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("lúc xem xét"), null=True, blank=True)
    created_at = models.DateTimeField(_("lúc nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu khảo sát")
        verbose_name_plural = pgettext_lazy("plural", "phiếu khảo sát")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["round", "unit", "state"], name="response_round_unit"),
            models.Index(fields=["round", "address_hash"], name="response_address"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dossier_code"],
                condition=models.Q(state="accepted") & ~models.Q(dossier_code=""),
                name="one_accepted_response_per_dossier",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.unit_id} {self.surveyed_on}"


class SurveyImport(models.Model):
    """A file of responses imported as a background job; its rows are stored as Parquet."""

    job = models.OneToOneField(
        "jobs.Job", verbose_name=_("tác vụ nền"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(
        SurveyRound,
        verbose_name=_("đợt khảo sát"),
        on_delete=models.PROTECT,
        related_name="imports",
    )
    channel = models.CharField(
        _("hình thức"), max_length=10, choices=Channel.choices, default=Channel.PAPER
    )
    file = models.FileField(_("tệp"), upload_to="survey-imports/%Y/%m/", max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    skip_invalid = models.BooleanField(_("bỏ qua dòng lỗi"), default=False)
    rows = models.PositiveIntegerField(_("số phiếu nhập"), default=0)
    rejected = models.PositiveIntegerField(_("số dòng bị loại"), default=0)
    errors = models.JSONField(_("lỗi (100 dòng đầu)"), default=list, blank=True)
    errors_file = models.CharField(_("tệp lỗi"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập phiếu khảo sát")
        verbose_name_plural = pgettext_lazy("plural", "các lần nhập phiếu khảo sát")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Scope(models.TextChoices):
    CRITERION = "criterion", _("Tiêu chí")
    COMPONENT = "component", _("Thành phần")
    INDEX = "unit", _("Chỉ số chung")


class Level(models.TextChoices):
    UNIT = "unit", _("Đơn vị")
    BLOCK = "block", _("Khối")
    PROVINCE = "province", _("Toàn tỉnh")


class SurveyIndex(models.Model):
    """One index value of a round: a criterion, component or the whole index, for a unit,
    a block or every unit surveyed; with n, the satisfied count and a 95 % Wilson interval."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="indices")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    block = models.ForeignKey(
        PeerGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    code = models.CharField(_("mã"), max_length=40)
    n = models.PositiveIntegerField(_("số phiếu (n)"))
    satisfied = models.DecimalField(_("số hài lòng"), max_digits=12, decimal_places=2)
    value = models.DecimalField(_("giá trị (%)"), max_digits=5, decimal_places=2)
    low = models.DecimalField(_("cận dưới 95 %"), max_digits=5, decimal_places=2)
    high = models.DecimalField(_("cận trên 95 %"), max_digits=5, decimal_places=2)
    below_target = models.BooleanField(_("chưa đủ mẫu"), default=False)

    class Meta:
        verbose_name = _("chỉ số khảo sát")
        verbose_name_plural = pgettext_lazy("plural", "chỉ số khảo sát")
        ordering = ["round", "level", "unit", "code"]
        indexes = [models.Index(fields=["round", "level", "unit"], name="survey_index_unit")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.unit_id or self.block_id or '*'} {self.code}: {self.value}"


class AddressHits(models.Model):
    """Requests from one hashed address in one window, counted in the database so that the
    limit holds across processes (`abuse.over_limit`)."""

    key = models.CharField(max_length=80)  # what is limited and the hashed address
    window = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="one_hits_window")]

    def __str__(self) -> str:
        return f"{self.key} {self.window}: {self.hits}"
