"""What a `type` cell of an XLSForm survey sheet means to chiso: a group boundary, one of the
question types a questionnaire holds, a metadata row skipped silently, or a refusal saying
whether the type is unknown to XLSForm or only not used by chiso."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pyxform.aliases import control, select, select_from_file
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

from .models import QuestionType

# Filled in by the form software, or computed: no question to answer, nothing chiso keeps.
SKIPPED = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "device id",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "calculate",
        "hidden",
        "start-geopoint",
        "background-audio",
        "background-geopoint",
        "imei",
        "start time",
        "end time",
    }
)
_SELECT = re.compile(
    r"(select_one|select one|select1|select_multiple|select multiple|select all that apply)"
    r"(?:\s+(.+))?",
    re.IGNORECASE,
)
_MULTIPLE = {"select_multiple", "select multiple", "select all that apply"}
_SIMPLE = {
    "integer": QuestionType.NUMBER,
    "int": QuestionType.NUMBER,
    "decimal": QuestionType.NUMBER,
    "text": QuestionType.TEXT,
    "string": QuestionType.TEXT,
    "note": QuestionType.NOTE,
}
_BOUNDARIES = {
    "begin_group": "begin_group",
    "begin group": "begin_group",
    "end_group": "end_group",
    "end group": "end_group",
    "begin_repeat": "begin_repeat",
    "begin repeat": "begin_repeat",
    "begin loop": "begin_repeat",
    "begin_loop": "begin_repeat",
    "end_repeat": "end_repeat",
    "end repeat": "end_repeat",
    "end loop": "end_repeat",
    "end_loop": "end_repeat",
}


@dataclass(frozen=True)
class RowType:
    kind: str  # blank, begin_group, end_group, begin_repeat, end_repeat, question, skip,
    # no_list, unsupported, unknown
    text: str
    question_type: str = ""
    list_name: str = ""
    problem: str = ""  # the message for a refused row


def classify(text: str) -> RowType:
    """The meaning of a `type` cell (case and repeated spaces do not matter)."""
    text = " ".join(text.split())
    lower = text.lower()
    if not text:
        return RowType("blank", text)
    if lower in _BOUNDARIES:
        kind = _BOUNDARIES[lower]
        problem = ""
        if kind == "begin_repeat":
            problem = _(
                "chiso không nhận nhóm lặp (%(type)s): mỗi câu hỏi chỉ được trả lời một lần."
            ) % {"type": text}
        return RowType(kind, text, problem=problem)
    if lower in _SIMPLE:
        return RowType("question", text, _SIMPLE[lower])
    if lower in SKIPPED or lower.startswith("uri:"):
        return RowType("skip", text)
    match = _SELECT.fullmatch(text)
    if match:
        keyword, list_name = match[1].lower(), (match[2] or "").strip()
        if not list_name:
            return RowType(
                "no_list",
                text,
                problem=_("“%(type)s” thiếu tên danh sách lựa chọn phía sau.") % {"type": text},
            )
        if " " not in list_name:
            question_type = (
                QuestionType.SELECT_MULTIPLE if keyword in _MULTIPLE else QuestionType.SELECT_ONE
            )
            return RowType("question", text, question_type, list_name)
    if _is_xlsform_type(lower):
        return RowType(
            "unsupported",
            text,
            problem=_(
                "kiểu “%(type)s” có trong XLSForm nhưng chiso chưa dùng được cho bộ câu hỏi "
                "(dùng select_one, select_multiple, integer, decimal, text, note hoặc nhóm)."
            )
            % {"type": text},
        )
    return RowType(
        "unknown",
        text,
        problem=_("kiểu câu hỏi “%(type)s” không có trong XLSForm.") % {"type": text},
    )


def _is_xlsform_type(lower: str) -> bool:
    first = lower.split()[0]
    keywords = {*select, *select_from_file, *control, "select_one", "select_multiple"}
    return (
        lower in QUESTION_TYPE_DICT
        or first in keywords
        or any(lower.startswith(f"{k} ") for k in keywords)
        or first in {"range", "rank", "osm"}
    )
