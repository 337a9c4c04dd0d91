"""PDF files into blocks: text lines joined into paragraphs, rows from ruled or column tables."""

import re
import statistics
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber

from chiso.docimport.blocks import Block, BlockKind, join_lines, row_block, starts_item, text_block
from chiso.vietnamese.text import search_key

_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:Trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.IGNORECASE)
_ROW_LABEL = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,3})\.?$")
_HEADER_FIRST = ("stt", "tt")


@dataclass
class _Line:
    words: list[dict]

    @property
    def page(self) -> int:
        return self.words[0]["page"]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w["bottom"] - w["top"] for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def read_pdf(path: Path, *, ocr_page: Callable[[object], tuple[list[dict], list]]) -> list[Block]:
    """Blocks of a PDF; `ocr_page(page)` gives the words of a scanned page (a page without a
    text layer) with their places, and the tables found from its rules (see `ocr.py`).

    Lines are joined into paragraphs by layout first (a line whose next word would not have
    fitted was wrapped; a wider gap or an indent starts a paragraph) and then by `join_lines`.
    Ruled tables (`page.find_tables()`) give ROW blocks in their place, their text not repeated;
    a page without ruled tables whose lines start with a "STT" header row is read as a table
    by columns found from that header. A table going on over the next page keeps its number,
    and a row split by the page break is merged back. A two-column block at the top of the first
    page (issuer and number beside the motto and date) becomes one row of two cells. A scanned
    page is read the same way from the words OCR found on it.
    """
    with pdfplumber.open(path) as pdf:
        reader = _Reader()
        for number, page in enumerate(pdf.pages, start=1):
            if page.chars:
                reader.read_page(page, number)
                continue
            words, tables = ocr_page(page)
            words = [{**word, "page": number} for word in words]
            reader.read_words(words, number, page.height, ruled=tables)
        reader.flush()
        reader.close_table()
        return reader.blocks


class _Reader:
    def __init__(self):
        self.blocks: list[Block] = []
        self.pending: list[_Line] = []
        self.tables = 0
        self.open_table: _RuledTable | _ColumnTable | None = None

    def append(self, block: Block | None) -> None:
        if block:
            self.blocks.append(block)

    def close_table(self) -> None:
        if isinstance(self.open_table, _ColumnTable):
            self.append(self.open_table.close())
        self.open_table = None

    def read_page(self, page, number: int) -> None:
        words = [
            {**w, "page": number}
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        ]
        self.read_words(words, number, page.height, ruled=page.find_tables())

    def read_words(self, words: list[dict], number: int, height: float, *, ruled=()) -> None:
        """Read one page given as its words (x0, x1, top, bottom, text) and ruled tables."""
        if ruled and isinstance(self.open_table, _ColumnTable):
            self.close_table()
        inside = [[w for w in words if _within(w, t.bbox)] for t in ruled]
        taken = {id(w) for group in inside for w in group}
        lines = _lines([w for w in words if id(w) not in taken])
        lines = _drop_page_numbers(lines, height)
        if number == 1:
            lines = self._header_block(lines, ruled)
        if not ruled:
            lines = self._column_table(lines)
        items: list[tuple[float, object]] = [(ln.top, ln) for ln in lines]
        items += [(t.bbox[1], (t, group)) for t, group in zip(ruled, inside, strict=True)]
        first = True
        for _top, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, _Line):
                if self.open_table and not isinstance(self.open_table, _ColumnTable):
                    self.open_table = None
                self.pending.append(item)
            else:
                self.flush()
                self._ruled_table(*item, number, continues=first)
            first = False

    def flush(self) -> None:
        if not self.pending:
            return
        right = max(ln.x1 for ln in self.pending)
        left = min(ln.x0 for ln in self.pending)
        visual = _visual_lines(self.pending, left, right)
        starts = iter(visual)
        for text in join_lines([line for line, _page in visual], blank_is_break=True):
            # a paragraph starts with a visual line, whose page is the paragraph's
            page = next((pg for start, pg in starts if start and text.startswith(start)), None)
            self.append(text_block(text, page=page))
        self.pending.clear()

    def _ruled_table(self, table, words: list[dict], page: int, *, continues: bool) -> None:
        columns = sorted({round(c[0]) for row in table.rows for c in row.cells if c})
        previous = self.open_table
        if not (continues and isinstance(previous, _RuledTable) and previous.matches(columns)):
            self.tables += 1
            previous = None
        self.open_table = _RuledTable(columns, self.tables)
        for index, row in enumerate(table.rows):
            cells = _ruled_cells(row.cells, columns, words)
            if previous and index == 0 and self._merge_split_row(cells):
                continue
            self.append(row_block(cells, table=self.tables, page=page))

    def _merge_split_row(self, cells: list[str]) -> bool:
        """Merge a row cut by a page break (first cell empty) into the row before it."""
        last = self.blocks[-1] if self.blocks else None
        if not last or last.kind != BlockKind.ROW:
            return False
        header = next(b for b in self.blocks if b.table == last.table)
        if search_key(" ".join(cells)) == search_key(header.text):
            return True  # the header row repeated on each page
        if cells[0].strip() or len(cells) != len(last.cells) or not any(cells):
            return False
        merged = ["\n".join(join_lines([a, b])) for a, b in zip(last.cells, cells, strict=True)]
        self.blocks[-1] = row_block(merged, table=last.table, page=last.page)
        return True

    def _header_block(self, lines: list[_Line], ruled) -> list[_Line]:
        """The issuer/motto block at the top of page 1, as one row of two cells."""
        limit = min((t.bbox[1] for t in ruled), default=float("inf"))
        split = None
        used = 0
        for line in lines:
            if line.top >= limit:
                break
            parts = _segments(line.words, 1.5 * line.size)
            if split is None and len(parts) == 2:
                split = parts[1][0]["x0"]
            elif split is None or not _beside(parts, split, line.size):
                break
            used += 1
        block = [w for ln in lines[:used] for w in ln.words]
        if used < 2 or split is None:
            return lines
        size = lines[0].size
        right = [w for w in block if w["x0"] >= split - size]
        cells = [_cell_text([w for w in block if w["x0"] < split - size], split - 0.8 * size)]
        cells.append(_cell_text(right, max(w["x1"] for w in right)))
        self.tables += 1
        self.append(row_block(cells, table=self.tables, page=1))
        return lines[used:]

    def _column_table(self, lines: list[_Line]) -> list[_Line]:
        """Pass lines through, taking those of a table laid out by columns without rules."""
        table = self.open_table if isinstance(self.open_table, _ColumnTable) else None
        start = 0
        if table is None:
            for start, line in enumerate(lines):
                header = _segments(line.words, 0.6 * line.size)
                if len(header) >= 3 and search_key(_text(header[0])) in _HEADER_FIRST:
                    self.tables += 1
                    table = _ColumnTable.from_header(header, lines[start:], self.tables)
                    break
            else:
                return lines
        end = start
        while end < len(lines) and table.fits(lines[end]):
            end += 1
        if end == start:
            self.close_table()
            return lines
        self.pending.extend(lines[:start])
        self.flush()
        self.open_table = table
        for line in lines[start:end]:
            self.append(table.add(line))
        if end < len(lines):
            self.close_table()
        return lines[end:]


