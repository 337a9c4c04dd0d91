"""The check of an uploaded report template, before it is put in force: a Word file whose
placeholders Jinja can read (docxtpl's own patching of the document's XML, then the
Environment's parser) and that asks only for what `report_context` gives.

Each problem names the tag or placeholder and its paragraph: its number, counting every
paragraph from the top (those in tables too), and its first words.
"""

import bisect
import html
import io
import re
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from docx.parts.story import StoryPart
from docxtpl import DocxTemplate
from jinja2 import TemplateAssertionError, TemplateSyntaxError, meta, nodes

from .doc_templates import environment
from .report_context import CONTEXT_SCHEMA

_OPENER = re.compile(r"(?=\{[{%#])")
_PARAGRAPH_START = re.compile(r"(?=<w:p[ >])")
_XML_TAG = re.compile(r"<[^>]*>")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCKS = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "trans"}
_RICH_TAG = re.compile(r"\{\{\s*([^}]*\bnarratives?\b[^}]*?)\s*\}\}")
_TEXT_OPEN, _TEXT_CLOSE = re.compile(r"<w:t[ >]"), re.compile(r"</w:t>")
_FIRST_WORDS = 40
_TAG_LENGTH = 60


class TemplateRefused(ValueError):
    """The uploaded template cannot be used; `problems` says why, each on its own."""

    def __init__(self, name: str, problems: list[str]):
        self.name, self.problems = name, problems
        super().__init__(
            _("Không nhận mẫu “%(name)s”: %(problems)s")
            % {"name": name, "problems": "; ".join(problems)}
        )


def check_template(content: bytes, name: str) -> None:
    """Raise `TemplateRefused` unless `content` is a .docx template that renders a report."""
    template = _open(content, name)
    problems: list[str] = []
    for where, part in _parts(template):
        problems += _check_part(template, part, where)
    if problems:
        raise TemplateRefused(name, problems)


def _open(content: bytes, name: str) -> DocxTemplate:
    broken = _("tệp không phải tệp Word .docx, hoặc đã hỏng")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise TemplateRefused(name, [broken])
    template = DocxTemplate(io.BytesIO(content))
    try:
        template.init_docx()
    except Exception as error:  # python-docx raises whatever the zip's broken XML gives
        raise TemplateRefused(name, [f"{broken} ({type(error).__name__})"]) from None
    return template


def _parts(template: DocxTemplate) -> Iterator[tuple[str, StoryPart]]:
    """The document's body, then its headers and footers, each with how to name it."""
    document = template.get_docx()
    yield "", document.part
    headers = footers = 0
    for rel in document.part.rels.values():
        if rel.reltype == template.HEADER_URI:
            headers += 1
            yield _("đầu trang %d, ") % headers, rel.target_part
        elif rel.reltype == template.FOOTER_URI:
            footers += 1
            yield _("chân trang %d, ") % footers, rel.target_part


def _check_part(template: DocxTemplate, part: StoryPart, where: str) -> list[str]:
    root = part.element.body if part is template.get_docx().part else part.element
    paragraphs = [
        "".join(text.text or "" for text in paragraph.iter(qn("w:t")))
        for paragraph in root.iter(qn("w:p"))
    ]
    locate = _Locator(paragraphs, where)
    # A tag left open runs, in docxtpl's patching, into the paragraphs after it and can
    # swallow them without an error: each tag must close in its own paragraph.
    unclosed = [
        _("thẻ %(tag)s ở %(where)s không có dấu đóng %(closer)s")
        % {"tag": tag, "where": locate.at(index), "closer": _CLOSER[tag[:2]]}
        for index, text in enumerate(paragraphs)
        for tag in _unclosed_tags(text)
    ]
    if unclosed:
        return unclosed
    # docxtpl's own patching; then every paragraph and every tag on a line of its own, so
    # that the line Jinja names tells the tag
    source = template.patch_xml(template.xml_to_string(root))
    source = _OPENER.sub("\n", _PARAGRAPH_START.sub("\n", source))
    env = environment()
    try:
        tree = env.parse(source)
        env.compile(tree)  # unknown filters and tests are found when compiling
    except (TemplateSyntaxError, TemplateAssertionError) as error:
        return [_broken(error, source, env, locate)]
    problems = []
    for name in sorted(
        meta.find_undeclared_variables(tree) - set(CONTEXT_SCHEMA) - set(env.globals)
    ):
        problems.append(
            _("chỗ điền “%(name)s” ở %(where)s không có trong số liệu của báo cáo")
            % {"name": name, "where": locate.name(name)}
        )
    for path, base, attribute, known in _unknown_attributes(tree):
        problems.append(
            _(
                "chỗ điền “%(path)s” ở %(where)s: “%(base)s” không có “%(attribute)s” "
                "(có: %(known)s)"
            )
            % {
                "path": path,
                "where": locate.name(rf"{re.escape(base)}\s*\.\s*{re.escape(attribute)}\b"),
                "base": base,
                "attribute": attribute,
                "known": ", ".join(known),
            }
        )
    for tag in _inline_rich(source):
        problems.append(
            _("phần viết “%(tag)s” ở %(where)s phải nằm riêng một đoạn, viết {{p %(tag)s }}")
            % {"tag": tag, "where": locate.name(re.escape(tag))}
        )
    return problems


