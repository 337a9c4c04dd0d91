"""The progress form: status, percent or milestone, narrative, target values, evidence."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chiso.lib.forms import StyledModelForm
from chiso.plans.models import TaskStatus
from chiso.plans.targets import reported_value

from .actions import check_evidence, reason_missing
from .models import ProgressUpdate


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list (empty when none was sent)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ProgressForm(StyledModelForm):
    evidence = MultipleFileField(
        label=_("Tài liệu kiểm chứng"),
        required=False,
        allow_empty_file=True,  # refused in clean_evidence, with the file named
        help_text=_("Word, PDF, Excel, ảnh; tối đa 20 MB mỗi tệp."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["status", "percent", "status_note", "milestone", "narrative", "delay_cause"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "delay_cause": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = TaskStatus.choices
        self.fields["evidence"].widget.attrs["class"] = "form-control"
        self.targets = list(targets)
        for target in self.targets:
            name = f"target_{target.pk}"
            self.fields[name] = forms.CharField(
                label=target.text or str(target),
                required=False,
                initial=(self.instance.target_values or {}).get(str(target.pk), ""),
                help_text=_("Ngưỡng: %s") % target.threshold,
            )
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_percent(self):
        percent = self.cleaned_data.get("percent")
        if percent is not None and not 0 <= percent <= 100:
            raise ValidationError(_("Tỷ lệ phải từ 0 đến 100."))
        return percent

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        for upload in files:
            check_evidence(upload)
        return files

    def target_values(self) -> dict:
        values = {}
        for target in self.targets:
            raw = (self.cleaned_data.get(f"target_{target.pk}") or "").strip()
            if raw:
                values[str(target.pk)] = raw
        return values

    def clean(self):
        data = super().clean()
        for target in self.targets:
            raw = (data.get(f"target_{target.pk}") or "").strip()
            if raw and reported_value(raw) is None:
                self.add_error(f"target_{target.pk}", _("Cần một con số, ví dụ 98,5."))
        status, narrative = data.get("status"), data.get("narrative")
        note = data.get("status_note")
        if message := reason_missing(status, data.get("percent"), narrative, note):
            self.add_error("narrative" if status == TaskStatus.BLOCKED else "status_note", message)
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "percent": data.get("percent"),
            "milestone": data.get("milestone") or "",
            "narrative": data.get("narrative") or "",
            "status_note": data.get("status_note") or "",
            "delay_cause": data.get("delay_cause") or "",
            "target_values": self.target_values(),
        }
