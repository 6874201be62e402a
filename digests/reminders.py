"""Nudging owners before a deadline passes: a week before, and on the first day overdue.

Each (action, person, kind, due date) is claimed once in the database before it is sent, so a
restart or a second clock never repeats a reminder, and a new due date earns new reminders.
As with digests (see digests.delivery), each message carries metadata naming its reminders, and
reminders whose earlier send has an unknown outcome (the process died, Slack timed out) are looked
for in the person's DM before being sent again; if the DM cannot be read they are not sent again.
A person's reminders of one day go in one message; nothing is sent before REMINDER_HOUR local
time, and never to someone who typed `/reminders off`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session, sessionmaker

from digests.delivery import LEASE, HistoryUnavailable, PostFailed, Poster, TransientFailure
from store.db import insert_or_ignore, transaction
from store.leases import lease_expired, take_over
from store.models import Action, ActionOwner, OwnerLink, ReminderSend, UserPreference, Workspace
from store.status import CAN_BE_OVERDUE, OPEN_STATUSES

logger = logging.getLogger(__name__)

REMINDER_HOUR = 9
WEEK_BEFORE = "week_before"
FIRST_OVERDUE = "first_overdue"
CATCH_UP_DAYS = 7  # a clock down for a while still sends the reminders it missed, up to a week late
REMINDER_EVENT = "scrutiny_reminder"  # message metadata event type; its payload lists the reminder ids


# Writes the reminder (overdue actions, then those due within a week). The clock passes
# handlers.blocks.reminder's, so this package never writes Slack markup.
ReminderRenderer = Callable[[Sequence[Action], Sequence[Action]], str]


@dataclass
class ReminderReport:
    messages: int = 0
    reminders: int = 0
    people: list[str] = field(default_factory=list)


def run_reminder_pass(
    session_factory: sessionmaker[Session], poster: Poster, now: datetime, *, timezone: ZoneInfo, render: ReminderRenderer
) -> ReminderReport:
    report = ReminderReport()
    local = now.astimezone(timezone)
    if local.hour < REMINDER_HOUR:
        return report
    today = local.date()
    with session_factory() as session:
        workspaces = list(session.scalars(select(Workspace.team_id)))
    for workspace_id in workspaces:
        for user_id, (claimed, unsure) in _claim(session_factory, workspace_id, today, now).items():
            if unsure:
                claimed = _not_yet_delivered(session_factory, poster, workspace_id, user_id, claimed, unsure, now)
            if claimed and _send(session_factory, poster, render, workspace_id, user_id, claimed, today, now):
                report.messages += 1
                report.reminders += len(claimed)
                report.people.append(user_id)
    return report


def _candidates(session: Session, workspace_id: str, today: date) -> list[tuple[int, str, str, date]]:
    """(action id, user id, kind, due date) owed today to people who want reminders."""
    muted = select(UserPreference.slack_user_id).where(
        UserPreference.workspace_id == workspace_id,
        (UserPreference.reminders_off.is_(True)) | (UserPreference.last_reminded_on == today),
    )
    rows = session.execute(
        select(Action.id, OwnerLink.slack_user_id, Action.due_date, Action.status)
        .join(ActionOwner, ActionOwner.action_id == Action.id)
        .join(OwnerLink, and_(OwnerLink.owner_id == ActionOwner.owner_id, OwnerLink.confirmed.is_(True), OwnerLink.slack_user_id.is_not(None)))
        .where(
            Action.workspace_id == workspace_id,
            Action.due_date.is_not(None),
            Action.due_date >= today - timedelta(days=CATCH_UP_DAYS),
            Action.due_date <= today + timedelta(days=7),
            Action.status.in_([s.value for s in OPEN_STATUSES]),
            OwnerLink.slack_user_id.not_in(muted),
        )
    ).all()
    owed: list[tuple[int, str, str, date]] = []
    for action_id, user_id, due, status in rows:
        if user_id is None or due is None:  # the query leaves these out; this says so to the type checker
            continue
        if today < due <= today + timedelta(days=7):
            owed.append((action_id, user_id, WEEK_BEFORE, due))
        elif due < today and status in CAN_BE_OVERDUE:
            owed.append((action_id, user_id, FIRST_OVERDUE, due))
    return owed


def _claim(session_factory: sessionmaker[Session], workspace_id: str, today: date, now: datetime) -> dict[str, tuple[list[int], set[int]]]:
    """Per person: the reminder ids to send, and which of them an earlier pass may have sent."""
    claimed: dict[str, tuple[list[int], set[int]]] = {}
    with transaction(session_factory) as session:
        for action_id, user_id, kind, due in _candidates(session, workspace_id, today):
            row = session.execute(
                insert_or_ignore(session, ReminderSend, workspace_id=workspace_id, action_id=action_id, slack_user_id=user_id,
                                 kind=kind, due_date=due, state="claimed", lease_until=now + LEASE)
                .returning(ReminderSend.id)
            ).first()
            if row is not None:
                claimed.setdefault(user_id, ([], set()))[0].append(row[0])
        # Reminders claimed by a process that died before sending them.
        for send_id, user_id in session.execute(
            select(ReminderSend.id, ReminderSend.slack_user_id).where(
                ReminderSend.workspace_id == workspace_id, lease_expired(ReminderSend, now)
            )
        ).all():
            if take_over(session, ReminderSend, send_id, now, lease_until=now + LEASE):
                ids, unsure = claimed.setdefault(user_id, ([], set()))
                ids.append(send_id)
                unsure.add(send_id)
    return claimed


def _not_yet_delivered(session_factory: sessionmaker[Session], poster: Poster, workspace_id: str, user_id: str,
                       claimed: list[int], unsure: set[int], now: datetime) -> list[int]:
    """`claimed` less the reminders the person's DM shows were delivered already (marked sent).
    When the DM cannot be read, the unsure ones are dropped rather than risk saying them twice."""
    try:
        found = poster.find_direct_messages(workspace_id, user_id, REMINDER_EVENT, now - timedelta(days=CATCH_UP_DAYS + 7))
        delivered = {int(i) for payload in found for i in str(payload.get("reminder_ids", "")).split(",") if i.strip().isdigit()}
    except (HistoryUnavailable, PostFailed) as problem:
        logger.warning("could not check %s's DM for reminders %s (%s); not sending them again", user_id, sorted(unsure), problem)
        delivered = set(unsure)
    done = [i for i in claimed if i in delivered and i in unsure]
    if done:
        with transaction(session_factory) as session:
            session.execute(update(ReminderSend).where(ReminderSend.id.in_(done)).values(state="sent", sent_at=now, lease_until=None))
    return [i for i in claimed if i not in done]


def _send(session_factory: sessionmaker[Session], poster: Poster, render: ReminderRenderer, workspace_id: str, user_id: str, send_ids: list[int], today: date, now: datetime) -> bool:
    with session_factory() as session:
        rows = session.execute(
            select(ReminderSend.kind, Action).join(Action, Action.id == ReminderSend.action_id).where(ReminderSend.id.in_(send_ids)).order_by(Action.due_date)
        ).all()
        soon = [a for kind, a in rows if kind == WEEK_BEFORE]
        late = [a for kind, a in rows if kind == FIRST_OVERDUE]
        text = render(late, soon)
    metadata = {"event_type": REMINDER_EVENT, "event_payload": {"reminder_ids": ",".join(str(i) for i in sorted(send_ids))}}
    try:
        poster.direct_message(workspace_id, user_id, text, metadata=metadata)
    except PostFailed as problem:
        logger.exception("could not remind %s", user_id)
        if isinstance(problem, TransientFailure):
            # It may have gone all the same: the next pass takes them again, checking the DM first.
            with transaction(session_factory) as session:
                session.execute(update(ReminderSend).where(ReminderSend.id.in_(send_ids)).values(lease_until=now))
        return False
    with transaction(session_factory) as session:
        session.execute(update(ReminderSend).where(ReminderSend.id.in_(send_ids)).values(state="sent", sent_at=now, lease_until=None))
        set_preference(session, workspace_id, user_id, last_reminded_on=today)
    return True


def set_preference(session: Session, workspace_id: str, user_id: str, **values: object) -> UserPreference:
    preference = session.get(UserPreference, (workspace_id, user_id))
    if preference is None:
        preference = UserPreference(workspace_id=workspace_id, slack_user_id=user_id, reminders_off=False)
        session.add(preference)
    for name, value in values.items():
        setattr(preference, name, value)
    session.flush()
    return preference
