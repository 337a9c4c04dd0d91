"""The built-in questionnaires: SIPAS after Quyết định 1001/QĐ-BNV (the 22 service criteria,
perceptions, the nine policy groups, needs and expectations) and the survey of officials, one
JSON file per kind under `data/`. A year's default is its version "YYYY.1".

In the files a section or question may give `weight` (0: asked but not part of the index, as
the policy groups are), `list` (a rating uses `muc_do`), `hint`, `relevant` and `required`
(ratings are required unless they say otherwise; "0 — Không áp dụng" answers them).
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _

from .models import Questionnaire, QuestionType, SurveyKind
from .parsed_form import ParsedChoice, ParsedForm, ParsedQuestion, ParsedSection
from .xlsform import save_questionnaire

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = {SurveyKind.SIPAS: "sipas.json", SurveyKind.OFFICIALS: "officials.json"}
RATING_LIST = "muc_do"


def default_version(year: int) -> str:
    return f"{year}.1"


def default_questionnaire(kind: str, year: int) -> Questionnaire:
    """The year's default version of `kind`, made from the built-in file the first time."""
    version = default_version(year)
    found = Questionnaire.objects.filter(kind=kind, year=year, version=version).first()
    if found is not None:
        return found
    try:
        return save_questionnaire(default_form(kind, year))
    except IntegrityError:  # made meanwhile by another request
        return Questionnaire.objects.get(kind=kind, year=year, version=version)


def default_form(kind: str, year: int) -> ParsedForm:
    """The built-in questionnaire of `kind` for `year`, not yet stored."""
    if kind not in FILES:
        raise ValueError(
            _("Không có bộ câu hỏi mặc định cho loại khảo sát “%(kind)s”.") % {"kind": kind}
        )
    data = json.loads((DATA_DIR / FILES[kind]).read_text(encoding="utf-8"))
    questions = [_question(item, None) for item in data.get("questions", [])]
    sections = []
    for item in data["sections"]:
        sections.append(
            ParsedSection(
                code=item["code"],
                label=item["label"],
                relevant=item.get("relevant", ""),
                weight=Decimal(str(item.get("weight", 1))),
            )
        )
        questions.extend(_question(q, item["code"]) for q in item["questions"])
    return ParsedForm(
        title=data["title"].format(year=year),
        form_id=data["form_id"].format(year=year),
        version=default_version(year),
        year=year,
        kind=kind,
        index_code=data["index_code"],
        index_name=data.get("index_name", ""),
        sections=tuple(sections),
        questions=tuple(questions),
        choices=tuple(
            ParsedChoice(list_name, name, label)
            for list_name, items in data["lists"].items()
            for name, label in items
        ),
    )


def _question(item: dict[str, Any], section: str | None) -> ParsedQuestion:
    rating = item["type"] == QuestionType.RATING
    return ParsedQuestion(
        code=item["code"],
        type=QuestionType(item["type"]),
        label=item["label"],
        section=section,
        list_name=item.get("list", RATING_LIST if rating else ""),
        hint=item.get("hint", ""),
        required=item.get("required", rating),
        relevant=item.get("relevant", ""),
        weight=Decimal(str(item.get("weight", 1))),
    )
