"""The periodic report as a Word document: the template in force for the unit and the kind
of report (the built-in one: the official layout of Nghị định 30/2020/NĐ-CP) filled in
with the report's context."""

from collections.abc import Mapping, Sequence
from dataclasses import replace

from chiso.org.models import OrgUnit

from .doc_templates import default_template, render_docx, template_for
from .models import ReportKind
from .report_context import report_context
from .report_data import ReportData


def report_docx(
    data: ReportData,
    *,
    number: str = "",
    place: str = "",
    signer: str = "",
    signer_title: str = "",
    recipients: Sequence[str] = (),
    kind: str | None = None,
    unit: OrgUnit | None = None,
    template: bytes | None = None,
    narratives: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> bytes:
    """The Word file of the report; blank arguments take the report's defaults (the unit's
    own plan's signer, its place, the body that asked for the report). It is written on
    `template` if given, else on the template in force for `unit` and `kind`
    (`doc_templates.template_for`), else on the built-in one. `narratives` are the unit's
    (HTML, by section); `extra` replaces context keys, e.g. a compiled report's `compiled`,
    `units`, `missing_units`, `late_units` (see `report_context`)."""
    data = replace(
        data,
        place=place or data.place,
        signer=signer or data.signer,
        signer_title=signer_title or data.signer_title,
        recipients=tuple(recipients) or data.recipients,
    )
    if template is None:
        template = template_for(kind, unit) if kind else default_template(ReportKind.THEMATIC)
    context = report_context(data, number=number, narratives=narratives) | dict(extra or {})
    return render_docx(template, context)
