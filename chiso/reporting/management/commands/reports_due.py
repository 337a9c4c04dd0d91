"""chiso reports-due --period CODE [--unit UNIT] [--json]: the reports owed to a unit (the
province by default) for a period: each unit's standing (on time, late, missing, not yet
due), the reporting and on-time rates, overall and by block."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.org.models import OrgUnit
from chiso.reporting.lookup import NotFound, unit_named, unit_period
from chiso.reporting.submissions import Rates, Standing, rates, rates_by_block, submissions


class Command(BaseCommand):
    help = "List the reports owed to a unit (the province by default) for a reporting period."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2025-Q1, 2025-H1, 2025-M9, 2025…")
        parser.add_argument("--unit", help="the unit owed the reports: its code or name")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, period, unit, as_json, **options):
        try:
            parent = unit_named(unit) if unit else _root()
            found_period = unit_period(parent, period.strip())
        except NotFound as error:
            raise CommandError(str(error)) from None
        found = submissions(parent, found_period, timezone.localdate())
        overall = rates(found)
        if as_json:
            printed = {
                "unit": parent.code,
                "period": found_period.code,
                "due": found[0].due.isoformat() if found else found_period.due.isoformat(),
                **_rates(overall),
                "units": [
                    {
                        "unit": s.unit.code,
                        "standing": s.standing,
                        "submitted_at": s.submitted_at.isoformat() if s.submitted_at else None,
                        "number": s.latest.number if s.latest else "",
                    }
                    for s in found
                ],
                "blocks": {name: _rates(r) for name, r in rates_by_block(found).items()},
            }
            self.stdout.write(json.dumps(printed, ensure_ascii=False))
            return
        for s in found:
            when = f"{timezone.localtime(s.submitted_at):%H:%M %d/%m/%Y}" if s.submitted_at else ""
            self.stdout.write(
                f"{s.unit.code:<12} {Standing(s.standing).label:<14} {when:<17} "
                f"{s.latest.number if s.latest else ''}"
            )
        self.stdout.write(
            _("%(parent)s, %(period)s: nhận %(received)s/%(expected)s, đúng hạn %(on_time)s.")
            % {
                "parent": parent.name,
                "period": found_period.label,
                "received": overall.received,
                "expected": overall.expected,
                "on_time": overall.on_time,
            }
        )


def _root() -> OrgUnit:
    roots = list(OrgUnit.objects.current().filter(parent__isnull=True)[:2])
    if len(roots) != 1:
        raise NotFound(_("Cần --unit: cây đơn vị có %(n)s gốc.") % {"n": len(roots)})
    return roots[0]


def _rates(found: Rates) -> dict:
    return {
        "expected": found.expected,
        "received": found.received,
        "on_time": found.on_time,
        "reporting_rate": found.reporting_rate,
        "on_time_rate": found.on_time_rate,
    }
