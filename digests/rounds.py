"""Sending an update round's messages: the opening message, then reminders seven and two days
before the due date, once each, to each linked person, and nothing after they reply.

Rules, each enforced where it cannot be lost:
- **Once.** Each (round, person, kind) is claimed by inserting a row before it is sent; the row is
  unique, so a restart or a second clock never sends it again. So is (round, person, day): a round
  never writes to anyone twice on the same day.
- **Exactly once when the outcome is unknown.** Like digests and reminders (digests.delivery), each
  message carries metadata naming its row (ROUND_EVENT). A claim whose process died, or whose post
  timed out or failed with a 5xx, is looked for in the person's DM before anything is sent again;
  if the DM cannot be read it is not sent again (marked failed with the reason).
- **Quiet hours.** Messages go on working days (England's, see store.papers_deadline) between
  09:00 and 17:00 local time; a message owed outside them waits for the next such hour.
- **Reminders.** The one due by the day is sent (two days before wins over seven when both are
  owed); none on or after the due date, none to someone who has updated one of the actions since
  the round opened, and none the day of (or before) an earlier message it would repeat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from digests.delivery import LEASE, HistoryUnavailable, PermanentFailure, PostFailed, Poster, RateLimited, Rendered, TransientFailure
from store.db import insert_or_ignore, transaction
from store.leases import lease_expired, take_over
from store.models import RoundMessage, UpdateRound
from store.papers_deadline import PapersRule
from store.rounds import RoundAction, actions_for, replied_users, round_people

logger = logging.getLogger(__name__)

ROUND_EVENT = "scrutiny_round"  # message metadata event type; its payload names the round message
OPENING, WEEK_BEFORE, TWO_DAYS_BEFORE = "opening", "week_before", "two_days_before"
REMINDER_DAYS = {WEEK_BEFORE: 7, TWO_DAYS_BEFORE: 2}
FIRST_HOUR, LAST_HOUR = 9, 17


@dataclass(frozen=True)
class RoundMessageContent:
    """What one message of a round says; handlers/blocks/round.py writes it in Block Kit."""

    kind: str
    committee: str
    due_on: date
    meeting_on: date | None
    actions: list[RoundAction]


RoundRenderer = Callable[[RoundMessageContent], Rendered]


@dataclass
class RoundReport:
    sent: int = 0
    settled_from_history: int = 0
    left_for_retry: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


def in_quiet_hours(local: datetime, rule: PapersRule | None = None) -> bool:
    rule = rule or PapersRule()
    return not (rule.is_working_day(local.date()) and FIRST_HOUR <= local.hour < LAST_HOUR)


def owed_kind(due_on: date, today: date) -> tuple[str, date] | None:
    """The reminder owed today, and the day it became owed; None before a week out or from the due date."""
    if today >= due_on:
        return None
    if today >= due_on - timedelta(days=REMINDER_DAYS[TWO_DAYS_BEFORE]):
        return TWO_DAYS_BEFORE, due_on - timedelta(days=REMINDER_DAYS[TWO_DAYS_BEFORE])
    if today >= due_on - timedelta(days=REMINDER_DAYS[WEEK_BEFORE]):
        return WEEK_BEFORE, due_on - timedelta(days=REMINDER_DAYS[WEEK_BEFORE])
    return None


def run_round_pass(session_factory: sessionmaker[Session], poster: Poster, now: datetime, *, timezone: ZoneInfo,
                   render: RoundRenderer, lease: timedelta = LEASE) -> RoundReport:
    report = RoundReport()
    local = now.astimezone(timezone)
    if in_quiet_hours(local):
        return report
    today = local.date()
    for claim in _claim(session_factory, today, now, lease) + _reclaim(session_factory, now, lease):
        _deliver(session_factory, poster, claim, now, render, report)
    return report


@dataclass
class _Claim:
    message_id: int
    round_id: int
    workspace_id: str
    user_id: str
    kind: str
    unsure: bool = False  # claimed before: it may be in the DM already


def _claim(session_factory: sessionmaker[Session], today: date, now: datetime, lease: timedelta) -> list[_Claim]:
    claims: list[_Claim] = []
    with session_factory() as session:
        rounds = list(session.scalars(select(UpdateRound.id).where(UpdateRound.state == "open", UpdateRound.due_on > today)))
    for round_id in rounds:
        with transaction(session_factory) as session:
            round_ = session.get(UpdateRound, round_id)
            if round_ is None or round_.state != "open":
                continue
            people = sorted(round_people(session, round_id))
            history: dict[str, list[tuple[str, date]]] = {}
            for user, sent_kind, day in session.execute(
                select(RoundMessage.slack_user_id, RoundMessage.kind, RoundMessage.on_day).where(RoundMessage.round_id == round_id)
            ):
                history.setdefault(user, []).append((sent_kind, day))
            replied = replied_users(session, round_)
            reminder = owed_kind(round_.due_on, today)
            for user in people:
                had = history.get(user, [])
                kind: str
                if not any(k == OPENING for k, _ in had):
                    kind = OPENING
                elif reminder is None or user in replied:
                    continue
                else:
                    kind, since = reminder
                    # Owed only if nothing went on or after the day it became owed: a late opening
                    # message already said what this reminder would.
                    if any(k == kind or day >= since for k, day in had):
                        continue
                row = session.execute(
                    insert_or_ignore(session, RoundMessage, workspace_id=round_.workspace_id, round_id=round_id, slack_user_id=user,
                                     kind=kind, on_day=today, state="claimed", lease_until=now + lease, attempts=1)
                    .returning(RoundMessage.id)
                ).first()
                if row is not None:
                    claims.append(_Claim(row[0], round_id, round_.workspace_id, user, kind))
    return claims


def _reclaim(session_factory: sessionmaker[Session], now: datetime, lease: timedelta) -> list[_Claim]:
    """Messages claimed by a pass that died or could not tell whether Slack took them."""
    with session_factory() as session:
        stale = list(session.scalars(select(RoundMessage.id).where(lease_expired(RoundMessage, now))))
    claims = []
    for message_id in stale:
        with transaction(session_factory) as session:
            taken = take_over(session, RoundMessage, message_id, now, lease_until=now + lease, attempts=RoundMessage.attempts + 1)
            message = session.get(RoundMessage, message_id) if taken else None
            if message is not None:
                claims.append(_Claim(message.id, message.round_id, message.workspace_id, message.slack_user_id, message.kind, unsure=True))
    return claims


def _metadata(claim: _Claim) -> dict[str, object]:
    return {"event_type": ROUND_EVENT, "event_payload": {"round_message_id": claim.message_id, "round_id": claim.round_id}}


def _deliver(session_factory: sessionmaker[Session], poster: Poster, claim: _Claim, now: datetime, render: RoundRenderer,
             report: RoundReport) -> None:
    with session_factory() as session:
        round_ = session.get(UpdateRound, claim.round_id)
        assert round_ is not None
        since = round_.opened_at - timedelta(days=1)
        content = RoundMessageContent(claim.kind, round_.committee.name, round_.due_on,
                                      round_.meeting.meeting_on if round_.meeting else None, actions_for(session, claim.round_id, claim.user_id))
    if claim.unsure:
        try:
            found = poster.find_direct_messages(claim.workspace_id, claim.user_id, ROUND_EVENT, since)
        except (HistoryUnavailable, PostFailed) as problem:
            # Not knowing whether it went, the bot does not risk saying it twice.
            _finish(session_factory, claim, "failed", now, error=f"history_unavailable:{problem}")
            report.failed.append((claim.user_id, f"history_unavailable:{problem}"))
            return
        if any(str(p.get("round_message_id")) == str(claim.message_id) for p in found):
            _finish(session_factory, claim, "sent", now)
            report.settled_from_history += 1
            return
    if not content.actions:
        _finish(session_factory, claim, "sent", now, error="nothing left to ask about")
        return
    message = render(content)
    try:
        ts = poster.post(claim.workspace_id, claim.user_id, message.text, message.blocks, metadata=_metadata(claim))
    except (TransientFailure, RateLimited) as problem:
        # It may have gone all the same (a timeout): the next pass looks in the DM first.
        with transaction(session_factory) as session:
            session.execute(update(RoundMessage).where(RoundMessage.id == claim.message_id).values(lease_until=now, error=str(problem)[:500]))
        report.left_for_retry += 1
        return
    except PermanentFailure as problem:
        _finish(session_factory, claim, "failed", now, error=problem.error)
        report.failed.append((claim.user_id, problem.error))
        return
    _finish(session_factory, claim, "sent", now, ts=ts)
    report.sent += 1
    report.people.append(claim.user_id)


def _finish(session_factory: sessionmaker[Session], claim: _Claim, state: str, now: datetime, *, ts: str | None = None,
            error: str | None = None) -> None:
    with transaction(session_factory) as session:
        session.execute(update(RoundMessage).where(RoundMessage.id == claim.message_id)
                        .values(state=state, sent_at=now if state == "sent" else None, message_ts=ts, lease_until=None, error=error))
