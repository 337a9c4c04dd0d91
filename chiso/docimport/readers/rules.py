"""The ruled lines of tables on a scanned page, found in its image.

A scan has no drawing to ask for its tables, and Tesseract reads a ruled table line by line
across its cells. The rules are found here from the pixels (a run of dark pixels far longer
than any stroke of a letter, thin as a line), so that the cells can be rebuilt as a PDF's
ruled tables are and the words OCR found put in them.
"""

from dataclasses import dataclass

import numpy as np
from PIL import Image

DARK = 128  # grey levels below this are ink
# Lengths in inches, turned into pixels at the image's resolution.
RULE = 1 / 3  # a line holds a dark run this long at least …
THICK = 1 / 20  # … and is at most this thick (a filled area is no rule)
PIECE = 1 / 12  # a piece of a rule between two crossings is at least this long
BRIDGE = 1 / 100  # gaps up to this are bridged (a scanned line breaks up)
LINE_SHARE = 0.8  # a row of pixels this dark across a cell is a rule, not a mark


@dataclass(frozen=True)
class Rule:
    """A straight ruled line in pixels: horizontal at y = `at` from x `start` to `end`, or
    vertical at x = `at` from y `start` to `end`."""

    horizontal: bool
    at: float
    start: int
    end: int


def find_rules(image: Image.Image, dpi: float) -> list[Rule]:
    """The horizontal and vertical rules of a greyscale page image scanned at `dpi`."""
    dark = np.asarray(image.convert("L")) < DARK
    lengths = {"rule": RULE, "thick": THICK, "piece": PIECE, "bridge": BRIDGE}
    sizes = {name: max(1, round(inches * dpi)) for name, inches in lengths.items()}
    return _rules(dark, horizontal=True, **sizes) + _rules(dark.T, horizontal=False, **sizes)


def ink_box(
    image: Image.Image, box: tuple[int, int, int, int], *, margin: int, least: int = 20
) -> tuple[int, int, int, int] | None:
    """The part of `box` (left, top, right, bottom) around its marks, `margin` pixels wider
    on each side but within `box`; None when it holds fewer than `least` dark pixels. What is
    left of a rule along an edge (a row or column of pixels dark nearly end to end) is no mark.
    """
    if box[2] <= box[0] or box[3] <= box[1]:
        return None
    dark = np.asarray(image.convert("L").crop(box)) < DARK
    dark[dark.mean(axis=1) > LINE_SHARE, :] = False
    dark[:, dark.mean(axis=0) > LINE_SHARE] = False
    if int(dark.sum()) < least:
        return None
    rows, columns = np.nonzero(dark)
    left, top, right, bottom = box
    return (
        max(left, left + int(columns.min()) - margin),
        max(top, top + int(rows.min()) - margin),
        min(right, left + int(columns.max()) + margin + 1),
        min(bottom, top + int(rows.max()) + margin + 1),
    )


def _rules(
    dark: np.ndarray, *, horizontal: bool, rule: int, thick: int, piece: int, bridge: int
) -> list[Rule]:
    """Rules along the rows of `dark` (its columns for vertical rules, passed transposed)."""
    found: list[Rule] = []
    band: list[tuple[int, list[tuple[int, int]]]] = []
    for position in range(dark.shape[0]):
        runs = _runs(dark[position], bridge)
        if any(end - start >= rule for start, end in runs):
            if band and position - band[-1][0] > 1:
                found += _band_rules(band, horizontal, thick, piece, bridge, dark.shape[1])
                band = []
            band.append((position, runs))
    if band:
        found += _band_rules(band, horizontal, thick, piece, bridge, dark.shape[1])
    return found


def _band_rules(
    band: list[tuple[int, list[tuple[int, int]]]],
    horizontal: bool,
    thick: int,
    piece: int,
    bridge: int,
    length: int,
) -> list[Rule]:
    """The pieces of one rule from the adjacent rows (or columns) it covers."""
    if len(band) > thick:
        return []
    covered = np.zeros(length, dtype=bool)
    for _position, runs in band:
        for start, end in runs:
            covered[start:end] = True
    at = (band[0][0] + band[-1][0]) / 2
    return [
        Rule(horizontal, at, start, end)
        for start, end in _runs(covered, bridge)
        if end - start >= piece
    ]


def _runs(line: np.ndarray, bridge: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True in a row of pixels, gaps up to `bridge` bridged."""
    index = np.flatnonzero(line)
    if not index.size:
        return []
    breaks = np.flatnonzero(np.diff(index) > bridge + 1)
    starts = np.r_[index[0], index[breaks + 1]]
    ends = np.r_[index[breaks], index[-1]] + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))
