"""Recommendation refs as printed ("4.2 (R2)", "R3", "1.", "10.4.5") and as stored ("4.2")."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A dotted number with an optional printed alias ("4.2 (R2)"), or a short code ("R3", "AP12",
# "R1000", "3a", "3(a)"); a trailing "." or ")" is punctuation, not part of the ref.
_NUMBERED = re.compile(r"(\d{1,3}(?:\.\d{1,3}){0,3})[.):]?(?:\s*\(\s*[A-Za-z]{0,3}\s*\d{1,3}[a-z]?\s*\))?")
_CODED = re.compile(r"([A-Z]{1,4}\s?\d{1,5}(?:\.\d{1,3}){0,2}[a-z]?|\d{1,3}[a-z]|\d{1,3}\s?\([a-z]\))[.):]?")
# A letter or a roman numeral numbering a list: "a)", "(b)", "iv", "(xii)".
_LETTER = re.compile(r"\(?([a-z])[.)]")
_ROMAN = re.compile(r"\(?(x{0,3}(?:ix|iv|v?i{0,3}))\)?\.?")
# Refs that are kept whole as printed: a municipal-year series ("SR (23/24) 07"), a board
# minute ("BOD 44/22(d)"), a dotted code with a date stamp ("QA.120515.3.2").
_KEPT_WHOLE = (
    re.compile(r"[A-Z]{1,5}\s?\(\s?\d{2}/\d{2}\s?\)\s?\d{1,3}[a-z]?"),
    re.compile(r"(?!FY\b|FYE\b)[A-Z]{1,5}\s?\d{1,3}/\d{2}(?:\s?\([a-z0-9]{1,3}\))?"),
    re.compile(r"[A-Z]{1,5}[.\-]\d{1,8}(?:[.\-]\d{1,4}){1,4}[a-z]?"),
)
_REF_AT_START = re.compile(
    r"^\s*("
    r"[A-Z]{1,5}\s?\(\s?\d{2}/\d{2}\s?\)\s?\d{1,3}"
    r"|(?!FY\b)[A-Z]{1,5}\s?\d{1,3}/\d{2}(?:\s?\([a-z0-9]{1,3}\))?"
    r"|[A-Z]{1,5}[.\-]\d{1,8}(?:[.\-]\d{1,4}){1,4}"
    r"|(?:Recommendation|Rec\.?)\s*\d{1,3}(?:\.\d{1,3}){0,3}[.):]?"
    r"|\d{1,3}\s?\([a-z]\)"
    r"|\d{1,3}(?:\.\d{1,3}){0,3}[.):]?(?:\s*\(\s*[A-Za-z]{0,3}\s*\d{1,3}\s*\))?"
    r"|[A-Z]{1,3}\d{1,5}(?:\.\d{1,3}){0,2}[.):]?"
    r"|\(?[a-z]\)"
    r")(?=\s|$)"
)


@dataclass(frozen=True)
class Ref:
    printed: str
    normalised: str

    @property
    def key(self) -> tuple[int, ...]:
        return ref_key(self.normalised)


# "Recommendation 3", "Rec. 3", "Action 2.1": a word naming what the number is.
_NAMED = re.compile(r"(?:recommendation|rec\.?|action|item|no\.?)\s*(\d{1,3}(?:\.\d{1,3}){0,3})[.):]?", re.I)


def read_ref(cell: str) -> Ref | None:
    """The ref a whole cell gives, or None when the cell is not a ref."""
    text = " ".join(cell.split())
    if not text or len(text) > 24:
        return None
    if m := _NAMED.fullmatch(text):
        return Ref(printed=text, normalised=m[1])
    if len(text) > 16:
        return None
    if m := _NUMBERED.fullmatch(text):
        return Ref(printed=text, normalised=m[1])
    if m := _CODED.fullmatch(text):
        return Ref(printed=text, normalised=m[1].replace(" ", ""))
    for rule in _KEPT_WHOLE:
        if rule.fullmatch(text):
            return Ref(printed=text, normalised=text)
    if m := _LETTER.fullmatch(text):
        return Ref(printed=text, normalised=m[1])
    if (m := _ROMAN.fullmatch(text)) and m[1]:
        return Ref(printed=text, normalised=m[1])
    return None


def split_leading_ref(text: str) -> tuple[Ref, str] | None:
    """A ref printed at the start of a text cell ("1. That the Department…") and the rest."""
    m = _REF_AT_START.match(text)
    if m is None:
        return None
    ref = read_ref(m[1])
    if ref is None:
        return None
    rest = text[m.end() :].strip()
    # A bare number followed by a lower-case word is a count in a sentence, not a ref.
    if rest and rest[0].islower():
        return None
    return ref, rest


def ref_key(normalised: str) -> tuple[int, ...]:
    """Numbers in a ref, for telling whether refs run in order."""
    return tuple(int(n) for n in re.findall(r"\d+", normalised))


def is_out_of_sequence(ref: Ref, current: Ref | None) -> bool:
    """A ref lower than the one before it; in PDF text usually a stray mark ("5.4.0" inside
    5.4.1), though it could also be a new table starting again from 1."""
    if current is None or not ref.key or not current.key:
        return False
    return ref.key < current.key


def has_zero_part(ref: Ref) -> bool:
    """Refs like "5.4.0" and "0.1.0": recommendations are numbered from 1, so a zero part is a
    mark of extraction noise."""
    parts = ref.normalised.split(".")
    return len(parts) > 1 and any(p.strip("0") == "" for p in parts)
