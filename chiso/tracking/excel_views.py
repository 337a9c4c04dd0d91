"""Download a unit's tasks of a period as .xlsx, and upload the filled file back."""

import io
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chiso.org.access import can_change_unit, get_unit_for_user
from chiso.org.models import OrgUnit
from chiso.plans.access import get_plan_for_user

from .excel import XLSX_CONTENT_TYPE, ExcelImportError, export_period, import_period
from .models import ReportingPeriod

NOTES_SHOWN = 20  # skipped rows named one by one under the page's title


def _period_and_unit(user, period_pk: int, unit_pk: int) -> tuple[ReportingPeriod, OrgUnit]:
    """The period of a plan `user` sees, and a unit they may report for; 404 otherwise."""
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    period.plan = get_plan_for_user(user, period.plan_id)
    unit = get_unit_for_user(user, unit_pk)
    if not can_change_unit(user, unit):
        raise Http404
    return period, unit


def excel_filename(period: ReportingPeriod, unit: OrgUnit) -> str:
    """ "tien-do-2025-Q2-sxd-vp.xlsx": only letters, digits, dots and dashes."""
    name = f"tien-do-{period.code}-{unit.code}"
    return re.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-") + ".xlsx"


@login_required
@require_GET
def period_excel_download(request, period_pk: int, unit_pk: int):
    period, unit = _period_and_unit(request.user, period_pk, unit_pk)
    content = export_period(period, unit, request.user)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=excel_filename(period, unit),
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
@require_POST
def period_excel_upload(request, period_pk: int, unit_pk: int):
    """Apply the uploaded sheet (and submit it with `submit`); list every error otherwise."""
    period, unit = _period_and_unit(request.user, period_pk, unit_pk)
    upload = request.FILES.get("file")
    submit = "submit" in request.POST
    try:
        if upload is None:
            raise ExcelImportError([_("Chưa chọn tệp Excel để tải lên.")])
        result = import_period(upload, period, unit, request.user, submit=submit)
    except ExcelImportError as error:
        context = {
            "period": period,
            "plan": period.plan,
            "unit": unit,
            "errors": error.errors,
            "file_name": upload.name if upload else "",
            "sheet": error.sheet,
        }
        return render(request, "tracking/excel_errors.html", context, status=400)
    text = (
        _("%(unit)s: đã gửi duyệt %(updated)d báo cáo từ tệp Excel; %(unchanged)d dòng không đổi.")
        if submit
        else _("%(unit)s: đã lưu %(updated)d báo cáo từ tệp Excel; %(unchanged)d dòng không đổi.")
    )
    values = {"unit": unit.display_name, "updated": result.updated, "unchanged": result.unchanged}
    messages.success(request, text % values)
    for note in result.skipped[:NOTES_SHOWN]:
        messages.warning(request, note)
    if len(result.skipped) > NOTES_SHOWN:
        more = len(result.skipped) - NOTES_SHOWN
        messages.warning(request, _("… và %d dòng khác cũng bị bỏ qua như trên.") % more)
    return redirect(period)
