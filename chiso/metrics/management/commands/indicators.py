"""chiso indicators --unit UNIT --period P [--json]: the stored indicator values."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chiso.indicators.catalog import INDICATORS
from chiso.metrics.models import IndicatorValue
from chiso.metrics.periods import parse_period
from chiso.org.unit_matching import UnitNotFound, find_unit


class Command(BaseCommand):
    help = "Print the service indicators of a unit for a period (2025-03, 2025-Q1, 2025-H1, 2025)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit: its code or name")
        parser.add_argument("--period", required=True, help="2025-03, 2025-Q1, 2025-H1 or 2025")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, unit: str, period: str, as_json: bool, **options):
        try:
            found = find_unit(unit)
            wanted = parse_period(period)
        except (UnitNotFound, ValueError) as error:
            raise CommandError(str(error)) from None
        values = IndicatorValue.objects.filter(unit=found, period=wanted.code)
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
                    {"unit": found.code, "period": wanted.code, "values": rows},
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
        self.stdout.write(f"{found.name} · {wanted.code}")
        for row in rows:
            name = INDICATORS[row["indicator"]].name
            self.stdout.write(
                f"  {name}: {row['value']:.2f}% ({row['numerator']}/{row['denominator']})"
            )
