"""The forms of the survey pages: a round, its targets, an upload of responses."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chiso.lib.forms import StyledModelForm
from chiso.lib.periods import PeriodError, parse_period
from chiso.org.models import OrgUnit, UnitKind
from chiso.org.pickers import UnitsPicker

from .models import Channel, Questionnaire, SurveyRound

RESPONSE_SUFFIXES = (".csv", ".xlsx", ".xls", ".ods")
WHOLE_BLOCKS = [
    (UnitKind.DEPARTMENT, _("Tất cả sở, ban, ngành")),
    (UnitKind.COMMUNE, _("Tất cả UBND xã, phường")),
]


class RoundForm(StyledModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Hình thức khảo sát"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Channel.WEB, Channel.PAPER],
    )
    whole_blocks = forms.MultipleChoiceField(
        label=_("Khảo sát cả khối"),
        choices=WHOLE_BLOCKS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Thêm mọi đơn vị đang hoạt động của khối vào đợt."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được khảo sát"),
        queryset=OrgUnit.objects.current().exclude(kind=UnitKind.DIVISION),
        required=False,
        widget=UnitsPicker(browse=0),
    )

    class Meta:
        model = SurveyRound
        fields = [
            "code",
            "name",
            "questionnaire",
            "period",
            "channels",
            "margin",
            "min_seconds",
            "max_per_address",
            "is_open",
        ]
        help_texts = {
            "code": _(
                "Chữ không dấu, số và gạch ngang; dùng trong đường dẫn phiếu, vd. sipas-2026."
            ),
            "period": _("Mã kỳ: 2026, 2026-H2, 2026-Q3 hoặc 2026-07-01..2026-10-31."),
            "margin": _("e trong n = N / (1 + N·e²); 0,05 là 5 %."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.order_by("-year", "kind")
        if self.instance.pk:
            self.fields["units"].initial = list(
                self.instance.units.values_list("unit_id", flat=True)
            )
            if self.instance.questionnaire.has_responses:
                self.fields["questionnaire"].disabled = True

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).code
        except PeriodError as error:
            raise ValidationError(str(error)) from None

    def clean_margin(self):
        margin = self.cleaned_data["margin"]
        if not 0 < margin < 1:
            raise ValidationError(_("Sai số phải lớn hơn 0 và nhỏ hơn 1 (vd. 0,05)."))
        return margin

    def clean(self):
        data = super().clean()
        if (
            not data.get("units")
            and not data.get("whole_blocks")
            and not (self.instance.pk and self.instance.units.exists())
        ):
            self.add_error("units", _("Chọn ít nhất một đơn vị hoặc một khối."))
        return data

    def chosen_units(self) -> list[OrgUnit]:
        units = list(self.cleaned_data.get("units") or [])
        kinds = self.cleaned_data.get("whole_blocks") or []
        if kinds:
            units += list(OrgUnit.objects.current().filter(kind__in=kinds))
        return list({u.pk: u for u in units}.values())


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp phiếu khảo sát"),
        allow_empty_file=True,
        help_text=_(
            "Tệp .xlsx hoặc .csv: cột “Đơn vị”, “Ngày khảo sát”, “Mã hồ sơ” (không bắt buộc) "
            "và một cột cho mỗi mã tiêu chí (SIPAS.1.1 … SIPAS.5.4)."
        ),
    )
    channel = forms.ChoiceField(
        label=_("Hình thức thu phiếu"), choices=Channel.choices, initial=Channel.PAPER
    )
    skip_invalid = forms.BooleanField(
        label=_("Bỏ qua dòng lỗi"),
        required=False,
        help_text=_(
            "Nhập các dòng hợp lệ và liệt kê các dòng lỗi. Không chọn: tệp có dòng lỗi hoặc "
            "trùng mã hồ sơ sẽ không được nhập dòng nào."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs["class"] = "form-control"
        self.fields["skip_invalid"].widget.attrs["class"] = "form-check-input"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(RESPONSE_SUFFIXES):
            raise ValidationError(
                _("Tệp %(name)s không phải .xlsx hay .csv.") % {"name": upload.name}
            )
        if upload.size == 0:
            raise ValidationError(_("Tệp %(name)s trống.") % {"name": upload.name})
        return upload


class QuestionnaireUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp XLSForm (.xlsx)"),
        help_text=_("Trang “survey”, “choices”, “settings” (có “version”), như KoboToolbox, ODK."),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Tệp %(name)s không phải .xlsx.") % {"name": upload.name})
        return upload


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Sang năm"), min_value=2000, max_value=2100)
