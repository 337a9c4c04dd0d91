"""Reorganisations from a .csv/.xlsx file, one change a row: every row is checked, in file
order, against the tree as the rows before it leave it, and the file is applied whole in
one transaction, or not at all. The actions themselves (`chiso.org.actions`) hold the rules.

Columns: date, kind, units, into, new_parent, new_name, new_kind, legal_basis, note
(Vietnamese headers too). Codes are separated by `;`. A code in `into` that is not in the
tree is a new unit, named by `new_name` (one name per new code, in order), of `new_kind`,
under `new_parent` (both default to the first ended unit's).
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chiso.vietnamese.dates import find_dates
from chiso.vietnamese.text import search_key

from . import actions
from .models import ChangeKind, OrgUnit
from .unit_files import KIND_WORDS as UNIT_KINDS
from .unit_files import UnitFileError, map_headers, read_table, table_rows

COLUMNS = [
    "date",
    "kind",
    "units",
    "into",
    "new_parent",
    "new_name",
    "new_kind",
    "legal_basis",
    "note",
]

# Header words accepted for each column, compared on accent-free keys.
HEADERS = {
    "date": {"date", "ngay", "ngay hieu luc", "ngay thay doi"},
    "kind": {"kind", "change", "loai", "loai thay doi", "hinh thuc", "hinh thuc sap xep"},
    "units": {"units", "unit", "don vi", "ma don vi", "don vi thay doi", "don vi sap xep"},
    "into": {
        "into",
        "successor",
        "successors",
        "don vi ke thua",
        "ma don vi ke thua",
        "ke thua",
        "vao",
        "thanh",
    },
    "new_parent": {"new parent", "cap tren moi", "ma cap tren moi", "don vi cap tren moi"},
    "new_name": {"new name", "ten moi", "ten don vi moi"},
    "new_kind": {"new kind", "loai don vi moi", "loai don vi"},
    "legal_basis": {"legal basis", "can cu", "can cu phap ly", "van ban"},
    "note": {"note", "ghi chu"},
}

# Kinds of change accepted besides their codes and labels; "end" is the action's name.
KIND_WORDS = {
    "end": ChangeKind.ABOLISH,
    "di chuyen": ChangeKind.MOVE,
    "chuyen": ChangeKind.MOVE,
    "dieu chuyen": ChangeKind.MOVE,
    "doi ten": ChangeKind.RENAME,
    "hop nhat": ChangeKind.MERGE,
    "sap nhap": ChangeKind.MERGE,
    "chia tach": ChangeKind.SPLIT,
    "chia": ChangeKind.SPLIT,
    "tach": ChangeKind.SPLIT,
    "giai the": ChangeKind.ABOLISH,
    "ket thuc": ChangeKind.ABOLISH,
    "ket thuc hoat dong": ChangeKind.ABOLISH,
}
# A unit is created as the successor of a change, never by a row of its own.
FILE_KINDS = [kind for kind in ChangeKind if kind != ChangeKind.CREATE]
KIND_WORDS.update({search_key(kind.value): kind for kind in FILE_KINDS})
KIND_WORDS.update({search_key(str(kind.label)): kind for kind in FILE_KINDS})
WRITTEN_KINDS = (
    "move, rename, merge, split, end; di chuyển, đổi tên, hợp nhất, sáp nhập, chia tách, giải thể"
)

_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?")


@dataclass(frozen=True)
class ChangeRow:
    """One row of the file, typed."""

    row: int
    date: datetime.date
    kind: str
    units: tuple[str, ...]
    into: tuple[str, ...] = ()
    new_parent: str = ""
    new_names: tuple[str, ...] = ()
    new_kind: str = ""
    legal_basis: str = ""
    note: str = ""


def reorganise(path: Path, *, dry_run: bool = False) -> actions.Reorganisation:
    """Apply every row of the file in one transaction; UnitFileError, listing every bad row
    with its column, and nothing saved when any row is refused. `dry_run` only checks."""
    path = Path(path)
    if not path.is_file():
        raise UnitFileError(path, [_("không tìm thấy tệp")])
    table = read_table(path)
    rows, columns = parse_changes(path, table)
    errors: list[str] = []
    done = actions.Reorganisation()
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():
                    for outcome in _apply(row):
                        done.add(outcome)
            except ValidationError as error:
                errors += _located(row.row, error, columns)
        if errors or dry_run:
            transaction.set_rollback(True)
    if errors:
        raise UnitFileError(path, errors)
    return done


def parse_changes(path: Path, table: list[list[str]]) -> tuple[list[ChangeRow], dict[str, str]]:
    """Typed rows, and each column's header as the file writes it; raises UnitFileError
    listing every row that cannot be read."""
    if not table or not any(table[0]):
        raise UnitFileError(path, [_("tệp trống, cần dòng tiêu đề: %s") % ", ".join(COLUMNS)])
    positions = map_headers(path, table[0], HEADERS, required=("date", "kind", "units"))
    columns = {column: table[0][index] for column, index in positions.items()}
    rows, errors = [], []
    for number, values in table_rows(table, positions):
        try:
            rows.append(_row(number, values))
        except ValidationError as error:
            errors += _located(number, error, columns)
    if errors:
        raise UnitFileError(path, errors)
    return rows, columns


def _row(number: int, values: dict[str, str]) -> ChangeRow:
    problems: dict[str, str] = {}
    date = _date(values.get("date", ""))
    if date is None:
        problems["date"] = _("“%s” không phải ngày dd/mm/yyyy") % values.get("date", "")
    kind = KIND_WORDS.get(search_key(values.get("kind", "")))
    if kind is None:
        problems["kind"] = _("loại thay đổi “%(kind)s” không hợp lệ, cần một trong: %(valid)s") % {
            "kind": values.get("kind", ""),
            "valid": WRITTEN_KINDS,
        }
    new_kind = values.get("new_kind", "")
    if new_kind and search_key(new_kind) not in UNIT_KINDS:
        problems["new_kind"] = _("loại đơn vị “%s” không hợp lệ") % new_kind
    row = ChangeRow(
        row=number,
        date=date or datetime.date.min,
        kind=kind or "",
        units=_codes(values.get("units", "")),
        into=_codes(values.get("into", "")),
        new_parent=values.get("new_parent", "").strip(),
        new_names=tuple(n.strip() for n in values.get("new_name", "").split(";") if n.strip()),
        new_kind=UNIT_KINDS.get(search_key(new_kind), ""),
        legal_basis=values.get("legal_basis", "").strip(),
        note=values.get("note", "").strip(),
    )
    if kind:
        problems.update(_shape(row))
    if problems:
        raise ValidationError(problems)
    return row


def _shape(row: ChangeRow) -> dict[str, str]:
    """What a row of its kind must fill in."""
    one, many = len(row.units) == 1, len(row.units) > 1
    if not row.units:
        return {"units": _("cần mã đơn vị")}
    if row.kind == ChangeKind.MOVE and not row.new_parent:
        return {"new_parent": _("cần mã đơn vị cấp trên mới")}
    if row.kind == ChangeKind.RENAME and many:
        return {"units": _("đổi tên từng đơn vị một")}
    if row.kind == ChangeKind.RENAME and len(row.new_names) != 1:
        return {"new_name": _("cần một tên mới")}
    if row.kind == ChangeKind.MERGE and len(row.into) != 1:
        return {"into": _("hợp nhất, sáp nhập vào đúng một đơn vị")}
    if row.kind == ChangeKind.SPLIT and not one:
        return {"units": _("chia tách từng đơn vị một")}
    if row.kind == ChangeKind.SPLIT and len(row.into) < 2:
        return {"into": _("chia tách cần ít nhất hai đơn vị kế thừa")}
    if row.kind == ChangeKind.ABOLISH and len(row.into) > 1:
        return {"into": _("giải thể có nhiều nhất một đơn vị kế thừa; chia cho nhiều: chia tách")}
    return {}


def _apply(row: ChangeRow) -> list[actions.Outcome]:
    basis = {"date": row.date, "legal_basis": row.legal_basis, "note": row.note}
    units = [_unit(code, "units") for code in row.units]
    if row.kind == ChangeKind.MOVE:
        parent = _unit(row.new_parent, "new_parent")
        return [actions.move(unit, parent, **basis) for unit in units]
    if row.kind == ChangeKind.RENAME:
        return [actions.rename(units[0], row.new_names[0], **basis)]
    successors = _successors(row)
    if row.kind == ChangeKind.MERGE:
        return [actions.merge(units, successors[0], **basis)]
    if row.kind == ChangeKind.SPLIT:
        return [actions.split(units[0], successors, **basis)]
    outcomes = []
    successor = successors[0] if successors else None
    for unit in units:
        outcomes.append(actions.end(unit, successor=successor, **basis))
        successor = outcomes[-1].created[0] if outcomes[-1].created else successor
    return outcomes


def _successors(row: ChangeRow) -> list["OrgUnit | actions.NewUnit"]:
    found = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=row.into)}
    new = [code for code in row.into if code not in found]
    if len(new) > len(row.new_names):
        message = _(
            "mã %(codes)s chưa có trong cây tổ chức: nếu là đơn vị mới, ghi tên mỗi đơn vị "
            "mới ở cột tên mới, cách nhau bởi dấu ;"
        )
        raise ValidationError({"into": message % {"codes": ", ".join(new)}})
    if len(new) < len(row.new_names):
        message = _(
            "%(names)d tên cho %(codes)d đơn vị mới (mã chưa có trong cây tổ chức): "
            "mỗi tên một mã mới, theo thứ tự"
        )
        raise ValidationError(
            {"new_name": message % {"names": len(row.new_names), "codes": len(new)}}
        )
    parent = _unit(row.new_parent, "new_parent") if row.new_parent else None
    names = dict(zip(new, row.new_names, strict=True))
    return [
        found.get(code) or actions.NewUnit(code, names[code], row.new_kind, parent)
        for code in row.into
    ]


def _unit(code: str, column: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationError({column: _("không có đơn vị mã “%s”") % code})
    return unit


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in text.split(";") if code.strip())


def _date(text: str) -> datetime.date | None:
    """A cell holding one date and nothing else: dd/mm/yyyy (Excel's ISO too)."""
    text = text.strip()
    iso = _ISO.fullmatch(text)
    if iso:
        try:
            return datetime.date.fromisoformat(iso[1])
        except ValueError:
            return None
    dates = find_dates(text)
    return dates[0].date if len(dates) == 1 and dates[0].text == text else None


def _located(number: int, error: ValidationError, columns: dict[str, str]) -> list[str]:
    """Each message of `error` prefixed with its row and column (as the file names it)."""
    found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    located = []
    for where, messages in found.items():
        for message in messages:
            names = {"row": number, "column": columns.get(where, where), "message": message}
            located.append(
                _("dòng %(row)d, cột “%(column)s”: %(message)s") % names
                if where
                else _("dòng %(row)d: %(message)s") % names
            )
    return located
