"""`/update <handle> <what>: <note>`: the quick path for posting an update in one line.

    /update BR-7.4.3 done: standard letter revised
    /update 7.4.3 note: met with the PCT
    /update BR-7.4.3 in progress: draft with legal
    /update BR-7.4.3 due 30/06/2026: waiting for the housing survey
    /update BR-7.4.3 paused until 2026-09-01: budget freeze
    /update BR-7.4.3 the form is now online          (a note)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.errors import StoreError
from store.importing.timescales import parse_timescale
from store.query_language import shown
from store.status import Status, parse_status
from store.updates import UpdateRequest

EXAMPLES = [
    "`/update BR-7.4.3 done: standard letter revised`",
    "`/update BR-7.4.3 note: met with the PCT`",
    "`/update BR-7.4.3 due 30/06/2026: waiting for the survey`",
    "`/update BR-7.4.3 paused until 2026-09-01: budget freeze`",
]


class UpdateSyntaxError(StoreError):
    """The line could not be read. `message` is mrkdwn, shown as it is: typed parts are quoted
    with `shown`, so they can never become a mention or a link."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = EXAMPLES

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class QuickUpdate:
    handle: str
    request: UpdateRequest


_DUE = re.compile(r"^(?:due|deadline|new date|by)\s*:?\s+(?P<when>.+)$", re.I)
_PAUSE = re.compile(r"^(?P<status>paused|on hold|no longer feasible)\s+until\s+(?P<when>.+)$", re.I)


def parse_quick_update(text: str, *, today: date) -> QuickUpdate:
    # NUL is never meant, and PostgreSQL cannot store or even compare it: the save would fail.
    text = " ".join(text.replace("\x00", "").split())
    if not text:
        raise UpdateSyntaxError("Say which action and what changed.")
    handle, _, rest = text.partition(" ")
    rest = rest.strip()
    if not rest:
        raise UpdateSyntaxError(f"Say what changed on {shown(handle)}.")
    head, colon, note = rest.partition(":")
    if not colon:
        return QuickUpdate(handle, UpdateRequest(note=rest))
    head, note = head.strip(), note.strip()
    if head.lower() in ("note", "notes", "update", "comment", "progress"):
        return QuickUpdate(handle, UpdateRequest(note=note))
    due = _DUE.match(head)
    if due:
        return QuickUpdate(handle, UpdateRequest(new_due=_read_date(due.group("when"), today), reason=note or None, note=""))
    pause = _PAUSE.match(head)
    if pause:
        status = parse_status(pause.group("status"))
        return QuickUpdate(handle, UpdateRequest(status=status, review_date=_read_date(pause.group("when"), today), reason=note or None))
    status = parse_status(head)
    if status is None or status is Status.AWAITING_SIGNOFF:
        # "the meeting went well: more next week" is a note with a colon in it, not a status.
        if len(head.split()) > 3:
            return QuickUpdate(handle, UpdateRequest(note=rest))
        raise UpdateSyntaxError(
            f"I don't know the status {shown(head)}. Use one of: done, in progress, partially done, blocked, "
            "paused, not started, no longer feasible; or `note:` for a note."
        )
    return QuickUpdate(handle, UpdateRequest(status=status, note=note))


def _read_date(text: str, today: date) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    reading = parse_timescale(text, today)
    if reading.deadlines:
        return reading.deadlines[-1]
    raise UpdateSyntaxError(f"I can't read {shown(text)} as a date. Write it as 2026-06-30 or 30/06/2026.")
