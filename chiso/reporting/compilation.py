"""A parent's report compiled from its units' submitted reports: their figures added up
(`figures.add_up`), their narratives gathered under each unit's name, and the table of the
reports that are missing or came late (`submissions`). Over any depth: a department's
compiled report is what the province compiles from. From the province, for a block too."""

import datetime
from dataclasses import dataclass

from chiso.org.models import OrgUnit
from chiso.tracking.models import ReportingPeriod

from .figures import add_up
from .submissions import Standing, Submission, owing_units, submissions


@dataclass(frozen=True)
class Compilation:
    unit: OrgUnit
    period: ReportingPeriod
    submissions: list[Submission]
    figures: dict

    @property
    def received(self) -> list[Submission]:
        return [s for s in self.submissions if s.latest is not None]

    @property
    def missing(self) -> list[Submission]:
        return [s for s in self.submissions if s.standing == Standing.MISSING]

    @property
    def late(self) -> list[Submission]:
        return [s for s in self.submissions if s.standing == Standing.LATE]

    def as_json(self) -> dict:
        """The figures with the missing and late units and the reports they came from."""
        return {
            **self.figures,
            "missing": [s.unit.code for s in self.missing],
            "late": [s.unit.code for s in self.late],
            "children": [
                {
                    "unit": s.unit.code,
                    "submitted_at": s.submitted_at.isoformat(),
                    "tasks": s.latest.figures.get("tasks", {}),
                    "indicators": s.latest.figures.get("indicators", {}),
                }
                for s in self.received
            ],
        }


def compile_report(
    unit: OrgUnit,
    period: ReportingPeriod,
    today: datetime.date,
    block_id: int | None = None,
) -> Compilation:
    """`unit`'s compilation for `period` (its code and year) from the reports its units
    owe it (those of `block_id` only, when given)."""
    found = submissions(unit, period, today, owing_units(unit, period, block_id))
    figures = add_up(unit, period, (s.latest.figures for s in found if s.latest is not None))
    return Compilation(unit, period, found, figures)
