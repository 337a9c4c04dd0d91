"""The forms of the scoring pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.lib.forms import StyledForm

from .models import ResultScope

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
