"""`/update <handle> <what>: <note>`: the quick path for posting an update in one line.

    /update BR-7.4.3 done: standard letter revised
    /update 7.4.3 note: met with the PCT
    /update BR-7.4.3 in progress: draft with legal
    /update BR-7.4.3 due 30/06/2026: waiting for the housing survey
    /update BR-7.4.3 paused until 2026-09-01: budget freeze
    /update BR-7.4.3 the form is now online          (a note)
    /update BR-7.4.3 done                            (status words and dates need no colon)
    /update BR-7.4.3 due 30/06/2026 waiting for the housing survey
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.errors import Form, Typed, Words, Worded, said
from store.importing.timescales import parse_timescale
from store.status import Status, parse_status
from store.updates import UpdateRequest

EXAMPLES: list[Words] = [
    said(Form("/update BR-7.4.3 done: standard letter revised")),
    said(Form("/update BR-7.4.3 note: met with the PCT")),
    said(Form("/update BR-7.4.3 due 30/06/2026: waiting for the survey")),
    said(Form("/update BR-7.4.3 paused until 2026-09-01: budget freeze")),
]


class UpdateSyntaxError(Worded):
    """The line could not be read: `words` say why, quoting what was typed; the hint is EXAMPLES."""

    def __init__(self, words: Words | str) -> None:
        super().__init__(words, EXAMPLES)


@dataclass(frozen=True)
class QuickUpdate:
    handle: str
    request: UpdateRequest


_DUE = re.compile(r"^(?:due|deadline|new date|new deadline|by|moved? to|moving to)\s*:?\s+(?P<when>.+)$", re.I)
_PAUSE = re.compile(r"^(?P<status>paused|on hold|no longer feasible)\s+until\s+(?P<when>.+)$", re.I)
_NOTE_HEADS = ("note", "notes", "update", "comment", "progress")
# Status words that open an update without a colon ("done", "blocked waiting for IT"). Words that
# also start ordinary sentences ("new", "started", "progress", "hold") need the colon.
_LEADING_STATUS = sorted(
    [
        "done", "complete", "completed", "finished", "closed", "blocked", "stuck", "paused", "on hold",
        "in progress", "in-progress", "underway", "partially done", "partly done", "partial", "partially achieved",
        "not started", "not-started", "no longer feasible", "not feasible", "infeasible", "awaiting sign-off",
        "awaiting signoff", "awaiting sign off",
    ],
    key=lambda phrase: -len(phrase),
)
_SEPARATOR = re.compile(r"^\s*(?:[:;,.\-\u2013\u2014]+\s*)")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A date written out in full: only these open a line as its new date ("2026 budget agreed" and
# "3 meetings held" are notes).
_WHOLE_DATE = re.compile(
    rf"^(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{_MONTH}\s+\d{{4}})$",
    re.I,
)


def parse_quick_update(text: str, *, today: date) -> QuickUpdate:
    """Read `<handle> <what changed>`. A status word or a date at the start is the status or the
    new date, with or without a colon; anything else is a note."""
    # NUL is never meant, and PostgreSQL cannot store or even compare it: the save would fail.
    text = " ".join(text.replace("\x00", "").split())
    if not text:
        raise UpdateSyntaxError("Say which action and what changed.")
    handle, _, rest = text.partition(" ")
    rest = rest.strip()
    if not rest:
        raise UpdateSyntaxError(said("Say what changed on ", Typed(handle), "."))
    head, colon, after = rest.partition(":")
    head, after = head.strip(), after.strip()
    if colon and re.search(r"\d$", head) and re.match(r"\d", after):
        # "met at 10:30 with legal": a time, not a label.
        head, colon, after = rest, "", ""
    if colon and head.lower() in _NOTE_HEADS:
        return QuickUpdate(handle, UpdateRequest(note=after))
    if colon and head.lower() in ("due", "deadline", "new date", "new deadline", "date"):
        when, reason = _date_prefix(after.split(), today)
        if when is None:
            raise UpdateSyntaxError(said("I can't read ", Typed(after or head), " as a date. Write it as 2026-06-30 or 30/06/2026."))
        return QuickUpdate(handle, UpdateRequest(new_due=when, reason=reason or None, note=""))
    pause = _PAUSE.match(head) if colon else None
    if pause:
        status = parse_status(pause.group("status"))
        return QuickUpdate(handle, UpdateRequest(status=status, review_date=_read_date(pause.group("when"), today), reason=after or None))
    due = _DUE.match(head) if colon else None
    if due:
        return QuickUpdate(handle, UpdateRequest(new_due=_read_date(due.group("when"), today), reason=after or None, note=""))
    if colon and parse_status(head) not in (None, Status.AWAITING_SIGNOFF):
        return QuickUpdate(handle, UpdateRequest(status=parse_status(head), note=after))
    leading = _leading_change(rest, today)
    if leading is not None:
        return QuickUpdate(handle, leading)
    if colon and len(head.split()) <= 3:
        # "sideways: hmm" was meant as a status; "the meeting went well: more next week" is a note.
        raise UpdateSyntaxError(
            said(
                "I don't know the status ", Typed(head), ". Use one of: done, in progress, partially done, blocked, "
                "paused, not started, no longer feasible; or ", Form("note:"), " for a note.",
            )
        )
    return QuickUpdate(handle, UpdateRequest(note=rest))


def _leading_change(rest: str, today: date) -> UpdateRequest | None:
    """A status or a date at the start of the line, written without a colon."""
    lower = rest.lower()
    words = rest.split()
    first = words[0].lower()
    if first in ("due", "deadline", "by") or lower.startswith(("new date ", "new deadline ", "move to ", "moved to ")):
        skip = 2 if lower.startswith(("new ", "move", "moved")) else 1
        when, reason = _date_prefix(words[skip:], today)
        if when is None:
            if first == "by":
                return None
            raise UpdateSyntaxError(
                said("I can't read a date after ", Typed(" ".join(words[:skip])), ". Write it as 2026-06-30 or 30/06/2026.")
            )
        return UpdateRequest(new_due=when, reason=reason or None, note="")
    pause = re.match(r"^(paused|on hold|no longer feasible)\s+until\s+", lower)
    if pause:
        when, reason = _date_prefix(rest[pause.end():].split(), today)
        if when is None:
            raise UpdateSyntaxError(said("I can't read the date after ", Form("until"), ". Write it as 2026-09-01."))
        return UpdateRequest(status=parse_status(pause.group(1)), review_date=when, reason=reason or None)
    when, reason = _date_prefix(words, today)
    if when is not None:
        return UpdateRequest(new_due=when, reason=reason or None, note="")
    for phrase in _LEADING_STATUS:
        if lower == phrase or (lower.startswith(phrase) and not lower[len(phrase)].isalnum()):
            note = _SEPARATOR.sub("", rest[len(phrase):]).strip()
            return UpdateRequest(status=parse_status(phrase), note=note)
    return None


def _date_prefix(words: list[str], today: date) -> tuple[date | None, str]:
    """The date the first few words give ("30/06/2027", "30 June 2027"), and the words after it."""
    for n in range(min(3, len(words)), 0, -1):
        typed = " ".join(words[:n]).rstrip(":,;.")
        if not _WHOLE_DATE.match(typed):
            continue
        try:
            when = _read_date(typed, today)
        except UpdateSyntaxError:
            continue
        rest = " ".join(words[n:])
        return when, _SEPARATOR.sub("", rest).strip() if rest else ""
    return None, ""


def fix_hint(handle: str, field: str, typed: str = "") -> list[Words]:
    """What to add when the store refuses an update for a missing part (the form's own rules).

    `typed` is what followed the handle: when it has no note yet, the hint is that line with one."""
    rest = " ".join(typed.split())
    if rest and ":" not in rest and len(rest) <= 60:
        what = {"note": "what is blocking it", "reason": "why", "review_date": "why"}.get(field)
        if what and field != "review_date":
            return [said(Form(f"/update {handle} {rest}: {what}"))]
    return {
        "note": [said(Form(f"/update {handle} blocked: what is blocking it"))],
        "reason": [said(Form(f"/update {handle} due 30/06/2027: why it moves")), said(Form(f"/update {handle} paused until 2026-09-01: why"))],
        "review_date": [said(Form(f"/update {handle} paused until 2026-09-01: why"))],
        "new_due": [said(Form(f"/update {handle} due 30/06/2027: why it moves"))],
    }.get(field, EXAMPLES[:2])


def _read_date(text: str, today: date) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    reading = parse_timescale(text, today)
    if reading.deadlines:
        return reading.deadlines[-1]
    raise UpdateSyntaxError(said("I can't read ", Typed(text), " as a date. Write it as 2026-06-30 or 30/06/2026."))
