"""Reading a timescale cell ("April 04", "Q3 2019/20", "July 2008 – November 2008 but ongoing").

Councils write deadlines every way there is. The rules follow how an officer reads them: a month
alone means its last day, a range means its end, a UK financial year ends on 31 March, a quarter
ends with its last month, and a two-digit year belongs to the century nearest the document's date.
Several dates in one cell usually mean the PDF extraction merged two rows, so every distinct date
is kept, in printed order, and the importer makes one action per date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass
from datetime import date

from store.importing.parsed import Timescale
from store.status import Status, parse_status

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_YEAR = r"('?\d{2}(?![\d/])|(?:19|20)\d{2})(?!\d)"
_YEAR4 = r"((?:19|20)\d{2})(?!\d)"
_ORDINAL = r"(?:\s*(?:st|nd|rd|th)(?![a-z]))?"
_RANGE_BETWEEN = re.compile(r"\s*(?:-|to|until|till|through|thru|and)\s*")

# Meteorological seasons, as UK officers use them; winter runs on into the next year.
_SEASON_END: dict[str, tuple[int, int]] = {
    "spring": (0, 5), "summer": (0, 8), "autumn": (0, 11), "fall": (0, 11), "winter": (1, 2),
}  # fmt: skip

_ONGOING = re.compile(
    r"\b(?:on-?\s?going|continuous|continual|continuing|in future years|onwards|and beyond"
    r"|thereafter)\b"
)
_RECURRING = re.compile(
    r"\b(?:every\s+(?:\d+|other|two|three|four|six|twelve|few)?\s*"
    r"(?:day|week|fortnight|month|quarter|term|year)s?"
    r"|daily|weekly|fortnightly|monthly|bi-?monthly|quarterly|annually|annual|yearly"
    r"|bi-?annually|half-?yearly|six-?monthly|\d+-?monthly|termly"
    r"|(?:each|per)\s+(?:week|month|quarter|term|year|annum)"
    r"|(?:once|twice|\w+\s+times)\s+(?:a|per|each)\s+(?:week|month|quarter|term|year))\b"
)
_DONE = re.compile(
    r"^\W*(?:now\s+|action\s+|fully\s+|all\s+)?(?:completed?|done|achieved|closed|finished)\b"
    r"(?!\s+(?:by|before|within|no later|for|in time))"
)
_PARTIAL = re.compile(
    r"^\W*(?:partially|partly|part)[\s-]+(?:achieved|completed?|done|implemented|met)\b"
    r"|^\W*partial\b"
)
# Cells that say there is no date yet: understood, just empty.
_NO_DATE = re.compile(
    r"^\W*(?:n/?a|tbc|tba|tbd|to be (?:confirmed|agreed|determined|decided|set)|none|nil"
    r"|not applicable|no date(?: set)?|not known|unknown|-+|\?+)?\W*$"
)
_FILLER = frozenset(
    "by end of the before no later than in on at from due target date deadline complete review"
    " around approx approximately circa c expected estimated until to and but within during for"
    " start starting beginning commencing w/c wc week latest scheduled planned or a an mid early"
    " late end-of".split()
)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    when: date
    approximate: str | None = None


def month_end(year: int, month: int) -> date:
    """The last day of a month: what "April 2004" means as a deadline."""
    return date(year, month, calendar.monthrange(year, month)[1])


def full_year(text: str, around: date | None) -> int:
    """A printed year as a four-digit year; two digits go to the century nearest `around`."""
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    two = int(digits)
    if around is None:
        return 2000 + two
    return min((c * 100 + two for c in (19, 20, 21)), key=lambda y: abs(y - around.year))


def _month(name: str) -> int:
    key = name.rstrip(".").lower()
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def normalise_timescale_text(raw: str) -> str:
    """Lower-cased text with markup, odd dashes and spacing evened out, for matching."""
    text = re.sub(r"<[^>]*>", " ", raw)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u00a0", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _safe(build: Callable[..., date | None], *args: Any) -> date | None:
    """build(*args), or None where the date does not exist."""
    try:
        return build(*args)
    except (ValueError, KeyError, OverflowError):
        return None


class _Scanner:
    """Finds date expressions in one cell, each claiming its span so none is read twice."""

    def __init__(self, text: str, around: date | None) -> None:
        self.text = text
        self.around = around
        self.claimed: list[tuple[int, int]] = []
        self.found: list[_Found] = []
        self.impossible: list[str] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.claimed)

    def claim(self, start: int, end: int) -> None:
        self.claimed.append((start, end))

    def scan(
        self,
        pattern: str,
        read: Callable[[re.Match[str]], date | None],
        approximate: str | None = None,
        *,
        exact: bool = False,
    ) -> None:
        """`exact` patterns (numeric dates) claim their text even when the date does not exist,
        so "31/02/2019" is reported as unreadable rather than read as the year 2019."""
        for match in re.finditer(pattern, self.text):
            if not self.free(match.start(), match.end()):
                continue
            when = _safe(read, match)
            if when is None:
                if exact:
                    self.claim(match.start(), match.end())
                    self.impossible.append(match.group(0))
                continue
            self.claim(match.start(), match.end())
            note = approximate.format(raw=match.group(0).strip().capitalize(), when=when) if approximate else None
            self.found.append(_Found(match.start(), match.end(), when, note))

    def year(self, text: str) -> int:
        return full_year(text, self.around)


def _quarter_end(quarter: int, year: int, financial: bool) -> date:
    if financial:
        # UK financial quarters: Q1 is April to June, so Q4 ends on 31 March of the second year.
        month = quarter * 3 + 3
        return month_end(year + 1, month - 12) if month > 12 else month_end(year, month)
    return month_end(year, quarter * 3)


def _is_next_year(first: int, second_text: str) -> bool:
    second = int(second_text)
    return second == first + 1 if len(second_text) == 4 else second == (first + 1) % 100


def _scan_dates(scanner: _Scanner) -> None:
    s = scanner
    s.scan(
        r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b",
        lambda m: date(int(m[1]), int(m[2]), int(m[3])),
        exact=True,
    )
    s.scan(
        r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d/.\-]\d)",
        lambda m: date(s.year(m[3]), int(m[2]), int(m[1])),
        exact=True,
    )
    s.scan(
        r"\b(?:q|quarter\s*)([1-4])\s*(?:of\s+)?(?:fy\s*)?(\d{4}|\d{2})(?:\s*[/-]\s*(\d{4}|\d{2}))?\b",
        lambda m: _read_quarter(s, m[1], m[2], m[3]),
    )
    s.scan(
        r"\b(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{4}|\d{2})\s*(?:q|quarter\s*)([1-4])\b",
        lambda m: _read_quarter(s, m[3], m[1], m[2]),
    )
    s.scan(
        rf"\b(\d{{1,2}}){_ORDINAL}(?:\s*|-)(?:of\s+)?{_MONTH}(?:\s*,?\s*|-){_YEAR}",
        lambda m: date(s.year(m[3]), _month(m[2]), int(m[1])),
    )
    s.scan(
        rf"\b{_MONTH}\s*(\d{{1,2}})(?:\s*(?:st|nd|rd|th),?|,)\s*{_YEAR4}",
        lambda m: date(int(m[3]), _month(m[1]), int(m[2])),
    )
    s.scan(
        rf"\b{_MONTH}\s*(?:/|-|to|until|till|through)\s*{_MONTH}\s*,?\s*{_YEAR}",
        lambda m: month_end(s.year(m[3]), _month(m[2])),
    )
    s.scan(r"\b(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{4}|\d{2})(?![\d/\-])", lambda m: _read_year_pair(s, m))
    s.scan(
        rf"\b(spring|summer|autumn|fall|winter)\s*,?\s*(?:of\s+)?{_YEAR}",
        lambda m: _season_end(m[1], s.year(m[2])),
        approximate="'{raw}' read as the end of the season, {when}",
    )
    s.scan(
        rf"\b(early|mid|late)[\s-]*{_YEAR4}",
        lambda m: month_end(int(m[2]), {"early": 4, "mid": 6, "late": 12}[m[1]]),
        approximate="'{raw}' is approximate; read as {when}",
    )
    s.scan(rf"\b{_MONTH}\s*,?\s*{_YEAR}", lambda m: month_end(s.year(m[2]), _month(m[1])))
    s.scan(rf"\b(?:end\s+of\s+)?{_YEAR4}\b", lambda m: date(int(m[1]), 12, 31))


def _read_quarter(s: _Scanner, quarter: str, first: str, second: str | None) -> date:
    year = s.year(first)
    if second is not None:
        if not _is_next_year(year, second):
            raise ValueError("not a financial year")
        return _quarter_end(int(quarter), year, financial=True)
    return _quarter_end(int(quarter), year, financial=False)


def _read_year_pair(s: _Scanner, m: re.Match[str]) -> date:
    first, second = int(m[1]), m[2]
    if _is_next_year(first, second):
        return date(first + 1, 3, 31)
    if len(second) == 4 and int(second) > first:
        return date(int(second), 12, 31)
    if len(second) == 2 and 1 <= int(second) <= 12:
        return month_end(first, int(second))
    raise ValueError("not a year pair")


def _season_end(season: str, year: int) -> date:
    extra_year, month = _SEASON_END[season]
    return month_end(year + extra_year, month)


def _drop_range_starts(text: str, found: list[_Found]) -> list[_Found]:
    """A range counts by its end: "July 2008 – November 2008" is due in November."""
    kept: list[_Found] = []
    for index, here in enumerate(found):
        after = found[index + 1] if index + 1 < len(found) else None
        if after is not None:
            between = text[here.end : after.start]
            if _RANGE_BETWEEN.fullmatch(between) and (
                "and" not in between or text[: here.start].rstrip().endswith("between")
            ):
                continue
        if (
            after is None
            and _STARTS_FROM.search(text[: here.start])
            and not re.search(r"\b(?:to|until|till)\b|-|\u2013", text[here.start : here.end])
        ):
            # "Not before June 2011", "Starting May 2024 and ongoing": when work may begin,
            # not a deadline, so no due date is made up from it.
            continue
        kept.append(here)
    return kept


# Words saying a date is when something starts, printed just before it.
_STARTS_FROM = re.compile(
    r"(?:\bnot\s+before|\bno\s+earlier\s+than|\bstart(?:s|ing|ed)?(?:\s+(?:in|on|from))?|\bcommenc(?:e|es|ing)(?:\s+(?:in|on|from))?"
    r"|\bbeginning(?:\s+(?:in|on))?|\bbegins?(?:\s+(?:in|on))?|\bfrom|\bafter|\bwith\s+effect\s+from)\s*:?\s*$"
)


def _residual_words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    rest = _ONGOING.sub(" ", _RECURRING.sub(" ", "".join(chars)))
    return [w for w in re.findall(r"[a-z][a-z/'-]*", rest) if w not in _FILLER]


def _month_without_year(
    text: str, around: date | None, context_year: int | None
) -> tuple[date, str | None] | None:
    """ "14 Mar" or "March" with no year: read only when the layout or the document gives a year."""
    if context_year is not None:
        found = date_in_context_year(text, context_year)
        return (found, None) if found else None
    if around is None:
        return None
    # With only the document's date to go on, take the first such date on or after it.
    for year in (around.year, around.year + 1):
        found = date_in_context_year(text, year)
        if found is not None and found >= around:
            note = f"no year printed; read as {found.isoformat()}, the next such date after the document's"
            return found, note
    return None


def date_in_context_year(text: str, year: int) -> date | None:
    """A year-less date ("14 Mar", "March 14th", "March") in a year known from its surroundings,
    such as a "March 2019" heading above a fixed-width table."""
    t = normalise_timescale_text(text)
    m = re.search(rf"\b(\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?{_MONTH}", t)
    if m:
        return _safe(lambda month, day: date(year, _month(month), int(day)), m[2], m[1])
    m = re.search(rf"\b{_MONTH}\s*(\d{{1,2}})(?:st|nd|rd|th)?\b", t)
    if m:
        return _safe(lambda month, day: date(year, _month(month), int(day)), m[1], m[2])
    m = re.search(rf"\b{_MONTH}", t)
    if m:
        return month_end(year, _month(m[1]))
    return None


def timescale_status(text: str) -> Status | None:
    """ "Completed" or "Partially achieved" in a timescale cell; "complete by …" is a target, not a status."""
    if _PARTIAL.search(text):
        return Status.PARTIALLY_DONE
    if _DONE.search(text):
        return Status.DONE
    return None


def parse_timescale(
    raw: str, document_date: date | None, *, context_year: int | None = None
) -> Timescale:
    """Read one timescale cell into its deadlines and flags; `raw` is kept verbatim.

    `document_date` places two-digit years ("April 04") in the nearest century; `context_year` is
    the year a layout's heading gives to year-less dates ("14 Mar" under "March 2019").
    """
    text = normalise_timescale_text(raw)
    if _NO_DATE.fullmatch(text):
        return Timescale(raw=raw)
    scanner = _Scanner(text, document_date)
    _scan_dates(scanner)
    every = sorted(scanner.found, key=lambda f: f.start)
    found = _drop_range_starts(text, every)
    starts_only = bool(every) and not found and _STARTS_FROM.search(text[: every[-1].start]) is not None
    deadlines: list[date] = []
    notes: list[str] = []
    for item in found:
        if item.when not in deadlines:
            deadlines.append(item.when)
        if item.approximate:
            notes.append(item.approximate)
    ongoing = bool(_ONGOING.search(text))
    recurring = bool(_RECURRING.search(text))
    status = timescale_status(text)
    residual = _residual_words(text, scanner.claimed)
    if not deadlines and status is None and residual:
        status = parse_status(text)
    if not (deadlines or ongoing or recurring or status):
        leftover = [w for w in residual if w.rstrip(".") not in MONTHS and w not in ("st", "nd", "rd", "th")]
        guessed = _month_without_year(text, document_date, context_year) if not leftover else None
        if guessed is not None:
            when, note = guessed
            return Timescale(raw=raw, deadlines=[when], note=note)
    understood = bool(deadlines or ongoing or recurring or status is not None) and not scanner.impossible
    if starts_only and not scanner.impossible:
        understood = True
    if starts_only and not scanner.impossible and not (ongoing or recurring):
        notes.append(f"{raw.strip()!r} says when the work starts, not when it is due: no due date set")
    return Timescale(
        raw=raw,
        deadlines=deadlines,
        ongoing=ongoing,
        recurring=recurring,
        status=status,
        understood=understood,
        note="; ".join(notes) or None,
    )


def is_complete_timescale(raw: str, document_date: date | None) -> bool:
    """Whether a fragment stands as a timescale on its own; "September" waiting for its "2008"
    on the next line does not."""
    if re.search(r"(?:[,\-\u2013/&(]|\b(?:but|and|then|to|until|till|or|from|by|with|of|the|end|not|before))\s*$", raw, re.I):
        # "December 2013 but" / "ongoing", "June 2026," / "then annually": the cell goes on.
        return False
    if re.match(r"^\s*(?:[,\-\u2013/&)]|(?:but|and|then|to|until|till|or|thereafter|onwards)\b)", raw, re.I):
        # ... and "but ongoing" or "then annually" finishes the cell above.
        return False
    reading = parse_timescale(raw, document_date)
    return reading.understood and reading.note is None and bool(
        reading.deadlines or reading.ongoing or reading.recurring or reading.status
    )
