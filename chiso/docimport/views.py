"""Upload a plan document, follow its reading, review the proposed plan, confirm it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chiso.audit.recording import acting_user
from chiso.frameworks.models import index_rank
from chiso.lib.htmx import page_or_partial
from chiso.org.access import can_change_unit
from chiso.org.models import OrgUnit

from .access import changeable_units, get_job_for_user
from .blocks import Block
from .forms import PlanReviewForm, UploadForm, review_tasks
from .jobs import start_import
from .models import ImportJob, ImportStatus
from .saving import DraftError, components_for_year, save_draft


@login_required
def upload(request):
    units = changeable_units(request.user)
    if not units.exists():
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        job = start_import(form.cleaned_data["file"], form.cleaned_data["issuer"], request.user)
        return redirect(job)
    jobs = ImportJob.objects.filter(created_by=request.user).select_related("job")[:10]
    return render(request, "docimport/upload.html", {"form": form, "jobs": jobs})


@login_required
def job_detail(request, pk: int):
    job = get_job_for_user(request.user, pk)
    if job.status == ImportStatus.REVIEW:
        if request.headers.get("HX-Request"):
            response = HttpResponse()
            response["HX-Redirect"] = job.get_absolute_url() + "review/"
            return response
        return redirect("docimport:review", pk=job.pk)
    if job.status == ImportStatus.CONFIRMED:
        return redirect(job.plan)
    template = page_or_partial(request, "docimport/job.html", "docimport/_job_status.html")
    return render(request, template, {"job": job})


@login_required
def review(request, pk: int):
    job = get_job_for_user(request.user, pk)
    if job.status != ImportStatus.REVIEW:
        return redirect(job)
    draft = job.draft
    issuers = changeable_units(request.user)
    issuer_id = request.POST.get("issuer") or (job.issuer_id or draft.get("issuer_id"))
    issuer = issuers.filter(pk=issuer_id).first() if str(issuer_id or "").isdigit() else None
    units = _task_units(issuer, draft)
    form = PlanReviewForm(request.POST or None, units=issuers, initial=_initial(draft, issuer))
    task_errors: dict = {}
    if request.method == "POST" and form.is_valid():
        issuer = form.cleaned_data["issuer"]
        units = _task_units(issuer, draft)
        tasks, task_errors = review_tasks(
            request.POST, draft.get("tasks", []), {u.pk for u in units}, form.cleaned_data["year"]
        )
        if not task_errors and can_change_unit(request.user, issuer):
            data = {
                **draft,
                "number": form.cleaned_data["number"],
                "date": form.cleaned_data["date"],
                "title": form.cleaned_data["title"],
                "year": form.cleaned_data["year"],
                "indices": form.cleaned_data["indices"],
                "purposes": form.cleaned_data["purposes"],
                "requirements": form.cleaned_data["requirements"],
                "tasks": tasks,
            }
            try:
                with acting_user(request.user):
                    plan = save_draft(data, issuer=issuer, user=request.user)
            except DraftError as error:
                form.add_error(None, str(error))
            else:
                job.plan, job.issuer = plan, issuer  # confirmed: its plan is saved
                job.save(update_fields=["plan", "issuer"])
                messages.success(
                    request, _("Đã lưu kế hoạch dự thảo với %d nhiệm vụ.") % len(tasks)
                )
                return redirect(plan)
    context = {
        "job": job,
        "draft": draft,
        "form": form,
        "blocks": [Block.from_json(b) for b in job.blocks],
        "units": units,
        "components": sorted(
            (c for c in components_for_year(draft.get("year") or 0).values() if c.level == 1),
            key=lambda c: (index_rank(c.framework.code), c.order),
        ),
        "task_errors": task_errors,
        "flagged": _flagged_blocks(draft),
    }
    return render(request, "docimport/review.html", context)


def _initial(draft: dict, issuer) -> dict:
    return {
        "number": draft.get("number"),
        "date": draft.get("date"),
        "title": draft.get("title"),
        "year": draft.get("year"),
        "issuer": issuer,
        "indices": draft.get("indices"),
        "purposes": draft.get("purposes"),
        "requirements": draft.get("requirements"),
    }


def _task_units(issuer, draft: dict):
    """Units a task may name: the issuer's subtree and any unit the draft resolved to."""
    named = {
        i
        for t in draft.get("tasks", [])
        for i in [t.get("lead_id"), *t.get("coordinator_ids", [])]
        if i
    }
    condition = Q(pk__in=named)
    if issuer is not None:
        condition |= Q(pk__in=OrgUnit.objects.subtree(issuer).values("pk"))
    return list(OrgUnit.objects.filter(condition).order_by("path"))


def _flagged_blocks(draft: dict) -> set[int]:
    """Blocks behind tasks whose units could not be resolved, to highlight them."""
    return {
        t["block"]
        for t in draft.get("tasks", [])
        if t.get("block") is not None and (not t.get("lead_id") or not t.get("component"))
    }
