"""Read a questionnaire from an XLSForm workbook (.xlsx: sheets survey, choices, settings), as
built in KoboToolbox or ODK or exported by chiso, refusing it with every problem's cell.

Our own checks run first and are all collected; a workbook that passes them is then converted
by pyxform, whose first error (it stops there) is mapped to its cell as well.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from . import conditions
from .models import QuestionType
from .parsed_form import (
    CellError,
    ParsedChoice,
    ParsedForm,
    ParsedQuestion,
    ParsedSection,
    XLSFormError,
)
from .xlsform_settings import read_settings
from .xlsform_sheets import Sheet, read_sheets
from .xlsform_types import RowType, classify

RATING_NAMES = ({"1", "2", "3", "4", "5"}, {"0", "1", "2", "3", "4", "5"})
_XML_NAME = re.compile(r"[^\W\d][\w.\-]*")
_PYXFORM_ROW = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
_PYXFORM_CELL = re.compile(r"On the '([^']+)' sheet, the '([^']+)' value")
_TRUE = {"yes", "true", "1", "true()", "có", "x"}
_MAX = {"code": 40, "list_name": 60, "choice": 60, "label": 1000, "short": 500}


def read_xlsform(
    source: Path | IO[bytes], *, year: int | None = None, kind: str | None = None
) -> ParsedForm:
    """The questionnaire of an XLSForm workbook; XLSFormError listing every problem found.
    `year` and `kind` stand in for the settings `year` and `survey_kind` when the file has
    none (a file that names another year or kind is refused rather than overridden)."""
    data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise XLSFormError(
            [CellError("", None, "", _("Tệp không phải bảng tính Excel (.xlsx)."))]
        ) from None
    reader = _Reader(read_sheets(book), year, kind)
    form = reader.form()
    if reader.errors:
        raise XLSFormError(reader.errors)
    errors = pyxform_errors(data)
    if errors:
        raise XLSFormError(errors)
    return form


def pyxform_errors(data: bytes) -> list[CellError]:
    """pyxform's verdict on the workbook: no error, or its first one mapped to a cell."""
    try:
        convert(xlsform=io.BytesIO(data), validate=False, file_type=".xlsx", warnings=[])
    except PyXFormError as error:
        return [_cell_of(error)]
    return []


def _cell_of(error: PyXFormError) -> CellError:
    text = str(error)
    context = getattr(error, "context", None) or {}
    row_match = _PYXFORM_ROW.match(text)
    cell_match = _PYXFORM_CELL.search(text)
    row = context.get("row") or (int(row_match[1]) if row_match else None)
    sheet = context.get("sheet") or (cell_match[1] if cell_match else "survey")
    column = context.get("column") or (cell_match[2] if cell_match else "")
    message = _PYXFORM_ROW.sub("", text).strip()
    return CellError(
        str(sheet),
        int(row) if row else None,
        str(column),
        _("pyxform không chuyển được biểu mẫu: %(message)s") % {"message": message},
    )


@dataclass
class _Group:
    kind: str  # group or repeat
    name: str
    row: int


