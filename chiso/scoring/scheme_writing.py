"""Write a framework and its scheme as the workbook `scheme_file` reads: the same sheets,
labels and headers, each word as its label, so that an officer edits it and loads it again."""

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from chiso.frameworks.models import Framework
from chiso.org.models import OrgUnit, UnitKind
from chiso.org.unit_keys import unit_keys
from chiso.vietnamese.text import search_key

from .models import Part, Rule, RuleKind, Scheme, Source
from .scheme_reading import COLUMNS, GRADE_COLUMNS, INFO_ROWS, SHEETS

WIDTHS = {"code": 12, "name": 60, "part": 20, "kind": 24, "source": 30, "bands": 36}
# Offered in a drop-down, not enforced: the reader also takes short words ("ngưỡng").
LISTS = {"part": Part, "kind": RuleKind, "source": Source}


def write_scheme(framework: Framework, path: Path | str) -> Path:
    """Write `framework` (its scheme and rules, when it has them) to workbook `path`."""
    path = Path(path)
    scheme = Scheme.objects.filter(framework=framework).first()
    book = Workbook()
    info = book.active
    info.title = SHEETS["info"]
    kinds = "; ".join(str(UnitKind(kind).label) for kind in (scheme.unit_kinds if scheme else []))
    for key, value in (
        ("code", framework.code),
        ("name", framework.name),
        ("year", framework.year),
        ("max", _number(framework.max_points)),
        ("units", kinds),
        ("basis", framework.legal_basis),
    ):
        info.append([INFO_ROWS[key], value])
        info.cell(info.max_row, 1).font = Font(bold=True)
    _widths(info, [22, 70])

    criteria = book.create_sheet(SHEETS["criteria"])
    _header(criteria, list(COLUMNS.values()))
    components = list(framework.components.select_related("rule").order_by("order"))
    parents = {component.parent_id for component in components}
    rules = [getattr(c, "rule", None) for c in components if c.pk not in parents]
    names = _unit_names([code for rule in rules if rule for code in rule.not_for_units])
    for component in components:
        rule = getattr(component, "rule", None) if component.pk not in parents else None
        criteria.append(
            [component.code, component.name, _number(component.max_points)]
            + (_rule_cells(rule, names) if rule else [])
        )
        criteria.cell(criteria.max_row, 1).number_format = "@"  # "1.10" stays text
    _widths(criteria, [WIDTHS.get(key, 16) for key in COLUMNS])
    for key, choices in LISTS.items():
        column = get_column_letter(list(COLUMNS).index(key) + 1)
        labels = ",".join(str(label) for value, label in choices.choices if value)
        offered = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
        offered.showErrorMessage = False
        offered.add(f"{column}2:{column}{max(criteria.max_row, 2) + 200}")
        criteria.add_data_validation(offered)

    grades = book.create_sheet(SHEETS["grades"])
    _header(grades, list(GRADE_COLUMNS.values()))
    for name, low in scheme.bands if scheme else []:
        grades.append([name, _number(Decimal(low))])
    _widths(grades, [20, 10])
    book.save(path)
    return path


def _rule_cells(rule: Rule, names: dict[str, str]) -> list:
    """A leaf's cells after its maximum, in the order of COLUMNS."""
    not_for = [str(UnitKind(kind).label) for kind in rule.not_for_kinds]
    not_for += [names.get(code, code) for code in rule.not_for_units]
    return [
        rule.get_part_display(),
        rule.get_kind_display(),
        rule.get_source_display() if rule.source else "",
        rule.source_code,
        rule.bands,
        _number(rule.late_points) if rule.kind == RuleKind.ON_TIME else None,
        "; ".join(not_for),
    ]


def _unit_names(codes: list[str]) -> dict[str, str]:
    """The name (else the short name) each unit is written by, when it finds that unit back;
    a unit not in the map is written by its code."""
    if not codes:
        return {}
    keys = unit_keys()
    names = {}
    for unit in OrgUnit.objects.filter(code__in=codes):
        for text in (unit.name, unit.short_name):
            if text and keys.get(search_key(text)) == unit.code:
                names[unit.code] = text
                break
    return names


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _header(sheet: Worksheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
