"""What a unit's report holds when it is written or submitted: its data (`report_data`),
its figures (`figures`, or added up from its units' reports when compiled, with the units
that sent theirs late or not at all) and the Word file rendered from it."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .compilation import Compilation, compile_report
from .doc_templates import kind_of
from .excel_report import report_xlsx
from .figures import field_rows, indicator_rows, task_totals, unit_figures
from .office import to_pdf
from .report_context import Narrative
from .report_data import ReportData, collect
from .submissions import Rates, rates
from .word_report import report_docx


@dataclass(frozen=True)
class ReportDocument:
    unit: OrgUnit
    period: ReportingPeriod
    data: ReportData
    compiled: bool
    today: datetime.date
    block_id: int | None = None
    narratives: dict[str, str] = field(default_factory=dict)

    @cached_property
    def compilation(self) -> Compilation:
        """The reports its units owe it: read when the report is compiled or printed whole."""
        return compile_report(self.unit, self.period, self.today, self.block_id)

    @cached_property
    def figures(self) -> dict:
        """Its own figures, or its units' added up when compiled."""
        if self.compiled:
            return self.compilation.figures
        return unit_figures(self.unit, self.period, self.today)

    @property
    def symbol(self) -> str:
        """The unit's document symbol, "SXD" in "12/BC-SXD"."""
        return self.data.symbol or self.unit.code.upper()

    def render(self, number: str = "") -> bytes:
        """The Word file on the template in force for the unit and the kind of report."""
        return report_docx(
            self.data,
            number=number,
            kind=kind_of(self.period),
            unit=self.unit,
            narratives=self.narratives,
            extra=self._figures_context(),
        )

    def _figures_context(self) -> dict:
        """The figures, and for a compilation what each unit sent and who did not."""
        shown = {
            "fields": field_rows(self.figures),
            "indicators": [
                {**row, "value": row["value"] or ""} for row in indicator_rows(self.figures)
            ],
            "totals": task_totals(self.figures),
        }
        if not self.compiled:
            return shown
        compilation = self.compilation
        return {
            **shown,
            "compiled": True,
            "units": [
                {
                    "name": s.unit.name,
                    "submitted_at": _moment(s.latest.submitted_at),
                    "narrative": Narrative(s.latest.narratives.get("results", ""), light=True),
                }
                for s in compilation.received
            ],
            "rates": _rates(rates(compilation.submissions)),
            "missing_units": [_due(s) for s in compilation.missing],
            "late_units": [_due(s) for s in compilation.late],
        }

    def as_json(self) -> dict:
        """What `chiso report --json` prints: the figures, the units that owe the unit a
        report and sent it late or not at all, and (compiled) the reports it adds up."""
        printed = self.compilation.as_json()
        if not self.compiled:
            printed = {**printed, **self.figures, "children": []}
        return printed


def report_document(
    unit: OrgUnit,
    period: ReportingPeriod,
    today: datetime.date,
    *,
    compiled: bool = False,
    narratives: dict[str, str] | None = None,
    block_id: int | None = None,
) -> ReportDocument:
    """`unit`'s report of `period` as of `today`: its own, or compiled from its units' (those
    of block `block_id` only, when given: the province's departments, its communes)."""
    data = collect(unit, period, today, with_tasks=not compiled)
    return ReportDocument(unit, period, data, compiled, today, block_id, narratives or {})


def document_file(document: ReportDocument, fmt: str) -> bytes:
    """The report as a file: "docx" on the template in force, "xlsx", or "pdf" converted by
    LibreOffice (OfficeUnavailable, OfficeFailed when it cannot)."""
    if fmt == "xlsx":
        return report_xlsx(document.data)
    docx = document.render()
    return to_pdf(docx) if fmt == "pdf" else docx


def _rates(found: Rates) -> dict:
    def shown(rate: float | None) -> str:
        return "" if rate is None else f"{rate:.1f}".replace(".", ",")

    return {
        "expected": found.expected,
        "received": found.received,
        "on_time": found.on_time,
        "reporting": shown(found.reporting_rate),
        "on_time_rate": shown(found.on_time_rate),
    }


def _due(submission) -> dict:
    return {
        "name": submission.unit.name,
        "due": f"{submission.due:%d/%m/%Y}",
        "submitted_at": _moment(submission.submitted_at) if submission.submitted_at else "",
    }


def _moment(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"
