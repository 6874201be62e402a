"""The statutory clock: when the executive's response to a scrutiny report is due.

England's rule (Local Government Act 2000, s.9FE) is two months from the day the executive
receives the report; councils' protocols say 28 days or 8 weeks instead, and a workspace or a
committee may set its own number of days or months.

A period counts the day received as its first day. So a report received on 10 March is due a
response on 9 May: the day before the same date two months later. When that day does not exist
(received 31 December: "30 February") the due date is the last day of that month, 28 or 29
February; received on the 1st, it is the last day of the month before (1 March → 30 April).
A period in days works the same way: 28 days from 10 March is 6 April.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

STATUTORY_MONTHS = 2
MAX_DAYS = 366
MAX_MONTHS = 12


@dataclass(frozen=True)
class ResponsePeriod:
    """A number of days or of months; exactly one of them is set."""

    days: int | None = None
    months: int | None = None

    def __post_init__(self) -> None:
        if (self.days is None) == (self.months is None):
            raise ValueError("a response period is a number of days or of months, not both or neither")
        if self.days is not None and not 1 <= self.days <= MAX_DAYS:
            raise ValueError(f"a response period in days is between 1 and {MAX_DAYS}")
        if self.months is not None and not 1 <= self.months <= MAX_MONTHS:
            raise ValueError(f"a response period in months is between 1 and {MAX_MONTHS}")

    @property
    def label(self) -> str:
        if self.days is not None:
            return "1 day" if self.days == 1 else f"{self.days} days"
        return "1 month" if self.months == 1 else f"{self.months} months"

    @staticmethod
    def of(days: int | None, months: int | None) -> ResponsePeriod | None:
        """The period stored as two nullable columns, or None when neither is set."""
        if days is None and months is None:
            return None
        return ResponsePeriod(days=days) if days is not None else ResponsePeriod(months=months)


STATUTORY = ResponsePeriod(months=STATUTORY_MONTHS)


def response_due(received: date, period: ResponsePeriod = STATUTORY) -> date:
    """The last day the executive may respond on, for a report received on `received`."""
    if period.days is not None:
        return received + timedelta(days=period.days - 1)
    assert period.months is not None
    month_index = received.month - 1 + period.months
    year, month = received.year + month_index // 12, month_index % 12 + 1
    if received.day == 1:
        # The day before the 1st is the previous month's last day.
        return date(year, month, 1) - timedelta(days=1)
    return date(year, month, min(received.day - 1, calendar.monthrange(year, month)[1]))


def period_for(
    committee: tuple[int | None, int | None] | None, workspace: tuple[int | None, int | None] | None
) -> ResponsePeriod:
    """The committee's period if it has one, else the workspace's, else the statutory two months."""
    for days, months in (committee or (None, None), workspace or (None, None)):
        period = ResponsePeriod.of(days, months)
        if period is not None:
            return period
    return STATUTORY
