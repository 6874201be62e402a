"""Owners linked to Slack people: proposed by name, set by an operator, claimed and confirmed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from store.db import rows_changed
from store.errors import Form, Problem, Typed, said
from store.models import Officer, Owner, OwnerLink
from store.owners import load_owner_directory, name_key, resolve_owner
from store.workspaces import ensure_workspace

# A Slack user id: U (or W, in Enterprise Grid) and upper-case letters and digits. A mention as
# Slack escapes it, <@U0123ABCD> or <@U0123ABCD|name>, carries one too.
_SLACK_USER_ID = re.compile(r"(?:<@)?([UW][A-Z0-9]{6,})(?:\|[^>]*)?>?")
USER_ID_FORM = "a Slack user id looks like U0123ABCD (in Slack: the person's profile → ⋮ → Copy member ID)"

# A Slack real name must be this close to an owner's name to be proposed as the same person.
SUGGEST_LINK_SCORE = 90


@dataclass(frozen=True)
class SlackPerson:
    user_id: str
    real_name: str
    display_name: str = ""


@dataclass(frozen=True)
class LinkSuggestion:
    user_id: str
    real_name: str
    owner_id: int
    owner_name: str
    score: float


@dataclass(frozen=True)
class PendingClaim:
    link_id: int
    owner_name: str
    user_id: str


class LinkProblem(Problem):
    """A link that cannot be made, claimed or confirmed."""


def slack_user_id(text: str) -> str:
    """The Slack user id `text` is (or mentions), or LinkProblem saying what one looks like."""
    match = _SLACK_USER_ID.fullmatch(text.strip())
    if match is None:
        raise LinkProblem(said(Typed(text), f" is not a Slack user id: {USER_ID_FORM}."))
    return match.group(1)


def replaced_by_link(session: Session, workspace_id: str, owner: Owner, user_id: str) -> list[str]:
    """The confirmed users linking `user_id` to `owner` would unlink (a person has one; a team many)."""
    if owner.is_team:
        return []
    current = linked_users(session, workspace_id, [owner.id]).get(owner.id, [])
    return [u for u in current if u != user_id and not u.startswith("subteam:")]


def link_user(
    session: Session, workspace_id: str, owner: Owner, user_id: str, *, by: str | None, now: datetime, confirmed: bool = True
) -> OwnerLink:
    """Link a Slack user to an owner. A person owner has one confirmed user: linking another
    replaces the old link (the name moved to someone else), a team can have many."""
    ensure_workspace(session, workspace_id)
    existing = session.scalar(
        select(OwnerLink).where(
            OwnerLink.workspace_id == workspace_id, OwnerLink.owner_id == owner.id, OwnerLink.slack_user_id == user_id
        )
    )
    if existing is None:
        existing = OwnerLink(workspace_id=workspace_id, owner_id=owner.id, slack_user_id=user_id, requested_by=by, created_at=now)
        session.add(existing)
    if confirmed:
        existing.confirmed = True
        existing.confirmed_by = by
        existing.confirmed_at = now
        if not owner.is_team:
            session.execute(
                delete(OwnerLink).where(
                    OwnerLink.workspace_id == workspace_id,
                    OwnerLink.owner_id == owner.id,
                    OwnerLink.slack_user_id.is_not(None),
                    OwnerLink.slack_user_id != user_id,
                    OwnerLink.confirmed.is_(True),
                )
            )
    else:
        existing.confirmed = bool(existing.confirmed)
    session.flush()
    return existing


def link_usergroup(session: Session, workspace_id: str, owner: Owner, usergroup_id: str, *, by: str | None, now: datetime) -> OwnerLink:
    """A team owner answered for by everyone in a Slack user group."""
    existing = session.scalar(
        select(OwnerLink).where(
            OwnerLink.workspace_id == workspace_id, OwnerLink.owner_id == owner.id, OwnerLink.slack_usergroup_id == usergroup_id
        )
    )
    if existing is None:
        existing = OwnerLink(
            workspace_id=workspace_id, owner_id=owner.id, slack_usergroup_id=usergroup_id, requested_by=by,
            confirmed=True, confirmed_by=by, confirmed_at=now, created_at=now,
        )
        session.add(existing)
        session.flush()
    return existing


def claim_owner(session: Session, workspace_id: str, typed_name: str, user_id: str, *, now: datetime) -> OwnerLink:
    """Someone says "this owner is me": a pending link an officer confirms."""
    owner = resolve_owner(session, workspace_id, typed_name)
    if name_key(typed_name) != owner.name_key and name_key(typed_name) not in {name_key(a.alias) for a in owner.aliases}:
        raise LinkProblem(said(f"Did you mean {owner.name}? Claim it by its full name: ", Form(f'/link me "{owner.name}"'), "."))
    already = session.scalar(
        select(OwnerLink).where(
            OwnerLink.workspace_id == workspace_id, OwnerLink.owner_id == owner.id,
            OwnerLink.confirmed.is_(True), OwnerLink.slack_user_id.is_not(None),
        )
    )
    if already is not None and not owner.is_team and already.slack_user_id != user_id:
        raise LinkProblem(f"{owner.name} is already linked to someone else in Slack. Ask a scrutiny officer if that is wrong.")
    if already is not None and already.slack_user_id == user_id:
        raise LinkProblem(f"You are already linked to {owner.name}.")
    return link_user(session, workspace_id, owner, user_id, by=user_id, now=now, confirmed=False)


def confirm_claim(session: Session, workspace_id: str, link_id: int, *, by: str, now: datetime) -> OwnerLink:
    link = session.get(OwnerLink, link_id)
    if link is None or link.workspace_id != workspace_id:
        raise LinkProblem("That claim no longer exists.")
    if link.confirmed:
        return link
    assert link.slack_user_id is not None
    return link_user(session, workspace_id, link.owner, link.slack_user_id, by=by, now=now, confirmed=True)


def reject_claim(session: Session, workspace_id: str, link_id: int) -> OwnerLink | None:
    link = session.get(OwnerLink, link_id)
    if link is None or link.workspace_id != workspace_id or link.confirmed:
        return None
    session.delete(link)
    session.flush()
    return link


def unlink(session: Session, workspace_id: str, owner: Owner, user_id: str) -> int:
    return rows_changed(session, delete(OwnerLink).where(
        OwnerLink.workspace_id == workspace_id, OwnerLink.owner_id == owner.id, OwnerLink.slack_user_id == user_id
    ))


def owner_ids_for(session: Session, workspace_id: str, user_id: str, usergroup_ids: frozenset[str] = frozenset()) -> set[int]:
    """The owners a Slack user answers for: linked directly, or through a linked user group."""
    conditions = [OwnerLink.slack_user_id == user_id]
    if usergroup_ids:
        conditions.append(OwnerLink.slack_usergroup_id.in_(sorted(usergroup_ids)))
    return set(
        session.scalars(
            select(OwnerLink.owner_id).where(
                OwnerLink.workspace_id == workspace_id, OwnerLink.confirmed.is_(True), or_(*conditions)
            )
        )
    )


def linked_users(session: Session, workspace_id: str, owner_ids: list[int]) -> dict[int, list[str]]:
    """Confirmed Slack user ids (and `subteam:` group ids) per owner, for @-mentions."""
    out: dict[int, list[str]] = {}
    for owner_id, user_id, group_id in session.execute(
        select(OwnerLink.owner_id, OwnerLink.slack_user_id, OwnerLink.slack_usergroup_id).where(
            OwnerLink.workspace_id == workspace_id, OwnerLink.owner_id.in_(owner_ids), OwnerLink.confirmed.is_(True)
        ).order_by(OwnerLink.id)
    ):
        out.setdefault(owner_id, []).append(user_id or f"subteam:{group_id}")
    return out


def pending_claims(session: Session, workspace_id: str) -> list[PendingClaim]:
    rows = session.execute(
        select(OwnerLink.id, Owner.name, OwnerLink.slack_user_id)
        .join(Owner, Owner.id == OwnerLink.owner_id)
        .where(OwnerLink.workspace_id == workspace_id, OwnerLink.confirmed.is_(False))
        .order_by(OwnerLink.created_at)
    ).all()
    # Unconfirmed links are claims, which always name the person claiming.
    return [PendingClaim(link_id, name, user_id) for link_id, name, user_id in rows if user_id is not None]


def suggest_links(session: Session, workspace_id: str, people: list[SlackPerson]) -> list[LinkSuggestion]:
    """Slack people whose real name matches an owner who is not linked yet, best match first.

    Only one owner per person and one person per owner is proposed, and only close matches: a
    wrong link would let the wrong person update actions.
    """
    directory = load_owner_directory(session, workspace_id)
    linked = set(
        session.scalars(
            select(OwnerLink.owner_id).where(OwnerLink.workspace_id == workspace_id, OwnerLink.confirmed.is_(True))
        )
    )
    candidates: list[LinkSuggestion] = []
    for person in people:
        for spelling in {person.real_name, person.display_name} - {""}:
            key = name_key(spelling)
            for owner_id, name in directory.names.items():
                if owner_id in linked or owner_id not in directory.people:
                    continue
                score = fuzz.token_sort_ratio(key, name_key(name))
                if score >= SUGGEST_LINK_SCORE:
                    candidates.append(LinkSuggestion(person.user_id, person.real_name, owner_id, name, score))
    chosen: list[LinkSuggestion] = []
    taken_users: set[str] = set()
    taken_owners: set[int] = set()
    for suggestion in sorted(candidates, key=lambda s: (-s.score, s.owner_name)):
        if suggestion.user_id in taken_users or suggestion.owner_id in taken_owners:
            continue
        chosen.append(suggestion)
        taken_users.add(suggestion.user_id)
        taken_owners.add(suggestion.owner_id)
    return chosen


def is_officer(session: Session, workspace_id: str, user_id: str) -> bool:
    return session.get(Officer, (workspace_id, user_id)) is not None


def add_officer(session: Session, workspace_id: str, user_id: str, *, by: str | None, now: datetime) -> bool:
    ensure_workspace(session, workspace_id)
    if is_officer(session, workspace_id, user_id):
        return False
    session.add(Officer(workspace_id=workspace_id, slack_user_id=user_id, added_by=by, created_at=now))
    session.flush()
    return True


def remove_officer(session: Session, workspace_id: str, user_id: str) -> bool:
    officer = session.get(Officer, (workspace_id, user_id))
    if officer is None:
        return False
    session.delete(officer)
    return True


def officer_ids(session: Session, workspace_id: str) -> list[str]:
    return list(session.scalars(select(Officer.slack_user_id).where(Officer.workspace_id == workspace_id).order_by(Officer.created_at)))
