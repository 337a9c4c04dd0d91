"""The unit and the reporting period a command names: "sxd" or "Sở Xây dựng", and a period
code among those of the unit's plans."""

from django.utils.translation import gettext as _

from chiso.lib.periods import PeriodError, parse_period
from chiso.org.models import OrgUnit, in_subtree
from chiso.org.unit_matching import UnitNotFound, find_unit
from chiso.plans.models import Plan
from chiso.tracking.models import ReportingPeriod
from chiso.tracking.schedule import ensure_periods


class NotFound(ValueError):
    """No such unit or period: the message says what there is."""


def unit_named(text: str) -> OrgUnit:
    try:
        return find_unit(text)
    except UnitNotFound as error:
        raise NotFound(str(error)) from None


def unit_period(unit: OrgUnit, code: str) -> ReportingPeriod:
    """The period `code` names (chiso.lib.periods) among those of the unit's plans of its
    years: the plans it issued, else those in which it leads tasks."""
    try:
        wanted = parse_period(code)
    except PeriodError as error:
        raise NotFound(str(error)) from None
    years = list(range(wanted.start.year, wanted.end.year + 1))
    plans = list(Plan.objects.filter(issuer=unit, year__in=years))
    if not plans:
        leads = in_subtree(unit, "tasks__lead__path")
        plans = list(Plan.objects.filter(leads, year__in=years).distinct())
    written_years = "–".join(str(year) for year in sorted({years[0], years[-1]}))
    if not plans:
        raise NotFound(
            _("%(unit)s không có kế hoạch năm %(year)s.")
            % {"unit": unit.name, "year": written_years}
        )
    periods = [period for plan in plans for period in ensure_periods(plan)]
    found = next((p for p in periods if p.code == wanted.code), None)
    if found is None:
        codes = ", ".join(p.code for p in sorted(periods, key=lambda p: (p.data_to, p.data_from)))
        raise NotFound(
            _(
                "Không có kỳ báo cáo “%(code)s” trong kế hoạch năm %(year)s của %(unit)s; "
                "các kỳ: %(codes)s."
            )
            % {"code": wanted.code, "year": written_years, "unit": unit.name, "codes": codes}
        )
    found.plan = next(plan for plan in plans if plan.pk == found.plan_id)
    return found
