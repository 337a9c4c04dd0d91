"""Plain text (.txt) and markdown (.md) into blocks, with lines broken mid-sentence joined."""

import re

from rapidfuzz import fuzz

from chiso.docimport.blocks import (
    Block,
    BlockKind,
    join_lines,
    row_block,
    starts_item,
    text_block,
)
from chiso.vietnamese.text import search_key

_TABLE_LINE = re.compile(r"^\s*\|")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PAGE_NUMBER = re.compile(
    r"^ *(?:[-–]\s*|Trang\s+)?(?P<page>\d{1,3})(?:\s*/\s*\d{1,3})?(?:\s*[-–])?\s*$", re.I
)
# A running header or footer: a line beside the page numbers of two pages or more, alike up
# to OCR noise.
_RUNNING_SCORE = 90
_RUNNING_CHARS = 120
# Words of a task table's header row, packed accent-free.
_HEADER_WORDS = ("nhiemvu", "chutri", "phoihop", "thoigian", "sanpham", "ketqua")


def decode(data: bytes) -> str | None:
    """Text from `data`: UTF-8 (with or without BOM, a few damaged bytes replaced), UTF-16 with
    a BOM, else Windows-1258 or Latin-1. None when the bytes are not text (many control bytes).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8-sig", errors="replace")
        if text.count("\ufffd") > max(2, len(data) // 1000):
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    if len(_BINARY.findall(text)) > max(8, len(text) // 100):
        return None
    return _BINARY.sub("", text)


def read_text(text: str) -> list[Block]:
    """Blocks of a .txt file.

    Paragraphs come from `join_lines`; blank lines separate paragraphs unless the text is
    double-spaced (a blank line after nearly every line, as when copied from a PDF). Lines
    starting with a tab are table cells, one per line, a blank line between rows (as Word
    writes a table to text); a line with tabs between words is a row of tab-separated cells.
    """
    lines = _without_page_numbers(text.splitlines())
    blank_is_break = not _double_spaced(lines)
    blocks: list[Block] = []
    pending: list[str] = []
    cells: list[str] = []
    table = 0
    in_table = False

    def flush_text() -> None:
        blocks.extend(
            filter(None, map(text_block, join_lines(pending, blank_is_break=blank_is_break)))
        )
        pending.clear()

    def flush_row() -> None:
        row = row_block(cells, table=table)
        if row:
            blocks.append(row)
        cells.clear()

    for line in lines:
        stripped = line.strip()
        tabbed = line.startswith("\t") and stripped
        inline_cells = [c for c in line.split("\t") if c.strip()] if not tabbed else []
        if tabbed or len(inline_cells) > 1:
            if not in_table:
                flush_text()
                table += 1
                in_table = True
            if tabbed:
                cells.extend(c.strip() for c in line.split("\t") if c.strip())
            else:
                flush_row()
                cells.extend(c.strip() for c in inline_cells)
                flush_row()
        elif not stripped:
            flush_row()
            if not in_table:
                pending.append("")
        else:
            flush_row()
            in_table = False
            pending.append(line)
    flush_row()
    flush_text()
    return _flattened_tables(blocks, table)


def _without_page_numbers(lines: list[str]) -> list[str]:
    """The lines less page numbers and running headers.

    A page number is a number alone on its line (or "- 2 -", "Trang 2", "2/5"), not a table
    cell (tab-indented), with a blank line after it, greater than the page number before it
    by at most 5: OCR puts it right after the last line of the page before, so it may fall
    inside a paragraph. A running header (or footer) is a line next to the page numbers
    (blank lines aside) that reads the same beside two of them or more.
    """
    pages: list[int] = []
    page = 1
    for position, line in enumerate(lines):
        number = _PAGE_NUMBER.match(line)
        blank_after = position + 1 == len(lines) or not lines[position + 1].strip()
        if number and blank_after and page < int(number["page"]) <= page + 5:
            page = int(number["page"])
            pages.append(position)
    dropped = set(pages) | _running_lines(lines, pages)
    return [line for position, line in enumerate(lines) if position not in dropped]


def _running_lines(lines: list[str], pages: list[int]) -> set[int]:
    """Positions of the running header or footer lines beside the page numbers at `pages`."""
    beside: list[tuple[int, str]] = []
    for position in pages:
        for step in (-1, 1):
            near = position + step
            while 0 <= near < len(lines) and not lines[near].strip():
                near += step
            line = lines[near].strip() if 0 <= near < len(lines) else ""
            if line and len(line) <= _RUNNING_CHARS and not starts_item(line, caps=False):
                beside.append((near, search_key(line)))
    return {
        position
        for position, key in beside
        if any(fuzz.ratio(key, other) >= _RUNNING_SCORE for at, other in beside if at != position)
    }


def _flattened_tables(blocks: list[Block], tables: int) -> list[Block]:
    out: list[Block] = []
    table = None
    for block in blocks:
        if block.kind != BlockKind.ROW and table is None and _is_table_header(block.text):
            tables += 1
            table = tables
        elif table is not None and _recipients(block.text):
            table = None
        if table is not None and block.kind != BlockKind.ROW:
            block = Block(BlockKind.ROW, block.text, cells=(block.text,), table=table)
        out.append(block)
    return out


def _recipients(text: str) -> bool:
    """Whether the text opens with "Nơi nhận" (OCR-tolerant)."""
    return fuzz.ratio(search_key(text).replace(" ", "")[:7], "noinhan") >= 80


def _is_table_header(text: str) -> bool:
    key = search_key(text)
    if not re.match(r"(?:s\s?)?tt\b", key):
        return False
    packed = key.replace(" ", "")
    return sum(fuzz.partial_ratio(word, packed) >= 80 for word in _HEADER_WORDS) >= 3


def read_markdown(text: str) -> list[Block]:
    """Blocks of a .md file: `#` lines are headings, `|a|b|` lines table rows, emphasis removed."""
    blocks: list[Block] = []
    pending: list[str] = []
    table = 0
    in_table = False

    def flush_text() -> None:
        blocks.extend(filter(None, map(text_block, join_lines(pending, blank_is_break=True))))
        pending.clear()

    for line in text.splitlines():
        line = _MD_ESCAPE.sub(r"\1", line)
        if _TABLE_LINE.match(line):
            flush_text()
            if not in_table:
                table += 1
                in_table = True
            if not _TABLE_SEPARATOR.match(line):
                row = row_block(_markdown_cells(line), table=table)
                if row:
                    blocks.append(row)
            continue
        in_table = False
        if _MD_HEADING.match(line):
            flush_text()
            heading = text_block(line.strip(), heading=True)
            if heading:
                blocks.append(heading)
        else:
            pending.append(line)
    flush_text()
    return blocks


def _markdown_cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [c.replace("<br>", "\n").strip() for c in cells]


def _double_spaced(lines: list[str]) -> bool:
    """Whether nearly every non-blank line is followed by a blank one."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 4:
        return False
    followed = sum(1 for i in filled if i + 1 < len(lines) and not lines[i + 1].strip())
    return followed >= 0.9 * len(filled)
