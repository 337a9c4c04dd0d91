"""Scanned pages read through Tesseract's command line with the Vietnamese model.

A page is read as words with their places (Tesseract's TSV output), which the PDF reader lays
out as it does a text layer: lines joined into paragraphs, the two-column letterhead as one
row, tables rebuilt cell by cell. A table's rules are found in the image (`rules.py`) and its
cells come from them as a PDF's ruled cells do; the rules stay in the image that is read
(erased, they change how Tesseract lays out the rest of the page and it reads worse), a rule
read as "|" is dropped. A cell that the page's OCR left empty though it holds ink (a lone "1"
or "II" in the STT column, which Tesseract skips on a full page) is read again on its own.
"""

import csv
import functools
import io
import shutil
import subprocess

from django.utils.translation import gettext
from PIL import Image

from chiso.docimport.blocks import DocumentError

from .rules import Rule, find_rules, ink_box

LANGUAGE = "vie"
# Cells read again hold mostly row numbers ("2", "III"), which the English model reads better
# than the Vietnamese one alone; it is used beside it where installed.
CELL_LANGUAGES = "vie+eng"
TIMEOUT = 180  # seconds for one page
DPI = 300  # scanned pages are rendered at this resolution to be read
# A cell read again is cut to its ink with this margin and stacked with the others in one
# image, this far apart (pixels).
CELL_MARGIN = 20
CELL_GAP = 40
CELL_INSET = 6  # pixels trimmed inside a cell's rules, so that none of them is read
MAX_CELLS = 300
UNREAD = "?"  # a row's number that holds ink but could not be read
_SINGLE_BLOCK = "6"  # Tesseract's page segmentation mode for one block of text


def ocr_pdf_page(page, *, name: str) -> tuple[list[dict], list]:
    """(words, ruled tables) of a pdfplumber page without a text layer.

    Words are dicts with `text`, `x0`, `x1`, `top` and `bottom` in PDF points and `ocr` set
    (their boxes hold only their ink); the tables are pdfplumber's, found from the rules drawn
    in the image.
    """
    image = page.to_image(resolution=DPI).original.convert("L")
    scale = float(page.width) / image.width
    words = words_from_tsv(_tesseract("stdin", _png(image), name=name, tsv=True), scale)
    tables = _tables(page, find_rules(image, DPI), scale)
    words += _empty_cells(image, tables, words, scale, name=name)
    return words, tables


def words_from_tsv(tsv: str, scale: float) -> list[dict]:
    """The words of Tesseract's TSV output, in PDF points (pixels × `scale`). A rule read as
    "|" is no word."""
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip().strip("|").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top, width, height = (int(row[key]) for key in ("left", "top", "width", "height"))
        words.append(
            {
                "text": text,
                "ocr": True,
                "x0": left * scale,
                "x1": (left + width) * scale,
                "top": top * scale,
                "bottom": (top + height) * scale,
            }
        )
    return words


def check_installed(*, name: str) -> None:
    """Raise DocumentError saying what to install when Tesseract or its Vietnamese model lacks."""
    if not _has_vietnamese():
        raise DocumentError(
            gettext(
                "Tệp “%(name)s” là ảnh hoặc bản quét, cần nhận dạng chữ (OCR) nhưng máy chủ chưa "
                "có Tesseract với tiếng Việt: cài gói tesseract-ocr và tesseract-ocr-vie "
                "(Debian/Ubuntu)."
            )
            % {"name": name}
        )


def _tables(page, rules: list[Rule], scale: float) -> list:
    """pdfplumber's tables of the page, from the rules found in its image."""
    vertical = [_edge(rule, scale) for rule in rules if not rule.horizontal]
    horizontal = [_edge(rule, scale) for rule in rules if rule.horizontal]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    return page.find_tables(
        {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_vertical_lines": vertical,
            "explicit_horizontal_lines": horizontal,
        }
    )


def _edge(rule: Rule, scale: float) -> dict:
    at, start, end = rule.at * scale, rule.start * scale, rule.end * scale
    if rule.horizontal:
        box = {"x0": start, "x1": end, "top": at, "bottom": at, "orientation": "h"}
    else:
        box = {"x0": at, "x1": at, "top": start, "bottom": end, "orientation": "v"}
    return {
        **box,
        "object_type": "line_edge",
        "width": box["x1"] - box["x0"],
        "height": box["bottom"] - box["top"],
    }


