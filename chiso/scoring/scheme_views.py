"""A province's own index as a workbook in the browser: download it to edit, load it again
(checked whole, as `chiso load-scheme` does)."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.lib.uploads import uploaded_path

from .access import can_run_scoring
from .models import Scheme
from .scheme_file import SchemeFileError, load_scheme, write_scheme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def download(request, pk: int):
    scheme = Scheme.objects.select_related("framework").filter(pk=pk).first()
    if scheme is None:
        raise Http404
    framework = scheme.framework
    name = f"{framework.code}-{framework.year}.xlsx"
    with tempfile.TemporaryDirectory(prefix="chiso-scheme-") as folder:
        content = write_scheme(framework, Path(folder) / name).read_bytes()
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def upload(request):
    if not can_run_scoring(request.user):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Cần chọn tệp bộ chỉ số (.xlsx)."))
        return redirect("scoring:index")
    with uploaded_path(upload) as path:
        try:
            scheme = load_scheme(path, request.user)
        except SchemeFileError as error:
            for line in error.errors:
                messages.error(request, line)
            return redirect("scoring:index")
    messages.success(
        request, _("Đã nạp bộ chỉ số %(framework)s.") % {"framework": scheme.framework}
    )
    return redirect("scoring:index")
