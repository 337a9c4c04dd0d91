"""Forms of the import flow: the upload, and the review of the draft before it is saved."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.frameworks.models import INDEX_ORDER
from chiso.org.models import OrgUnit
from chiso.plans.deadlines import parse_deadline

MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Văn bản kế hoạch"),
        allow_empty_file=True,  # refused in clean_file, with the file named
        help_text=_("Word (.docx), PDF (có lớp chữ hoặc bản quét), .txt, .md, ảnh chụp."),
    )
    issuer = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Tự nhận từ văn bản"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["file"].widget.attrs.update(
            {"class": "form-control", "accept": ",".join(SUFFIXES)}
        )
        self.fields["issuer"].widget.attrs["class"] = "form-select"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(SUFFIXES):
            raise forms.ValidationError(
                _("Tệp “%(name)s” không được hỗ trợ; cần một trong: %(suffixes)s.")
                % {"name": upload.name, "suffixes": ", ".join(SUFFIXES)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp “%s” trống.") % upload.name)
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp “%(name)s” lớn hơn %(limit)d MB.")
                % {"name": upload.name, "limit": MAX_BYTES // 1024 // 1024}
            )
        return upload


class PlanReviewForm(forms.Form):
    """The plan's own fields on the review page; tasks come as indexed fields (task-N-…)."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    date = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=OrgUnit.objects.none())
    purposes = forms.CharField(
        label=_("Mục đích"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    requirements = forms.CharField(
        label=_("Yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indices = forms.MultipleChoiceField(
        label=_("Chỉ số"),
        choices=[(code, code) for code in INDEX_ORDER],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = units if units is not None else OrgUnit.objects.none()
        for name, field in self.fields.items():
            if name != "indices":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css


def review_tasks(post, draft_tasks: list[dict], unit_ids: set[int], year: int):
    """The tasks as edited on the review page, and the errors found, by task number.

    Each task's fields arrive as task-<n>-<field>; a ticked task-<n>-drop removes it.
    """
    tasks, errors = [], {}
    for n, original in enumerate(draft_tasks):
        prefix = f"task-{n}-"
        if post.get(prefix + "drop"):
            continue
        task = dict(original)
        text = (post.get(prefix + "text") or "").strip()
        if not text:
            errors[n] = _("Nhiệm vụ %s: thiếu nội dung.") % (original.get("ordinal") or n + 1)
        task["text"] = text
        task["ordinal"] = (post.get(prefix + "ordinal") or "").strip()[:20]
        task["component"] = post.get(prefix + "component") or None
        task["output"] = (post.get(prefix + "output") or "").strip()
        lead = post.get(prefix + "lead") or ""
        task["lead_id"] = int(lead) if lead.isdigit() and int(lead) in unit_ids else None
        coordinators = [int(v) for v in post.getlist(prefix + "coordinators") if v.isdigit()]
        task["coordinator_ids"] = [i for i in coordinators if i in unit_ids]
        written = (post.get(prefix + "deadline") or "").strip()
        if written != (original.get("deadline") or {}).get("text", ""):
            deadline = parse_deadline(written, year=year)
            task["deadline"] = {
                "kind": str(deadline.kind),
                "date": deadline.date.isoformat() if deadline.date else None,
                "text": deadline.text,
            }
        tasks.append(task)
    return tasks, errors