def _empty_cells(
    image: Image.Image, tables: list, words: list[dict], scale: float, *, name: str
) -> list[dict]:
    """Words of the cells that hold ink but no word, read again stacked in one image.

    A row's first cell (its number) that still reads as nothing gets `UNREAD`: Tesseract
    reads a lone "7" as a rule, and the table parser numbers such a row by its place.
    """
    boxes: list[tuple[tuple[int, int, int, int], bool]] = []  # (ink box, a row's first cell)
    for table in tables:
        for row in table.rows:
            for position, cell in enumerate(row.cells):
                if cell is None or any(_inside(word, cell) for word in words):
                    continue
                left, top, right, bottom = (round(v / scale) for v in cell)
                inset = CELL_INSET
                if box := ink_box(
                    image,
                    (left + inset, top + inset, right - inset, bottom - inset),
                    margin=CELL_MARGIN,
                ):
                    boxes.append((box, position == 0))
    if not boxes or len(boxes) > MAX_CELLS:
        return []
    width = max(box[2] - box[0] for box, _first in boxes) + 2 * CELL_GAP
    height = sum(box[3] - box[1] + CELL_GAP for box, _first in boxes) + CELL_GAP
    stacked = Image.new("L", (width, height), 255)
    tops = []
    y = CELL_GAP
    for box, _first in boxes:
        stacked.paste(image.crop(box), (CELL_GAP, y))
        tops.append(y)
        y += box[3] - box[1] + CELL_GAP
    languages = CELL_LANGUAGES if _installed("eng") else LANGUAGE
    tsv = _tesseract(
        "stdin", _png(stacked), name=name, tsv=True, mode=_SINGLE_BLOCK, languages=languages
    )
    read: dict[int, list[dict]] = {}
    for word in words_from_tsv(tsv, 1.0):
        middle = (word["top"] + word["bottom"]) / 2
        for index, ((box, _first), top) in enumerate(zip(boxes, tops, strict=True)):
            if top - CELL_GAP / 2 <= middle < top + box[3] - box[1] + CELL_GAP / 2:
                shift = (box[0] - CELL_GAP, box[1] - top)
                read.setdefault(index, []).append(_moved(word, shift, scale))
                break
    found = [word for index in sorted(read) for word in read[index]]
    for index, (box, first) in enumerate(boxes):
        if first and index not in read:
            left, top, right, bottom = (v * scale for v in box)
            found.append(
                {"text": UNREAD, "ocr": True, "x0": left, "x1": right, "top": top, "bottom": bottom}
            )
    return found


def _moved(word: dict, shift: tuple[int, int], scale: float) -> dict:
    return {
        **word,
        "x0": (word["x0"] + shift[0]) * scale,
        "x1": (word["x1"] + shift[0]) * scale,
        "top": (word["top"] + shift[1]) * scale,
        "bottom": (word["bottom"] + shift[1]) * scale,
    }


def _inside(word: dict, box) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _has_vietnamese() -> bool:
    return _installed(LANGUAGE)


def _installed(language: str) -> bool:
    return language in _languages()


@functools.cache
def _languages() -> frozenset[str]:
    """Tesseract's installed models; none without Tesseract."""
    if not shutil.which("tesseract"):
        return frozenset()
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset((listed.stdout + listed.stderr).split())


def _tesseract(
    source: str,
    data: bytes | None,
    *,
    name: str,
    tsv: bool = False,
    mode: str | None = None,
    languages: str = LANGUAGE,
) -> str:
    check_installed(name=name)
    command = ["tesseract", source, "stdout", "-l", languages]
    command += ["--psm", mode] if mode else []
    command += ["tsv"] if tsv else []
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise DocumentError(
            gettext("Nhận dạng chữ trong tệp “%(name)s” quá lâu, đã dừng.") % {"name": name}
        ) from error
    if done.returncode != 0:
        raise DocumentError(
            gettext("Không nhận dạng được chữ trong tệp “%(name)s”: ảnh không đọc được.")
            % {"name": name}
        )
    return done.stdout.decode("utf-8", errors="replace")
