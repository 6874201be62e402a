"""The scrutiny cycle's steps on a recommendation: the executive's response, the committee's
assessment, its sign-off at a meeting and a re-open. Officers only; each step is checked whole
before anything is written, is recorded in the recommendation's history, and is stored once
however often it is sent (an idempotency key per submission).

The one-line forms, as typed after the command:

    BR-7.4 accepted in part: the second half needs a budget      (response; date = today)
    BR-7.4 rejected on 2026-04-20: no money this year             (response on a given date)
    BR-7.4 on track                                              (assessment)
    BR-7.4 slipped 2026-09-30: the survey is late                 (assessment with its new date)
    BR-7.4 meeting:2026-03-02 minute:45                           (sign-off)
    BR-7.4: the committee asked for a further report              (re-open)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.errors import Form, Problem, Typed, Words, said
from store.models import Recommendation, RecommendationEvent
from store.permissions import Person, check_is_officer
from store.recommendations import (
    GENERIC_HANDLE,
    ActionLine,
    RecommendationSummary,
    find_recommendation,
    handle_of,
    lock_recommendation,
    summarise_recommendation,
)
from store.status import Assessment, Response, parse_assessment, parse_response
from store.typed_dates import DATE_PATTERN, is_date, read_date

MAX_REASON = 2000
MAX_MINUTE = 60

RESPONSE_FORMS = ("accepted", "accepted in part", "accepted in principle", "rejected", "noted")
ASSESSMENT_FORMS = ("achieved", "on track", "slipped", "not achieved", "superseded")


class NeedsConfirmation(Exception):
    """A sign-off of a recommendation whose actions are not all closed: the committee may still
    sign it off, but the officer must say so."""

    def __init__(self, handle: str, open_actions: list[ActionLine]) -> None:
        super().__init__(f"{handle} has {len(open_actions)} open actions")
        self.handle = handle
        self.open_actions = open_actions


@dataclass(frozen=True)
class ResponseRequest:
    recommendation: str
    response: Response
    reason: str = ""
    responded_on: date | None = None


@dataclass(frozen=True)
class AssessmentRequest:
    recommendation: str
    assessment: Assessment | None  # None: show what the actions suggest, record nothing
    new_date: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class SignoffRequest:
    recommendation: str
    meeting: date
    minute: str
    note: str = ""


@dataclass(frozen=True)
class ReopenRequest:
    recommendation: str
    reason: str


@dataclass
class Outcome:
    """A step taken (or, `created` false, found already taken), and the recommendation after it."""

    kind: str
    recommendation: RecommendationSummary
    created: bool = True
    notes: list[Words] = field(default_factory=list)


# --------------------------------------------------------------------------- reading the lines

_TRAILING_DATE = re.compile(rf"(?:^|\s)(?:on\s+|date:)?(?P<date>{DATE_PATTERN})\s*$", re.IGNORECASE)


def _split(text: str, command: str, example: str) -> tuple[str, str, str]:
    """(recommendation, words before the first colon, words after it)."""
    text = " ".join(text.replace("\x00", "").split())
    rec, _, rest = text.partition(" ")
    if rec.endswith(":"):
        rec, rest = rec[:-1], ":" + rest
    if not rec:
        raise Problem(said("Name the recommendation first: ", Form(f"{command} {example}"), "."))
    head, colon, tail = rest.partition(":")
    # A colon inside a key (meeting:…) is not the reasons' colon.
    if colon and re.search(r"(?:^|\s)(?:meeting|minute|min|date|on)$", head.strip(), re.IGNORECASE):
        head, tail = rest, ""
    return rec, head.strip(), tail.strip()


# How officers write each response, longest first: the words after one (past a dash or comma)
# are its reasons, so "rejected - no budget" keeps "no budget" rather than dropping it.
_RESPONSE_PHRASES = sorted([
    ("accepted in part", Response.ACCEPTED_IN_PART), ("agreed in part", Response.ACCEPTED_IN_PART),
    ("partially accepted", Response.ACCEPTED_IN_PART), ("partly accepted", Response.ACCEPTED_IN_PART),
    ("partially agreed", Response.ACCEPTED_IN_PART), ("in part", Response.ACCEPTED_IN_PART),
    ("accepted in principle", Response.ACCEPTED_IN_PRINCIPLE), ("agreed in principle", Response.ACCEPTED_IN_PRINCIPLE),
    ("in principle", Response.ACCEPTED_IN_PRINCIPLE),
    ("not accepted", Response.REJECTED), ("not agreed", Response.REJECTED), ("rejected", Response.REJECTED),
    ("reject", Response.REJECTED), ("declined", Response.REJECTED), ("refused", Response.REJECTED),
    ("noted", Response.NOTED), ("accepted", Response.ACCEPTED), ("accept", Response.ACCEPTED),
    ("agreed", Response.ACCEPTED), ("approved", Response.ACCEPTED),
], key=lambda pair: -len(pair[0]))
_REASON_START = re.compile(r"^[\s,;\-\u2013\u2014]*(?:because\s+)?", re.IGNORECASE)


def _read_response(head: str) -> tuple[Response | None, str]:
    """The response a line opens with, and the words after it (its reasons)."""
    for phrase, response in _RESPONSE_PHRASES:
        pattern = r"^\s*" + r"[\s_-]+".join(map(re.escape, phrase.split())) + r"(?=$|[\s,;:\-\u2013\u2014])"
        match = re.match(pattern, head, re.IGNORECASE)
        if match:
            return response, _REASON_START.sub("", head[match.end():]).strip()
    return (parse_response(head) if head else None), ""


def parse_response_line(text: str, *, example: str = GENERIC_HANDLE) -> ResponseRequest:
    """`example` is the recommendation a hint shows when none is named (a real one, from the caller)."""
    rec, head, reason = _split(text, "/respond", f"{example} accepted in part: the reasons")
    responded_on = None
    match = _TRAILING_DATE.search(head)
    if match:
        responded_on = read_date(match.group("date"))
        head = head[: match.start()].strip()
    response, more = _read_response(head)
    if more:
        reason = f"{more}: {reason}" if reason else more
    if response is None:
        typed = said("I can't read ", Typed(head), " as the executive's response.") if head else said(
            "Say what the executive's response to ", Typed(rec), " was.")
        raise Problem(typed, [said("Responses: ", *_joined([Form(f"/respond {rec} {w}") for w in RESPONSE_FORMS]),
                                   ". Reasons go after a colon; a date other than today after the response: ",
                                   Form(f"/respond {rec} rejected on 2026-04-20: the reasons"), ".")])
    return ResponseRequest(rec, response, reason, responded_on)


def parse_assessment_line(text: str, *, example: str = GENERIC_HANDLE) -> AssessmentRequest:
    rec, head, reason = _split(text, "/assess", f"{example} on track")
    if not head:
        return AssessmentRequest(rec, None, None, reason)
    new_date = None
    match = _TRAILING_DATE.search(head)
    if match:
        new_date = read_date(match.group("date"))
        head = head[: match.start()].strip()
    assessment = parse_assessment(head)
    if assessment is None:
        raise Problem(said("I can't read ", Typed(head), " as an assessment."),
                      [said("Assessments: ", *_joined([Form(f"/assess {rec} {w}") for w in ASSESSMENT_FORMS]),
                            ". A slipped one needs its new date and why: ",
                            Form(f"/assess {rec} slipped YYYY-MM-DD: why"), ".")])
    if new_date is not None and assessment is not Assessment.SLIPPED:
        raise Problem(said("Only a slipped recommendation takes a new date; ", Typed(assessment.label), " does not."),
                      [said(Form(f"/assess {rec} {assessment.label}"), " or ", Form(f"/assess {rec} slipped {new_date.isoformat()}: why"), ".")])
    return AssessmentRequest(rec, assessment, new_date, reason)


_KEYED = re.compile(r"(?P<key>meeting|minute|min|date|on)\s*:\s*(?P<value>\"[^\"]*\"|'[^']*'|\S+)", re.IGNORECASE)


def parse_signoff_line(text: str, *, example: str = GENERIC_HANDLE) -> SignoffRequest:
    rec, head, note = _split(text, "/signoff", f"{example} meeting:2026-03-02 minute:45")
    meeting = minute = None
    for match in _KEYED.finditer(head):
        key, value = match.group("key").lower(), match.group("value").strip("\"'").strip()
        if key in ("meeting", "date", "on"):
            meeting = read_date(value, field="meeting:")
        else:
            minute = value
    leftover = _KEYED.sub("", head).strip()
    if leftover and is_date(leftover) and meeting is None:
        meeting, leftover = read_date(leftover), ""
    if leftover:
        raise Problem(said("I don't know what ", Typed(leftover), " is in a sign-off."),
                      [said("Type the meeting's date and the minute: ", Form(f"/signoff {rec} meeting:2026-03-02 minute:45"), ".")])
    if meeting is None or not minute:
        missing = "the meeting's date" if meeting is None else "the minute reference"
        raise Problem(said(f"A sign-off needs {missing}, so the record says where the committee agreed it."),
                      [said(Form(f"/signoff {rec} meeting:{meeting.isoformat() if meeting else 'YYYY-MM-DD'} minute:{minute or '45'}"))])
    if len(minute) > MAX_MINUTE:
        raise Problem(said(f"Keep the minute reference under {MAX_MINUTE} characters."))
    return SignoffRequest(rec, meeting, minute, note)


def parse_reopen_line(text: str, *, example: str = GENERIC_HANDLE) -> ReopenRequest:
    rec, head, reason = _split(text, "/reopen", f"{example}: why it is re-opened")
    keyed = _KEYED.search(f"{head} {reason}")
    if keyed and keyed.group("key").lower() in ("minute", "min", "meeting"):
        raise Problem(
            said("A re-open takes no meeting or minute reference (", Typed(keyed.group("key").lower() + ":"),
                 "): those belong to a sign-off, and the re-open is recorded with your reason and today's date."),
            [said(Form(f"/reopen {rec}: why the committee re-opened it"))],
        )
    reason = " ".join(p for p in (head, reason) if p)
    if not reason:
        raise Problem(said("Say why it is re-opened."), [said(Form(f"/reopen {rec}: why the committee re-opened it"))])
    return ReopenRequest(rec, reason)


def _joined(forms: list[Form]) -> list[str | Form]:
    parts: list[str | Form] = []
    for i, form in enumerate(forms):
        if i:
            parts.append(", ")
        parts.append(form)
    return parts


# --------------------------------------------------------------------------- taking the steps


def _day(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def _start(session: Session, workspace_id: str, person: Person, typed: str, doing: str, key: str | None) -> tuple[Recommendation, RecommendationEvent | None]:
    check_is_officer(person, doing)
    rec = find_recommendation(session, workspace_id, typed)
    # Locked first, then the key looked for: a second press waiting on the first's lock then
    # sees its step, not a recommendation already changed by it.
    lock_recommendation(session, rec)
    if key:
        existing = session.scalar(select(RecommendationEvent).where(
            RecommendationEvent.workspace_id == workspace_id, RecommendationEvent.idempotency_key == key))
        if existing is not None:
            return rec, existing
    return rec, None


def _record(session: Session, rec: Recommendation, event: RecommendationEvent) -> bool:
    try:
        with session.begin_nested():
            session.add(event)
            session.flush()
    except IntegrityError:
        # The same submission stored a moment ago by another process: keep theirs.
        session.expire(rec)
        return False
    return True


def _event(rec: Recommendation, person: Person, kind: str, now: datetime, key: str | None, **values: object) -> RecommendationEvent:
    return RecommendationEvent(
        workspace_id=rec.workspace_id, recommendation_id=rec.id, kind=kind, author_name=person.name,
        author_slack_id=person.user_id, created_at=now, idempotency_key=key, source="slack", **values,
    )


def record_response(
    session: Session, workspace_id: str, person: Person, request: ResponseRequest, *, now: datetime, today: date,
    idempotency_key: str | None = None,
) -> Outcome:
    rec, existing = _start(session, workspace_id, person, request.recommendation, "record the executive's response", idempotency_key)
    if existing is not None:
        return Outcome("response", summarise_recommendation(session, rec, today=today), created=False)
    handle = handle_of(rec)
    responded_on = request.responded_on or today
    report = rec.report
    if responded_on > today:
        raise Problem(said(f"The response date {_day(responded_on)} is after today; record it once it is given."))
    since = report.received_on or report.agreed_on if report else None
    if since is not None and responded_on < since:
        which = "received by the executive" if report and report.received_on else "agreed by the committee"
        raise Problem(
            said(f"The report was {which} on {_day(since)}: a response can't come before it ({_day(responded_on)})."),
            [said("Give the date the response was made: ", Form(f"/respond {handle} {request.response.label} on {since.isoformat()}"),
                  ", or fix the report's dates: ", Form(f"/report {rec.plan.code} received:{responded_on.isoformat()}"), ".")],
        )
    reason = request.reason.strip()
    if len(reason) > MAX_REASON:
        raise Problem(said(f"Keep the reasons under {MAX_REASON:,} characters (they have {len(reason):,})."))
    if request.response is Response.REJECTED and not reason:
        raise Problem(said("A rejected recommendation is recorded with the executive's reasons."),
                      [said(Form(f"/respond {handle} rejected: the reasons the executive gave"))])
    rec.response, rec.response_reason, rec.responded_on = request.response, reason or None, responded_on
    created = _record(session, rec, _event(rec, person, "response", now, idempotency_key, response=request.response,
                                           responded_on=responded_on, note=reason))
    outcome = Outcome("response", summarise_recommendation(session, rec, today=today), created=created)
    open_actions = outcome.recommendation.open_actions
    if request.response in (Response.REJECTED, Response.NOTED) and open_actions:
        outcome.notes.append(said(
            f"A {request.response.label} recommendation carries no tracked actions; its {len(open_actions)} open "
            "action(s) stay on the record until closed: ", Form(f"/update {open_actions[0].handle} no longer feasible: {request.response.label} by the executive"), "."))
    return outcome


def record_assessment(
    session: Session, workspace_id: str, person: Person, request: AssessmentRequest, *, now: datetime, today: date,
    idempotency_key: str | None = None,
) -> Outcome:
    if request.assessment is None:
        # Only a look: what the actions suggest. Anyone may look.
        rec = find_recommendation(session, workspace_id, request.recommendation)
        return Outcome("proposal", summarise_recommendation(session, rec, today=today), created=False)
    rec, existing = _start(session, workspace_id, person, request.recommendation, "record a recommendation's assessment", idempotency_key)
    if existing is not None:
        return Outcome("assessment", summarise_recommendation(session, rec, today=today), created=False)
    handle = handle_of(rec)
    reason = request.reason.strip()
    if len(reason) > MAX_REASON:
        raise Problem(said(f"Keep the reason under {MAX_REASON:,} characters (it has {len(reason):,})."))
    if request.assessment is Assessment.SLIPPED:
        if request.new_date is None or not reason:
            raise Problem(said("A slipped recommendation is recorded with its new date and the reason it slipped."),
                          [said(Form(f"/assess {handle} slipped {(request.new_date or today).isoformat()}: why it slipped"))])
        if request.new_date <= today:
            raise Problem(said(f"The new date ({_day(request.new_date)}) must be after today."),
                          [said(Form(f"/assess {handle} slipped {(today + timedelta(days=28)).isoformat()}: why it slipped"),
                                " with the real date.")])
    rec.assessment, rec.assessment_date, rec.assessment_reason, rec.assessed_at = (
        request.assessment, request.new_date, reason or None, now)
    created = _record(session, rec, _event(rec, person, "assessment", now, idempotency_key, assessment=request.assessment,
                                           on_date=request.new_date, note=reason))
    outcome = Outcome("assessment", summarise_recommendation(session, rec, today=today), created=created)
    proposal = outcome.recommendation.proposal
    if proposal.assessment is not None and proposal.assessment is not request.assessment:
        outcome.notes.append(said(f"Its actions suggest {proposal.assessment.label} ({proposal.why}); your assessment stands."))
    return outcome


def record_signoff(
    session: Session, workspace_id: str, person: Person, request: SignoffRequest, *, now: datetime, today: date,
    confirmed: bool = False, idempotency_key: str | None = None,
) -> Outcome:
    rec, existing = _start(session, workspace_id, person, request.recommendation, "sign off a recommendation", idempotency_key)
    if existing is not None:
        return Outcome("signoff", summarise_recommendation(session, rec, today=today), created=False)
    handle = handle_of(rec)
    if rec.signed_off_on is not None:
        raise Problem(said(f"{handle} was already signed off at the meeting of {_day(rec.signed_off_on)} (minute {rec.signoff_minute})."),
                      [said("To record another sign-off, re-open it first: ", Form(f"/reopen {handle}: why"), ".")])
    if request.meeting > today:
        raise Problem(said(f"The meeting date {_day(request.meeting)} is after today: sign it off once the committee has met."))
    report = rec.report
    if report is not None and report.agreed_on is not None and request.meeting < report.agreed_on:
        raise Problem(said(f"The meeting ({_day(request.meeting)}) is before the committee agreed the report "
                           f"({_day(report.agreed_on)}); give the date of the meeting that signed it off."),
                      [said(Form(f"/signoff {handle} meeting:{today.isoformat()} minute:{request.minute}"))])
    open_actions = [a for a in rec.actions if not a.status.is_closed]
    if open_actions and not confirmed:
        summary = summarise_recommendation(session, rec, today=today, with_history=False)
        raise NeedsConfirmation(handle, summary.open_actions)
    note = request.note.strip()
    if open_actions:
        note = (note + " " if note else "") + f"(signed off with {len(open_actions)} action(s) still open)"
    rec.signed_off_on, rec.signoff_minute, rec.signed_off_at = request.meeting, request.minute, now
    created = _record(session, rec, _event(rec, person, "signoff", now, idempotency_key, on_date=request.meeting,
                                           minute=request.minute, note=note[:MAX_REASON]))
    return Outcome("signoff", summarise_recommendation(session, rec, today=today), created=created)


def record_reopen(
    session: Session, workspace_id: str, person: Person, request: ReopenRequest, *, now: datetime, today: date,
    idempotency_key: str | None = None,
) -> Outcome:
    rec, existing = _start(session, workspace_id, person, request.recommendation, "re-open a recommendation", idempotency_key)
    if existing is not None:
        return Outcome("reopen", summarise_recommendation(session, rec, today=today), created=False)
    handle = handle_of(rec)
    if rec.signed_off_on is None:
        raise Problem(said(f"{handle} is not signed off, so there is nothing to re-open."),
                      [said("To change its assessment instead: ", Form(f"/assess {handle} on track"), ".")])
    if len(request.reason) > MAX_REASON:
        raise Problem(said(f"Keep the reason under {MAX_REASON:,} characters."))
    rec.signed_off_on = rec.signoff_minute = rec.signed_off_at = None
    created = _record(session, rec, _event(rec, person, "reopen", now, idempotency_key, note=request.reason.strip()))
    return Outcome("reopen", summarise_recommendation(session, rec, today=today), created=created)
