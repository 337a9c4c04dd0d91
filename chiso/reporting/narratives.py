"""The narratives a unit writes in the browser (paragraphs, lists, bold, italic), kept as a
small HTML subset — p, ul, ol, li, strong, em, br — and written into a report as Word
paragraphs: `clean_narrative` reduces any HTML to the subset (what is stored), `rich` turns
it into a docxtpl sub-document for a `{{p … }}` placeholder.

Anything outside the subset is dropped and its text kept (a div or a heading becomes a
paragraph); scripts and styles are dropped with their content. Lists are one level deep.
"""

import contextlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm
from docxtpl import DocxTemplate, RichText, RichTextParagraph
from docxtpl.subdoc import Subdoc

FIRST_LINE_INDENT_CM = 1.27
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section",
    "article", "header", "footer", "table", "tr", "td", "th", "dl", "dt", "dd", "hr",
}  # fmt: skip
_DROPPED = {"script", "style", "head", "title", "template", "noscript", "iframe", "object"}
_BOLD, _ITALIC = {"strong", "b"}, {"em", "i"}
_SPACES = re.compile(r"\s+")
# Word's list styles, when the template has them (a template saved by another program may not).
_LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
_LIST_STYLE_IDS = {"ul": "ListBullet", "ol": "ListNumber"}


@dataclass
class Span:
    text: str  # "\n" for a line break
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    kind: str  # "p", "ul" or "ol": a paragraph, or an item of a bulleted or numbered list
    list_no: int = 0  # which list of the narrative the item belongs to
    spans: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


def parse_narrative(source: str) -> list[Block]:
    """The paragraphs and list items of `source` (any HTML), with their bold and italic."""
    parser = _Reader()
    parser.feed(source or "")
    parser.close()
    return [block for block in parser.blocks if _trim(block)]


def clean_narrative(source: str) -> str:
    """`source` reduced to the stored subset: <p>, <ul>/<ol> of <li>, <strong>, <em>, <br>."""
    out: list[str] = []
    open_list: tuple[str, int] | None = None
    for block in parse_narrative(source):
        key = (block.kind, block.list_no) if block.kind != "p" else None
        if open_list and key != open_list:
            out.append(f"</{open_list[0]}>")
            open_list = None
        if key and key != open_list:
            out.append(f"<{block.kind}>")
            open_list = key
        tag = "li" if key else "p"
        out.append(f"<{tag}>{''.join(_span_html(span) for span in block.spans)}</{tag}>")
    if open_list:
        out.append(f"</{open_list[0]}>")
    return "".join(out)


def rich(source: str, template: DocxTemplate) -> Subdoc | str:
    """The narrative as paragraphs of `template`'s document, for `{{p … }}`; "" when it says
    nothing (so `{% if narratives.x %}` reads as empty)."""
    blocks = parse_narrative(source)
    if not blocks:
        return ""
    subdoc = template.new_subdoc()
    numbering = _Numbering.of(template)
    numbered: dict[int, str] = {}
    for block in blocks:
        paragraph = subdoc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if block.kind == "p":
            paragraph.paragraph_format.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
        else:
            with contextlib.suppress(KeyError):  # without the style: the numbering alone
                paragraph.style = _LIST_STYLES[block.kind]
            if block.kind == "ul":
                num_id = numbering.bullet
            else:  # each numbered list counts from 1
                num_id = numbered.setdefault(block.list_no, numbering.restart_numbered())
            _number(paragraph, num_id)
        for span in block.spans:
            if span.text == "\n":
                paragraph.add_run().add_break()
                continue
            run = paragraph.add_run(span.text)
            run.bold, run.italic = span.bold or None, span.italic or None
    return subdoc


