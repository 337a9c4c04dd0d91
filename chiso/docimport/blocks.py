"""The reader's output: a document as an ordered list of blocks (paragraphs, headings, rows)."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ROW = "row"


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or table row, in body order.

    `text` is NFC with line breaks inside sentences joined; for a row it is the cells joined
    with " | ". `cells` holds a row's cells, a merged cell counted once. Rows of one table
    share `table`. `source` says whether the block came from the body or a page
    header/footer; `page` is the 1-based page where the reader knows it.
    """

    kind: BlockKind
    text: str
    index: int = 0
    cells: tuple[str, ...] = field(default_factory=tuple)
    table: int | None = None
    page: int | None = None
    source: str = "body"

    def to_json(self) -> dict:
        data = {"kind": str(self.kind), "text": self.text, "index": self.index}
        if self.cells:
            data["cells"] = list(self.cells)
        if self.table is not None:
            data["table"] = self.table
        if self.page is not None:
            data["page"] = self.page
        if self.source != "body":
            data["source"] = self.source
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Block":
        return cls(
            kind=BlockKind(data["kind"]),
            text=data["text"],
            index=data.get("index", 0),
            cells=tuple(data.get("cells", ())),
            table=data.get("table"),
            page=data.get("page"),
            source=data.get("source", "body"),
        )


class DocumentError(Exception):
    """A file that cannot be read; the message names the file and says what was expected."""


# Line joining: documents break lines mid-sentence (hard-wrapped text, PDF lines, OCR). A line
# continues the paragraph before it unless it starts a new item or the paragraph is complete.
_ITEM_START = re.compile(
    r"""^(?:
        \#{1,6}\s                              # markdown heading
      | [IVXLC]{1,6}[.)]\s                     # I.  II)
      | \d{1,2}(?:\.\d{1,2})*[.)](?:\s|$)      # 1.  1.1.  2)   (never a year: two digits at most)
      | [a-zđ][.)]\s                           # a)  đ)
      | [-+•–—*∙·¢»●○◦▪]\s                     # bullets (¢, » as OCR reads them)
      | Số\s*:                                 # document number
      | Nơi\s+nhận | Kính\s+gửi | Căn\s+cứ\s | Thực\s+hiện\s    # recipients, basis
      | [^\W\d_][\w.]*(?:\s[\w.]+){0,5},\s*ngày\s+(?:\d|[.…_]|tháng)  # "Lạng Sơn, ngày 14 tháng 6"
    )""",
    re.VERBOSE,
)
_PLACE_DATE = re.compile(r",\s*ngày\b[^,]{0,40}\bnăm\s+\d{4}\s*$")
_MOTTO = re.compile(r"Tự\s+do\s*[-–]\s*Hạnh\s+phúc\s*$", re.IGNORECASE)
_CLOSERS = "\"'”’»)]*_ "
_EMPHASIS = re.compile(r"(\*\*\*|\*\*|\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1")
# A markdown heading mark, also as OCR reads one on a printed page: "#t", "?##Ht", "?H‡"; or
# two to five "#" look-alikes (`alike`) before bold text ("tt **2. Yêu cầu**", "HH **…") or,
# with an "H", "f" or a dagger among them, before a capital ("ft Nâng cao"; "tt Văn Quan" is
# a town).
_MARKDOWN_HEADING = re.compile(
    r"^(?:#{1,6}|[#H†‡?ft]{0,4}[#†‡?][#H†‡?ft]{0,4}|(?P<alike>[H†‡ft]{2,5}))\s+"
)
_HSPACE = re.compile(r"[^\S\n]+")


def join_lines(lines: Iterable[str], *, blank_is_break: bool = False) -> list[str]:
    """Paragraphs from `lines`, joining lines that break mid-sentence.

    A line continues the paragraph before it unless it starts an item (numbered or lettered
    heading, bullet, line in capitals, "Số:", "Nơi nhận", "Căn cứ"/"Thực hiện", place and
    date) or the paragraph is complete: it ends a sentence (., :, ;, !, ? or a closing quote or
    paren after one), or, for a line starting with a capital, the line before it was cut short
    (under 3/4 of the usual width: a heading such as "5. Phòng Văn hóa và Thông tin huyện").
    A line starting in lower case or with a digit continues unless a sentence ended (., !, ?).
    With `blank_is_break`, a blank line ends the paragraph unless the next line starts in
    lower case (a sentence broken by a blank line); otherwise blank lines are ignored, as in
    double-spaced text.
    """
    lines = [_HSPACE.sub(" ", unicodedata.normalize("NFC", raw)).strip() for raw in lines]
    lengths = sorted(len(line) for line in lines if line)
    full = 0.75 * lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    paragraphs: list[list[str]] = []  # each a list of pieces, to join long texts in linear time
    caps = False
    hard = True
    for line in lines:
        if not line:
            hard = hard or blank_is_break
            continue
        current = paragraphs[-1] if paragraphs else None
        if current and _continues(
            "".join(current[-2:]), line, hard=hard, caps=caps, full=len(current[-1]) >= full
        ):
            last = current[-1]
            current.append(line if last.endswith("-") and last[-2:-1].isalpha() else " " + line)
            caps = caps and not any(c.islower() for c in line)
        else:
            paragraphs.append([line])
            caps = is_caps_line(line)
        hard = False
    return ["".join(pieces) for pieces in paragraphs]


