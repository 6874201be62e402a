"""Recommendation refs in every style councils print, each with the ref a reader should keep.

A plan numbers its recommendations one way throughout, as real trackers do. The expected ref
follows the answer keys' convention (`seeds/gold/README.md`): the identifying part of the printed
ref, with words and punctuation that only frame it left out ("Rec 3" is 3, "4.2 (R2)" is 4.2,
"a)" is a). Scoring also accepts the ref kept exactly as printed (see `scoring.ref_matches`).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PrintedRef:
    printed: str
    expected: str


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi")


def _r_numbers(rnd: random.Random, count: int) -> list[PrintedRef]:
    # Some long-running registers are past a thousand ("R1000"): start just below it.
    start = rnd.choice((1, 1, 1, 998, 1205))
    letter = rnd.choice(("R", "R", "R", "A", "AP"))
    padded = start < 10 and count < 100 and rnd.random() < 0.25
    refs = [f"{letter}{n:02d}" if padded else f"{letter}{n}" for n in range(start, start + count)]
    return [PrintedRef(r, r) for r in refs]


def _rec_words(rnd: random.Random, count: int) -> list[PrintedRef]:
    word = rnd.choice(("Rec", "Rec.", "Recommendation"))
    return [PrintedRef(f"{word} {n}", str(n)) for n in range(1, count + 1)]


def _number_letter(rnd: random.Random, count: int) -> list[PrintedRef]:
    refs: list[PrintedRef] = []
    section = rnd.randint(1, 9)
    letters = iter(string.ascii_lowercase)
    for _ in range(count):
        letter = next(letters, None)
        if letter is None or (refs and rnd.random() < 0.25):
            section += 1
            letters = iter(string.ascii_lowercase)
            letter = next(letters)
        refs.append(PrintedRef(f"{section}({letter})", f"{section}({letter})"))
    return refs


def _number_and_letter(rnd: random.Random, count: int) -> list[PrintedRef]:
    refs = [r.printed.replace("(", "").replace(")", "") for r in _number_letter(rnd, count)]
    return [PrintedRef(r, r) for r in refs]


def _letters(rnd: random.Random, count: int) -> list[PrintedRef]:
    return [PrintedRef(f"{c})", c) for c in string.ascii_lowercase[:count]]


def _roman(rnd: random.Random, count: int) -> list[PrintedRef]:
    return [PrintedRef(r, r) for r in _ROMAN[:count]]


def _dotted(rnd: random.Random, count: int) -> list[PrintedRef]:
    depth = rnd.choice((2, 3))
    prefix = ".".join(str(rnd.randint(1, 9)) for _ in range(depth - 1))
    return [PrintedRef(f"{prefix}.{n}", f"{prefix}.{n}") for n in range(1, count + 1)]


def _plain(rnd: random.Random, count: int) -> list[PrintedRef]:
    dot = rnd.choice(("", "."))
    return [PrintedRef(f"{n}{dot}", str(n)) for n in range(1, count + 1)]


def _municipal_year(rnd: random.Random, count: int) -> list[PrintedRef]:
    year = rnd.randint(18, 25)
    code = rnd.choice(("SR", "OSC", "HSP"))
    first = rnd.randint(1, 5)
    refs = [f"{code} ({year}/{year + 1}) {n:02d}" for n in range(first, first + count)]
    return [PrintedRef(r, r) for r in refs]


def _board_minute(rnd: random.Random, count: int) -> list[PrintedRef]:
    refs: list[PrintedRef] = []
    minute, year = rnd.randint(10, 90), rnd.randint(19, 25)
    letters = iter(string.ascii_lowercase)
    for _ in range(count):
        letter = next(letters, None)
        if letter is None or (refs and rnd.random() < 0.3):
            minute += rnd.randint(1, 6)
            letters = iter(string.ascii_lowercase)
            letter = next(letters)
        ref = f"BOD {minute}/{year}({letter})"
        refs.append(PrintedRef(ref, ref))
    return refs


def _quality_audit(rnd: random.Random, count: int) -> list[PrintedRef]:
    stamp = f"{rnd.randint(1, 28):02d}{rnd.randint(1, 12):02d}{rnd.randint(10, 25):02d}"
    section = rnd.randint(1, 6)
    return [PrintedRef(f"QA.{stamp}.{section}.{n}", f"QA.{stamp}.{section}.{n}") for n in range(1, count + 1)]


def _dotted_with_alias(rnd: random.Random, count: int) -> list[PrintedRef]:
    section = rnd.randint(1, 9)
    first = rnd.randint(1, 4)
    return [PrintedRef(f"{section}.{n} (R{first + n - 1})", f"{section}.{n}") for n in range(1, count + 1)]


REF_STYLES: dict[str, Callable[[random.Random, int], list[PrintedRef]]] = {
    "R1": _r_numbers,
    "Rec 3": _rec_words,
    "3(a)": _number_letter,
    "3a": _number_and_letter,
    "a)": _letters,
    "iv": _roman,
    "7.4.3": _dotted,
    "1": _plain,
    "SR (23/24) 07": _municipal_year,
    "BOD 44/22(d)": _board_minute,
    "QA.120515.3.2": _quality_audit,
    "4.2 (R2)": _dotted_with_alias,
}
# Letters and roman numerals run out; plans in those styles stay short enough.
MAX_COUNT = {"a)": 16, "iv": 16}


def printed_refs(rnd: random.Random, style: str, count: int) -> list[PrintedRef]:
    return REF_STYLES[style](rnd, count)
