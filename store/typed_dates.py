"""Days typed in chat for the scrutiny cycle (a meeting, a date received, a response):
`2026-03-02`, `2/3/2026` (day first, as in the UK), `2 March 2026`, `March 2, 2026`. Always a
whole day: "March 2026" names no meeting."""

from __future__ import annotations

import re
from datetime import date, datetime

from store.errors import Form, Problem, Typed, said

_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERN = (
    rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
)
_WHOLE = re.compile(rf"^(?:{DATE_PATTERN})$", re.IGNORECASE)


def is_date(text: str) -> bool:
    return _WHOLE.match(text.strip()) is not None


def read_date(text: str, *, field: str = "") -> date:
    """The day `text` names; raises Problem saying how to write it."""
    typed = text.strip()
    try:
        return _read(typed)
    except (ValueError, KeyError):
        raise Problem(
            said("I can't read ", Typed(f"{field}{typed}"), " as a date."),
            [said("Write it as ", Form(f"{field}2026-03-02"), " or ", Form(f"{field}02/03/2026"), ".")],
        ) from None


def _read(text: str) -> date:
    if not _WHOLE.match(text):
        raise ValueError(text)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        year, month, day = (int(p) for p in text.split("-"))
        return date(year, month, day)
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        day, month, year = (int(p) for p in text.split("/"))
        return date(year, month, day)
    words = re.findall(r"[a-z]+|\d+", text.lower())
    words = [w for w in words if w not in ("st", "nd", "rd", "th")]
    if words[0].isdigit():
        day, month, year = int(words[0]), _MONTHS[words[1]], int(words[2])
    else:
        month, day, year = _MONTHS[words[0]], int(words[1]), int(words[2])
    return datetime(year, month, day).date()
