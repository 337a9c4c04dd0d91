"""Word (.docx) files into blocks: paragraphs and tables in body order, header tables first."""

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from chiso.docimport.blocks import Block, join_lines, row_block, text_block

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_HEADING_STYLES = ("heading", "title")


def read_docx(path: Path) -> list[Block]:
    """Blocks of a .docx file.

    Page headers and footers come first (`source` "header"/"footer"): the issuer, number and
    motto are often a header table. In the body, paragraphs with a Heading or Title style are
    headings; other paragraphs go through `join_lines`, Word paragraphs being hard breaks and
    line breaks (w:br) soft ones, so a sentence split over two paragraphs by a PDF-to-Word
    conversion is joined. A table row gives one ROW: a horizontally merged cell counts once, a
    vertically continued cell gives "", a nested table becomes lines of its cell. Inside a cell,
    wrapped lines are joined with spaces and distinct paragraphs (issuer, then "Số: …") are kept
    apart by "\n".
    """
    document = docx.Document(str(path))
    reader = _Reader(document)
    for section in document.sections:
        first = section.different_first_page_header_footer
        for kind, parts in (
            ("header", (section.first_page_header if first else None, section.header)),
            ("footer", (section.first_page_footer if first else None, section.footer)),
        ):
            for part in filter(None, parts):
                if not part.is_linked_to_previous:
                    reader.read(part._element, source=kind)
    reader.read(document.element.body, source="body")
    return reader.blocks


class _Reader:
    def __init__(self, document: Document):
        self.document = document
        self.blocks: list[Block] = []
        self.tables = 0
        self.pending: list[str] = []

    def read(self, container, *, source: str) -> None:
        for element in _children(container):
            if element.tag == _P:
                paragraph = Paragraph(element, self.document)
                if _is_heading(paragraph):
                    self._flush(source)
                    self._append(text_block(paragraph.text, heading=True, source=source))
                else:
                    self.pending.extend([*paragraph.text.split("\n"), ""])
            elif element.tag == _TBL:
                self._flush(source)
                self._table(element, source)
        self._flush(source)

    def _table(self, tbl, source: str) -> None:
        self.tables += 1
        for tr in tbl.iter(_TR):
            if _ancestor_table(tr) is not tbl:
                continue
            cells = [
                "" if _continues_vertical_merge(tc) else self._cell_text(tc)
                for tc in _children(tr)
                if tc.tag == _TC
            ]
            self._append(row_block(cells, table=self.tables, source=source))

    def _cell_text(self, tc) -> str:
        lines: list[str] = []
        for element in _children(tc):
            if element.tag == _P:
                lines.extend([*Paragraph(element, self.document).text.split("\n"), ""])
            elif element.tag == _TBL:
                for tr in element.iter(_TR):
                    if _ancestor_table(tr) is element:
                        nested = [self._cell_text(c) for c in _children(tr) if c.tag == _TC]
                        lines.extend([" ".join(c.replace("\n", " ") for c in nested if c), ""])
        return "\n".join(join_lines(lines, blank_is_break=True))

    def _flush(self, source: str) -> None:
        for text in join_lines(self.pending, blank_is_break=True):
            self._append(text_block(text, source=source))
        self.pending.clear()

    def _append(self, block: Block | None) -> None:
        if block:
            self.blocks.append(block)


def _children(element) -> Iterator:
    """Child elements, looking through content controls (w:sdt)."""
    for child in element.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content)
        else:
            yield child


def _ancestor_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def _continues_vertical_merge(tc) -> bool:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    name = (style.name or "").casefold() if style is not None else ""
    return name.startswith(_HEADING_STYLES)
