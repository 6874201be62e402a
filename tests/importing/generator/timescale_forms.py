"""Every way councils write a timescale, each printed from a reading decided first.

A form picks what the cell means (a due date, or none; ongoing; recurring) and then prints it,
so the expected value never comes from the parser under test. The rules are the answer keys'
(`seeds/gold/README.md`) and the issue's: a month alone is its last day, a range is its end, a
UK financial year "2011/12" ends on 31 March 2012, a financial quarter ends with its last month,
and a cell that only says when work may start ("Not before 1 June 2011", "Starting May 2024 and
ongoing") has no deadline at all.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class PrintedTimescale:
    printed: str
    due: date | None = None
    ongoing: bool = False
    recurring: bool = False


def month_end(year: int, month: int) -> date:
    # Written here rather than imported from store.importing.timescales: the expected values
    # must not come from the code under test.
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_name(rnd: random.Random, month: int) -> str:
    return MONTH_NAMES[month - 1] if rnd.random() < 0.7 else MONTH_ABBR[month - 1]


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def printed_date(rnd: random.Random, day: date) -> str:
    """An exact date in one of the ways British officers type them."""
    style = rnd.randrange(8)
    if style == 0:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == 1:
        return f"{day.day}/{day.month}/{day.year % 100:02d}"
    if style == 2:
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    if style == 3:
        return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    if style == 4:
        return f"{_ordinal(day.day)} {_month_name(rnd, day.month)} {day.year}"
    if style == 5:
        return day.isoformat()
    if style == 6:
        return f"{day.day:02d}-{MONTH_ABBR[day.month - 1][:3]}-{day.year}"
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def _some_month(rnd: random.Random, year: int) -> tuple[int, int]:
    return rnd.choice((year - 1, year, year, year + 1, year + 2)), rnd.randint(1, 12)


def _month_year_short(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    apostrophe = "'" if rnd.random() < 0.15 else ""
    return PrintedTimescale(f"{_month_name(rnd, m)} {apostrophe}{y % 100:02d}", month_end(y, m))


def _month_year(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    lead = rnd.choice(("", "", "", "By ", "End of ", "By end of "))
    return PrintedTimescale(f"{lead}{_month_name(rnd, m)} {y}", month_end(y, m))


def _exact_date(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    day = date(y, m, rnd.randint(1, calendar.monthrange(y, m)[1]))
    lead = rnd.choice(("", "", "", "By "))
    return PrintedTimescale(f"{lead}{printed_date(rnd, day)}", day)


def _financial_year(rnd: random.Random, year: int) -> PrintedTimescale:
    start = rnd.choice((year - 1, year, year + 1))
    second = f"{(start + 1) % 100:02d}" if rnd.random() < 0.75 else str(start + 1)
    sep = rnd.choice(("/", "/", "-"))
    lead = rnd.choice(("", "", "FY ", "During "))
    return PrintedTimescale(f"{lead}{start}{sep}{second}", date(start + 1, 3, 31))


def _financial_quarter(rnd: random.Random, year: int) -> PrintedTimescale:
    start = rnd.choice((year - 1, year, year + 1))
    quarter = rnd.randint(1, 4)
    end_month = quarter * 3 + 3
    due = month_end(start + 1, end_month - 12) if end_month > 12 else month_end(start, end_month)
    fy = f"{start}/{(start + 1) % 100:02d}"
    printed = rnd.choice((f"Q{quarter} {fy}", f"Quarter {quarter} {fy}", f"{fy} Q{quarter}"))
    return PrintedTimescale(printed, due)


def _month_range(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    first = max(1, m - rnd.randint(1, 4))
    if first == m:
        m = min(12, m + 1)
    printed = rnd.choice(
        (
            f"{MONTH_NAMES[first - 1]} – {MONTH_NAMES[m - 1]} {y}",
            f"{MONTH_NAMES[first - 1]} {y} to {MONTH_NAMES[m - 1]} {y}",
            f"{MONTH_ABBR[first - 1]}-{MONTH_ABBR[m - 1]} {y}",
        )
    )
    return PrintedTimescale(printed, month_end(y, m))


def _calendar_year(rnd: random.Random, year: int) -> PrintedTimescale:
    y = rnd.choice((year, year + 1))
    return PrintedTimescale(rnd.choice((f"{y}", f"By end of {y}", f"End of {y}", f"During {y}")), date(y, 12, 31))


def _completed(rnd: random.Random, year: int) -> PrintedTimescale:
    # Finished work: the cell records a status, not a deadline.
    return PrintedTimescale(rnd.choice(("Completed", "Complete", "Done")))


def _ongoing(rnd: random.Random, year: int) -> PrintedTimescale:
    return PrintedTimescale(rnd.choice(("Ongoing", "On-going", "ongoing", "Ongoing work")), ongoing=True)


def _dated_but_ongoing(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    return PrintedTimescale(f"{MONTH_NAMES[m - 1]} {y} but ongoing", month_end(y, m), ongoing=True)


def _recurring(rnd: random.Random, year: int) -> PrintedTimescale:
    word = rnd.choice(("Monthly", "Quarterly", "Annually", "Every 6 months", "Twice a year", "Each quarter"))
    return PrintedTimescale(word, recurring=True)


def _dated_then_recurring(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    word = rnd.choice(("annually", "quarterly", "every 6 months"))
    return PrintedTimescale(f"{MONTH_NAMES[m - 1]} {y}, then {word}", month_end(y, m), recurring=True)


def _not_before(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    day = date(y, m, rnd.randint(1, 28))
    printed = rnd.choice(
        (
            f"Not before {day.day} {MONTH_NAMES[m - 1]} {y}",
            f"Not before {MONTH_NAMES[m - 1]} {y}",
            f"No earlier than {day.day} {MONTH_NAMES[m - 1]} {y}",
        )
    )
    return PrintedTimescale(printed)


def _starting_and_ongoing(rnd: random.Random, year: int) -> PrintedTimescale:
    y, m = _some_month(rnd, year)
    printed = rnd.choice(
        (
            f"Starting {MONTH_NAMES[m - 1]} {y} and ongoing",
            f"From {MONTH_NAMES[m - 1]} {y} onwards",
            f"Commencing {MONTH_ABBR[m - 1]} {y}, ongoing",
        )
    )
    return PrintedTimescale(printed, ongoing=True)


def _no_date(rnd: random.Random, year: int) -> PrintedTimescale:
    return PrintedTimescale(rnd.choice(("", "", "TBC", "To be agreed", "N/A")))


# Weights follow what real trackers hold: mostly months and exact dates, a steady share of
# financial years, ongoing and recurring work, and a few cells that set no deadline at all.
TIMESCALE_FORMS: dict[str, tuple[Callable[[random.Random, int], PrintedTimescale], int]] = {
    "month-year (April 04)": (_month_year_short, 10),
    "month-year (March 2005)": (_month_year, 18),
    "exact date": (_exact_date, 18),
    "financial year (2011/12)": (_financial_year, 8),
    "financial quarter (Q3 2024/25)": (_financial_quarter, 7),
    "month range": (_month_range, 5),
    "calendar year (2025)": (_calendar_year, 3),
    "completed (no deadline)": (_completed, 2),
    "ongoing": (_ongoing, 7),
    "dated but ongoing": (_dated_but_ongoing, 3),
    "recurring (monthly)": (_recurring, 7),
    "dated then recurring": (_dated_then_recurring, 3),
    "not before (no deadline)": (_not_before, 4),
    "starting and ongoing (no deadline)": (_starting_and_ongoing, 4),
    "blank or TBC": (_no_date, 6),
}


def random_timescale(rnd: random.Random, year: int) -> tuple[str, PrintedTimescale]:
    names = list(TIMESCALE_FORMS)
    name = rnd.choices(names, weights=[TIMESCALE_FORMS[n][1] for n in names])[0]
    return name, TIMESCALE_FORMS[name][0](rnd, year)


def revised_date(rnd: random.Random, after: date) -> PrintedTimescale:
    """A revised target: later than the original, printed as a month or an exact date."""
    months = after.year * 12 + after.month - 1 + rnd.randint(2, 9)
    y, m = divmod(months, 12)
    if rnd.random() < 0.5:
        return PrintedTimescale(f"{_month_name(rnd, m + 1)} {y}", month_end(y, m + 1))
    day = date(y, m + 1, rnd.randint(1, calendar.monthrange(y, m + 1)[1]))
    return PrintedTimescale(printed_date(rnd, day), day)
