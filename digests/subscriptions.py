"""Subscribing channels to digests: what `/digest` stores and reads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.schedule import Schedule, next_run_after
from store.errors import Problem
from store.models import DigestDelivery, DigestSubscription
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
    subscription.next_run_at = next_run_after(schedule, now)
    subscription.paused, subscription.paused_reason = False, None
    if existing is None:
        session.add(subscription)
    session.flush()
    return subscription


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
            raise SubscriptionProblem(f"This channel has no digest #{typed_id.lstrip('#')}. `/digest list` shows its digests.")
        return chosen[0]
    if not found:
        raise SubscriptionProblem("This channel has no digest yet. `/digest subscribe` starts one.")
    if len(found) > 1:
        numbers = ", ".join(f"#{s.id}" for s in found)
        raise SubscriptionProblem(f"This channel has several digests ({numbers}); say which, e.g. `/digest preview {found[0].id}`.")
    return found[0]


def unsubscribe(session: Session, subscription: DigestSubscription) -> None:
    session.delete(subscription)


def resume(session: Session, subscription: DigestSubscription, now: datetime) -> None:
    from digests.delivery import schedule_of

    subscription.paused, subscription.paused_reason = False, None
    subscription.next_run_at = next_run_after(schedule_of(subscription), now)


def last_sent(session: Session, subscription_id: int) -> datetime | None:
    return session.scalar(
        select(DigestDelivery.sent_at)
        .where(DigestDelivery.subscription_id == subscription_id, DigestDelivery.state == "sent")
        .order_by(DigestDelivery.sent_at.desc())
        .limit(1)
    )
