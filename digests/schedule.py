"""When digests are due: a weekday and time in the council's time zone, daylight saving included.

APScheduler's cron trigger does the calendar arithmetic; the database keeps each subscription's
next run time, so any clock process (or `digest run --as-of`) agrees on what is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

_DAY_NAMES = {
    "monday": "mon", "mondays": "mon", "mon": "mon", "tuesday": "tue", "tuesdays": "tue", "tue": "tue", "tues": "tue",
    "wednesday": "wed", "wednesdays": "wed", "wed": "wed", "thursday": "thu", "thursdays": "thu", "thu": "thu",
    "thurs": "thu", "friday": "fri", "fridays": "fri", "fri": "fri", "saturday": "sat", "sat": "sat",
    "sunday": "sun", "sun": "sun",
}
_TIME = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$")


class ScheduleError(ValueError):
    """A schedule someone typed that cannot be read; the message says the form it takes."""


@dataclass(frozen=True)
class Schedule:
    weekday: str = "mon"
    time_of_day: str = "09:00"
    timezone: str = "Europe/London"

    def trigger(self) -> CronTrigger:
        hour, minute = (int(p) for p in self.time_of_day.split(":"))
        # Day names, not numbers: APScheduler's crontab numbering starts weeks on Monday.
        return CronTrigger(day_of_week=self.weekday, hour=hour, minute=minute, timezone=ZoneInfo(self.timezone))

    def describe(self) -> str:
        day = next(name for name, short in _DAY_NAMES.items() if short == self.weekday and name.endswith("day"))
        return f"{day.capitalize()}s at {self.time_of_day} ({self.timezone})"


def next_run_after(schedule: Schedule, moment: datetime) -> datetime:
    """The first scheduled time strictly after `moment`, in UTC."""
    fire = schedule.trigger().get_next_fire_time(None, moment + timedelta(seconds=1))
    assert fire is not None
    return fire.astimezone(UTC)


def latest_run_at_or_before(schedule: Schedule, moment: datetime) -> datetime:
    """The most recent scheduled time at or before `moment`: the period a late clock catches up on."""
    fire = next_run_after(schedule, moment - timedelta(days=8))
    latest = fire
    while fire <= moment:
        latest = fire
        fire = next_run_after(schedule, fire)
    return latest


def parse_schedule(words: list[str], default: Schedule) -> tuple[Schedule, list[str]]:
    """Read `every monday 09:00`, `fridays 8:30am`, `tz:Europe/London` out of `words`; return the
    schedule and the words that were not about it."""
    weekday, time_of_day, zone = default.weekday, default.time_of_day, default.timezone
    rest: list[str] = []
    for word in words:
        lower = word.lower().strip(",")
        if lower in ("every", "on", "at", "weekly"):
            continue
        if lower in _DAY_NAMES:
            weekday = _DAY_NAMES[lower]
            continue
        if lower.startswith("tz:"):
            zone = word[3:]
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ScheduleError(f"`{zone}` is not a time zone. Use a name like `tz:Europe/London`.") from exc
            continue
        match = _TIME.match(lower)
        if match and (":" in lower or match.group("ampm")):
            hour, minute = int(match.group("h")), int(match.group("m") or 0)
            if match.group("ampm") == "pm" and hour < 12:
                hour += 12
            if match.group("ampm") == "am" and hour == 12:
                hour = 0
            if not (0 <= hour < 24 and 0 <= minute < 60):
                raise ScheduleError(f"`{word}` is not a time of day. Use 24-hour `09:00` or `9am`.")
            time_of_day = f"{hour:02d}:{minute:02d}"
            continue
        rest.append(word)
    return Schedule(weekday, time_of_day, zone), rest
