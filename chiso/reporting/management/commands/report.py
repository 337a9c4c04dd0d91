"""chiso report --unit UNIT --period 2025-Q2 --out FILE.docx: write a unit's periodic report."""

import datetime
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.org.models import OrgUnit, in_subtree
from chiso.org.unit_matching import UnitNotFound, find_unit
from chiso.plans.models import Plan
from chiso.reporting.models import ReportFormat
from chiso.reporting.tasks import render_report
from chiso.tracking.models import ReportingPeriod
from chiso.tracking.schedule import ensure_periods

_YEAR = re.compile(r"^(\d{4})\b")
# Where a standard code's data window ends: "2025-Q2" is the six-month report, "2025-Q4" the
# year's, since chiso's standard periods are cumulative (Q1, H1, Q3, Y).
_ENDS = {"Q1": (3, 31), "Q2": (6, 30), "H1": (6, 30), "Q3": (9, 30), "Q4": (12, 31), "Y": (12, 31)}


class Command(BaseCommand):
    help = "Write a unit's periodic report for a reporting period as .docx or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit: its code or name")
        parser.add_argument(
            "--period", required=True, help="period code of the unit's plans: 2025-Q2, 2025-H1…"
        )
        parser.add_argument("--out", required=True, type=Path, help="FILE.docx or FILE.xlsx")

    def handle(self, *args, unit: str, period: str, out: Path, **options):
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ReportFormat.values:
            raise CommandError(_("Tệp “%s” phải có đuôi .docx hoặc .xlsx.") % out.name)
        found = _unit(unit)
        reporting_period = _period(found, period.strip())
        self.stderr.write(
            _("Đang tạo báo cáo của %(unit)s, %(period)s…")
            % {"unit": found.name, "period": reporting_period.label}
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
    """The period with this code in the unit's plans of its year (those it issued, else
    those in which it leads tasks); a standard code also names the period ending when it
    ends."""
    year = _YEAR.match(code)
    if year is None:
        raise CommandError(_("Mã kỳ “%s” không đúng; ví dụ 2025-Q2, 2025-H1, 2025-Y.") % code)
    plans = list(Plan.objects.filter(issuer=unit, year=int(year[1])))
    if not plans:
        leads = in_subtree(unit, "tasks__lead__path")
        plans = list(Plan.objects.filter(leads, year=int(year[1])).distinct())
    if not plans:
        raise CommandError(
            _("%(unit)s không có kế hoạch năm %(year)s.") % {"unit": unit.name, "year": year[1]}
        )
    periods = [period for plan in plans for period in ensure_periods(plan)]
    end = _end(code, int(year[1]))
    found = next((p for p in periods if p.code.upper() == code.upper()), None) or next(
        (p for p in periods if p.data_to == end), None
    )
    if found is None:
        codes = ", ".join(sorted({p.code for p in periods}))
        raise CommandError(
            _(
                "Không có kỳ báo cáo “%(code)s” trong kế hoạch năm %(year)s của %(unit)s; "
                "các kỳ: %(codes)s."
            )
            % {"code": code, "year": year[1], "unit": unit.name, "codes": codes}
        )
    found.plan = next(plan for plan in plans if plan.pk == found.plan_id)
    return found


def _end(code: str, year: int) -> datetime.date | None:
    month_day = _ENDS.get(code[5:].upper())
    return datetime.date(year, *month_day) if month_day else None
