"""The dossier lists of a unit as Excel workbooks, with the columns their pages show."""

from django.utils.translation import gettext as _

from chiso.lib.periods import Period
from chiso.lib.xlsx import table_response
from chiso.org.models import OrgUnit

from .queries import LateDossier, ProcedureRow


def late_dossiers(unit: OrgUnit, period: Period, rows: list[LateDossier]):
    headers = [
        _("Mã hồ sơ"),
        _("Đơn vị"),
        _("Thủ tục"),
        _("Tiếp nhận"),
        _("Hạn xử lý"),
        _("Hoàn thành"),
        _("Trễ (ngày)"),
    ]
    title = _("Hồ sơ trễ hạn chưa có thư xin lỗi — %(unit)s, %(period)s") % {
        "unit": unit.name,
        "period": period.label,
    }
    values = (
        (d.code, d.unit, d.procedure, d.received, d.due, d.finished, d.days_late) for d in rows
    )
    return table_response(f"ho-so-tre-han-{unit.code}-{period.code}", title, headers, values)


def procedures(unit: OrgUnit, period: Period, rows: list[ProcedureRow]):
    indicators = [m.indicator for m in rows[0].measures] if rows else []
    headers = [_("Thủ tục"), _("Tiếp nhận"), _("Hoàn thành")]
    for indicator in indicators:
        headers += [f"{indicator.name} (%)", _("Đạt"), _("Tính")]
    title = _("Chỉ tiêu theo thủ tục — %(unit)s, %(period)s") % {
        "unit": unit.name,
        "period": period.label,
    }
    values = (
        [
            row.procedure,
            row.received,
            row.finished,
            *(v for m in row.measures for v in (m.value, m.numerator, m.denominator)),
        ]
        for row in rows
    )
    return table_response(f"thu-tuc-{unit.code}-{period.code}", title, headers, values)