class _Reader:
    """One pass over the sheets, collecting errors instead of stopping at the first."""

    def __init__(self, sheets: dict[str, Sheet], year: int | None, kind: str | None):
        self.sheets = sheets
        self.year_arg, self.kind_arg = year, kind
        self.errors: list[CellError] = []

    def error(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(CellError(sheet, row, column, message))

    def form(self) -> ParsedForm:
        lists = self.choices()
        sections, questions = self.survey(lists)
        settings = read_settings(
            self.sheets,
            self.errors,
            year=self.year_arg,
            kind=self.kind_arg,
            rating_prefix=_rating_prefix(sections, questions),
        )
        return ParsedForm(
            title=settings.title,
            form_id=settings.form_id,
            version=settings.version,
            year=settings.year,
            kind=settings.kind,
            index_code=settings.index_code,
            index_name=settings.index_name,
            sections=tuple(sections),
            questions=tuple(questions),
            choices=tuple(c for items in lists.values() for c in items),
        )

    # --- sheets ---------------------------------------------------------------------------

    def sheet(self, name: str, required: tuple[str, ...]) -> Sheet | None:
        sheet = self.sheets.get(name)
        if sheet is None:
            self.error(name, None, "", _("thiếu trang “%(sheet)s”.") % {"sheet": name})
            return None
        missing = [column for column in required if column not in sheet.columns]
        for column in missing:
            self.error(name, sheet.header_row, column, _("thiếu cột bắt buộc."))
        return None if missing else sheet

    def choices(self) -> dict[str, list[ParsedChoice]]:
        lists: dict[str, list[ParsedChoice]] = {}
        if "choices" not in self.sheets:
            return lists  # a select then names a missing list, on its own row
        sheet = self.sheet("choices", ("list_name", "name"))
        if sheet is None:
            return lists
        seen: dict[tuple[str, str], int] = {}
        for row, cells in sheet.rows:
            list_name, name = cells.get("list_name", ""), cells.get("name", "")
            if not list_name and not name:
                continue
            if not list_name:
                self.error("choices", row, "list_name", _("thiếu tên danh sách."))
                continue
            if not name:
                self.error("choices", row, "name", _("thiếu giá trị của lựa chọn."))
                continue
            if (list_name, name) in seen:
                self.error(
                    "choices",
                    row,
                    "name",
                    _("giá trị “%(name)s” đã có trong danh sách “%(list)s” ở dòng %(first)d.")
                    % {"name": name, "list": list_name, "first": seen[(list_name, name)]},
                )
                continue
            seen[(list_name, name)] = row
            self.check_length("choices", row, "list_name", list_name, _MAX["list_name"])
            self.check_length("choices", row, "name", name, _MAX["choice"])
            label = sheet.label(cells) or name
            self.check_length("choices", row, sheet.label_column, label, _MAX["short"])
            lists.setdefault(list_name, []).append(ParsedChoice(list_name, name, label, row))
        return lists

    def survey(
        self, lists: dict[str, list[ParsedChoice]]
    ) -> tuple[list[ParsedSection], list[ParsedQuestion]]:
        sections: list[ParsedSection] = []
        questions: list[ParsedQuestion] = []
        sheet = self.sheet("survey", ("type", "name"))
        if sheet is None:
            return sections, questions
        stack: list[_Group] = []
        names: dict[str, int] = {}
        skipped: set[str] = set()
        relevants: list[tuple[int, str, str]] = []  # row, column, expression
        for row, cells in sheet.rows:
            row_type = classify(cells.get("type", ""))
            name = cells.get("name", "")
            if row_type.kind == "blank":
                if any(cells.values()):
                    self.error("survey", row, "type", _("thiếu kiểu câu hỏi."))
                continue
            if row_type.kind in ("unknown", "unsupported", "no_list"):
                self.error("survey", row, "type", row_type.problem)
                continue
            if row_type.kind in ("end_group", "end_repeat"):
                self.close(stack, row_type, row)
                continue
            if not self.check_name(row, name, names):
                continue
            if row_type.kind == "skip":
                skipped.add(name)
                continue
            if row_type.kind == "begin_repeat":
                self.error("survey", row, "type", row_type.problem)
                stack.append(_Group("repeat", name, row))
                continue
            label = sheet.label(cells)
            relevant = cells.get("relevant", "")
            self.check_length("survey", row, "relevant", relevant, _MAX["short"])
            if relevant:
                relevants.append((row, "relevant", relevant))
            weight = self.weight(row, cells.get("weight", ""))
            if row_type.kind == "begin_group":
                self.check_length("survey", row, sheet.label_column, label, _MAX["short"])
                sections.append(ParsedSection(name, label or name, relevant, weight, row))
                stack.append(_Group("group", name, row))
                continue
            if not label:
                self.error("survey", row, sheet.label_column, _("thiếu nội dung câu hỏi."))
            self.check_length("survey", row, sheet.label_column, label, _MAX["label"])
            hint = sheet.hint(cells)
            self.check_length("survey", row, sheet.hint_column, hint, _MAX["short"])
            question_type = row_type.question_type
            if row_type.list_name:
                choices = lists.get(row_type.list_name)
                if choices is None:
                    self.error(
                        "survey",
                        row,
                        "type",
                        _("danh sách lựa chọn “%(list)s” không có trong trang “choices”.")
                        % {"list": row_type.list_name},
                    )
                elif question_type == QuestionType.SELECT_ONE and (
                    {c.name for c in choices} in RATING_NAMES
                ):
                    question_type = QuestionType.RATING
                elif question_type == QuestionType.SELECT_MULTIPLE:
                    self.check_multiple_names(choices)
            groups = [g for g in stack if g.kind == "group"]
            questions.append(
                ParsedQuestion(
                    code=name,
                    type=question_type,
                    label=label,
                    section=groups[-1].name if groups else None,
                    list_name=row_type.list_name,
                    hint=hint,
                    required=cells.get("required", "").lower() in _TRUE,
                    relevant=relevant,
                    weight=weight,
                    row=row,
                )
            )
        for group in stack:
            self.error(
                "survey",
                group.row,
                "type",
                _("nhóm “%(name)s” mở ở dòng này nhưng không có dòng end_group tương ứng.")
                % {"name": group.name},
            )
        self.check_relevants(relevants, {q.code for q in questions}, skipped)
        if not any(q.type == QuestionType.RATING for q in questions):
            self.error(
                "survey",
                None,
                "type",
                _(
                    "chưa có câu hỏi chấm điểm nào (select_one với danh sách có các giá trị "
                    "1 đến 5)."
                ),
            )
        return sections, questions

    # --- cells ----------------------------------------------------------------------------

    def close(self, stack: list[_Group], row_type: RowType, row: int) -> None:
        wanted = "group" if row_type.kind == "end_group" else "repeat"
        if stack and stack[-1].kind == wanted:
            stack.pop()
            return
        self.error(
            "survey",
            row,
            "type",
            _("“%(type)s” không có dòng mở nhóm tương ứng ở trên.") % {"type": row_type.text},
        )

    def check_name(self, row: int, name: str, names: dict[str, int]) -> bool:
        if not name:
            self.error("survey", row, "name", _("thiếu mã (name)."))
            return False
        if not _XML_NAME.fullmatch(name):
            self.error(
                "survey",
                row,
                "name",
                _(
                    "mã “%(name)s” không hợp lệ: phải bắt đầu bằng chữ cái hoặc “_”, sau đó "
                    "chỉ gồm chữ, số, “_”, “-”, “.”."
                )
                % {"name": name},
            )
            return False
        if name in names:
            self.error(
                "survey",
                row,
                "name",
                _("mã “%(name)s” đã dùng ở dòng %(first)d.") % {"name": name, "first": names[name]},
            )
            return False
        names[name] = row
        self.check_length("survey", row, "name", name, _MAX["code"])
        return True

    def check_multiple_names(self, choices: list[ParsedChoice]) -> None:
        for choice in choices:
            if " " in choice.name:
                self.error(
                    "choices",
                    choice.row,
                    "name",
                    _("giá trị “%(name)s” của câu chọn nhiều không được có dấu cách.")
                    % {"name": choice.name},
                )

    def check_length(self, sheet: str, row: int | None, column: str, text: str, limit: int):
        if len(text) > limit:
            self.error(
                sheet,
                row,
                column,
                _("dài %(length)d ký tự, quá mức %(limit)d.")
                % {"length": len(text), "limit": limit},
            )

    def check_relevants(
        self, relevants: list[tuple[int, str, str]], questions: set[str], skipped: set[str]
    ) -> None:
        for row, column, expression in relevants:
            try:
                condition = conditions.parse(expression)
            except conditions.ConditionError as error:
                self.error(
                    "survey",
                    row,
                    column,
                    _("điều kiện “%(expression)s” không đọc được: %(reason)s.")
                    % {"expression": expression, "reason": error},
                )
                continue
            for name in sorted(condition.references - questions):
                message = (
                    _("“${%(name)s}” là trường tính toán hoặc thông tin máy: chiso không lưu nó.")
                    if name in skipped
                    else _("“${%(name)s}” không phải mã câu hỏi nào của biểu mẫu.")
                )
                self.error("survey", row, column, message % {"name": name})

    def weight(self, row: int, text: str) -> Decimal:
        if not text:
            return Decimal(1)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            value = Decimal("NaN")
        rounded = value.quantize(Decimal("0.001")) if value.is_finite() else value
        if not value.is_finite() or value < 0 or value >= 1000 or abs(rounded - value) > 1e-9:
            self.error(
                "survey",
                row,
                "weight",
                _("trọng số “%(value)s” phải là số từ 0 đến dưới 1000, tối đa 3 chữ số thập phân.")
                % {"value": text},
            )
            return Decimal(1)
        return rounded


def _rating_prefix(sections: list[ParsedSection], questions: list[ParsedQuestion]) -> str:
    """The common prefix of the counted rating questions' codes (SIPAS.1.1 → SIPAS), if any."""
    zero = {s.code for s in sections if not s.weight}
    prefixes = {
        q.code.split(".")[0]
        for q in questions
        if q.type == QuestionType.RATING and "." in q.code
        if q.weight and q.section not in zero
    }
    return prefixes.pop() if len(prefixes) == 1 else ""
