"""The sub-criteria chiso scores from its own data: each source's value for a unit and year,
read through the one rule of its domain, and the points the sub-criterion's rule gives it,
with the figures and the rule written out for the unit and the council to check.

- plan issued on time: `chiso.plans.issued_on_time`;
- share of the year's tasks done: the unit's task counts (`chiso.plans.tallies`), the tasks
  it and the units below it lead;
- reports sent on time: of the reporting periods of the year whose due date has passed and in
  which the unit owed progress, the share in which every report it owed was sent by the due
  date (until the submission tracking of reports exists);
- a service indicator: its value of the year (`IndicatorValue`);
- a survey result: the unit's index or component of the year's round (`SurveyIndex`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from chiso.metrics.models import IndicatorValue, PeriodKind
from chiso.org.models import OrgUnit
from chiso.plans.issued_on_time import Issued, plan_issue
from chiso.plans.tallies import unit_figures
from chiso.surveys.models import Level, SurveyIndex
from chiso.tracking.models import PeriodTally, ProgressUpdate, TaskRole

from .models import Rule, RuleKind, Source
from .rules import band_points, parse_bands, proportional_points
from .totals import hundredths


@dataclass(frozen=True)
class AutoValue:
    value: Decimal | None  # a percentage; None when there is none (yet)
    issued: Issued | None  # the plan's issue, for the source "plan issued on time"
    text: str  # the figures, as the pages show them


@dataclass(frozen=True)
class AutoScore:
    points: Decimal | None
    text: str  # the figures and the rule that gave the points


def auto_value(rule: Rule, unit: OrgUnit, year: int, today: datetime.date) -> AutoValue | None:
    """The value `rule`'s source gives `unit` in `year`; None for a rule without a source."""
    match rule.source:
        case Source.PLAN_ON_TIME:
            issue = plan_issue(unit, year, today)
            if issue.due is None:
                return AutoValue(None, None, _("Chưa có văn bản nào giao hạn ban hành kế hoạch."))
            if issue.plan is None:
                text = _("Hạn %(due)s; chưa ban hành kế hoạch năm %(year)s.")
            else:
                text = _("Hạn %(due)s; %(plan)s.")
            text %= {
                "due": f"{issue.due:%d/%m/%Y}",
                "year": year,
                "plan": issue.plan and issue.plan.reference,
            }
            return AutoValue(None, issue.state, text)
        case Source.TASKS_DONE:
            counts = unit_figures(unit, year, today).counts
            if not counts.total:
                return AutoValue(
                    None, None, _("Không có nhiệm vụ nào trong năm %(year)s.") % {"year": year}
                )
            value = hundredths(Decimal(100 * counts.done) / counts.total)
            text = _("%(done)s/%(total)s nhiệm vụ đã hoàn thành = %(value)s %%") % {
                "done": counts.done,
                "total": counts.total,
                "value": _shown(value),
            }
            return AutoValue(value, None, text)
        case Source.REPORTS_ON_TIME:
            return _reports_on_time(unit, year, today)
        case Source.INDICATOR:
            found = IndicatorValue.objects.filter(
                unit=unit, indicator=rule.source_code, kind=PeriodKind.YEAR, period=str(year)
            ).first()
            if found is None:
                return AutoValue(
                    None,
                    None,
                    _("Chưa có giá trị chỉ tiêu %(code)s năm %(year)s.")
                    % {"code": rule.source_label, "year": year},
                )
            text = _("%(code)s năm %(year)s: %(n)s/%(d)s = %(value)s %%") % {
                "code": rule.source_label,
                "year": year,
                "n": found.numerator,
                "d": found.denominator,
                "value": _shown(found.value),
            }
            return AutoValue(found.value, None, text)
        case Source.SURVEY:
            code = rule.source_code or "SIPAS"
            found = (
                SurveyIndex.objects.filter(
                    round__questionnaire__year=year, level=Level.UNIT, unit=unit, code=code
                )
                .order_by("-round__end")
                .first()
            )
            if found is None:
                return AutoValue(
                    None,
                    None,
                    _("Chưa có kết quả khảo sát %(code)s năm %(year)s.")
                    % {"code": code, "year": year},
                )
            text = _("%(code)s năm %(year)s: %(value)s %% (n = %(n)s)") % {
                "code": code,
                "year": year,
                "value": _shown(found.value),
                "n": found.n,
            }
            return AutoValue(found.value, None, text)
    return None


def auto_score(rule: Rule, maximum: Decimal, found: AutoValue) -> AutoScore:
    """The points `rule` gives value `found` (None: the unit scores it from the figures)."""
    if rule.kind == RuleKind.ON_TIME:
        if found.issued is None:
            return AutoScore(None, found.text)
        late = rule.late_points if rule.late_points is not None else maximum / 2
        points = {Issued.ON_TIME: maximum, Issued.LATE: late, Issued.NOT_ISSUED: Decimal(0)}[
            found.issued
        ]
        return AutoScore(points, f"{found.text} {found.issued.label} → {_shown(points)}")
    if found.value is None or rule.kind == RuleKind.MANUAL:
        return AutoScore(None, found.text)
    if rule.kind == RuleKind.PROPORTIONAL:
        points = proportional_points(maximum, found.value)
        rule_text = _("tỷ lệ: %(max)s × %(value)s %%") % {
            "max": _shown(maximum),
            "value": _shown(found.value),
        }
    else:
        points = band_points(parse_bands(rule.bands), found.value)
        rule_text = _("ngưỡng %(bands)s") % {"bands": rule.bands}
    if points is None:
        return AutoScore(None, f"{found.text}; {rule_text}: " + _("không ngưỡng nào khớp"))
    return AutoScore(points, f"{found.text}; {rule_text} → {_shown(points)}")


def _reports_on_time(unit: OrgUnit, year: int, today: datetime.date) -> AutoValue:
    units = OrgUnit.objects.subtree(unit)  # its tasks are often led by its divisions
    owed = PeriodTally.objects.filter(
        unit__in=units,
        role=TaskRole.LEAD,
        owed__gt=0,
        period__plan__year=year,
        period__due__lt=today,
    ).values("period_id", "owed", due=F("period__due"))
    periods: dict[int, tuple[datetime.date, int]] = {}
    for row in owed:
        due, count = periods.get(row["period_id"], (row["due"], 0))
        periods[row["period_id"]] = (due, count + row["owed"])
    if not periods:
        return AutoValue(
            None, None, _("Chưa có kỳ báo cáo nào đến hạn trong năm %(year)s.") % {"year": year}
        )
    sent = dict(
        ProgressUpdate.objects.filter(
            unit__in=units,
            period_id__in=list(periods),
            submitted_at__isnull=False,
            submitted_at__date__lte=F("period__due"),
        )
        .values_list("period_id")
        .annotate(n=Count("pk"))
    )
    on_time = sum(1 for pk, (_due, count) in periods.items() if sent.get(pk, 0) >= count)
    value = hundredths(Decimal(100 * on_time) / len(periods))
    text = _("%(on_time)s/%(periods)s kỳ báo cáo gửi đủ, đúng hạn = %(value)s %%") % {
        "on_time": on_time,
        "periods": len(periods),
        "value": _shown(value),
    }
    return AutoValue(value, None, text)


def _shown(value: Decimal) -> str:
    """A number as the interface's language writes it, without trailing zeros."""
    return number_format(Decimal(f"{value.normalize():f}"))
