"""Subscribing channels to digests: what `/digest` stores and reads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.schedule import Schedule, latest_run_at_or_before, next_run_after
from store.errors import Form, NotAllowed, Problem, said
from store.models import DigestDelivery, DigestSubscription
from store.permissions import Person
from store.workspaces import ensure_workspace


class SubscriptionProblem(Problem):
    """A /digest request about a subscription that cannot be found or chosen."""


def subscribe(
    session: Session, workspace_id: str, channel_id: str, *, query: str, schedule: Schedule, quiet_weeks: str,
    created_by: str | None, now: datetime,
) -> DigestSubscription:
    ensure_workspace(session, workspace_id)
    existing = session.scalar(
        select(DigestSubscription).where(
            DigestSubscription.workspace_id == workspace_id, DigestSubscription.channel_id == channel_id, DigestSubscription.query == query
        )
    )
    subscription = existing or DigestSubscription(workspace_id=workspace_id, channel_id=channel_id, query=query, created_by=created_by, created_at=now)
    subscription.weekday, subscription.time_of_day, subscription.timezone = schedule.weekday, schedule.time_of_day, schedule.timezone
    subscription.quiet_weeks = quiet_weeks
    following = next_run_after(schedule, now)
    # Subscribing again never skips a period already due: an unclaimed next run stays if sooner.
    subscription.next_run_at = min(existing.next_run_at, following) if existing is not None else following
    if existing is not None and existing.paused:
        _retry_failed_period(session, subscription, now)
    subscription.paused, subscription.paused_reason = False, None
    if existing is None:
        session.add(subscription)
    session.flush()
    return subscription


def find_subscription(session: Session, workspace_id: str, channel_id: str, query: str) -> DigestSubscription | None:
    return session.scalar(
        select(DigestSubscription).where(
            DigestSubscription.workspace_id == workspace_id, DigestSubscription.channel_id == channel_id, DigestSubscription.query == query
        )
    )


def check_can_manage(person: Person, subscription: DigestSubscription, doing: str) -> None:
    """Officers and whoever subscribed may change a digest; anyone may read or preview it."""
    if person.is_officer or (subscription.created_by is not None and subscription.created_by == person.user_id):
        return
    raise NotAllowed(
        said(
            f"Only the person who subscribed this channel to digest #{subscription.id} or a scrutiny officer can {doing} it. "
            "Ask one of them; ", Form("/digest preview"), " shows it to you.",
        )
    )


def channel_subscriptions(session: Session, workspace_id: str, channel_id: str | None = None) -> list[DigestSubscription]:
    conditions = [DigestSubscription.workspace_id == workspace_id]
    if channel_id:
        conditions.append(DigestSubscription.channel_id == channel_id)
    return list(session.scalars(select(DigestSubscription).where(*conditions).order_by(DigestSubscription.id)))


def pick(session: Session, workspace_id: str, channel_id: str, typed_id: str | None) -> DigestSubscription:
    """The subscription a command means: the channel's only one, or the one with that number."""
    found = channel_subscriptions(session, workspace_id, channel_id)
    if typed_id:
        chosen = [s for s in found if str(s.id) == typed_id.lstrip("#")]
        if not chosen:
            raise SubscriptionProblem(said(f"This channel has no digest #{typed_id.lstrip('#')}. ", Form("/digest list"), " shows its digests."))
        return chosen[0]
    if not found:
        raise SubscriptionProblem(said("This channel has no digest yet. ", Form("/digest subscribe"), " starts one."))
    if len(found) > 1:
        numbers = ", ".join(f"#{s.id}" for s in found)
        raise SubscriptionProblem(said(f"This channel has several digests ({numbers}); say which, e.g. ", Form(f"/digest preview {found[0].id}"), "."))
    return found[0]


def unsubscribe(session: Session, subscription: DigestSubscription) -> None:
    session.delete(subscription)


def resume(session: Session, subscription: DigestSubscription, now: datetime) -> None:
    """Unpause. The next run stays where it was (if it came while paused, the next pass sends it),
    and this period's digest that failed and caused the pause is tried again."""
    if subscription.paused:
        _retry_failed_period(session, subscription, now)
    subscription.paused, subscription.paused_reason = False, None


def _retry_failed_period(session: Session, subscription: DigestSubscription, now: datetime) -> None:
    from digests.delivery import schedule_of

    period = latest_run_at_or_before(schedule_of(subscription), now)
    failed = session.scalar(
        select(DigestDelivery).where(
            DigestDelivery.subscription_id == subscription.id, DigestDelivery.period_start == period,
            DigestDelivery.kind == "scheduled", DigestDelivery.state == "failed",
        )
    )
    if failed is not None:
        # Claimed with its lease over: the next pass takes it, checking the channel first.
        failed.state, failed.lease_until, failed.claimed_by = "claimed", now, None


def last_sent(session: Session, subscription_id: int) -> datetime | None:
    return session.scalar(
        select(DigestDelivery.sent_at)
        .where(DigestDelivery.subscription_id == subscription_id, DigestDelivery.state == "sent")
        .order_by(DigestDelivery.sent_at.desc())
        .limit(1)
    )
