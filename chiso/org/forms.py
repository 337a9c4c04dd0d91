"""The admin's forms for reorganising units: one per action of `chiso.org.actions`, their
fields named as the actions name their arguments, so that an action's error lands on the
field at fault."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chiso.plans.models import Task

from .models import OrgUnit, UnitKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _units(**kwargs) -> forms.ModelChoiceField:
    """A choice of unit; the choices, today's units, are set when the form is made."""
    return forms.ModelChoiceField(OrgUnit.objects.none(), **kwargs)


class ChangeForm(forms.Form):
    """The date and basis every change has; `units` are the units the action applies to."""

    date = forms.DateField(label=_("Ngày hiệu lực"), input_formats=DATE_FORMATS)
    legal_basis = forms.CharField(label=_("Căn cứ"), max_length=255, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units: list[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = OrgUnit.objects.current().order_by("path")

    def basis(self) -> dict:
        data = self.cleaned_data
        return {"date": data["date"], "legal_basis": data["legal_basis"], "note": data["note"]}

    def add_action_error(self, error: ValidationError) -> None:
        """Put an action's error on the field it names, or above the form."""
        found = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for where, messages in found.items():
            for message in messages:
                self.add_error(where if where in self.fields else None, message)


class MoveForm(ChangeForm):
    new_parent = _units(label=_("Đơn vị cấp trên mới"))


class RenameForm(ChangeForm):
    new_name = forms.CharField(label=_("Tên mới"), max_length=255)


class MergeForm(ChangeForm):
    """Into an existing unit, or a new one given by its code and name."""

    into = _units(label=_("Hợp nhất, sáp nhập vào"), required=False)
    new_code = forms.SlugField(label=_("hoặc mã đơn vị mới"), max_length=60, required=False)
    new_name = forms.CharField(label=_("Tên đơn vị mới"), max_length=255, required=False)
    new_kind = forms.ChoiceField(
        label=_("Loại đơn vị mới"), choices=[("", "—"), *UnitKind.choices], required=False
    )
    new_parent = _units(label=_("Cấp trên của đơn vị mới"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("into")) == bool(data.get("new_code")):
            raise ValidationError(_("Chọn một đơn vị có sẵn, hoặc ghi mã và tên đơn vị mới."))
        if data.get("new_code") and not data.get("new_name"):
            self.add_error("new_name", _("Cần tên đơn vị mới."))
        return data


class SplitForm(ChangeForm):
    """Successors first; then, for each open task of the unit, the successor taking it."""

    into = forms.ModelMultipleChoiceField(OrgUnit.objects.none(), label=_("Các đơn vị kế thừa"))

    def __init__(self, *args, units: list[OrgUnit], **kwargs):
        super().__init__(*args, units=units, **kwargs)
        tasks = Task.objects.filter(lead=units[0]).select_related("plan").order_by("plan", "order")
        self.open_tasks = [task for task in tasks if not task.is_done()]
        chosen = self._chosen()
        if len(chosen) < 2:
            return
        for task in self.open_tasks:
            self.fields[f"task_{task.pk}"] = forms.ModelChoiceField(
                OrgUnit.objects.filter(pk__in=[unit.pk for unit in chosen]),
                label=f"{task.plan} — {task}",
            )

    def with_default_shares(self) -> "SplitForm":
        """The same answers, each open task given to the first successor: the second step."""
        data = self.data.copy()
        first = self._chosen()[0]
        for task in self.open_tasks:
            data.setdefault(f"task_{task.pk}", str(first.pk))
        return SplitForm(data, units=self.units)

    def _chosen(self) -> list[OrgUnit]:
        """The successors chosen in the data, if they are valid."""
        if not self.is_bound:
            return []
        try:
            return list(self.fields["into"].clean(self.data.getlist("into")))
        except ValidationError:
            return []

    @property
    def shows_shares(self) -> bool:
        return any(name.startswith("task_") for name in self.fields)

    @property
    def asks_shares(self) -> bool:
        """Successors are chosen but not yet who takes each open task."""
        asked = [name for name in self.fields if name.startswith("task_")]
        return bool(asked) and not any(name in self.data for name in asked)

    def shares(self) -> dict:
        return {task: self.cleaned_data[f"task_{task.pk}"] for task in self.open_tasks}


class EndForm(ChangeForm):
    into = _units(
        label=_("Đơn vị kế thừa"),
        required=False,
        help_text=_("Bắt buộc khi đơn vị còn nhiệm vụ chưa hoàn thành hoặc đơn vị trực thuộc."),
    )
