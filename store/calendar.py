"""The committee calendar: committees' meeting dates and the papers deadline of each.

Officers add dates one at a time (`/committee add "People Scrutiny" meeting:2026-03-02`,
`scrutiny-bot committee add`) or a year at once from a CSV file (`committee,meeting` columns).
A file is stored whole or not at all: any line that cannot be read is named, and nothing changes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.committees import find_committee, find_or_create_committee
from store.errors import Form, Problem, Typed, said
from store.models import Committee, CommitteeMeeting
from store.papers_deadline import PapersRule, papers_deadline


def require_committee(session: Session, workspace_id: str, name: str) -> Committee:
    """The workspace's committee called `name`; a near miss names the committees there are."""
    typed = " ".join(name.split())
    if not typed:
        raise Problem(said("Name the committee, in quotes: ", Form('committee:"People Scrutiny"'), "."))
    found = find_committee(session, workspace_id, typed)
    if found is not None:
        return found
    names = list(session.scalars(select(Committee.name).where(Committee.workspace_id == workspace_id).order_by(Committee.name)))
    close = [n for n, score, _ in process.extract(typed, names, scorer=fuzz.WRatio, limit=3) if score >= 70]
    if close:
        raise Problem(said("There is no committee called ", Typed(typed), ". Did you mean ", Form(close[0]), "?"),
                      hint=[said(Form(n)) for n in close])
    if names:
        raise Problem(said("There is no committee called ", Typed(typed), ". The committees are: ", ", ".join(names), "."))
    raise Problem(said("There is no committee called ", Typed(typed), " yet. Add its first meeting with ",
                       Form(f'/committee add "{typed}" meeting:2026-03-02'), "."))


@dataclass(frozen=True)
class CalendarExample:
    """A real committee (and its next meeting, if the calendar has one) for hints to show."""

    committee: str
    meeting_on: date | None = None
    papers_due_on: date | None = None


def calendar_example(session: Session, workspace_id: str, today: date | None) -> CalendarExample | None:
    """The committee whose meeting comes next with its papers not yet due, else the first
    committee; None when the workspace has none."""
    row = session.execute(
        select(Committee.name, CommitteeMeeting.meeting_on, CommitteeMeeting.papers_due_on)
        .join(CommitteeMeeting, CommitteeMeeting.committee_id == Committee.id)
        .where(Committee.workspace_id == workspace_id, CommitteeMeeting.papers_due_on >= (today or date.min))
        .order_by(CommitteeMeeting.meeting_on, Committee.name).limit(1)
    ).first()
    if row is not None:
        return CalendarExample(*row)
    name = session.scalar(select(Committee.name).where(Committee.workspace_id == workspace_id).order_by(Committee.name).limit(1))
    return CalendarExample(name) if name else None


def committee_for(session: Session, workspace_id: str, name: str) -> Committee:
    """The committee called `name`, created if the workspace has none of that name."""
    if not " ".join(name.split()):
        raise Problem(said("Name the committee, in quotes: ", Form('committee:"People Scrutiny"'), "."))
    return find_or_create_committee(session, workspace_id, name)


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%A %d %B %Y")


