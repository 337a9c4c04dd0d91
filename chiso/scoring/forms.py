"""The forms of the scoring pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.accounts.models import Role, User
from chiso.lib.forms import StyledForm
from chiso.org.models import PeerGroup

from .models import ResultScope, Scheme

INDICES = [("PAR", "PAR INDEX"), ("SIPAS", "SIPAS"), ("PAPI", "PAPI"), ("PCI", "PCI")]


class ResultsImportForm(StyledForm):
    file = forms.FileField(
        label=_("Bảng kết quả (.xlsx hoặc .csv)"),
        help_text=_(
            "Cột “Tỉnh, thành phố” (hoặc “Đơn vị” cho các đơn vị của tỉnh), các cột thành phần "
            "theo mã (PAPI.1 …) hoặc tên, cột “Tổng” và “Xếp hạng” nếu có."
        ),
    )
    index = forms.ChoiceField(label=_("Chỉ số"), choices=INDICES)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    scope = forms.ChoiceField(
        label=_("Phạm vi"), choices=ResultScope.choices, initial=ResultScope.NATIONAL
    )


class WindowForm(StyledForm):
    scheme = forms.ModelChoiceField(label=_("Bộ chỉ số"), queryset=Scheme.objects.none())
    block = forms.ModelChoiceField(
        label=_("Khối"),
        queryset=PeerGroup.objects.all(),
        required=False,
        empty_label=_("Mọi đơn vị của bộ chỉ số"),
    )
    opens_on = forms.DateField(
        label=_("Mở từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_at = forms.DateTimeField(
        label=_("Hạn tự đánh giá"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    answers_until = forms.DateTimeField(
        label=_("Hạn giải trình"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.select_related("framework").order_by(
            "-framework__year", "framework__code"
        )

    def clean(self):
        data = super().clean()
        closes, answers = data.get("closes_at"), data.get("answers_until")
        if closes and answers and answers <= closes:
            self.add_error("answers_until", _("Hạn giải trình phải sau hạn tự đánh giá."))
        return data


class PointsForm(forms.Form):
    points = forms.DecimalField(
        label=_("Điểm"), required=False, localize=True, max_digits=7, decimal_places=2
    )
    text = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    """A file to upload, or a chiso object to cite ("plan:12"), with an optional name."""

    label = forms.CharField(label=_("Tên tài liệu"), max_length=300, required=False)
    file = forms.FileField(label=_("Tệp"), required=False)
    link = forms.RegexField(label=_("Đối tượng của chiso"), regex=r"^[a-z]+:\d+$", required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Cần tải lên tệp hoặc chọn một đối tượng của chiso."))
        if data.get("file") and data.get("link"):
            raise forms.ValidationError(_("Chọn tệp hoặc đối tượng của chiso, không chọn cả hai."))
        if data.get("file") and not data.get("label", "").strip():
            raise forms.ValidationError(_("Cần tên tài liệu cho tệp tải lên."))
        return data

    def link_parts(self) -> tuple[str, int | None]:
        kind, _sep, pk = self.cleaned_data.get("link", "").partition(":")
        return kind, int(pk) if pk else None


class SurveyPointsForm(StyledForm):
    file = forms.FileField(
        label=_("Bảng điểm điều tra (.xlsx hoặc .csv)"),
        help_text=_(
            "Cột “Đơn vị” (tên, tên ngắn hoặc mã) và một cột cho mỗi tiêu chí của phần điều tra "
            "xã hội học, theo mã hoặc tên. Ô trống giữ điểm đã có."
        ),
    )


class CouncilForm(StyledForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên hội đồng thẩm định"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Để trống: văn phòng thường trực CCHC của tỉnh thẩm định. Thành viên không thẩm "
            "định đơn vị mình công tác."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(role=Role.VIEWER)
            .select_related("unit")
            .order_by("unit__path", "last_name", "username")
        )
        self.fields["members"].label_from_instance = _member_label
        self.fields["members"].widget.attrs["size"] = 8


def _member_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} — {user.unit.display_name}" if user.unit_id else name


class PublishForm(StyledForm):
    number = forms.CharField(label=_("Số quyết định"), max_length=60)
    day = forms.DateField(
        label=_("Ngày quyết định"), widget=forms.DateInput(attrs={"type": "date"})
    )
