"""Questionnaire pages: download one as XLSForm, upload one (checked, refused with the sheet,
row and column of each error), copy a year's to the next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import can_manage_surveys
from .copying import QuestionnaireCopyError, copy_questionnaire
from .forms import CopyForm, QuestionnaireUploadForm
from .models import Questionnaire
from .screens import Form
from .xlsform import (
    QuestionnaireFrozen,
    XLSFormError,
    read_xlsform,
    save_questionnaire,
    write_xlsform,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 20


@login_required
def download(request, pk: int):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    response = HttpResponse(write_xlsform(questionnaire), content_type=XLSX)
    name = f"{questionnaire.form_id}-{questionnaire.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def upload(request):
    if not can_manage_surveys(request.user):
        raise Http404
    form = QuestionnaireUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("surveys:index")
    upload = form.cleaned_data["file"]
    try:
        parsed = read_xlsform(upload.file, year=form.cleaned_data.get("year"))
        questionnaire = save_questionnaire(parsed)
    except XLSFormError as error:
        messages.error(
            request,
            _("Tệp %(name)s chưa đúng mẫu XLSForm, không nạp:") % {"name": upload.name},
        )
        for cell in error.errors[:ERRORS_SHOWN]:
            messages.error(request, str(cell))
        return redirect("surveys:index")
    except QuestionnaireFrozen as error:
        messages.error(request, str(error))
        return redirect("surveys:index")
    messages.success(
        request,
        _("Đã nạp bộ câu hỏi %(title)s năm %(year)s, phiên bản %(version)s.")
        % {
            "title": questionnaire.title,
            "year": questionnaire.year,
            "version": questionnaire.version,
        },
    )
    return redirect("surveys:index")


@login_required
@require_POST
def copy(request, pk: int):
    if not can_manage_surveys(request.user):
        raise Http404
    source = get_object_or_404(Questionnaire, pk=pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("surveys:index")
    try:
        copied = copy_questionnaire(source, form.cleaned_data["year"])
    except QuestionnaireCopyError as error:
        messages.error(request, str(error))
        return redirect("surveys:index")
    messages.success(
        request,
        _("Đã sao bộ câu hỏi sang năm %(year)s, phiên bản %(version)s.")
        % {"year": copied.year, "version": copied.version},
    )
    return redirect("surveys:index")


@login_required
def detail(request, pk: int):
    """A questionnaire as it is asked: its groups, questions with their codes, types, weights
    and "show if" conditions, and its choice lists."""
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    form = Form.of(questionnaire)
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "rounds": questionnaire.rounds.order_by("-start"),
        "has_responses": questionnaire.has_responses,
        "can_manage": can_manage_surveys(request.user),
    }
    return render(request, "surveys/questionnaire.html", context)
