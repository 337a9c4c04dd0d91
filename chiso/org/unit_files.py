"""Load and export the org tree as .csv or .xlsx (code, name, parent_code, kind, aliases,
peer_group), validated as a whole and saved in one transaction."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chiso.vietnamese.text import nfc, search_key

from .models import OrgUnit, PeerGroup, UnitKind

COLUMNS = ["code", "name", "parent_code", "kind", "aliases", "peer_group"]

# Header words accepted for each column, compared on accent-free keys.
HEADERS = {
    "code": {"code", "ma", "ma don vi", "ma dv"},
    "name": {"name", "ten", "ten don vi", "ten day du"},
    "parent_code": {"parent code", "parent", "ma cap tren", "ma don vi cap tren", "cap tren"},
    "kind": {"kind", "loai", "loai don vi"},
    "aliases": {"aliases", "ten khac", "ten viet tat", "viet tat", "ten goi khac"},
    "peer_group": {"peer group", "khoi", "khoi xep hang", "nhom"},
}

# Kind values accepted besides the codes themselves.
KIND_WORDS = {
    "tinh": UnitKind.PROVINCE,
    "ubnd tinh": UnitKind.PROVINCE,
    "so": UnitKind.DEPARTMENT,
    "so ban nganh": UnitKind.DEPARTMENT,
    "ban": UnitKind.DEPARTMENT,
    "nganh": UnitKind.DEPARTMENT,
    "huyen": UnitKind.DISTRICT,
    "ubnd huyen": UnitKind.DISTRICT,
    "xa": UnitKind.COMMUNE,
    "phuong": UnitKind.COMMUNE,
    "ubnd xa": UnitKind.COMMUNE,
    "ubnd phuong": UnitKind.COMMUNE,
    "ubnd xa phuong": UnitKind.COMMUNE,
    "phong": UnitKind.DIVISION,
    "don vi thuoc": UnitKind.DIVISION,
    "phong don vi thuoc": UnitKind.DIVISION,
    "ben ngoai": UnitKind.EXTERNAL,
    "to chuc ngoai": UnitKind.EXTERNAL,
    "co quan to chuc ngoai": UnitKind.EXTERNAL,
}
KIND_WORDS.update({search_key(kind.value): kind for kind in UnitKind})
KIND_WORDS.update({search_key(str(kind.label)): kind for kind in UnitKind})


class UnitFileError(Exception):
    """The file cannot be loaded; `errors` lists every problem found, each naming its row."""

    def __init__(self, path: Path, errors: list[str]):
        self.path = path
        self.errors = errors
        super().__init__(f"{path.name}: " + "; ".join(errors))


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    parent_code: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    peer_group: str = ""


@dataclass
class ImportResult:
    created: int
    updated: int


def read_table(path: Path) -> list[list[str]]:
    """Rows of cells as strings from a .csv (comma or semicolon) or .xlsx/.xls/.ods file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else "excel"
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        return [[_cell(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
    raise UnitFileError(path, [_("định dạng không hỗ trợ, cần .csv hoặc .xlsx")])


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)) if value is not None else ""


def parse_rows(path: Path, table: list[list[str]]) -> list[UnitRow]:
    """Typed rows from the table; raises UnitFileError listing every bad row."""
    if not table or not any(table[0]):
        raise UnitFileError(path, [_("tệp trống, cần dòng tiêu đề: %s") % ", ".join(COLUMNS)])
    columns = map_headers(path, table[0], HEADERS, required=("code", "name", "kind"))
    errors: list[str] = []
    rows: list[UnitRow] = []
    for number, values in table_rows(table, columns):
        kind = KIND_WORDS.get(search_key(values.get("kind", "")))
        if not values.get("code"):
            errors.append(_("dòng %d: thiếu mã đơn vị (code)") % number)
        if not values.get("name"):
            errors.append(_("dòng %d: thiếu tên đơn vị (name)") % number)
        if kind is None:
            errors.append(
                _("dòng %(row)d: loại đơn vị “%(kind)s” không hợp lệ, cần một trong: %(valid)s")
                % {
                    "row": number,
                    "kind": values.get("kind", ""),
                    "valid": ", ".join(UnitKind.values),
                }
            )
        aliases = [a.strip() for a in values.get("aliases", "").split(";") if a.strip()]
        rows.append(
            UnitRow(
                row=number,
                code=values.get("code", ""),
                name=values.get("name", ""),
                parent_code=values.get("parent_code", ""),
                kind=kind or "",
                aliases=aliases,
                peer_group=values.get("peer_group", ""),
            )
        )
    if errors:
        raise UnitFileError(path, errors)
    return rows


def map_headers(
    path: Path, header: list[str], headers: dict[str, set[str]], required: tuple[str, ...]
) -> dict[str, int]:
    """The position of each column, found by its header words (`headers`, accent-free)."""
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = search_key(title).replace("_", " ")
        for column, words in headers.items():
            if key in words and column not in columns:
                columns[column] = index
    missing = [col for col in required if col not in columns]
    if missing:
        raise UnitFileError(path, [_("dòng 1: thiếu cột %s") % ", ".join(missing)])
    return columns


def table_rows(
    table: list[list[str]], columns: dict[str, int]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, value of each column) for every row below the header that is not empty."""
    for number, cells in enumerate(table[1:], start=2):
        values = {col: nfc(cells[i]) if i < len(cells) else "" for col, i in columns.items()}
        if any(values.values()):
            yield number, values


def validate_tree(path: Path, rows: list[UnitRow]) -> list[UnitRow]:
    """Rows ordered parents first; raises on duplicate codes, unknown parents and cycles."""
    errors: list[str] = []
    by_code: dict[str, UnitRow] = {}
    for row in rows:
        if row.code in by_code:
            errors.append(
                _("dòng %(row)d: mã “%(code)s” trùng với dòng %(first)d")
                % {"row": row.row, "code": row.code, "first": by_code[row.code].row}
            )
        else:
            by_code[row.code] = row
    known = set(
        OrgUnit.objects.filter(code__in={r.parent_code for r in rows}).values_list(
            "code", flat=True
        )
    )
    for row in rows:
        if row.parent_code and row.parent_code not in by_code and row.parent_code not in known:
            errors.append(
                _("dòng %(row)d: đơn vị cấp trên “%(parent)s” không có trong tệp hay hệ thống")
                % {"row": row.row, "parent": row.parent_code}
            )
    ordered: list[UnitRow] = []
    state: dict[str, str] = {}

    def visit(row: UnitRow, trail: list[str]) -> None:
        if state.get(row.code) == "done":
            return
        if state.get(row.code) == "visiting":
            cycle = " → ".join([*trail[trail.index(row.code) :], row.code])
            errors.append(
                _("dòng %(row)d: vòng lặp cấp trên: %(cycle)s") % {"row": row.row, "cycle": cycle}
            )
            return
        state[row.code] = "visiting"
        parent = by_code.get(row.parent_code)
        if parent is not None:
            visit(parent, [*trail, row.code])
        state[row.code] = "done"
        ordered.append(row)

    for row in by_code.values():
        visit(row, [])
    if errors:
        raise UnitFileError(path, sorted(set(errors), key=errors.index))
    return ordered


def import_units(path: Path) -> ImportResult:
    """Create or update every unit of the file, or nothing at all."""
    path = Path(path)
    if not path.is_file():
        raise UnitFileError(path, [_("không tìm thấy tệp")])
    rows = validate_tree(path, parse_rows(path, read_table(path)))
    created = updated = 0
    with transaction.atomic():
        units = {u.code: u for u in OrgUnit.objects.filter(code__in=[r.code for r in rows])}
        groups: dict[str, PeerGroup] = {}
        for row in rows:
            unit = units.get(row.code) or OrgUnit(code=row.code)
            created += unit.pk is None
            updated += unit.pk is not None
            unit.name = row.name
            unit.kind = row.kind
            unit.aliases = row.aliases
            unit.parent = (
                units.get(row.parent_code) or OrgUnit.objects.get(code=row.parent_code)
                if row.parent_code
                else None
            )
            unit.peer_group = _peer_group(row.peer_group, groups) if row.peer_group else None
            unit.save()
            units[row.code] = unit
    return ImportResult(created=created, updated=updated)


def _peer_group(name: str, cache: dict[str, PeerGroup]) -> PeerGroup:
    code = slugify(search_key(name))[:40]
    if code not in cache:
        cache[code], _created = PeerGroup.objects.get_or_create(code=code, defaults={"name": name})
    return cache[code]


def export_units(path: Path, units=None) -> int:
    """Write the units (all by default) to .csv or .xlsx; returns the number of rows."""
    path = Path(path)
    units = (
        (units if units is not None else OrgUnit.objects.all())
        .select_related("parent", "peer_group")
        .order_by("path")
    )
    rows = [
        [
            u.code,
            u.name,
            u.parent.code if u.parent else "",
            u.kind,
            "; ".join(u.aliases),
            u.peer_group.name if u.peer_group else "",
        ]
        for u in units
    ]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
    elif path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = str(_("Đơn vị"))
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        raise UnitFileError(path, [_("định dạng không hỗ trợ, cần .csv hoặc .xlsx")])
    return len(rows)
