"""The one place where Vietnamese text is normalised.

Documents arrive in NFC or NFD, with or without diacritics, in any case. Every matcher
compares `search_key` values (accent-free, case-folded, đ→d, punctuation as spaces) and keeps
the NFC text as written for display.
"""

import functools
import re
import unicodedata
from decimal import Decimal

_SPACES = re.compile(r"\s+")
# Letters OCR makes of Vietnamese ones, read back as the accent-free letter they stand for
# ("Văn phòng S¢" is "Văn phòng Sở", "S@ Xây dựng" is "Sở Xây dựng", "ÐIỀU" is "ĐIỀU").
_OCR = str.maketrans({"¢": "o", "©": "o", "@": "o", "€": "e", "Ð": "D", "ð": "d"})
_NON_WORD = re.compile(r"[^\w%]+")
# What an OCR engine without the Vietnamese model makes of each vowel, accent-free, as
# Tesseract's `eng` model reads the corpus: "ố" as "6" or "é" ("Chi s6", "quéc"), "ư" as "w"
# ("phwong"), "ã" as "4" ("x4"), "ợ" as "g" ("dugc"). Consonants it reads right.
_OCR_VOWELS = {"a": "a4d", "e": "e", "i": "il1", "o": "oe6d0g", "u": "uwitl", "y": "y"}
_VOWEL_RUN = re.compile(r"[aeiouy]+")


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


def usual_spellings(text: str) -> set[str]:
    """The forms people usually type `text` in: as written, in lower and in upper case, each
    with and without accents. Each has the same `search_key`."""
    return {
        cased
        for form in (text, strip_accents(text))
        for cased in (form, form.lower(), form.upper())
    }


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


def ocr_pattern(*phrases: str) -> str:
    """A regex for any of the accent-free phrases, as written or as OCR without the Vietnamese
    model may read it: a non-capturing group without anchors, to match on `plain` or
    `search_key` text.

    Consonants are kept and each run of vowels may be read as as many letters, or one more, of
    their misreadings (`_OCR_VOWELS`: "thu truong" also matches "thu trudeng" but not "trung");
    a single vowel ending a word after a consonant may be lost ("xã" read "x§"), and so may the
    spaces between words.
    """
    return "(?:" + "|".join(map(_ocr_phrase, phrases)) + ")"


def _ocr_phrase(phrase: str) -> str:
    words = []
    for word in search_key(phrase).split():
        parts, start = [], 0
        for run in _VOWEL_RUN.finditer(word):
            parts.append(re.escape(word[start : run.start()]))
            readings = "".join(dict.fromkeys("".join(_OCR_VOWELS[v] for v in run[0])))
            lost = run.end() == len(word) and run.start() > 0 and len(run[0]) == 1
            size = len(run[0])
            parts.append(f"[{readings}]{{{0 if lost else size},{size + 1}}}")
            start = run.end()
        parts.append(re.escape(word[start:]))
        words.append("".join(parts))
    return r"\s*".join(words)


def decimal_text(value: Decimal) -> str:
    """A number as Vietnamese writes it: "10", "10,5"."""
    return f"{value.normalize():f}".replace(".", ",")
