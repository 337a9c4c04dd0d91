"""The proposed plan read from a document, before a person reviews and confirms it.

A draft is plain data: it serialises to the JSON of `chiso import-plan --json`, is kept on
the import job while the user reviews it, and is turned into Plan, Task and Target rows
only when confirmed.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from chiso.plans.deadlines import Deadline, DeadlineKind
from chiso.plans.targets import Comparator, Target


@dataclass
class UnitRef:
    """A unit as written, and what it resolved to (several ids for a group phrase)."""

    text: str
    role: str = ""
    unit_ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    group: str = ""
    suggestions: list[tuple[int, str, float]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return bool(self.unit_ids)

    def to_json(self) -> Any:
        if not self.resolved:
            return {
                "unresolved": self.text,
                "suggestions": [name for _i, name, _s in self.suggestions],
            }
        if self.group:
            return {"group": self.group, "text": self.text, "units": self.names}
        return self.names[0]

    @property
    def single_id(self) -> int | None:
        """The unit's id when the phrase names exactly one unit."""
        return self.unit_ids[0] if len(self.unit_ids) == 1 else None


@dataclass
class DraftTask:
    ordinal: str
    text: str
    component: str | None = None
    lead: UnitRef | None = None
    coordinators: list[UnitRef] = field(default_factory=list)
    deadline: Deadline = field(default_factory=lambda: Deadline(DeadlineKind.UNSPECIFIED, None, ""))
    output: str = ""
    targets: list[Target] = field(default_factory=list)
    source: str = "narrative"  # narrative | table | responsibility
    block: int | None = None
    requested: bool = False
    focus: str = ""  # keep | improve, for components a plan names to keep or to improve
    lead_text: str = ""  # the units as written, kept whatever they resolve to
    coordinators_text: str = ""

    def __post_init__(self) -> None:
        if self.lead and not self.lead_text:
            self.lead_text = self.lead.text
        if self.coordinators and not self.coordinators_text:
            self.coordinators_text = "; ".join(c.text for c in self.coordinators)

    def to_json(self) -> dict:
        return {
            "ordinal": self.ordinal,
            "component": self.component,
            "text": self.text,
            "lead": self.lead.to_json() if self.lead else None,
            "lead_text": self.lead_text,
            "lead_id": self.lead.single_id if self.lead else None,
            "coordinators": [c.to_json() for c in self.coordinators],
            "coordinator_ids": sorted({i for c in self.coordinators for i in c.unit_ids}),
            "coordinators_text": self.coordinators_text,
            "deadline": deadline_json(self.deadline),
            "output": self.output,
            "targets": [target_json(t) for t in self.targets],
            "source": self.source,
            "block": self.block,
            "requested": self.requested,
            "focus": self.focus,
        }


@dataclass
class DraftPlan:
    number: str = ""
    date: datetime.date | None = None
    issuer: UnitRef | None = None
    place: str = ""
    title: str = ""
    year: int | None = None
    indices: list[str] = field(default_factory=list)
    parents: list[dict] = field(default_factory=list)
    purposes: str = ""
    requirements: str = ""
    targets: list[dict] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    responsibilities: list[dict] = field(default_factory=list)
    schedule: list[dict] = field(default_factory=list)
    child_plans_due: list[dict] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: str = ""
    signer_title: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "date": iso(self.date),
            "issuer": self.issuer.to_json() if self.issuer else None,
            "issuer_text": self.issuer.text if self.issuer else "",
            "issuer_id": self.issuer.single_id if self.issuer else None,
            "place": self.place,
            "title": self.title,
            "year": self.year,
            "indices": self.indices,
            "parents": self.parents,
            "purposes": self.purposes,
            "requirements": self.requirements,
            "targets": self.targets,
            "tasks": [t.to_json() for t in self.tasks],
            "responsibilities": [
                {
                    **duty,
                    "unit": duty["unit"].to_json(),
                    "unit_text": duty["unit"].text,
                    "unit_id": duty["unit"].single_id,
                }
                for duty in self.responsibilities
            ],
            "schedule": self.schedule,
            "child_plans_due": [
                {
                    **child,
                    "units": [ref.to_json() for ref in child["units"]],
                    "unit_ids": sorted({i for ref in child["units"] for i in ref.unit_ids}),
                }
                for child in self.child_plans_due
            ],
            "recipients": self.recipients,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "warnings": self.warnings,
        }


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def deadline_json(deadline: Deadline) -> dict:
    return {"kind": str(deadline.kind), "date": iso(deadline.date), "text": deadline.text}


def target_json(target: Target) -> dict:
    data = {
        "comparator": str(target.comparator),
        "value": float(target.value),
        "unit": target.unit,
        "text": target.text,
    }
    if target.indicator:
        data["indicator"] = target.indicator
    if target.index:
        data["index"] = target.index
    if target.out_of:
        data["out_of"] = target.out_of
    if target.year:
        data["year"] = target.year
    return data


def target_from_json(data: dict) -> Target:
    from decimal import Decimal

    return Target(
        comparator=Comparator(data["comparator"]),
        value=Decimal(str(data["value"])),
        unit=data.get("unit", ""),
        text=data.get("text", ""),
        index=data.get("index", ""),
        indicator=data.get("indicator", ""),
        out_of=data.get("out_of"),
        year=data.get("year"),
    )
