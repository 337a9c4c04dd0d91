"""The chiso objects a unit may cite as evidence of a score (a plan it issued, a progress
report it sent for a reporting period, an indicator value, a survey result, an approved
progress update), all of the assessment's year, and the page each cited object opens on."""

from dataclasses import dataclass

from django.urls import reverse

from chiso.metrics.models import IndicatorValue
from chiso.plans.models import Plan
from chiso.surveys.models import Level, Scope, SurveyIndex
from chiso.tracking.models import ProgressUpdate, ReportingPeriod, UpdateState

from .models import Assessment, LinkKind

MAX_UPDATES = 300  # the most recent approved updates offered; older ones are still shown


@dataclass(frozen=True)
class LinkOption:
    kind: str
    pk: int
    label: str
    url: str

    @property
    def key(self) -> str:
        """The option's form value: "plan:12"."""
        return f"{self.kind}:{self.pk}"


def link_options(assessment: Assessment) -> dict[str, list[LinkOption]]:
    """What the assessment's unit may cite, by kind, in the order the form lists them."""
    unit, year = assessment.unit, assessment.window.scheme.framework.year
    return {
        LinkKind.PLAN: _plans(Plan.objects.filter(issuer=unit, year=year)),
        LinkKind.REPORT: _reports(
            ReportingPeriod.objects.filter(
                data_to__year=year, updates__unit=unit, updates__state=UpdateState.APPROVED
            ).distinct()
        ),
        LinkKind.INDICATOR: _indicators(IndicatorValue.objects.filter(unit=unit, period=str(year))),
        LinkKind.SURVEY: _surveys(
            SurveyIndex.objects.filter(
                level=Level.UNIT, unit=unit, scope=Scope.INDEX, round__period__startswith=year
            )
        ),
        LinkKind.PROGRESS: _updates(
            ProgressUpdate.objects.filter(
                unit=unit,
                state=UpdateState.APPROVED,
                period__data_to__year=year,
                superseded_by__isnull=True,
            ).order_by("-period__data_to", "task__order")[:MAX_UPDATES]
        ),
    }


def find_option(assessment: Assessment, kind: str, pk: int) -> LinkOption | None:
    """The option `kind`:`pk` when the unit may cite it, else None."""
    return next((o for o in link_options(assessment).get(kind, []) if o.pk == pk), None)


def cited(evidence: list) -> dict[int, LinkOption]:
    """The object each linked piece of `evidence` cites, by evidence id (one query per kind);
    an object deleted since is left out."""
    wanted: dict[str, set[int]] = {}
    for item in evidence:
        if item.link_kind and item.link_id:
            wanted.setdefault(item.link_kind, set()).add(item.link_id)
    found: dict[tuple[str, int], LinkOption] = {}
    for kind, ids in wanted.items():
        for option in _BY_KIND[kind](_MODELS[kind].objects.filter(pk__in=ids)):
            found[(kind, option.pk)] = option
    return {
        item.pk: found[(item.link_kind, item.link_id)]
        for item in evidence
        if (item.link_kind, item.link_id) in found
    }


def _plans(plans) -> list[LinkOption]:
    return [
        LinkOption(
            LinkKind.PLAN, p.pk, f"{p.reference} — {p.title[:90]}".strip(" —"), p.get_absolute_url()
        )
        for p in plans.select_related("issuer").order_by("-issue_date", "-pk")
    ]


def _reports(periods) -> list[LinkOption]:
    return [
        LinkOption(LinkKind.REPORT, p.pk, f"{p.label} — {p.plan.reference}", p.get_absolute_url())
        for p in periods.select_related("plan").order_by("-data_to", "pk")
    ]


def _indicators(values) -> list[LinkOption]:
    return [
        LinkOption(
            LinkKind.INDICATOR,
            v.pk,
            f"{v.get_indicator_display()} {v.period}: {v.value.normalize():f} %",
            reverse("metrics:unit", args=[v.unit_id]),
        )
        for v in values.order_by("indicator")
    ]


def _surveys(indices) -> list[LinkOption]:
    return [
        LinkOption(
            LinkKind.SURVEY,
            i.pk,
            f"{i.round.name} — {i.code}: {i.value.normalize():f} % (n = {i.n})",
            i.round.get_absolute_url(),
        )
        for i in indices.select_related("round").order_by("-round__start", "code")
    ]


def _updates(updates) -> list[LinkOption]:
    return [
        LinkOption(
            LinkKind.PROGRESS,
            u.pk,
            f"{u.period.label} · {u.task.ordinal} {u.task.text[:80]}".strip(),
            u.get_absolute_url(),
        )
        for u in updates.select_related("task", "period")
    ]


_BY_KIND = {
    LinkKind.PLAN: _plans,
    LinkKind.REPORT: _reports,
    LinkKind.INDICATOR: _indicators,
    LinkKind.SURVEY: _surveys,
    LinkKind.PROGRESS: _updates,
}
_MODELS = {
    LinkKind.PLAN: Plan,
    LinkKind.REPORT: ReportingPeriod,
    LinkKind.INDICATOR: IndicatorValue,
    LinkKind.SURVEY: SurveyIndex,
    LinkKind.PROGRESS: ProgressUpdate,
}
