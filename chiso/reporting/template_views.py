"""The Word templates of reports: which is in force for a unit and each kind of report,
downloading one, and uploading an edited one, checked before it is put in force (a refused
upload leaves the previous template in force).

Anyone signed in may read and download templates (they hold placeholders, no data). Admins
upload for any unit they see, or for every unit; a unit's leader for that unit only.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.accounts.models import Role
from chiso.lib.forms import StyledForm
from chiso.org.access import (
    can_view_unit,
    get_unit_for_user,
    scope_is_whole_tree,
    sees_everything,
    visible_units,
    work_unit,
)
from chiso.org.models import OrgUnit

from .doc_templates import default_template, templates_in_force
from .models import ReportKind, ReportTemplate
from .report_context import CONTEXT_SCHEMA
from .template_check import TemplateRefused, check_template

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
RECENT_UPLOADS = 30
PLACEHOLDER_HELP = gettext_lazy(
    "Viết {{ tên }} để điền một giá trị; {%p for … %} … {%p endfor %}, mỗi thẻ một đoạn "
    "riêng, để lặp lại các đoạn; {%tr for … %} … {%tr endfor %} trong các hàng của bảng để "
    "lặp lại hàng. Phần viết của đơn vị (đoạn văn, danh sách, chữ đậm) đặt riêng một đoạn: "
    "{{p narratives.results }}, {{p narratives.proposals }}."
)


def may_upload_anywhere(user) -> bool:
    """Admins (and superusers): templates for any unit they see."""
    return user.is_authenticated and (sees_everything(user) or user.role == Role.ADMIN)


def may_upload_for_everyone(user) -> bool:
    """A template for every unit: an admin whose scope is the whole tree."""
    return may_upload_anywhere(user) and scope_is_whole_tree(user)


def upload_units(user):
    """The units `user` may upload templates for: an admin's whole scope, a leader's unit."""
    if may_upload_anywhere(user):
        return visible_units(user).order_by("path")
    if user.is_authenticated and user.role == Role.LEADER and user.unit_id:
        return OrgUnit.objects.filter(pk=user.unit_id)
    return OrgUnit.objects.none()


class TemplateUploadForm(StyledForm):
    kind = forms.ChoiceField(label=gettext_lazy("Loại báo cáo"), choices=ReportKind.choices)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Dùng cho đơn vị"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=gettext_lazy("Mẫu dùng cho đơn vị này và các đơn vị trực thuộc."),
    )
    file = forms.FileField(
        label=gettext_lazy("Tệp mẫu (.docx)"),
        help_text=gettext_lazy(
            "Tệp Word đã sửa từ mẫu tải về; các chỗ điền giữ nguyên dạng {{ … }}."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        units.queryset = upload_units(user)
        if may_upload_for_everyone(user):
            units.empty_label = _("Mọi đơn vị (mẫu chung)")
        else:
            units.required, units.empty_label = True, None

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise ValidationError(_("Mẫu phải là tệp Word .docx."))
        if upload.size > MAX_TEMPLATE_BYTES:
            raise ValidationError(_("Tệp mẫu lớn quá 10 MB."))
        content = upload.read()
        try:
            check_template(content, upload.name)
        except TemplateRefused as refused:
            raise ValidationError(
                [_("Không nhận mẫu “%s”:") % upload.name, *refused.problems]
            ) from None
        self.file_name = upload.name
        return content


@login_required
def templates(request):
    """The kinds of report with the template in force for a unit, the recent uploads, and
    the upload form for those who may upload."""
    user = request.user
    wanted = request.GET.get("unit", "")
    unit = get_unit_for_user(user, int(wanted)) if wanted.isdigit() else work_unit(user)
    may_upload = upload_units(user).exists()
    form = None
    if may_upload:
        form = TemplateUploadForm(
            request.POST or None,
            request.FILES or None,
            user=user,
            initial={"unit": unit.pk if unit else None},
        )
        if request.method == "POST" and form.is_valid():
            uploaded = _save(form, user)
            messages.success(
                request,
                _("Đã đưa mẫu “%(name)s” vào dùng cho %(kind)s của %(unit)s.")
                % {
                    "name": form.file_name,
                    "kind": uploaded.get_kind_display().lower(),
                    "unit": uploaded.unit or _("mọi đơn vị"),
                },
            )
            target = uploaded.unit or unit
            return redirect(
                reverse("reporting:templates") + (f"?unit={target.pk}" if target else "")
            )
    elif request.method == "POST":
        raise Http404
    in_force = templates_in_force(unit)
    context = {
        "unit": unit,
        "kinds": [(kind, label, in_force[kind]) for kind, label in ReportKind.choices],
        "uploads": _recent_uploads(user),
        "form": form,
        "placeholders": _placeholders(),
        "placeholder_help": PLACEHOLDER_HELP,
    }
    return render(request, "reporting/templates.html", context)


@login_required
def download_default(request, kind: str):
    """The built-in template of a kind of report."""
    if kind not in ReportKind.values:
        raise Http404
    response = HttpResponse(default_template(kind), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="mau-bao-cao-{kind}.docx"'
    return response


@login_required
def download_template(request, pk: int):
    """An uploaded template, for those who see its unit or work under it (a template for
    everyone: anyone)."""
    template = ReportTemplate.objects.select_related("unit").filter(pk=pk).first()
    if template is None or not _may_read(request.user, template.unit):
        raise Http404
    code = template.unit.code if template.unit else "chung"
    name = f"mau-bao-cao-{template.kind}-{code}-{template.pk}.docx"
    return FileResponse(template.file.open("rb"), as_attachment=True, filename=name)


def _may_read(user, unit: OrgUnit | None) -> bool:
    """A template of `unit` applies to what `user` sees: the unit is in their scope, or their
    own unit lies under it (its template is in force for them)."""
    if unit is None or can_view_unit(user, unit):
        return True
    own = getattr(user, "unit", None)
    return own is not None and own.is_within(unit)


def _save(form: TemplateUploadForm, user) -> ReportTemplate:
    kind, unit = form.cleaned_data["kind"], form.cleaned_data["unit"]
    name = f"{kind}-{unit.code if unit else 'chung'}.docx"
    return ReportTemplate.objects.create(
        kind=kind,
        unit=unit,
        file=ContentFile(form.cleaned_data["file"], name=name),
        uploaded_by=user,
    )


def _recent_uploads(user) -> list[ReportTemplate]:
    uploads = ReportTemplate.objects.select_related("unit", "uploaded_by").order_by(
        "-uploaded_at", "-pk"
    )
    if not sees_everything(user):
        seen = visible_units(user).values("pk")
        uploads = uploads.filter(Q(unit__isnull=True) | Q(unit__in=seen))
    return list(uploads[:RECENT_UPLOADS])


def _placeholders() -> list[tuple[str, str]]:
    """Each context key, with the fields of its items: ("sections", "title, tasks")."""
    rows = []
    for key, shape in CONTEXT_SCHEMA.items():
        item = shape[0] if isinstance(shape, list) else shape
        rows.append((key, ", ".join(item) if isinstance(item, dict) else ""))
    return rows