@dataclass
class _RuledTable:
    columns: list[int]
    number: int

    def matches(self, columns: list[int]) -> bool:
        return len(columns) == len(self.columns) and all(
            abs(a - b) <= 3 for a, b in zip(columns, self.columns, strict=True)
        )


class _ColumnTable:
    """A table without rules: columns from the header row, a row per numbered first cell."""

    def __init__(self, bounds: list[float], number: int):
        self.bounds = bounds  # left edges of columns 2…n
        self.number = number
        self.row: list[_Line] = []

    @classmethod
    def from_header(cls, header: list[list[dict]], lines: list[_Line], number: int):
        words = [w for ln in lines for w in ln.words]
        bounds = []
        for before, after in pairwise(header):
            lo, hi = int(max(w["x1"] for w in before)), int(after[0]["x0"])
            cover = [sum(w["x0"] <= x <= w["x1"] for w in words) for x in range(lo, hi + 1)]
            least = min(cover, default=0)
            right = max((i for i, c in enumerate(cover) if c == least), default=0)
            left = right
            while left > 0 and cover[left - 1] == least:
                left -= 1
            bounds.append(lo + (left + right) / 2)
        return cls(bounds, number)

    def fits(self, line: _Line) -> bool:
        first = [w for w in line.words if w["x0"] < self.bounds[0]]
        return not first or bool(_ROW_LABEL.match(_text(first))) or not self.row

    def add(self, line: _Line) -> Block | None:
        first = [w for w in line.words if w["x0"] < self.bounds[0]]
        done = None
        if first and _ROW_LABEL.match(_text(first)) and self.row:
            done = self.close()
        self.row.append(line)
        return done

    def close(self) -> Block | None:
        words = [w for ln in self.row for w in ln.words]
        if not words:
            return None
        joined = set()
        for line in self.row:
            gap = 0.5 * line.size
            for a, b in pairwise(line.words):
                col_a, col_b = self._column(a), self._column(b)
                straddles = col_a != self._column({"x0": a["x1"]})
                if col_a != col_b and (b["x0"] - a["x1"] < gap or straddles):
                    joined.update(range(col_a, col_b))
        filled = {self._column(w) for w in words}
        groups: list[list[int]] = []
        for col in range(len(self.bounds) + 1):
            spanning = groups and len(groups[-1]) > 1 and col not in filled
            if groups and (col - 1 in joined or spanning):
                groups[-1].append(col)
            else:
                groups.append([col])
        edges = [*self.bounds, max(w["x1"] for w in words)]
        cells = [
            _cell_text([w for w in words if self._column(w) in group], edges[group[-1]])
            for group in groups
        ]
        self.row = []
        return row_block(cells, table=self.number, page=words[0]["page"])

    def _column(self, word: dict) -> int:
        return bisect_right(self.bounds, word["x0"])


