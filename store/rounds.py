"""Update rounds: before a committee meeting, every owner of the committee's open actions is asked
for an update by a due date; officers see who has returned one; closing the round keeps the
position for the report.

This module decides who is in a round and where it stands; `digests/rounds.py` sends its messages
(once each, never twice a day to anyone, not in quiet hours), and handlers/ say it in Slack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.calendar import add_meeting, calendar_example, meeting_on, require_committee
from store.errors import Form, Problem, Typed, said
from store.links import linked_users
from store.models import Action, Committee, Owner, RoundItem, RoundMessage, Update, UpdateRound
from store.papers_deadline import PapersRule
from store.committee_report.tracker import build_tracker_report, committee_recommendations, keep_snapshot
from store.status import OPEN_STATUSES


@dataclass
class OpenedRound:
    round_id: int
    committee: str
    due_on: date
    meeting_on: date | None
    papers_due_on: date | None
    actions: int
    people: int  # linked Slack people who will get a message
    unlinked: list[str] = field(default_factory=list)  # owners to chase by other means
    messaged: list[str] = field(default_factory=list)  # owners whose linked people get a message
    warnings: list[str] = field(default_factory=list)


def open_round(session: Session, workspace_id: str, committee_name: str, *, due_on: date, meeting: date | None,
               by: str | None, now: datetime, today: date, rule: PapersRule | None = None) -> OpenedRound:
    """Open a round for the committee's open actions. Refuses (changing nothing) a due date that has
    passed or falls on or after the meeting, and a second open round for the same committee."""
    if due_on < today:
        raise Problem(said("The due date ", Typed(due_on.isoformat()), " has passed; give a date from today on, e.g. ",
                           Form(f"due:{today.isoformat()}"), "."))
    if meeting is not None and due_on >= meeting:
        raise Problem(said("The updates are due ", Typed(due_on.isoformat()), ", on or after the meeting on ",
                           Typed(meeting.isoformat()), "; give a due date before the papers deadline."))
    # An unknown name is refused, not made into a new committee with nothing in it.
    committee = require_committee(session, workspace_id, committee_name)
    already = session.scalar(select(UpdateRound).where(UpdateRound.committee_id == committee.id, UpdateRound.state == "open"))
    if already is not None:
        raise Problem(said(f"{committee.name} already has a round open (due {already.due_on:%d/%m/%Y}). Close it first: ",
                           Form(f'/round close committee:"{committee.name}"'), "."))
    warnings = []
    found = None
    if meeting is not None:
        found = meeting_on(session, committee, meeting) or add_meeting(session, workspace_id, committee.name, meeting, rule=rule, by=by, now=now).meeting
        if due_on > found.papers_due_on:
            warnings.append(f"The updates are due after the papers deadline ({found.papers_due_on:%d/%m/%Y}).")
    round_ = UpdateRound(workspace_id=workspace_id, committee_id=committee.id, meeting_id=found.id if found else None, due_on=due_on,
                         state="open", opened_by=by, opened_at=now)
    session.add(round_)
    session.flush()
    actions = [a for r in committee_recommendations(session, committee) if r.signed_off_on is None for a in r.actions if a.status in OPEN_STATUSES]
    owner_ids = sorted({o.id for a in actions for o in a.owners})
    users = linked_users(session, workspace_id, owner_ids)
    people: set[str] = set()
    unlinked: list[str] = []
    messaged: list[str] = []
    for action in actions:
        for owner in action.owners:
            persons = [u for u in users.get(owner.id, []) if not u.startswith("subteam:")]
            # The item keeps the first person for the status by owner; every person linked to the
            # owner is written to (round_people), so a team's members each get their message.
            session.add(RoundItem(round_id=round_.id, action_id=action.id, owner_id=owner.id, workspace_id=workspace_id,
                                  slack_user_id=persons[0] if persons else None))
            people.update(persons)
            listed = messaged if persons else unlinked
            if owner.name not in listed:
                listed.append(owner.name)
    session.flush()
    if not actions:
        warnings.append(f"{committee.name} has no open actions, so nobody will be asked.")
    return OpenedRound(round_.id, committee.name, due_on, meeting, found.papers_due_on if found else None, len(actions),
                       len(people), sorted(unlinked), sorted(messaged), warnings)


def find_open_round(session: Session, workspace_id: str, committee_name: str | None, *, today: date | None = None) -> UpdateRound:
    """The round open for the committee (or the only one open). `today` picks the meeting the
    hint suggests a round for when none is open."""
    if committee_name:
        committee = require_committee(session, workspace_id, committee_name)
        found = session.scalar(select(UpdateRound).where(UpdateRound.committee_id == committee.id, UpdateRound.state == "open"))
        if found is None:
            raise Problem(said(f"{committee.name} has no round open. Open one with ",
                               Form(f'/round open committee:"{committee.name}" meeting:YYYY-MM-DD due:YYYY-MM-DD'), "."))
        return found
    open_ = list(session.scalars(select(UpdateRound).where(UpdateRound.workspace_id == workspace_id, UpdateRound.state == "open")))
    if len(open_) == 1:
        return open_[0]
    if not open_:
        raise Problem(said("No update round is open. Open one with ", Form(_open_example(session, workspace_id, today)), "."))
    names = [session.get(Committee, r.committee_id).name for r in open_]  # type: ignore[union-attr]
    raise Problem(said("Rounds are open for ", ", ".join(names), "; say which: ", Form(f'/round status committee:"{names[0]}"'), "."))


def _open_example(session: Session, workspace_id: str, today: date | None) -> str:
    """`/round open …` for the workspace's next meeting in the calendar, so the hint can be typed as
    shown; a generic form when the calendar is empty."""
    example = calendar_example(session, workspace_id, today)
    if example is None:
        return '/round open committee:"COMMITTEE NAME" meeting:YYYY-MM-DD due:YYYY-MM-DD'
    if example.meeting_on is None or example.papers_due_on is None:
        return f'/round open committee:"{example.committee}" meeting:YYYY-MM-DD due:YYYY-MM-DD'
    return f'/round open committee:"{example.committee}" meeting:{example.meeting_on.isoformat()} due:{example.papers_due_on.isoformat()}'


@dataclass
class OwnerProgress:
    owner: str
    slack_user_id: str | None
    actions: int
    updated: int  # of them, updated since the round opened

    @property
    def state(self) -> str:
        if self.updated >= self.actions:
            return "returned"
        return "partly returned" if self.updated else "outstanding"


@dataclass
class RoundStatus:
    round_id: int
    committee: str
    due_on: date
    meeting_on: date | None
    state: str
    owners: list[OwnerProgress]
    messages_sent: int

    @property
    def returned(self) -> list[OwnerProgress]:
        return [o for o in self.owners if o.state == "returned"]

    @property
    def outstanding(self) -> list[OwnerProgress]:
        return [o for o in self.owners if o.state != "returned"]


def round_status(session: Session, round_: UpdateRound) -> RoundStatus:
    """Returned and outstanding, by owner, as it stands now."""
    items = session.execute(
        select(RoundItem.owner_id, Owner.name, RoundItem.slack_user_id, RoundItem.action_id)
        .join(Owner, Owner.id == RoundItem.owner_id).where(RoundItem.round_id == round_.id)
    ).all()
    action_ids = sorted({i.action_id for i in items})
    updated = set(session.scalars(
        select(Update.action_id).where(Update.action_id.in_(action_ids), Update.created_at >= round_.opened_at, Update.source != "document")
    )) if action_ids else set()
    progress: dict[int, OwnerProgress] = {}
    for owner_id, name, user, action_id in items:
        entry = progress.setdefault(owner_id, OwnerProgress(name, user, 0, 0))
        entry.actions += 1
        entry.updated += action_id in updated
    sent = session.scalar(select(func.count()).select_from(RoundMessage).where(RoundMessage.round_id == round_.id, RoundMessage.state == "sent"))
    meeting = round_.meeting.meeting_on if round_.meeting else None
    ordered = sorted(progress.values(), key=lambda p: (p.state == "returned", p.owner))
    return RoundStatus(round_.id, round_.committee.name, round_.due_on, meeting, round_.state, ordered, int(sent or 0))


def open_rounds(session: Session, workspace_id: str) -> list[UpdateRound]:
    return list(session.scalars(select(UpdateRound).where(UpdateRound.workspace_id == workspace_id, UpdateRound.state == "open")
                                .order_by(UpdateRound.due_on, UpdateRound.id)))


def round_people(session: Session, round_id: int) -> dict[str, set[int]]:
    """Every Slack person the round writes to, with the actions it asks them about: each person
    linked to an owner in scope (a team's members each get one message), and the person the item
    was fixed to when the round opened, even if unlinked since."""
    items = session.execute(
        select(RoundItem.workspace_id, RoundItem.action_id, RoundItem.owner_id, RoundItem.slack_user_id).where(RoundItem.round_id == round_id)
    ).all()
    if not items:
        return {}
    users = linked_users(session, items[0].workspace_id, sorted({i.owner_id for i in items}))
    people: dict[str, set[int]] = {}
    for item in items:
        persons = {u for u in users.get(item.owner_id, []) if not u.startswith("subteam:")}
        if item.slack_user_id:
            persons.add(item.slack_user_id)
        for person in persons:
            people.setdefault(person, set()).add(item.action_id)
    return people


def replied_users(session: Session, round_: UpdateRound) -> set[str]:
    """People who have updated any action the round asked them about since it opened: an update
    by anyone on an action answers for everyone asked about it."""
    people = round_people(session, round_.id)
    action_ids = sorted({a for actions in people.values() for a in actions})
    if not action_ids:
        return set()
    updated = set(session.scalars(
        select(Update.action_id).where(Update.action_id.in_(action_ids), Update.created_at >= round_.opened_at, Update.source != "document")
    ))
    return {person for person, actions in people.items() if actions & updated}


def close_round(session: Session, workspace_id: str, committee_name: str | None, *, by: str | None, now: datetime,
                timezone: ZoneInfo) -> RoundStatus:
    """Close the round and keep each in-scope recommendation's latest update and assessment."""
    round_ = find_open_round(session, workspace_id, committee_name, today=now.astimezone(timezone).date())
    status = round_status(session, round_)
    round_.state, round_.closed_by, round_.closed_at = "closed", by, now
    today = now.astimezone(timezone).date()
    report = build_tracker_report(session, workspace_id, round_.committee.name, today, timezone=timezone)
    keep_snapshot(session, workspace_id, round_.committee.name, report, kind="round", round_id=round_.id, now=now)
    status.state = "closed"
    return status


@dataclass
class RoundAction:
    handle: str
    text: str
    due: date | None
    status: str


def actions_for(session: Session, round_id: int, user_id: str) -> list[RoundAction]:
    """The open actions a round asks one person about, soonest due first."""
    action_ids = sorted(round_people(session, round_id).get(user_id, set()))
    rows = session.scalars(select(Action).where(Action.id.in_(action_ids))).all() if action_ids else []
    listed = [RoundAction(a.handle, a.text, a.due_date, a.status.label) for a in rows if a.status in OPEN_STATUSES]
    return sorted(listed, key=lambda a: (a.due is None, a.due or date.max, a.handle))
