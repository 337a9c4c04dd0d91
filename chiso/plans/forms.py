"""Forms for editing a plan's header and a task; deadlines are typed as people write them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.lib.forms import StyledModelForm

from .deadlines import parse_deadline
from .models import Plan, Task


class PlanForm(StyledModelForm):
    class Meta:
        model = Plan
        fields = ["number", "issue_date", "title", "year", "status", "purposes", "requirements"]
        widgets = {
            "issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Năm phải trong khoảng 2000–2100."))
        return year


class TaskForm(StyledModelForm):
    """The deadline is entered as written ("Quý II/2025", "Thường xuyên") and parsed here.
    The status is not here: it follows the approved progress (or a correction, below)."""

    class Meta:
        model = Task
        fields = [
            "ordinal",
            "text",
            "lead",
            "coordinators",
            "deadline_text",
            "expected_output",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "expected_output": forms.Textarea(attrs={"rows": 2}),
            "coordinators": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "deadline_text": _("Ví dụ: Quý II/2025; Trước ngày 15/6/2025; Thường xuyên."),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["lead"].queryset = units
            self.fields["coordinators"].queryset = units

    def save(self, commit: bool = True) -> Task:
        task = super().save(commit=False)
        task.deadline = parse_deadline(self.cleaned_data["deadline_text"], year=task.plan.year)
        if commit:
            task.save()
            self.save_m2m()
        return task


class StatusCorrectionForm(StyledModelForm):
    """The plan owner's correction of a task's status, with the reason (audited)."""

    class Meta:
        model = Task
        fields = ["status", "manual_percent", "status_note"]
        labels = {"manual_percent": _("Tỷ lệ hoàn thành (%)"), "status_note": _("Lý do đính chính")}
        help_texts = {
            "status_note": _("Ghi vào lịch sử thay đổi; hiển thị cùng tình trạng nhiệm vụ."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_note"].required = True

    def clean_manual_percent(self):
        percent = self.cleaned_data.get("manual_percent")
        if percent is not None and not 0 <= percent <= 100:
            raise forms.ValidationError(_("Tỷ lệ phải từ 0 đến 100."))
        return percent
