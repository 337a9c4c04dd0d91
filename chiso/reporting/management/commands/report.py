"""chiso report --unit UNIT --period 2025-H1 --out FILE.docx: write a unit's periodic report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.lib.periods import PeriodError, parse_period
from chiso.org.models import OrgUnit, in_subtree
from chiso.org.unit_matching import UnitNotFound, find_unit
from chiso.plans.models import Plan
from chiso.reporting.models import ReportFormat
from chiso.reporting.tasks import render_report
from chiso.tracking.models import ReportingPeriod
from chiso.tracking.schedule import ensure_periods


class Command(BaseCommand):
    help = "Write a unit's periodic report for a reporting period as .docx or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit: its code or name")
        parser.add_argument(
            "--period",
            required=True,
            help="a period of the unit's plans: 2025-Q1, 2025-H1, 2025-M9, 2025, 2025-03 or "
            "2025-01-15..2025-02-14",
        )
        parser.add_argument("--out", required=True, type=Path, help="FILE.docx or FILE.xlsx")

    def handle(self, *args, unit: str, period: str, out: Path, **options):
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ReportFormat.values:
            raise CommandError(_("Tệp “%s” phải có đuôi .docx hoặc .xlsx.") % out.name)
        found = _unit(unit)
        reporting_period = _period(found, period.strip())
        self.stderr.write(
            _("Đang tạo báo cáo của %(unit)s, %(period)s (%(code)s)…")
            % {"unit": found.name, "period": reporting_period.label, "code": reporting_period.code}
        )
        content = render_report(found, reporting_period, fmt, timezone.localdate())
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Không ghi được tệp “%(path)s”: %(error)s")
                % {"path": out, "error": error.strerror}
            ) from None
        self.stdout.write(_("Đã ghi %s") % out)


def _unit(text: str) -> OrgUnit:
    try:
        return find_unit(text)
    except UnitNotFound as error:
        raise CommandError(str(error)) from None


def _period(unit: OrgUnit, code: str) -> ReportingPeriod:
    """The period `code` names (chiso.lib.periods) among those of the unit's plans of its
    years: the plans it issued, else those in which it leads tasks."""
    try:
        wanted = parse_period(code)
    except PeriodError as error:
        raise CommandError(str(error)) from None
    years = list(range(wanted.start.year, wanted.end.year + 1))
    plans = list(Plan.objects.filter(issuer=unit, year__in=years))
    if not plans:
        leads = in_subtree(unit, "tasks__lead__path")
        plans = list(Plan.objects.filter(leads, year__in=years).distinct())
    written_years = "–".join(str(year) for year in sorted({years[0], years[-1]}))
    if not plans:
        raise CommandError(
            _("%(unit)s không có kế hoạch năm %(year)s.")
            % {"unit": unit.name, "year": written_years}
        )
    periods = [period for plan in plans for period in ensure_periods(plan)]
    found = next((p for p in periods if p.code == wanted.code), None)
    if found is None:
        codes = ", ".join(p.code for p in sorted(periods, key=lambda p: (p.data_to, p.data_from)))
        raise CommandError(
            _(
                "Không có kỳ báo cáo “%(code)s” trong kế hoạch năm %(year)s của %(unit)s; "
                "các kỳ: %(codes)s."
            )
            % {"code": wanted.code, "year": written_years, "unit": unit.name, "codes": codes}
        )
    found.plan = next(plan for plan in plans if plan.pk == found.plan_id)
    return found