def read_date(text: str) -> date | None:
    """A date as officers write it: 2026-03-02, 02/03/2026 (UK order), 2 March 2026, Monday 2 March 2026."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", " ".join(text.replace(",", " ").split()))
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    return None


@dataclass
class AddedMeeting:
    meeting: CommitteeMeeting
    created: bool  # False: the date was in the calendar already


def add_meeting(session: Session, workspace_id: str, committee_name: str, meeting_on: date, *,
                rule: PapersRule | None = None, by: str | None = None, now: datetime) -> AddedMeeting:
    committee = committee_for(session, workspace_id, committee_name)
    existing = session.scalar(select(CommitteeMeeting).where(
        CommitteeMeeting.committee_id == committee.id, CommitteeMeeting.meeting_on == meeting_on))
    if existing is not None:
        return AddedMeeting(existing, created=False)
    meeting = CommitteeMeeting(workspace_id=workspace_id, committee_id=committee.id, meeting_on=meeting_on,
                               papers_due_on=papers_deadline(meeting_on, rule), created_by=by, created_at=now)
    session.add(meeting)
    session.flush()
    return AddedMeeting(meeting, created=True)


def remove_meeting(session: Session, workspace_id: str, committee_name: str, meeting_on: date) -> None:
    committee = require_committee(session, workspace_id, committee_name)
    meeting = session.scalar(select(CommitteeMeeting).where(
        CommitteeMeeting.committee_id == committee.id, CommitteeMeeting.meeting_on == meeting_on))
    if meeting is None:
        raise Problem(said(committee.name, " has no meeting on ", Typed(meeting_on.isoformat()), "."))
    session.delete(meeting)


def meetings(session: Session, workspace_id: str, committee_name: str | None = None, *, from_day: date | None = None) -> list[CommitteeMeeting]:
    query = select(CommitteeMeeting).join(Committee).where(CommitteeMeeting.workspace_id == workspace_id)
    if committee_name:
        query = query.where(CommitteeMeeting.committee_id == require_committee(session, workspace_id, committee_name).id)
    if from_day:
        query = query.where(CommitteeMeeting.meeting_on >= from_day)
    return list(session.scalars(query.order_by(CommitteeMeeting.meeting_on, Committee.name)))


def meeting_on(session: Session, committee: Committee, day: date) -> CommitteeMeeting | None:
    return session.scalar(select(CommitteeMeeting).where(CommitteeMeeting.committee_id == committee.id, CommitteeMeeting.meeting_on == day))


def next_meeting(session: Session, committee: Committee, after: date) -> CommitteeMeeting | None:
    return session.scalar(select(CommitteeMeeting).where(
        CommitteeMeeting.committee_id == committee.id, CommitteeMeeting.meeting_on >= after).order_by(CommitteeMeeting.meeting_on).limit(1))


# A year of dates from a CSV file.

_COMMITTEE_HEADERS = {"committee", "committee name", "panel", "body", "meeting of"}
_DATE_HEADERS = {"meeting", "date", "meeting date", "date of meeting", "meeting on", "when"}


@dataclass
class CalendarImport:
    added: list[tuple[str, date, date]] = field(default_factory=list)  # committee, meeting, papers deadline
    already: list[tuple[str, date]] = field(default_factory=list)


def import_meetings_csv(session: Session, workspace_id: str, text: str, *, rule: PapersRule | None = None,
                        by: str | None = None, now: datetime) -> CalendarImport:
    """Read `committee,meeting` rows and add every date; any unreadable line stops the whole file."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise Problem("The file is empty: give one line per meeting, with a committee and a date column.")
    header = [cell.strip().casefold() for cell in rows[0]]
    committee_col = next((i for i, h in enumerate(header) if h in _COMMITTEE_HEADERS), None)
    date_col = next((i for i, h in enumerate(header) if h in _DATE_HEADERS), None)
    if committee_col is None or date_col is None:
        raise Problem(said("The first line must name the columns, e.g. ", Form("committee,meeting"),
                           f"; it reads {', '.join(repr(c) for c in rows[0])}."))
    wanted: list[tuple[int, str, date]] = []
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        name = row[committee_col].strip() if committee_col < len(row) else ""
        raw = row[date_col].strip() if date_col < len(row) else ""
        day = read_date(raw)
        if not name:
            problems.append(f"line {line}: no committee named")
        elif day is None:
            problems.append(f"line {line}: {raw!r} is not a date (write 2026-03-02 or 02/03/2026)")
        else:
            wanted.append((line, name, day))
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise Problem(f"Nothing was added. {shown}.")
    result = CalendarImport()
    for _line, name, day in wanted:
        added = add_meeting(session, workspace_id, name, day, rule=rule, by=by, now=now)
        committee_name = added.meeting.committee.name
        if added.created:
            result.added.append((committee_name, day, added.meeting.papers_due_on))
        else:
            result.already.append((committee_name, day))
    return result