def _broken(error, source: str, env, locate: "_Locator") -> str:
    """The problem of a tag Jinja cannot read: the tag as written, where, and why."""
    lines = source.split("\n")
    unclosed = re.search(r"innermost block that needs to be closed is '(\w+)'", error.message or "")
    if unclosed:
        lineno = _unclosed_block_line(source, env) or error.lineno
        line = _text(lines[lineno - 1])
        return _("thẻ %(tag)s ở %(where)s không được đóng: thiếu {%% end%(block)s %%}") % {
            **locate.tag(line),
            "block": unclosed[1],
        }
    # the tag at fault starts its line, or an earlier one when Jinja read on past it
    lineno = min(max(error.lineno or 1, 1), len(lines))
    while lineno > 1 and not _OPENER.match(_text(lines[lineno - 1]).lstrip() or "x"):
        lineno -= 1
    return _("thẻ %(tag)s ở %(where)s viết sai (%(detail)s)") % {
        **locate.tag(_text(lines[lineno - 1]).strip()),
        "detail": error.message,
    }


def _unclosed_tags(text: str) -> list[str]:
    """The tags of a paragraph whose closing delimiter is missing before the next tag."""
    starts = [found.start() for found in _OPENER.finditer(text)]
    unclosed = []
    for number, start in enumerate(starts):
        end = text.find(_CLOSER[text[start : start + 2]], start + 2)
        following = starts[number + 1] if number + 1 < len(starts) else len(text)
        if end < 0 or end >= following:
            tag = text[start:following].rstrip()
            unclosed.append(tag if len(tag) <= _TAG_LENGTH else tag[:_TAG_LENGTH] + "…")
    return unclosed


def _unclosed_block_line(source: str, env) -> int | None:
    """The line of the innermost block left open, from Jinja's own tokens."""
    opened: list[int] = []
    expecting_name = False
    try:
        for lineno, kind, value in env.lex(source):
            if kind == "whitespace":
                continue
            if kind == "block_begin":
                expecting_name = True
            elif expecting_name and kind == "name":
                if value in _BLOCKS:
                    opened.append(lineno)
                elif value.startswith("end") and opened:
                    opened.pop()
                expecting_name = False
            else:
                expecting_name = False
    except TemplateSyntaxError:
        return None
    return opened[-1] if opened else None


def _unknown_attributes(tree: nodes.Template) -> list[tuple[str, str, str, list[str]]]:
    """(placeholder, item, attribute, the item's attributes) for each attribute asked of a
    context value or a loop item that has no such attribute."""
    found: list[tuple[str, str, str, list[str]]] = []

    def shape(expr, scope):
        if isinstance(expr, nodes.Name):
            return scope[expr.name] if expr.name in scope else CONTEXT_SCHEMA.get(expr.name)
        if isinstance(expr, nodes.Getattr):
            return _field(shape(expr.node, scope), expr.attr)
        if isinstance(expr, nodes.Getitem) and isinstance(expr.arg, nodes.Const):
            base = shape(expr.node, scope)
            if isinstance(base, list) and isinstance(expr.arg.value, int):
                return base[0]
            return _field(base, expr.arg.value) if isinstance(expr.arg.value, str) else None
        return None

    def visit(node, scope):
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            items = shape(node.iter, scope)
            inner = {**scope, "loop": None}
            single = isinstance(node.target, nodes.Name)
            for target in [node.target] if single else node.target.find_all(nodes.Name):
                inner[target.name] = None  # a loop variable hides the context's value
            if single and isinstance(items, list):
                inner[node.target.name] = items[0]
            for child in [*node.body, *([node.test] if node.test else [])]:
                visit(child, inner)
            for child in node.else_:
                visit(child, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock | nodes.With | nodes.Macro):
            for target in node.find_all(nodes.Name):
                if target.ctx in ("store", "param"):
                    scope[target.name] = None
        if isinstance(node, nodes.Getattr):
            base = shape(node.node, scope)
            if isinstance(base, dict) and node.attr not in base:
                path = _path(node)
                found.append((path, path.rsplit(".", 1)[0], node.attr, list(base)))
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(tree, {})
    return found


