"""The settings sheet of an XLSForm workbook: title, form id and version as XLSForm has them,
and chiso's own year, survey kind and index, with the fallbacks a form built in Kobo needs."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import SurveyKind
from .parsed_form import CellError
from .xlsform_sheets import Sheet

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The index code of a file that names none and whose rating codes share no prefix.
INDEX_CODES = {SurveyKind.SIPAS: "SIPAS", SurveyKind.OFFICIALS: "KSLD"}
_FORM_ID = re.compile(r"[-A-Za-z0-9_]+")
_YEAR_IN_VERSION = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_LIMITS = {"form_title": 255, "version": 40, "index_code": 20, "index_name": 255}


@dataclass(frozen=True)
class FormSettings:
    title: str
    form_id: str
    version: str
    year: int  # 0 when unknown (an error is then listed)
    kind: str
    index_code: str
    index_name: str


def read_settings(
    sheets: dict[str, Sheet],
    errors: list[CellError],
    *,
    year: int | None,
    kind: str | None,
    rating_prefix: str,
) -> FormSettings:
    """The settings, each problem appended to `errors`. `year` and `kind` stand in for the
    `year` and `survey_kind` columns when absent (a file naming another one is refused);
    `rating_prefix` for `index_code`. The year may also be read from the version."""
    return _Settings(sheets, errors, year, kind).read(rating_prefix)


class _Settings:
    def __init__(self, sheets, errors, year_arg, kind_arg):
        self.errors: list[CellError] = errors
        self.year_arg, self.kind_arg = year_arg, kind_arg
        sheet = sheets.get("settings")
        self.values: dict[str, str] = {}
        self.row: int | None = None
        if sheet is None:
            self.error("", _("thiếu trang “settings” (cần cột version)."))
        else:
            self.row = sheet.rows[0][0] if sheet.rows else sheet.header_row + 1
            self.values = sheet.rows[0][1] if sheet.rows else {}
        self.has_sheet = sheet is not None

    def error(self, column: str, message: str) -> None:
        self.errors.append(CellError("settings", self.row, column, message))

    def read(self, rating_prefix: str) -> FormSettings:
        values = self.values
        version = values.get("version", "")
        if not version and self.has_sheet:
            self.error("version", _("thiếu phiên bản (version)."))
        year = self.year(version)
        kind = self.kind()
        index_code = values.get("index_code") or rating_prefix or INDEX_CODES.get(kind, "")
        form_id = values.get("form_id") or f"{index_code.lower()}_{year or ''}".strip("_")
        if not _FORM_ID.fullmatch(form_id) or len(form_id) > 80:
            self.error(
                "form_id",
                _("mã biểu mẫu “%(value)s” chỉ được có chữ không dấu, số, “-” và “_”.")
                % {"value": form_id},
            )
        for column, limit in _LIMITS.items():
            length = len(values.get(column, ""))
            if length > limit:
                self.error(
                    column,
                    _("dài %(length)d ký tự, quá mức %(limit)d.")
                    % {"length": length, "limit": limit},
                )
        index_name = values.get("index_name", "")
        return FormSettings(
            title=values.get("form_title") or index_name or form_id,
            form_id=form_id,
            version=version,
            year=year,
            kind=kind,
            index_code=index_code,
            index_name=index_name,
        )

    def year(self, version: str) -> int:
        written = self.values.get("year", "")
        if written:
            year = int(written) if written.isdigit() else 0
            if not FIRST_YEAR <= year <= LAST_YEAR:
                self.error(
                    "year",
                    _("năm “%(value)s” không hợp lệ: cần một năm từ %(first)d đến %(last)d.")
                    % {"value": written, "first": FIRST_YEAR, "last": LAST_YEAR},
                )
                return 0
            if self.year_arg and self.year_arg != year:
                self.error(
                    "year",
                    _("tệp ghi năm %(year)d, khác năm đã chọn (%(chosen)d): sửa một trong hai.")
                    % {"year": year, "chosen": self.year_arg},
                )
            return year
        if self.year_arg:
            return self.year_arg
        found = _YEAR_IN_VERSION.search(version)
        if found and FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
            return int(found[1])
        if self.has_sheet:
            self.error(
                "year",
                _("chưa rõ năm của bộ câu hỏi: thêm cột year vào trang settings hoặc chọn năm."),
            )
        return 0

    def kind(self) -> str:
        written = self.values.get("survey_kind", "").lower()
        kinds = ", ".join(SurveyKind.values)
        if written and written not in SurveyKind.values:
            self.error(
                "survey_kind",
                _("loại khảo sát “%(value)s” không có: cần một trong %(kinds)s.")
                % {"value": written, "kinds": kinds},
            )
        elif written and self.kind_arg and written != self.kind_arg:
            self.error(
                "survey_kind",
                _("tệp ghi loại “%(kind)s”, khác loại đã chọn (%(chosen)s): sửa một trong hai.")
                % {"kind": written, "chosen": self.kind_arg},
            )
        elif not written and not self.kind_arg and self.has_sheet:
            self.error(
                "survey_kind",
                _("chưa rõ loại khảo sát: thêm cột survey_kind (%(kinds)s) hoặc chọn loại.")
                % {"kinds": kinds},
            )
        return written or self.kind_arg or ""