def starts_item(line: str, *, caps: bool = True) -> bool:
    """Whether `line` starts a new item: a numbered heading, a bullet, a markdown heading,
    (with `caps`) a line in capitals…"""
    bare = line.lstrip("*_ ")
    if _ITEM_START.match(bare) or _heading_mark(line):
        return True
    if bare[:2] == "o " and bare[2:3].isupper():
        return True  # a round bullet read as the letter "o"
    return caps and is_caps_line(bare)


def is_caps_line(text: str) -> bool:
    """A line in capitals such as "I. MỤC ĐÍCH, YÊU CẦU" or "KẾ HOẠCH" (not "(PAR INDEX)")."""
    bare = text.lstrip("*_# ")
    words = [w for w in bare.split() if any(c.isalpha() for c in w)]
    letters = [c for c in bare if c.isalpha()]
    return (
        len(words) >= 2
        and len(letters) >= 5
        and not bare.startswith("(")
        and not any(c.islower() for c in letters)
    )


def _continues(prev: str, line: str, *, hard: bool, caps: bool, full: bool) -> bool:
    if starts_item(line):
        return False
    first = next((c for c in line if c.isalnum()), "")
    lower = first.isalpha() and first.islower()
    if hard:
        return lower and not _ends(prev, ".!?;:")
    if caps:
        return not first.isalpha() and not _ends(prev, ".!?;:")
    if _MOTTO.search(prev) or _PLACE_DATE.search(prev):
        return False
    if lower or first.isdigit():
        return not _ends(prev, ".!?")
    if prev.endswith("-") and prev[-2:-1].isalpha():
        return True  # a compound cut at its hyphen: "CT-" / "XH"
    # A capital after a line cut short ends the paragraph; after a full line ending in ";",
    # it goes on with a list ("…; Luật Tố cáo; / Luật Tiếp công dân").
    return full and not _ends(prev, ".!?:")


def _ends(text: str, marks: str) -> bool:
    bare = text.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in marks


def clean_text(text: str) -> str:
    """NFC text without markdown emphasis, spaces collapsed, each line trimmed."""
    text = _EMPHASIS.sub(r"\2", unicodedata.normalize("NFC", text))
    return "\n".join(s for s in (_HSPACE.sub(" ", ln).strip() for ln in text.split("\n")) if s)


def _heading_mark(text: str) -> int:
    """The length of the markdown heading mark the text opens with, 0 without one."""
    found = _MARKDOWN_HEADING.match(text)
    if not found:
        return 0
    if alike := found["alike"]:
        after = text[found.end() :]
        capital = after[:1].isupper() and any(ch in "Hf†‡" for ch in alike)
        if not (after.startswith("**") or capital):
            return 0
    return found.end()


def text_block(text: str, *, heading: bool = False, **fields) -> Block | None:
    """A HEADING or PARAGRAPH block for `text`, or None when it is empty.

    Headings are those the reader knows (a heading style) plus markdown "#" lines (Word files
    and PDFs converted from markdown keep them) and lines in capitals.
    """
    # The mark is looked for before emphasis is removed ("ft **2. …**") and after ("**## 2.").
    text = unicodedata.normalize("NFC", text).strip()
    if mark := _heading_mark(text):
        text, heading = text[mark:], True
    text = clean_text(text)
    if mark := _heading_mark(text):
        text, heading = text[mark:].strip(), True
    if not text:
        return None
    kind = BlockKind.HEADING if heading or is_caps_line(text) else BlockKind.PARAGRAPH
    return Block(kind=kind, text=text, **fields)


def row_block(cells: Iterable[str], *, table: int, **fields) -> Block | None:
    """A ROW block for `cells` (cleaned), or None when every cell is empty."""
    cells = tuple(clean_text(c) for c in cells)
    if not any(cells):
        return None
    return Block(kind=BlockKind.ROW, text=" | ".join(cells), cells=cells, table=table, **fields)