def rich_paragraphs(source: str) -> RichTextParagraph | str:
    """The narrative as paragraphs written straight into the document's XML, in its list
    styles ("ListBullet", "ListNumber"): far cheaper than `rich` for the hundreds of units a
    compilation quotes, without its list numbering of its own."""
    blocks = parse_narrative(source)
    if not blocks:
        return ""
    paragraphs = RichTextParagraph()
    for block in blocks:
        text = RichText()
        for span in block.spans:
            text.add(span.text, bold=span.bold, italic=span.italic)
        paragraphs.add(text, parastyle=_LIST_STYLE_IDS.get(block.kind))
    return paragraphs


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[tuple[str, int]] = []
        self.in_item = False
        self.bold = self.italic = self.dropped = 0
        self.list_count = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED:
            self.dropped += 1
        elif tag in _BOLD:
            self.bold += 1
        elif tag in _ITALIC:
            self.italic += 1
        elif tag == "br":
            self._block().spans.append(Span("\n"))
        elif tag in ("ul", "ol"):
            self.list_count += 1
            self.lists.append((tag, self.list_count))
            self.current, self.in_item = None, False
        elif tag == "li":
            kind, number = self.lists[-1] if self.lists else ("ul", 0)
            self.current = Block(kind, number)
            self.blocks.append(self.current)
            self.in_item = True
        elif tag in _BLOCKS:
            self.current = None

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._block().spans.append(Span("\n"))
        elif tag in _BLOCKS:
            self.current = None

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            self.dropped = max(self.dropped - 1, 0)
        elif tag in _BOLD:
            self.bold = max(self.bold - 1, 0)
        elif tag in _ITALIC:
            self.italic = max(self.italic - 1, 0)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.current, self.in_item = None, False
        elif tag == "li" or tag in _BLOCKS:
            self.current, self.in_item = None, False

    def handle_data(self, data):
        if self.dropped:
            return
        text = _SPACES.sub(" ", data)
        if not text.strip() and (self.current is None or not self.current.spans):
            return  # spaces between blocks, or before a block's first word
        block = self._block()
        if not block.spans or block.spans[-1].text == "\n":
            text = text.lstrip()
        span = Span(text, bold=self.bold > 0, italic=self.italic > 0)
        last = block.spans[-1] if block.spans else None
        if last and last.text != "\n" and (last.bold, last.italic) == (span.bold, span.italic):
            last.text += text
        else:
            block.spans.append(span)

    def _block(self) -> Block:
        """The block text goes into: the open one, else a new paragraph."""
        if self.current is None:
            self.current = Block("p")
            self.blocks.append(self.current)
        return self.current


def _trim(block: Block) -> bool:
    """Drop the block's trailing spaces and line breaks; False when nothing is left."""
    while block.spans and not block.spans[-1].text.strip():
        block.spans.pop()
    if block.spans:
        block.spans[-1].text = block.spans[-1].text.rstrip()
    return bool(block.spans)


def _span_html(span: Span) -> str:
    if span.text == "\n":
        return "<br>"
    text = html.escape(span.text, quote=False)
    if span.italic:
        text = f"<em>{text}</em>"
    return f"<strong>{text}</strong>" if span.bold else text


class _Numbering:
    """A bullet list and numbered lists of the template's document: list definitions of
    their own, added once per rendering, so lists show whatever the template's styles."""

    def __init__(self, template: DocxTemplate):
        self.element = template.get_docx().part.numbering_part.element
        self.bullet_abstract = self._add_abstract("bullet", "-")
        self.numbered_abstract = self._add_abstract("decimal", "%1.")
        self.bullet = self.element.add_num(self.bullet_abstract).numId

    @classmethod
    def of(cls, template: DocxTemplate) -> "_Numbering":
        if getattr(template, "_narrative_numbering", None) is None:
            template._narrative_numbering = cls(template)
        return template._narrative_numbering

    def restart_numbered(self) -> int:
        num = self.element.add_num(self.numbered_abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def _add_abstract(self, fmt: str, text: str) -> int:
        ids = [int(x) for x in self.element.xpath("./w:abstractNum/@w:abstractNumId")]
        abstract_id = max(ids, default=0) + 1
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr></w:lvl>'
            "</w:abstractNum>"
        )
        nums = self.element.xpath("./w:num")
        if nums:  # the schema puts every abstractNum before the first num
            nums[0].addprevious(abstract)
        else:
            self.element.append(abstract)
        return abstract_id


def _number(paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id
