"""The built-in questionnaires and copying one to a new version."""

import dataclasses
from decimal import Decimal

import pytest

from chiso.surveys.answers import LEVELS, components
from chiso.surveys.conditions import parse
from chiso.surveys.copying import QuestionnaireCopyError, copy_questionnaire
from chiso.surveys.defaults import default_questionnaire
from chiso.surveys.models import Choice, Question, Questionnaire, QuestionType
from chiso.surveys.xlsform import form_of

pytestmark = pytest.mark.django_db

SIPAS = {
    "SIPAS.1": ("Tiếp cận dịch vụ", 4),
    "SIPAS.2": ("Thủ tục hành chính", 5),
    "SIPAS.3": ("Công chức trực tiếp giải quyết công việc", 6),
    "SIPAS.4": ("Kết quả dịch vụ", 3),
    "SIPAS.5": ("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", 4),
}
CRITERIA = [f"{code}.{n}" for code, (_label, count) in SIPAS.items() for n in range(1, count + 1)]


def test_the_sipas_default_has_the_22_criteria_under_the_five_components():
    questionnaire = default_questionnaire("sipas", 2026)
    counted = [c for c in components(questionnaire) if c.weight]
    assert [(c.code, c.label) for c in counted] == [(k, v[0]) for k, v in SIPAS.items()]
    assert [k.code for c in counted for k in c.criteria] == CRITERIA
    assert len(CRITERIA) == 22
    assert all(k.weight == 1 for c in counted for k in c.criteria)
    assert (questionnaire.version, questionnaire.index_code) == ("2026.1", "SIPAS")
    assert "2026" in questionnaire.title


def test_the_policy_groups_are_asked_but_weigh_nothing():
    questionnaire = default_questionnaire("sipas", 2026)
    policy = next(c for c in components(questionnaire) if c.code == "CS")
    assert policy.weight == Decimal(0)
    assert [k.code for k in policy.criteria] == [f"CS.{n}" for n in range(1, 10)]
    assert all(k.weight == 0 for k in policy.criteria)


def test_the_rating_scale_and_the_other_questions():
    questionnaire = default_questionnaire("sipas", 2026)
    scale = dict(
        Choice.objects.filter(questionnaire=questionnaire, list_name="muc_do").values_list(
            "name", "label"
        )
    )
    assert scale == {str(n): str(label) for n, label in LEVELS.items()} | {"0": "Không áp dụng"}
    assert scale["1"] == "Rất không hài lòng" and scale["5"] == "Rất hài lòng"
    questions = {q.code: q for q in Question.objects.filter(questionnaire=questionnaire)}
    assert questions["SIPAS.1.1"].label == "Nơi ngồi chờ có đủ chỗ ngồi"
    profile = ["TT.1", "TT.2", "TT.3", "TT.4", "TT.5"]
    assert all(questions[code].type == QuestionType.SELECT_ONE for code in profile)
    assert "sách nhiễu" in questions["NT.1"].label
    assert questions["NT.3"].type == QuestionType.SELECT_MULTIPLE
    assert questions["NC.1"].type == QuestionType.SELECT_MULTIPLE
    other = parse(questions["NC.2"].relevant)
    assert other.references == {"NC.1"} and other.holds({"NC.1": ["khac"]})
    assert not other.holds({"NC.1": ["thai_do"]})
    assert questions["YK.1"].type == QuestionType.TEXT
    assert not any("hồ sơ" in code for code in questions)  # the dossier code is asked apart


def test_the_default_is_made_once_a_year():
    first = default_questionnaire("sipas", 2026)
    assert default_questionnaire("sipas", 2026).pk == first.pk
    assert default_questionnaire("sipas", 2027).pk != first.pk
    assert Questionnaire.objects.count() == 2


def test_the_officials_default():
    questionnaire = default_questionnaire("officials", 2026)
    found = components(questionnaire)
    assert questionnaire.index_code == "KSLD"
    assert [c.code for c in found] == [f"KSLD.{n}" for n in range(1, 8)]
    assert all(2 <= len(c.criteria) <= 4 for c in found)
    assert all(k.code.startswith(f"{c.code}.") for c in found for k in c.criteria)


def test_copied_to_the_next_year():
    source = default_questionnaire("sipas", 2026)
    copy = copy_questionnaire(source, 2027)
    assert (copy.year, copy.version, copy.copied_from) == (2027, "2027.1", source)
    assert "2027" in copy.title and copy.form_id == "sipas_2027"
    assert form_of(copy) == dataclasses.replace(
        form_of(source), year=2027, version="2027.1", title=copy.title, form_id=copy.form_id
    )
    again = copy_questionnaire(source, 2027)
    assert again.version == "2027.2"  # the next free version of that year
    with pytest.raises(QuestionnaireCopyError, match="phiên bản 2027\\.1"):
        copy_questionnaire(source, 2027, "2027.1")


def test_copied_within_the_year_as_a_new_version():
    source = default_questionnaire("officials", 2026)
    copy = copy_questionnaire(source, 2026, "2026.2-sua")
    assert (copy.year, copy.version, copy.title) == (2026, "2026.2-sua", source.title)
    assert form_of(copy) == dataclasses.replace(form_of(source), version="2026.2-sua")
