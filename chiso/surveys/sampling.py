"""The target sample of a unit in a round: entered, or n = N / (1 + N·e²) (Yamane), N being
the unit's dossiers received in the round's period and e the round's margin of error."""

import math
from decimal import Decimal

from django.db import transaction

from chiso.lib.periods import PeriodError, parse_period
from chiso.metrics.unit_values import period_values

from .models import RoundUnit, SurveyRound

RECEIVED = "online_full_process"  # the indicator whose denominator is the dossiers received
FORMULA = "n = N / (1 + N·e²)"


def sample_size(population: int, margin: Decimal | float) -> int:
    """The sample for `population` at margin `margin` (0.05 for 5 %), rounded up."""
    if population <= 0:
        return 0
    e = float(margin)
    return math.ceil(population / (1 + population * e * e))


def dossiers_received(round_unit: RoundUnit) -> int | None:
    """N: the unit's dossiers received in the round's period (None without dossier data)."""
    try:
        period = parse_period(round_unit.round.period)
    except PeriodError:
        return None
    value = period_values(round_unit.unit, period).get(RECEIVED)
    return value.denominator if value else None


@transaction.atomic
def compute_targets(round: SurveyRound) -> tuple[int, int]:
    """Set the target of every unit of `round` whose target is not entered by hand from its
    dossiers; returns (units computed, units without dossier data)."""
    computed = missing = 0
    for round_unit in round.units.select_related("unit", "round"):
        if round_unit.target is not None and not round_unit.target_computed:
            continue  # entered by hand
        population = dossiers_received(round_unit)
        if population is None:
            missing += 1
            round_unit.population = None
            round_unit.target = None
            round_unit.target_computed = False
        else:
            computed += 1
            round_unit.population = population
            round_unit.target = sample_size(population, round.margin)
            round_unit.target_computed = True
        round_unit.save(update_fields=["population", "target", "target_computed"])
    return computed, missing
