"""The "show if" expressions: what they read, when they hold, what they refuse."""

from decimal import Decimal

import pytest

from chiso.surveys.conditions import ConditionError, parse

HOLDS = [
    # expression, answers, expected
    ("", {}, True),
    ("   ", {"a": "x"}, True),
    ("${a} = 'x'", {"a": "x"}, True),
    ("${a} = 'x'", {"a": "y"}, False),
    ("${a} = 'x'", {}, False),
    ('${a} = "x"', {"a": "x"}, True),
    ("${a}='x'", {"a": "x"}, True),
    ("${a} != 'x'", {}, True),
    ("${a} != 'x'", {"a": "x"}, False),
    ("${a} != ''", {}, False),
    ("${a} != ''", {"a": None}, False),
    ("${a} != ''", {"a": "y"}, True),
    ("${a} != ''", {"a": 0}, True),  # "không áp dụng" is an answer
    ("${a} = ''", {}, True),
    ("${r} = 4", {"r": 4}, True),
    ("${r} = '4'", {"r": 4}, True),  # ODK compares answers as text
    ("${r} = 1.0", {"r": 1}, True),
    ("${r} = 4", {"r": "bốn"}, False),
    ("${r} != 4", {}, True),
    ("${d} = 2", {"d": Decimal("2.0")}, True),
    ("${d} = '2.5'", {"d": 2.5}, True),
    ("${r} >= 4", {"r": 5}, True),
    ("${r} >= 4", {"r": 3}, False),
    ("${r} > '3'", {"r": 4}, True),
    ("${r} < 3", {}, False),  # a missing answer is no number
    ("${r} <= 2.5", {"r": 2.5}, True),
    ("${n} > -1", {"n": 0}, True),
    (" ${SIPAS.1.1} <= 2 ", {"SIPAS.1.1": 1}, True),
    ("selected(${m}, 'khac')", {"m": ["a", "khac"]}, True),
    ("selected(${m}, 'khac')", {"m": ["a"]}, False),
    ("selected(${m}, 'khac')", {}, False),
    ("selected(${m}, 'khac')", {"m": "khac"}, True),  # a select_one answer
    ("selected(${m}, 'khac')", {"m": "a khac"}, True),  # as ODK writes a select_multiple
    ("selected(${m}, 3)", {"m": [3]}, True),
    ("not(selected(${m}, 'a'))", {"m": ["b"]}, True),
    ("not(${a} = 'x')", {"a": "x"}, False),
    ("${a} = 'x' and ${b} = 'y'", {"a": "x", "b": "y"}, True),
    ("${a} = 'x' and ${b} = 'y'", {"a": "x"}, False),
    ("${a} = 'x' or ${b} = 'y'", {"b": "y"}, True),
    ("${a} = 'x' or ${b} = 'y' and ${c} = 'z'", {"b": "y"}, False),  # `and` binds tighter
    ("${a} = 'x' or ${b} = 'y' and ${c} = 'z'", {"a": "x"}, True),
    ("(${a} = 'x' or ${b} = 'y') and ${c} = 'z'", {"a": "x", "c": "z"}, True),
    ("(${a} = 'x' or ${b} = 'y') and ${c} = 'z'", {"a": "x"}, False),
    ("${a} = ${b}", {"a": "x", "b": "x"}, True),
    ("'x' = ${a}", {"a": "x"}, True),
]


@pytest.mark.parametrize(("expression", "answers", "expected"), HOLDS)
def test_holds(expression, answers, expected):
    assert parse(expression).holds(answers) is expected


@pytest.mark.parametrize(
    ("expression", "references"),
    [
        ("", set()),
        ("${a} = 1", {"a"}),
        ("selected(${NC.1}, 'khac') and not(${a} = ${b})", {"NC.1", "a", "b"}),
        ("${x} != '' or ${x} > 2", {"x"}),
    ],
)
def test_references(expression, references):
    assert parse(expression).references == references


@pytest.mark.parametrize(
    "expression",
    [
        "${a} ==",
        "${a} = ",
        "${a}",
        "${a} = 'x' and",
        "${a} = 'x' xor ${b} = 1",
        "${a} + 1 = 2",
        "${} = 1",
        "selected(${a})",
        "selected('a', 'b')",
        "selected(${a}, ${b})",
        "(${a} = 1",
        "${a} = 1)",
        "not ${a} = 1",
        "'x' 'y'",
        "count-selected(${a}) > 1",
        "eval('1')",
        "__import__('os')",
        "${a} = 'unterminated",
        "${a} = 1; ${b} = 2",
    ],
)
def test_refused(expression):
    with pytest.raises(ConditionError) as raised:
        parse(expression)
    assert str(raised.value)  # a message that says what is wrong


def test_the_error_says_where():
    with pytest.raises(ConditionError, match="vị trí 6"):
        parse("${a} ~ 1")
