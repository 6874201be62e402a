"""When a committee's papers must be published: worked back from the meeting in clear working days.

In England the agenda and reports must be open to inspection at least five clear days before the
meeting (Local Government Act 1972, s.100B(3)). What we assume, and what can be changed:

- "clear days" exclude both the day the papers are published and the day of the meeting;
- only working days count: Monday to Friday, not bank holidays. Councils read the Act this way
  (the day count most of them publish to); a council that counts calendar days sets `working_days`
  off;
- bank holidays are England's (the `holidays` package's list for GB/ENG, including one-off days such
  as a coronation); another nation's list is a `region` away (`SCT`, `WLS`, `NIR`), and a council's
  own closure days (the days between Christmas and New Year) are `extra_closed_days`;
- the deadline itself is a working day: papers are published by staff at work.

So with five clear working days a Monday meeting's papers are due on the Friday ten days before it
(the whole working week between is clear), and a bank holiday in that week moves the deadline a
working day earlier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

DEFAULT_CLEAR_DAYS = 5
DEFAULT_REGION = "ENG"


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[date]:
    # Imported when a deadline is first counted, not when a worker starts: `holidays` and
    # python-dateutil take about 4 MB, and most processes never count one.
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv=region, years=[year]).keys())


@dataclass(frozen=True)
class PapersRule:
    """How a committee counts back from its meeting to its papers deadline."""

    clear_days: int = DEFAULT_CLEAR_DAYS
    working_days: bool = True
    region: str = DEFAULT_REGION
    extra_closed_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if not self.working_days:
            return True
        return day.weekday() < 5 and day not in _bank_holidays(self.region, day.year) and day not in self.extra_closed_days

    def describe(self) -> str:
        kind = "clear working days" if self.working_days else "clear days"
        return f"{self.clear_days} {kind}"


def papers_deadline(meeting: date, rule: PapersRule | None = None) -> date:
    """The last day the papers for a meeting on `meeting` may be published."""
    rule = rule or PapersRule()
    if rule.clear_days < 0:
        raise ValueError("clear days cannot be negative")
    day = meeting
    counted = 0
    # Walk back over the clear days between publication and the meeting…
    while counted < rule.clear_days:
        day -= timedelta(days=1)
        if rule.is_working_day(day):
            counted += 1
    # …then to the working day before them, on which the papers go out.
    day -= timedelta(days=1)
    while not rule.is_working_day(day):
        day -= timedelta(days=1)
    return day


def clear_days_between(published: date, meeting: date, rule: PapersRule | None = None) -> int:
    """How many clear (working) days lie strictly between publication and the meeting."""
    rule = rule or PapersRule()
    return sum(1 for n in range(1, (meeting - published).days) if rule.is_working_day(published + timedelta(days=n)))


def rule_with_closures(rule: PapersRule, days: Iterable[date]) -> PapersRule:
    return PapersRule(rule.clear_days, rule.working_days, rule.region, frozenset(rule.extra_closed_days | set(days)))
