"""chiso indicators --unit UNIT --period P [--json]: a unit's indicator values for a period;
`2025-M9` or a range of whole months is summed from the months' stored values."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.indicators.catalog import INDICATORS
from chiso.lib.periods import PeriodError, parse_period
from chiso.metrics.unit_values import period_values
from chiso.org.unit_matching import UnitNotFound, find_unit


class Command(BaseCommand):
    help = "Print the service indicators of a unit for a period (2025-Q1, 2025-M9, 2025-03, …)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit: its code or name")
        parser.add_argument(
            "--period",
            required=True,
            help="2025-Q1…Q4, 2025-H1/H2, 2025-M9, 2025, 2025-03 or 2025-01-01..2025-02-28",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, unit: str, period: str, as_json: bool, **options):
        try:
            found = find_unit(unit)
            wanted = parse_period(period)
            values = period_values(found, wanted).values()
        except (UnitNotFound, PeriodError) as error:
            raise CommandError(str(error)) from None
        rows = [
            {
                "unit": found.code,
                "period": v.period,
                "indicator": v.indicator,
                "numerator": v.numerator,
                "denominator": v.denominator,
                "value": float(v.value),
            }
            for v in sorted(values, key=lambda v: list(INDICATORS).index(v.indicator))
        ]
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "unit": found.code,
                        "period": wanted.code,
                        "label": wanted.label,
                        "values": rows,
                    },
                    ensure_ascii=False,
                )
            )
            return
        if not rows:
            self.stdout.write(
                _("%(unit)s chưa có số liệu chỉ tiêu kỳ %(period)s.")
                % {"unit": found.name, "period": wanted.code}
            )
            return
        self.stdout.write(f"{found.name} · {wanted.label} ({wanted.code})")
        for row in rows:
            name = INDICATORS[row["indicator"]].name
            self.stdout.write(
                f"  {name}: {row['value']:.2f}% ({row['numerator']}/{row['denominator']})"
            )
