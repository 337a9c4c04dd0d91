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
    """The deadline is entered as written ("Quý II/2025", "Thường xuyên") and parsed here."""

    class Meta:
        model = Task
        fields = [
            "ordinal",
            "text",
            "lead",
            "coordinators",
            "deadline_text",
            "expected_output",
            "status",
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
