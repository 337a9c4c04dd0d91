"""Upload a plan document, follow its reading, review the proposed plan, confirm it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from chiso.audit.recording import acting_user
from chiso.frameworks.models import index_rank
from chiso.lib.htmx import page_or_partial, wants_partial
from chiso.org.access import scope_root, visible_units
from chiso.org.models import OrgUnit, in_subtree
from chiso.plans.models import Plan
from chiso.vietnamese.search import matching
from chiso.vietnamese.text import search_key

from .access import changeable_units, get_job_for_user, import_issuers
from .blocks import Block
from .forms import (
    IssuerForm,
    PlanReviewForm,
    UploadForm,
    edited_tasks,
    kept_tasks,
    suggestion_ids,
    task_errors,
    task_rows,
)
from .jobs import start_import
from .models import ImportJob, ImportStatus
from .parse import parse_blocks
from .resolution import resolve_draft
from .saving import DraftError, components_for_year, save_draft

RECENT_JOBS = 10
SEARCHED_JOBS = 1000  # a search looks through the user's latest imports
RESULTS_SHOWN = 50


@login_required
def upload(request):
    if not changeable_units(request.user).exists():
        raise Http404
    issuers = import_issuers(request.user)
    default = scope_root(request.user)  # the province for a coordinator, else the own unit
    form = UploadForm(
        request.POST or None, request.FILES or None, units=issuers, initial={"issuer": default}
    )
    if request.method == "POST" and form.is_valid():
        job = start_import(form.cleaned_data["file"], form.cleaned_data["issuer"], request.user)
        return redirect(job)
    query = request.GET.get("q", "").strip()[:200]
    jobs = ImportJob.objects.filter(created_by=request.user).select_related("job", "issuer")
    if query:  # the file's name, its issuer, its number or title, with or without accents
        jobs = matching(jobs.defer("blocks")[:SEARCHED_JOBS], query, lambda job: _job_texts(job))[
            :RESULTS_SHOWN
        ]
    else:
        jobs = jobs.defer("blocks")[:RECENT_JOBS]
    context = {"form": form, "jobs": jobs, "query": query}
    return render(request, "docimport/upload.html", context)


def _job_texts(job: ImportJob) -> tuple[str, ...]:
    draft = job.draft or {}
    return (
        job.filename,
        job.issuer.name if job.issuer else "",
        *(str(draft.get(key) or "") for key in ("number", "title")),
    )


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
    issuers = import_issuers(request.user)
    if request.method == "POST" and request.POST.get("action") == "issuer":
        return _choose_issuer(request, job, issuers)
    draft = job.draft
    found = _found_issuer(job, issuers)
    form = PlanReviewForm(
        request.POST or None,
        units=issuers,
        suggested=suggestion_ids(draft.get("issuer")),
        initial=_initial(draft, found),
    )
    if found is None:
        form.fields["issuer"].widget.size = 6  # asked first: the list shows what the search finds
    tasks, errors = draft.get("tasks", []), {}
    if request.method == "POST":
        valid = form.is_valid()
        year = form.cleaned_data.get("year") or draft.get("year") or timezone.localdate().year
        tasks = edited_tasks(request.POST, tasks, year)
        issuer = form.cleaned_data.get("issuer") or found
        errors = task_errors(tasks, _allowed_units(request.user, issuer, draft, tasks))
        if valid and not errors and (plan := _confirm(request, job, form, tasks)):
            return redirect(plan)
    context = {
        "job": job,
        "draft": draft,
        "form": form,
        "ask_issuer": found is None,
        "issuer_written": _written_otherwise(draft, found),
        "blocks": [Block.from_json(b) for b in job.blocks],
        "rows": task_rows(tasks, errors, _units_of(draft, tasks)),
        "problems": _problems(form, tasks, errors),
        "components": sorted(
            (c for c in components_for_year(draft.get("year") or 0).values() if c.level == 1),
            key=lambda c: (index_rank(c.framework.code), c.order),
        ),
        "flagged": _flagged_blocks(draft),
    }
    return render(request, "docimport/review.html", context)


def _confirm(request, job: ImportJob, form: PlanReviewForm, tasks: list[dict]) -> Plan | None:
    """Save the reviewed plan, all or nothing; None with the reason on the form if refused."""
    issuer = form.cleaned_data["issuer"]
    fields = ["number", "date", "title", "year", "indices", "purposes", "requirements"]
    data = {
        **job.draft,
        **{name: form.cleaned_data[name] for name in fields},
        "tasks": kept_tasks(tasks),
    }
    try:
        with acting_user(request.user):
            plan = save_draft(data, issuer=issuer, user=request.user)
    except DraftError as error:
        form.add_error(None, str(error))
        return None
    job.plan, job.issuer = plan, issuer  # confirmed: its plan is saved
    job.save(update_fields=["plan", "issuer"])
    count = len(data["tasks"])
    messages.success(request, _("Đã lưu kế hoạch dự thảo với %d nhiệm vụ.") % count)
    return plan


def _choose_issuer(request, job: ImportJob, issuers) -> HttpResponse:
    """The issuer chosen first (htmx): read the document's units again in its context and
    show the page anew; edits not yet confirmed are given up, as the button says."""
    form = IssuerForm(request.POST, units=issuers)
    if not form.is_valid():
        error = form.errors["issuer"][0]
        return HttpResponse(format_html('<span class="text-danger">{}</span>', error))
    issuer = form.cleaned_data["issuer"]
    draft = resolve_draft(parse_blocks([Block.from_json(b) for b in job.blocks]), issuer)
    job.issuer, job.draft = issuer, draft.to_json()
    job.save(update_fields=["issuer", "draft"])
    messages.success(request, _("Đã đối chiếu lại các đơn vị theo %s.") % issuer.name)
    if not wants_partial(request):
        return redirect("docimport:review", pk=job.pk)
    response = HttpResponse()
    response["HX-Redirect"] = reverse("docimport:review", args=[job.pk])
    return response


def _found_issuer(job: ImportJob, issuers) -> OrgUnit | None:
    """The issuer chosen at upload or read from the document, if the user may use it."""
    issuer_id = job.issuer_id or job.draft.get("issuer_id")
    if not issuer_id:
        return None
    return issuers.filter(pk=issuer_id).select_related("parent").first()


def _written_otherwise(draft: dict, issuer: OrgUnit | None) -> str:
    """The issuer as the document writes it, when it names another unit than `issuer`."""
    written = draft.get("issuer_text") or ""
    if issuer is None or search_key(written) in ("", search_key(issuer.name)):
        return ""
    return written


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


def _draft_unit_ids(draft: dict) -> set[int]:
    """Units the draft names or suggests for its tasks."""
    found = set()
    for task in draft.get("tasks", []):
        found |= {task.get("lead_id"), *task.get("coordinator_ids", [])}
        found.update(suggestion_ids(task.get("lead")))
        for ref in task.get("coordinators") or []:
            found.update(suggestion_ids(ref))
    return found - {None}


def _chosen_ids(tasks: list[dict]) -> set[int]:
    return {i for t in tasks for i in [t.get("lead_id"), *t.get("coordinator_ids", [])] if i}


def _allowed_units(user, issuer: OrgUnit | None, draft: dict, tasks: list[dict]) -> set[int]:
    """Of the units chosen for tasks, those a task may name: the issuer's subtree, the units
    the draft named or suggested, and any unit the user may see (what the pickers offer)."""
    chosen = _chosen_ids(tasks)
    if not chosen:
        return set()
    allowed = Q(pk__in=_draft_unit_ids(draft)) | Q(pk__in=visible_units(user).values("pk"))
    if issuer is not None:
        allowed |= in_subtree(issuer)
    return set(OrgUnit.objects.filter(allowed, pk__in=chosen).values_list("pk", flat=True))


def _units_of(draft: dict, tasks: list[dict]) -> dict[int, OrgUnit]:
    """The units the task pickers show, by id, with their parents, in one query."""
    ids = _draft_unit_ids(draft) | _chosen_ids(tasks)
    return OrgUnit.objects.filter(pk__in=ids).select_related("parent").in_bulk()


def _problems(form: PlanReviewForm, tasks: list[dict], errors: dict) -> list[tuple[str, str]]:
    """What keeps the plan from being saved, as (label, anchor) for the summary on top."""
    found = [
        (str(form[name].label), "#" + form[name].id_for_label)
        for name in form.errors
        if name in form.fields
    ]
    for n in errors:
        found.append((_("Nhiệm vụ %s") % (tasks[n].get("ordinal") or n + 1), f"#task-{n}"))
    return found


def _flagged_blocks(draft: dict) -> set[int]:
    """Blocks behind tasks whose units could not be resolved, to highlight them."""
    return {
        t["block"]
        for t in draft.get("tasks", [])
        if t.get("block") is not None and (not t.get("lead_id") or not t.get("component"))
    }