def _ruled_cells(cells: list, columns: list[int], words: list[dict]) -> list[str]:
    """Cell texts of a ruled row: a horizontally merged cell once, a vertically merged one ""."""
    texts: list[str] = []
    covered = -1.0
    for index, bbox in enumerate(cells):
        if bbox is None:
            if columns and index < len(columns) and columns[index] >= covered - 1:
                texts.append("")
            continue
        covered = bbox[2]
        inside = [w for w in words if _within(w, bbox)]
        pad = min((w["x0"] for w in inside), default=bbox[0]) - bbox[0]
        texts.append(_cell_text(inside, bbox[2] - max(pad, 1.0)))
    return texts


def _cell_text(words: list[dict], right: float) -> str:
    """A cell's text: wrapped lines joined, distinct paragraphs separated by "\n"."""
    lines = _lines(words)
    if not lines:
        return ""
    left = min(ln.x0 for ln in lines)
    visual = [text for text, _page in _visual_lines(lines, left, right)]
    return "\n".join(join_lines(visual, blank_is_break=True))


def _visual_lines(lines: list[_Line], left: float, right: float) -> list[tuple[str, int]]:
    """Lines with wrapped ones joined, and "" where layout ends a paragraph, with their page."""
    pitches = [
        b.top - a.top
        for a, b in pairwise(lines)
        if a.page == b.page and 0 < b.top - a.top < 3 * a.size
    ]
    pitch = statistics.median(pitches) if pitches else None
    out: list[tuple[str, int]] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is None:
            out.append((line.text, line.page))
            continue
        size = line.size
        gap = prev.page == line.page and pitch and line.top - prev.top > 1.3 * pitch
        indented = (
            line.x0 > left + 0.8 * size
            and prev.x0 <= left + 0.8 * size
            and prev.text.rstrip('”")*_ ')[-1:] in (".", ":", ";", "!", "?")
        )
        first_width = line.words[0]["x1"] - line.words[0]["x0"]
        # OCR boxes hold a word's ink, a text layer's its advance too: half a letter more slack.
        slack = 0.5 * size if line.words[0].get("ocr") else 1
        wrapped = prev.x1 + 0.3 * size + first_width > right - slack
        if not gap and wrapped and not indented and not starts_item(line.text, caps=False):
            out[-1] = (out[-1][0] + " " + line.text, out[-1][1])
        else:
            out += [("", 0), (line.text, line.page)]
    return out


def _lines(words: list[dict]) -> list[_Line]:
    """Words grouped into lines, top to bottom and left to right.

    A word goes on the line whose height its middle falls in: OCR gives each word the box of
    its ink, so "cao" stands lower than "Chỉ" and a dash is a thin box mid-line.
    """
    lines: list[list[dict]] = []
    top = bottom = 0.0
    for word in sorted(words, key=lambda w: (w["page"], _middle(w), w["x0"])):
        last = lines[-1][0] if lines else None
        tolerance = 0.5 * (word["bottom"] - word["top"])
        if (
            last
            and last["page"] == word["page"]
            and (top <= _middle(word) <= bottom or abs(word["top"] - last["top"]) <= tolerance)
        ):
            lines[-1].append(word)
            top, bottom = min(top, word["top"]), max(bottom, word["bottom"])
        else:
            lines.append([word])
            top, bottom = word["top"], word["bottom"]
    return [_Line(sorted(ws, key=lambda w: w["x0"])) for ws in lines]


def _middle(word: dict) -> float:
    return (word["top"] + word["bottom"]) / 2


def _segments(words: list[dict], gap: float) -> list[list[dict]]:
    """Runs of words on a line split where the space between words exceeds `gap`."""
    runs: list[list[dict]] = []
    for word in words:
        if runs and word["x0"] - runs[-1][-1]["x1"] <= gap:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _drop_page_numbers(lines: list[_Line], height: float) -> list[_Line]:
    margin = 0.1 * height
    return [
        ln
        for i, ln in enumerate(lines)
        if not (
            (i == 0 or i == len(lines) - 1)
            and (ln.top < margin or ln.top > height - margin)
            and _PAGE_NUMBER.match(ln.text)
        )
    ]


def _beside(parts: list[list[dict]], split: float, size: float) -> bool:
    """Whether a line's runs keep to the two columns split at `split`."""
    if len(parts) == 2:
        return abs(parts[1][0]["x0"] - split) <= size
    return len(parts) == 1 and parts[0][0]["x0"] >= split - size


def _within(word: dict, bbox) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _text(words: list[dict]) -> str:
    return " ".join(w["text"] for w in words)
