"""The province dashboard's tables as Excel workbooks, with the columns on screen: the heatmap
table (every unit of the kind, not one page) and the units that have not reported."""

from django.utils.translation import gettext as _

from chiso.lib.xlsx import table_response
from chiso.org.models import OrgUnit

from .dashboards import Heatmap, Reporting


def heatmap_table(root: OrgUnit, year: int, kind_label: str, heat: Heatmap):
    headers = [_("Đơn vị"), *(f.code for f in heat.fields), _("Tổng"), _("Quá hạn")]
    rows = (
        [
            unit.display_name,
            *((cell.label if (cell := heat.cell(unit.pk, f.code)) else "—") for f in heat.fields),
            total.label if total else "—",
            total.late if total else 0,
        ]
        for unit in heat.units
        for total in [heat.totals.get(unit.pk)]
    )
    title = _("Mức hoàn thành theo đơn vị và lĩnh vực — %(kind)s, năm %(year)d") % {
        "kind": kind_label,
        "year": year,
    }
    return table_response(f"ban-do-nhiet-{root.code}-{year}", title, headers, rows)


def missing_table(root: OrgUnit, year: int, reporting: Reporting, missing: list):
    headers = [_("Đơn vị"), _("Nhiệm vụ phải báo cáo"), _("Chưa gửi")]
    rows = ((unit.display_name, owed, unsent) for unit, owed, unsent in missing)
    period = reporting.period.label if reporting.period else str(year)
    title = _("Chưa báo cáo kỳ này — %s") % period
    return table_response(f"chua-bao-cao-{root.code}-{year}", title, headers, rows)