def _field(base, name: str):
    return base.get(name) if isinstance(base, dict) else None


def _path(node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    return "…"


def _inline_rich(source: str) -> list[str]:
    """Narratives placed inside a line of text ({{ narratives.x }} rather than {{p … }}):
    a paragraph of their own cannot go there."""
    opened = [found.start() for found in _TEXT_OPEN.finditer(source)]
    closed = [found.start() for found in _TEXT_CLOSE.finditer(source)]
    inline = []
    for found in _RICH_TAG.finditer(source):
        last_open = opened[bisect.bisect_left(opened, found.start()) - 1] if opened else -1
        last_close = closed[bisect.bisect_left(closed, found.start()) - 1] if closed else -1
        inside_text = bisect.bisect_left(opened, found.start()) > 0 and last_open > (
            last_close if bisect.bisect_left(closed, found.start()) > 0 else -1
        )
        if inside_text and _is_rich(found[1]):
            inline.append(found[1])
    return inline


def _is_rich(expression: str) -> bool:
    return bool(re.fullmatch(r"narratives\s*\.\s*\w+|\w+\s*\.\s*narrative", expression.strip()))


def _text(xml_line: str) -> str:
    return html.unescape(_XML_TAG.sub("", xml_line))


class _Locator:
    """Finds a tag or a name in the paragraphs as the author wrote them."""

    def __init__(self, paragraphs: list[str], where: str):
        self.paragraphs = paragraphs
        self.quoted = [_quotes(text) for text in paragraphs]  # same length, same places
        self.where = where

    def tag(self, line: str) -> dict[str, str]:
        """The tag `line` (patched text, the tag first) starts with, as written, and where:
        the paragraph holding the longest start of it."""
        for length in range(len(line), 2, -1):
            # as written, a tag may carry docxtpl's prefix that patching took out: {%p for
            pattern = re.compile(
                re.escape(line[:2]) + r"(?:tr|tc|p|r)?" + re.escape(line[2:length])
            )
            for index, text in enumerate(self.quoted):
                found = pattern.search(text)
                if found:
                    return {
                        "tag": _tag_at(self.paragraphs[index], found.start()),
                        "where": self.at(index),
                    }
        return {"tag": line[:_TAG_LENGTH], "where": self._somewhere()}

    def name(self, pattern: str) -> str:
        """Where the first tag that names `pattern` is."""
        inside_tag = re.compile(r"\{[{%][^}%]*?\b" + pattern)
        for index, text in enumerate(self.quoted):
            if inside_tag.search(text):
                return self.at(index)
        return self._somewhere()

    def _somewhere(self) -> str:
        return self.where.rstrip(", ") or _("tài liệu")

    def at(self, index: int) -> str:
        words = self.paragraphs[index].strip()
        if len(words) > _FIRST_WORDS:
            words = words[:_FIRST_WORDS].rsplit(" ", 1)[0] + "…"
        return _("%(where)sđoạn %(number)d (“%(words)s”)") % {
            "where": self.where,
            "number": index + 1,
            "words": words,
        }


def _tag_at(text: str, start: int) -> str:
    """The tag starting at `start`, to its closing delimiter or the end of the paragraph."""
    closer = _CLOSER.get(text[start : start + 2], "")
    end = text.find(closer, start + 2) if closer else -1
    tag = text[start : end + len(closer)] if end >= 0 else text[start:].rstrip()
    return tag if len(tag) <= _TAG_LENGTH else tag[:_TAG_LENGTH] + "…"


def _quotes(text: str) -> str:
    """Word's curly quotes as docxtpl reads them in tags."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
