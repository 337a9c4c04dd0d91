"""The one place where Vietnamese text is normalised.

Documents arrive in NFC or NFD, with or without diacritics, in any case. Every matcher
compares `search_key` values (accent-free, case-folded, đ→d, punctuation as spaces) and keeps
the NFC text as written for display.
"""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Letters OCR makes of Vietnamese ones, read back as the accent-free letter they stand for
# ("Văn phòng S¢" is "Văn phòng Sở", "S@ Xây dựng" is "Sở Xây dựng", "ÐIỀU" is "ĐIỀU").
_OCR = str.maketrans({"¢": "o", "©": "o", "@": "o", "€": "e", "Ð": "D", "ð": "d"})
_NON_WORD = re.compile(r"[^\w%]+")


def nfc(text: str) -> str:
    """Text in NFC with runs of whitespace collapsed to one space and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    """NFC, case-folded, whitespace collapsed: keeps diacritics."""
    return nfc(text).casefold()


def strip_accents(text: str) -> str:
    """Remove diacritics, keeping case; đ/Đ become d/D; OCR stand-ins become letters."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_OCR))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def search_key(text: str) -> str:
    """Accent-free, lower-case key with punctuation turned into single spaces."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", strip_accents(text).casefold())).strip()


def plain(text: str) -> str:
    """Accent-free, lower-case copy of `text` with exactly one character per character.

    Regex spans found on it index `text` itself, so a parser can match without diacritics
    and still return the words as written. Pass NFC text: NFD marks are kept as they are.
    """
    return "".join(_plain_char(ch) for ch in text)


@functools.lru_cache(maxsize=2048)
def _plain_char(ch: str) -> str:
    folded = strip_accents(ch).lower()
    return folded if len(folded) == 1 else ch
