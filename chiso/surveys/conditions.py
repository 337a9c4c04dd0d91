"""The "show if" expressions of a questionnaire (XLSForm `relevant`), read and evaluated safely.

Only the subset that forms use in practice is understood: comparisons of `${code}` with a
number or a quoted string (`=`, `!=`, `<`, `<=`, `>`, `>=`), `selected(${code}, 'x')`,
`not(...)`, `and`, `or` and parentheses. A tiny tokenizer and a recursive-descent parser turn
the text into a tree; nothing is ever passed to `eval`. Values compare as ODK compares them:
an answer is text (a missing one is ''), a select_multiple answer is its choices separated by
spaces, and `<`, `>` compare numbers (false when either side is not one).
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

Answers = Mapping[str, object]


class ConditionError(ValueError):
    """An expression outside the subset understood; the message says where, in Vietnamese."""


# --- tokens ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{(?P<name>[^}\s]*)\})
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<number>-?\d+(?:\.\d+)?|-?\.\d+)
      | (?P<op>!=|<=|>=|=|<|>)
      | (?P<punct>[(),])
      | (?P<word>[A-Za-z_][\w-]*)
    )""",
    re.VERBOSE,
)
_WORDS = {"and", "or", "not", "selected"}


@dataclass(frozen=True)
class _Token:
    kind: str  # ref, string, number, op, punct, word, end
    text: str
    value: str = ""
    position: int = 0


