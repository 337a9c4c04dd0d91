"""Forms of the import flow: the upload, and the review of the draft before it is saved
(the plan's fields as a form, each task as indexed fields task-<n>-<field>)."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from chiso.frameworks.models import INDEX_ORDER
from chiso.org.models import OrgUnit
from chiso.org.pickers import UnitPicker
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
        widget=UnitPicker(empty_label=_("Tự nhận từ văn bản"), ended=True),
        help_text=_("Tìm theo tên, gõ có dấu hay không dấu; để trống thì lấy theo văn bản."),
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


class IssuerForm(forms.Form):
    """The issuer alone: what the review page asks for first when the document's issuer
    was not found, any unit of the user's scope, searchable."""

    issuer = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=OrgUnit.objects.none(),
        widget=UnitPicker(ended=True),  # a plan of a past year has an issuer that has ended
        error_messages={
            "required": _("Chưa chọn cơ quan ban hành: tìm và chọn cơ quan ở đầu trang.")
        },
    )

    def __init__(self, *args, units=None, suggested=(), **kwargs):
        super().__init__(*args, **kwargs)
        issuer = self.fields["issuer"]
        issuer.queryset = units if units is not None else OrgUnit.objects.none()
        issuer.widget.suggested = list(suggested)


class PlanReviewForm(IssuerForm):
    """The plan's own fields on the review page; tasks come as indexed fields (task-N-…)."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    date = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, each in self.fields.items():
            if name != "indices":
                css = "form-select" if isinstance(each.widget, forms.Select) else "form-control"
                each.widget.attrs["class"] = css


def edited_tasks(post, draft_tasks: list[dict], year: int) -> list[dict]:
    """Every task of the draft as the review page posted it, those to leave out marked
    `drop`: what the page shows again when something must be fixed."""
    tasks = []
    for n, original in enumerate(draft_tasks):
        prefix = f"task-{n}-"
        task = dict(original)
        task["drop"] = bool(post.get(prefix + "drop"))
        task["text"] = (post.get(prefix + "text") or "").strip()
        task["ordinal"] = (post.get(prefix + "ordinal") or "").strip()[:20]
        task["component"] = post.get(prefix + "component") or None
        task["output"] = (post.get(prefix + "output") or "").strip()
        lead = post.get(prefix + "lead") or ""
        task["lead_id"] = int(lead) if lead.isdigit() else None
        # The chips and the list of the coordinators' picker post under the same name.
        chosen = [int(v) for v in post.getlist(prefix + "coordinators") if v.isdigit()]
        task["coordinator_ids"] = list(dict.fromkeys(chosen))
        written = (post.get(prefix + "deadline") or "").strip()
        if written != (original.get("deadline") or {}).get("text", ""):
            deadline = parse_deadline(written, year=year)
            task["deadline"] = {
                "kind": str(deadline.kind),
                "date": deadline.date.isoformat() if deadline.date else None,
                "text": deadline.text,
            }
        tasks.append(task)
    return tasks


def task_errors(tasks: list[dict], allowed: set[int]) -> dict[int, dict[str, str]]:
    """What must be fixed in the tasks kept, by task number and field; `allowed` are the
    units a task may name."""
    errors: dict[int, dict[str, str]] = {}
    for n, task in enumerate(tasks):
        if task["drop"]:
            continue
        name = task.get("ordinal") or n + 1
        found = {}
        if not task["text"]:
            found["text"] = _("Nhiệm vụ %s: thiếu nội dung.") % name
        if task["lead_id"] and task["lead_id"] not in allowed:
            found["lead"] = _("Nhiệm vụ %s: chọn đơn vị chủ trì trong danh sách.") % name
        if any(i not in allowed for i in task["coordinator_ids"]):
            found["coordinators"] = _("Nhiệm vụ %s: chọn đơn vị phối hợp trong danh sách.") % name
        if found:
            errors[n] = found
    return errors


def kept_tasks(tasks: list[dict]) -> list[dict]:
    """The tasks to save, as the draft's JSON has them."""
    return [{k: v for k, v in task.items() if k != "drop"} for task in tasks if not task["drop"]]


def suggestion_ids(ref) -> list[int]:
    """The ids of the units suggested for an unresolved unit phrase of the draft."""
    return list(ref.get("suggestion_ids") or []) if isinstance(ref, dict) else []


@dataclass
class TaskRow:
    """One task on the review page, with the units its pickers show."""

    n: int
    task: dict
    errors: dict[str, str] = field(default_factory=dict)
    lead: OrgUnit | None = None
    lead_options: list[OrgUnit] = field(default_factory=list)
    coordinators: list[OrgUnit] = field(default_factory=list)
    coordinator_options: list[OrgUnit] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"task-{self.n}-"


def task_rows(tasks: list[dict], errors: dict, units: dict[int, OrgUnit]) -> list[TaskRow]:
    """The review page's rows: each task with its chosen units and, first in its pickers,
    the units suggested for the phrases that were not found; `units` by id."""
    rows = []
    for n, task in enumerate(tasks):
        lead = units.get(task.get("lead_id"))
        coordinators = [units[i] for i in task.get("coordinator_ids", []) if i in units]
        suggested = [i for ref in task.get("coordinators") or [] for i in suggestion_ids(ref)]
        rows.append(
            TaskRow(
                n=n,
                task=task,
                errors=errors.get(n, {}),
                lead=lead,
                lead_options=_others(suggestion_ids(task.get("lead")), units, [lead]),
                coordinators=coordinators,
                coordinator_options=_others(suggested, units, coordinators),
            )
        )
    return rows


def _others(ids: list[int], units: dict[int, OrgUnit], chosen: list) -> list[OrgUnit]:
    taken = {unit.pk for unit in chosen if unit is not None}
    return [units[i] for i in dict.fromkeys(ids) if i in units and i not in taken]
