"""The columns of a dossier or feedback export, found by their header or a mapping file.

Headers are compared by their accent-free key (`chiso.vietnamese.text.search_key`), so
"Ngày tiếp nhận", "NGAY TIEP NHAN" and "ngay_tiep_nhan" are the same column.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.indicators.catalog import Source
from chiso.vietnamese.text import search_key

TEXT, UNIT, DATE, CHANNEL, FLAG = "text", "unit", "date", "channel", "flag"


@dataclass(frozen=True)
class Column:
    field: str  # the name in the stored records
    header: str  # as the province's dossier system writes it
    kind: str
    required: bool
    aliases: tuple[str, ...] = ()
    expected: StrPromise | str = ""


_DATE = gettext_lazy("ngày dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc yyyy-mm-dd")
_FLAG = gettext_lazy("có/không, x/để trống, 1/0 hoặc true/false")

COLUMNS: dict[str, tuple[Column, ...]] = {
    Source.DOSSIERS: (
        Column("code", "Mã hồ sơ", TEXT, True, ("Số hồ sơ", "Ma HS", "Mã HS")),
        Column("unit", "Đơn vị", UNIT, True, ("Đơn vị xử lý", "Cơ quan", "Đơn vị tiếp nhận")),
        Column("procedure", "Thủ tục", TEXT, True, ("Tên thủ tục", "Thủ tục hành chính", "TTHC")),
        Column("received", "Ngày tiếp nhận", DATE, True, ("Ngày nhận",), _DATE),
        Column("due", "Hạn xử lý", DATE, True, ("Ngày hẹn trả", "Hạn giải quyết"), _DATE),
        Column("finished", "Ngày hoàn thành", DATE, False, ("Ngày có kết quả",), _DATE),
        Column("returned", "Ngày trả kết quả", DATE, False, ("Ngày trả",), _DATE),
        Column(
            "channel",
            "Kênh nộp",
            CHANNEL,
            False,
            ("Hình thức nộp", "Kênh tiếp nhận"),
            gettext_lazy("trực tiếp, bưu chính, trực tuyến một phần hoặc trực tuyến toàn trình"),
        ),
        Column("digitised", "Số hóa", FLAG, False, ("Số hoá", "Đã số hóa"), _FLAG),
        Column("fee", "Có phí", FLAG, False, ("Thu phí", "Có thu phí"), _FLAG),
        Column("paid_online", "Thanh toán trực tuyến", FLAG, False, ("Thanh toán TT",), _FLAG),
        Column("apology", "Thư xin lỗi", FLAG, False, ("Văn bản xin lỗi", "Xin lỗi"), _FLAG),
    ),
    Source.FEEDBACK: (
        Column("code", "Mã PAKN", TEXT, True, ("Mã phản ánh", "Mã phản ánh kiến nghị", "Mã")),
        Column("unit", "Đơn vị", UNIT, True, ("Đơn vị xử lý", "Cơ quan")),
        Column("received", "Ngày tiếp nhận", DATE, True, ("Ngày nhận",), _DATE),
        Column("due", "Hạn xử lý", DATE, True, ("Hạn trả lời",), _DATE),
        Column("answered", "Ngày trả lời", DATE, False, ("Ngày xử lý", "Ngày hoàn thành"), _DATE),
    ),
}

CHANNELS = {
    "truc tiep": "direct",
    "buu chinh": "post",
    "truc tuyen mot phan": "online_partial",
    "truc tuyen toan trinh": "online_full",
}
TRUE_WORDS = {"co", "x", "1", "true", "yes"}
FALSE_WORDS = {"khong", "0", "false", "no", ""}


class HeaderError(ValueError):
    """The file's header row lacks a required column, or a mapping names a missing one."""


def find_columns(
    kind: str, headers: list[str], mapping: dict[str, str] | None = None
) -> dict[str, int]:
    """Field → position of its column in `headers`; optional columns may be missing."""
    positions = {search_key(h): i for i, h in reversed(list(enumerate(headers))) if h}
    found: dict[str, int] = {}
    for column in COLUMNS[kind]:
        names = [mapping[column.field]] if mapping and column.field in mapping else None
        names = names or [column.header, *column.aliases, column.field]
        for name in names:
            if search_key(name) in positions:
                found[column.field] = positions[search_key(name)]
                break
        else:
            if mapping and column.field in mapping:
                raise HeaderError(
                    _("Tệp ánh xạ chỉ cột “%(name)s” cho %(field)s nhưng tệp không có cột này.")
                    % {"name": mapping[column.field], "field": column.header}
                )
    missing = [c.header for c in COLUMNS[kind] if c.required and c.field not in found]
    if missing:
        raise HeaderError(
            _("Thiếu cột bắt buộc: %(missing)s. Dòng tiêu đề của tệp có: %(headers)s.")
            % {
                "missing": ", ".join(missing),
                "headers": ", ".join(h for h in headers if h)[:300] or _("(trống)"),
            }
        )
    return found


def read_mapping(path: Path) -> dict[str, str]:
    return parse_mapping(path.read_bytes(), path.name)


def parse_mapping(data: bytes, name: str) -> dict[str, str]:
    """A mapping file named `name`: JSON `{"code": "Số hồ sơ", …}`, or CSV rows
    `field,header`. Fields may be written as our names (`received`) or our headers
    (`Ngày tiếp nhận`)."""
    try:
        text = data.decode("utf-8-sig")
        is_json = name.lower().endswith(".json")
        raw = json.loads(text) if is_json else dict(csv.reader(text.splitlines()))
    except UnicodeDecodeError as error:
        raise HeaderError(
            _("Tệp ánh xạ “%(name)s” không phải văn bản UTF-8.") % {"name": name}
        ) from error
    except (ValueError, TypeError) as error:
        raise HeaderError(
            _("Tệp ánh xạ %(name)s không đọc được: %(error)s") % {"name": name, "error": error}
        ) from error
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise HeaderError(
            _("Tệp ánh xạ %(name)s phải là các cặp “trường: tiêu đề cột”.") % {"name": name}
        )
    fields = {}
    for kind_columns in COLUMNS.values():
        for column in kind_columns:
            fields[search_key(column.field)] = column.field
            fields[search_key(column.header)] = column.field
    mapping = {}
    for key, header in raw.items():
        field = fields.get(search_key(str(key)))
        if field is None:
            raise HeaderError(
                _("Tệp ánh xạ %(name)s: không biết trường “%(key)s”.") % {"name": name, "key": key}
            )
        mapping[field] = header
    return mapping


def literal(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"
