"""The upload of a dossier or feedback export, with its optional column mapping."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chiso.indicators.catalog import Source

from .columns import HeaderError, parse_mapping

SUFFIXES = (".csv", ".xlsx", ".xls", ".ods")
MAPPING_SUFFIXES = (".json", ".csv")
MAPPING_MAX_BYTES = 64 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp dữ liệu"),
        allow_empty_file=True,  # refused in clean_file, with the file named
        help_text=_("Tệp CSV (UTF-8) hoặc Excel (.xlsx) xuất từ hệ thống giải quyết TTHC."),
    )
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"),
        choices=Source.choices,
        initial=Source.DOSSIERS,
        widget=forms.RadioSelect,
    )
    skip_invalid = forms.BooleanField(
        label=_("Bỏ qua dòng lỗi"),
        required=False,
        help_text=_(
            "Nhập các dòng hợp lệ và liệt kê các dòng lỗi. Không chọn: tệp có dòng lỗi sẽ "
            "không được nhập dòng nào."
        ),
    )
    mapping = forms.FileField(
        label=_("Tệp ánh xạ cột (không bắt buộc)"),
        required=False,
        help_text=_(
            'Khi tiêu đề cột khác mẫu: JSON {"received": "Ngày nộp"} hoặc CSV hai cột '
            "“trường,tiêu đề trong tệp”."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ",".join(SUFFIXES)}
        )
        self.fields["mapping"].widget.attrs.update(
            {"class": "form-control", "accept": ",".join(MAPPING_SUFFIXES)}
        )
        self.fields["kind"].widget.attrs["class"] = "form-check-input"
        self.fields["skip_invalid"].widget.attrs["class"] = "form-check-input"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(
                _("Tệp “%(name)s” không được hỗ trợ; cần một trong: %(suffixes)s.")
                % {"name": upload.name, "suffixes": ", ".join(SUFFIXES)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp “%s” trống.") % upload.name)
        limit = settings.CHISO_EXPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp “%(name)s” lớn hơn %(limit)d MB.")
                % {"name": upload.name, "limit": limit // 2**20}
            )
        return upload

    def clean_mapping(self) -> dict[str, str] | None:
        """The mapping file read into field → header, or None when none was given."""
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        suffix = Path(upload.name).suffix.lower()
        if suffix not in MAPPING_SUFFIXES or upload.size > MAPPING_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp ánh xạ “%(name)s” phải là tệp .json hoặc .csv nhỏ hơn 64 KB.")
                % {"name": upload.name}
            )
        try:
            return parse_mapping(upload.read(), upload.name)
        except HeaderError as error:
            raise forms.ValidationError(str(error)) from None
