"""Word templates of reports (docxtpl: Jinja placeholders inside a .docx): the built-in one
of each kind of report, the one in force for a unit, and rendering one with a report's
context (`report_context`)."""

import functools
import io
import re

from django.db.models import Q
from django.utils import translation
from docxtpl import DocxTemplate
from jinja2 import Environment

from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .models import ReportKind, ReportTemplate
from .narratives import clean_narrative, rich, rich_paragraphs
from .report_context import Narrative
from .template_layout import build_template

__all__ = [
    "clean_narrative",
    "default_template",
    "environment",
    "kind_of",
    "render_docx",
    "rich",
    "template_for",
    "template_in_force",
    "templates_in_force",
]

_QUARTER = re.compile(r"\d{4}-Q[1-4]")
_HALF = re.compile(r"\d{4}-H[12]")
_YEAR = re.compile(r"\d{4}")


def environment() -> Environment:
    """The Jinja environment templates are rendered and checked with. Values are escaped
    for the document's XML; rich text (narratives) is inserted as it is."""
    return Environment(autoescape=True)


@functools.cache
def default_template(kind: str) -> bytes:
    """The built-in template of a kind of report (every kind has the same layout; what
    differs, the subject and the period, comes from the data)."""
    if kind not in ReportKind.values:
        raise ValueError(f"unknown kind of report: {kind!r}")
    with translation.override("vi"):
        title = str(ReportKind(kind).label)
    buffer = io.BytesIO()
    build_template(title).save(buffer)
    return buffer.getvalue()


def templates_in_force(unit: OrgUnit | None) -> dict[str, ReportTemplate | None]:
    """For each kind of report, the newest uploaded template for `unit`, else for the
    nearest unit above it (a unit's template overrides its parent's), else the newest for
    everyone; None where the built-in one is in force. One query."""
    chain = [unit.pk, *reversed(unit.ancestor_ids())] if unit is not None else []
    uploads = (
        ReportTemplate.objects.filter(Q(unit__in=chain) | Q(unit__isnull=True))
        .select_related("unit", "uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )
    newest: dict[tuple[str, int | None], ReportTemplate] = {}
    for upload in uploads:
        newest.setdefault((upload.kind, upload.unit_id), upload)
    return {
        kind: next((newest[kind, key] for key in [*chain, None] if (kind, key) in newest), None)
        for kind in ReportKind.values
    }


def template_in_force(kind: str, unit: OrgUnit | None) -> ReportTemplate | None:
    """The uploaded template in force for `unit`'s reports of `kind`; None for the built-in."""
    return templates_in_force(unit)[kind]


def template_for(kind: str, unit: OrgUnit | None) -> bytes:
    """The template in force for `unit`'s reports of `kind`, as a .docx."""
    upload = template_in_force(kind, unit)
    if upload is None:
        return default_template(kind)
    with upload.file.open("rb") as stored:
        return stored.read()


def kind_of(period: ReportingPeriod) -> str:
    """The kind of report a period asks for: quarter, 6 months, 9 months, year, else
    thematic (a month, an ad-hoc window)."""
    code = period.code
    if _QUARTER.fullmatch(code):
        return ReportKind.QUARTER
    if _HALF.fullmatch(code):
        return ReportKind.HALF_YEAR
    if code.endswith("-M9"):
        return ReportKind.NINE_MONTHS
    if _YEAR.fullmatch(code):
        return ReportKind.YEAR
    return ReportKind.THEMATIC


def render_docx(template: bytes, context: dict) -> bytes:
    """`template` (a .docx with docxtpl placeholders) filled in with `context`."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(_bound(context, document), jinja_env=environment())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _bound(value, document: DocxTemplate):
    """`value` with its narratives turned into paragraphs of `document`."""
    if isinstance(value, Narrative):
        return rich_paragraphs(value.html) if value.light else rich(value.html, document)
    if isinstance(value, dict):
        return {key: _bound(item, document) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_bound(item, document) for item in value]
    return value