def _tokens(text: str) -> list[_Token]:
    """The tokens of `text` (stripped), ending with an `end` token."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            start = len(text) - len(text[position:].lstrip())
            raise ConditionError(
                _("không hiểu “%(text)s” ở vị trí %(position)d")
                % {"text": text[start : start + 12], "position": start + 1}
            )
        kind = next(k for k in ("ref", "string", "number", "op", "punct", "word") if match[k])
        value = match[kind]
        if kind == "ref":
            value = match["name"]
            if not value:
                raise ConditionError(_("“${}” thiếu mã câu hỏi"))
        elif kind == "string":
            value = value[1:-1]
        elif kind == "word" and value not in _WORDS:
            raise ConditionError(
                _("“%(word)s” không dùng được trong điều kiện hiện câu hỏi") % {"word": value}
            )
        tokens.append(_Token(kind, match[kind], value, match.start(kind) + 1))
        position = match.end()
    tokens.append(_Token("end", "", "", len(text) + 1))
    return tokens


# --- the tree -------------------------------------------------------------------------------


def _text_of(value: object) -> str:
    """An answer as ODK holds it: text, '' when missing, choices joined by spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(_text_of(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _number_of(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


@dataclass(frozen=True)
class _Operand:
    kind: str  # ref, string, number
    value: str

    def text(self, answers: Answers) -> str:
        return _text_of(answers.get(self.value)) if self.kind == "ref" else self.value


@dataclass(frozen=True)
class _Compare:
    op: str
    left: _Operand
    right: _Operand

    def holds(self, answers: Answers) -> bool:
        left, right = self.left.text(answers), self.right.text(answers)
        if self.op in ("=", "!="):
            numeric = "number" in (self.left.kind, self.right.kind)
            if numeric:
                a, b = _number_of(left), _number_of(right)
                equal = a == b  # NaN is equal to nothing, as in XPath
            else:
                equal = left == right
            return equal if self.op == "=" else not equal
        a, b = _number_of(left), _number_of(right)
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[self.op]

    def references(self) -> set[str]:
        return {o.value for o in (self.left, self.right) if o.kind == "ref"}


@dataclass(frozen=True)
class _Selected:
    name: str
    choice: str

    def holds(self, answers: Answers) -> bool:
        value = answers.get(self.name)
        chosen = value if isinstance(value, list | tuple | set | frozenset) else None
        if chosen is None:
            chosen = _text_of(value).split()
        return self.choice in {_text_of(item) for item in chosen}

    def references(self) -> set[str]:
        return {self.name}


@dataclass(frozen=True)
class _Not:
    inner: "_Node"

    def holds(self, answers: Answers) -> bool:
        return not self.inner.holds(answers)

    def references(self) -> set[str]:
        return self.inner.references()


@dataclass(frozen=True)
class _All:
    parts: tuple["_Node", ...]
    any: bool = False  # `or` when true, `and` when false

    def holds(self, answers: Answers) -> bool:
        results = (part.holds(answers) for part in self.parts)
        return any(results) if self.any else all(results)

    def references(self) -> set[str]:
        return set().union(*(part.references() for part in self.parts))


_Node = _Compare | _Selected | _Not | _All


@dataclass(frozen=True)
class Condition:
    """A parsed "show if" expression; the empty one always holds."""

    text: str
    root: _Node | None = field(default=None, compare=False, repr=False)

    @property
    def references(self) -> set[str]:
        """The question codes the expression reads."""
        return self.root.references() if self.root else set()

    def holds(self, answers: Answers) -> bool:
        """Whether the question is shown given `answers` (code → value; missing if absent)."""
        return self.root is None or self.root.holds(answers)


def parse(expression: str | None) -> Condition:
    """The expression as a Condition; ConditionError when it is outside the subset."""
    text = (expression or "").strip()
    if not text:
        return Condition("")
    return Condition(text, _Parser(_tokens(text)).whole())


# --- the parser -----------------------------------------------------------------------------


class _Parser:
    """or_expr := and_expr ('or' and_expr)* ; and_expr := unary ('and' unary)* ;
    unary := 'not' '(' or_expr ')' | '(' or_expr ')' | 'selected' '(' ref ',' literal ')'
    | operand op operand."""

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.at = 0

    def whole(self) -> _Node:
        node = self.or_expr()
        if self.peek().kind != "end":
            raise self.unexpected()
        return node

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def is_word(self, word: str) -> bool:
        token = self.peek()
        return token.kind == "word" and token.value == word

    def expect(self, kind: str, text: str) -> _Token:
        token = self.peek()
        if token.kind != kind or (kind == "punct" and token.text != text):
            raise ConditionError(
                _("cần “%(wanted)s” ở vị trí %(position)d")
                % {"wanted": text, "position": token.position}
            )
        return self.take()

    def unexpected(self) -> ConditionError:
        token = self.peek()
        if token.kind == "end":
            return ConditionError(_("điều kiện bị cắt ngang ở cuối"))
        return ConditionError(
            _("không chờ “%(text)s” ở vị trí %(position)d")
            % {"text": token.text, "position": token.position}
        )

    def or_expr(self) -> _Node:
        parts = [self.and_expr()]
        while self.is_word("or"):
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else _All(tuple(parts), any=True)

    def and_expr(self) -> _Node:
        parts = [self.unary()]
        while self.is_word("and"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else _All(tuple(parts))

    def unary(self) -> _Node:
        token = self.peek()
        if self.is_word("not"):
            self.take()
            return _Not(self.parenthesised())
        if token.kind == "punct" and token.text == "(":
            return self.parenthesised()
        if self.is_word("selected"):
            self.take()
            self.expect("punct", "(")
            name = self.expect("ref", "${…}").value
            self.expect("punct", ",")
            choice = self.operand()
            if choice.kind == "ref":
                raise ConditionError(_("selected() cần một giá trị trong dấu nháy"))
            self.expect("punct", ")")
            return _Selected(name, choice.value)
        left = self.operand()
        op = self.peek()
        if op.kind != "op":
            raise self.unexpected()
        self.take()
        return _Compare(op.text, left, self.operand())

    def parenthesised(self) -> _Node:
        self.expect("punct", "(")
        node = self.or_expr()
        self.expect("punct", ")")
        return node

    def operand(self) -> _Operand:
        token = self.peek()
        if token.kind not in ("ref", "string", "number"):
            raise self.unexpected()
        self.take()
        return _Operand(token.kind, token.value)
