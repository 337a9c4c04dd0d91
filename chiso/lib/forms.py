"""The base form of the site: Bootstrap classes on every widget, invalid fields flagged."""

from django import forms


class Styled:
    """Bootstrap classes on every widget; the invalid ones flagged after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        # Flag after validation: reading self.errors earlier would validate too soon.
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class StyledModelForm(Styled, forms.ModelForm):
    pass


class StyledForm(Styled, forms.Form):
    pass
