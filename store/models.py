"""The store's tables. Every row belongs to exactly one Slack workspace (its team id)."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from store.status import Assessment, Response, Status


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that refuses naive datetimes and always comes back aware, in UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        # SQLite hands back naive values; they were stored as UTC.
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


E = TypeVar("E", bound=enum.Enum)


class EnumText(TypeDecorator[E]):
    """An enum stored as its plain value, so adding a member never needs a schema change."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_type: type[E]) -> None:
        super().__init__()
        self.enum_type = enum_type

    def process_bind_param(self, value: E | str | None, dialect: object) -> str | None:
        if value is None:
            return None
        return self.enum_type(value).value

    def process_result_value(self, value: str | None, dialect: object) -> E | None:
        return None if value is None else self.enum_type(value)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_generation() -> str:
    """A token that never repeats, unlike a counter that restarts with a re-created workspace."""
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, date: Date}


def workspace_fk() -> Mapped[str]:
    return mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), index=True
    )


class Workspace(Base):
    """A Slack workspace (team) and its own preferences; the root every other row hangs from."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    two_stage_close: Mapped[bool | None] = mapped_column(Boolean)
    # Bumped whenever owners or aliases change, so each process knows when its cached
    # owner directory is stale without reloading thousands of names per request.
    owners_version: Mapped[int] = mapped_column(Integer, default=0)
    # Replaced by a fresh random token with every bump: what caches key on (see migration 0008).
    owners_generation: Mapped[str | None] = mapped_column(String(32), default=new_generation)
    # The same for plans (their codes, titles, councils and committees), kept by triggers on
    # `plans`: what a cached vocabulary is checked against (store/plans_stamp.py, migration 0014).
    plans_version: Mapped[int] = mapped_column(Integer, default=0)
    plans_generation: Mapped[str | None] = mapped_column(String(32), default=new_generation)
    # What happens to this workspace's plans and history when the app is uninstalled.
    delete_on_uninstall: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # How long the executive has to respond to a report: a number of days or of months (at most
    # one set). Neither set means the statutory two months (store/response_clock.py).
    response_days: Mapped[int | None] = mapped_column(Integer)
    response_months: Mapped[int | None] = mapped_column(Integer)


class Plan(Base):
    """One action plan as published: a document from a committee or panel."""

    __tablename__ = "plans"
    __table_args__ = (
        UniqueConstraint("workspace_id", "code", name="uq_plans_workspace_code"),
        # Not unique: two plans may come from files of the same name (`import --as-new-plan`).
        Index("ix_plans_workspace_source", "workspace_id", "source_file"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    code: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(400))
    committee: Mapped[str | None] = mapped_column(String(300))
    council: Mapped[str | None] = mapped_column(String(200))
    document_date: Mapped[date | None]
    source_file: Mapped[str] = mapped_column(String(300))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Recommendation.position"
    )


class Recommendation(Base):
    """A scrutiny recommendation, with the executive's response to it."""

    __tablename__ = "recommendations"
    __table_args__ = (Index("ix_recommendations_workspace_ref", "workspace_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[Response | None] = mapped_column(EnumText(Response))
    response_reason: Mapped[str | None] = mapped_column(Text)
    source_line: Mapped[int | None]
    # The scrutiny report it was made in (its committee, dates and the response deadline).
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("scrutiny_reports.id", ondelete="SET NULL"), index=True
    )
    # The cabinet or executive member who answers for it, as printed or as recorded.
    executive_member: Mapped[str | None] = mapped_column(String(200))
    # When the executive responded (a date the officer gives; never before the report's date).
    responded_on: Mapped[date | None]
    # The committee's assessment, recorded by an officer; a slipped one carries its new date.
    assessment: Mapped[Assessment | None] = mapped_column(EnumText(Assessment))
    assessment_date: Mapped[date | None]
    assessment_reason: Mapped[str | None] = mapped_column(Text)
    assessed_at: Mapped[datetime | None]
    # Signed off by the committee at a meeting (date and minute); cleared again by a re-open.
    signed_off_on: Mapped[date | None]
    signoff_minute: Mapped[str | None] = mapped_column(String(60))
    signed_off_at: Mapped[datetime | None]

    plan: Mapped[Plan] = relationship(back_populates="recommendations")
    report: Mapped[ScrutinyReport | None] = relationship()
    actions: Mapped[list[Action]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan", order_by="Action.position"
    )


class Committee(Base):
    """A scrutiny committee or panel of the workspace, with its own response period when its
    protocol differs from the workspace's (an NHS body's 28 days, a council's 8 weeks)."""

    __tablename__ = "committees"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key", name="uq_committees_workspace_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    name: Mapped[str] = mapped_column(String(300))
    # The name folded for matching ("Health Scrutiny Committee" and "health scrutiny committee").
    name_key: Mapped[str] = mapped_column(String(300))
    # Days or months (at most one set); neither set means the workspace's period.
    response_days: Mapped[int | None] = mapped_column(Integer)
    response_months: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScrutinyReport(Base):
    """A committee's report to the executive: the recommendations it makes, when it was agreed,
    when the executive received it, and so when a response is due."""

    __tablename__ = "scrutiny_reports"
    __table_args__ = (Index("ix_scrutiny_reports_workspace_due", "workspace_id", "response_due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    # The plan its recommendations were imported into (one report per plan when imported).
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(400))
    agreed_on: Mapped[date | None]
    received_on: Mapped[date | None]
    # Worked out from received_on and the committee's (else the workspace's) period when either
    # changes, and stored so "overdue for a response" is one indexed comparison.
    response_due_on: Mapped[date | None]
    executive_member: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    committee: Mapped[Committee | None] = relationship()
    plan: Mapped[Plan | None] = relationship()


class RecommendationEvent(Base):
    """One step in a recommendation's life: a response, an assessment, a sign-off, a re-open.
    Never edited or deleted, so the history keeps a sign-off and the re-open after it."""

    __tablename__ = "recommendation_events"
    __table_args__ = (
        UniqueConstraint("workspace_id", "idempotency_key", name="uq_recommendation_events_idempotency"),
        Index("ix_recommendation_events_rec_created", "recommendation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # response, assessment, signoff, reopen
    author_name: Mapped[str] = mapped_column(String(200))
    author_slack_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    response: Mapped[Response | None] = mapped_column(EnumText(Response))
    responded_on: Mapped[date | None]
    assessment: Mapped[Assessment | None] = mapped_column(EnumText(Assessment))
    # A slipped assessment's new date, or the meeting date of a sign-off.
    on_date: Mapped[date | None]
    minute: Mapped[str | None] = mapped_column(String(60))
    # The response's reasons, the assessment's reason, why it was re-opened, or a sign-off's
    # "signed off with actions still open" note.
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="slack")
    idempotency_key: Mapped[str | None] = mapped_column(String(120))


class Action(Base):
    """One proposed action: what will be done, by whom, by when, and where it stands."""

    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("workspace_id", "handle_key", name="uq_actions_workspace_handle"),
        UniqueConstraint("plan_id", "source_key", name="uq_actions_plan_source_key"),
        # Lists by due date are ordered (due date, id): with the id in the index PostgreSQL reads
        # a page's rows in that order and stops, where it read every action sharing the first due
        # dates to sort them (614 rows for /overdue's 8 at 1M actions). SQLite's indexes end in
        # the rowid, which is the id, so there it changes nothing.
        Index("ix_actions_workspace_due", "workspace_id", "due_date", "id"),
        # Covers "open and past due" counts without touching the table.
        Index("ix_actions_workspace_status_due", "workspace_id", "status", "due_date"),
        Index("ix_actions_workspace_activity", "workspace_id", "last_activity_at"),
        Index("ix_actions_workspace_status_activity", "workspace_id", "status", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    handle: Mapped[str] = mapped_column(String(40))
    # The handle folded to lower case: people type "br-7.4.3" as often as "BR-7.4.3".
    handle_key: Mapped[str] = mapped_column(String(40))
    # Identity within its plan across re-imports: the printed ref and the action's place under it.
    source_key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")
    budget_text: Mapped[str | None] = mapped_column(Text)
    timescale_raw: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None]
    original_due_date: Mapped[date | None]
    slip_count: Mapped[int] = mapped_column(Integer, default=0)
    ongoing: Mapped[bool] = mapped_column(Boolean, default=False)
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[Status] = mapped_column(EnumText(Status), default=Status.NOT_STARTED)
    status_reason: Mapped[str | None] = mapped_column(Text)
    review_date: Mapped[date | None]
    source_line: Mapped[int | None]
    # Recommendation and action text together: what full-text search indexes.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The latest of creation and the newest update: "not updated for N days" reads this column.
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")
    plan: Mapped[Plan] = relationship()
    owner_links: Mapped[list[ActionOwner]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionOwner.position"
    )

    @property
    def owners(self) -> list[Owner]:
        return [link.owner for link in self.owner_links]


class Owner(Base):
    """A person or a team named as responsible for actions."""

    __tablename__ = "owners"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key", name="uq_owners_workspace_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    is_team: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list[OwnerAlias]] = relationship(
        back_populates="owner", cascade="all, delete-orphan"
    )


class OwnerAlias(Base):
    """Another spelling of an owner's name seen in a document ("Diane Browm")."""

    __tablename__ = "owner_aliases"
    __table_args__ = (
        UniqueConstraint("workspace_id", "alias_key", name="uq_owner_aliases_workspace_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200))

    owner: Mapped[Owner] = relationship(back_populates="aliases")


class ActionOwner(Base):
    """Links an action to one of its owners, in the order the document lists them."""

    __tablename__ = "action_owners"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True
    )
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[str] = workspace_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)

    action: Mapped[Action] = relationship(back_populates="owner_links")
    owner: Mapped[Owner] = relationship()

    __table_args__ = (
        # An owner's list reads the owner's (workspace, action) pairs: with both in the index it
        # reads no table row for them. On PostgreSQL each link sat on a page of its own (25 pages
        # for an owner's 25 actions), and a random owner's page statement went from 0.49 to
        # 0.40 ms at 100k actions with this index (0.21 to 0.18 ms on SQLite).
        Index("ix_action_owners_owner_id", "owner_id", "workspace_id", "action_id"),
    )


class Update(Base):
    """One progress update: who said what, when, and what it changed. Never edited or deleted."""

    __tablename__ = "updates"
    __table_args__ = (
        UniqueConstraint("workspace_id", "idempotency_key", name="uq_updates_workspace_idempotency"),
        Index("ix_updates_action_created", "action_id", "created_at"),
        # A digest reads one week of a workspace's updates (migration 0011).
        Index("ix_updates_workspace_created", "workspace_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    # Null when a document reports progress on the whole recommendation rather than one action.
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    author_name: Mapped[str] = mapped_column(String(200))
    author_slack_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    status_from: Mapped[Status | None] = mapped_column(EnumText(Status))
    status_to: Mapped[Status | None] = mapped_column(EnumText(Status))
    due_from: Mapped[date | None]
    due_to: Mapped[date | None]
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    source_line: Mapped[int | None]
    idempotency_key: Mapped[str | None] = mapped_column(String(120))


class PlanImport(Base):
    """One import of a document into a plan, with what the plan was before it, so the last
    import can be undone."""

    __tablename__ = "plan_imports"
    __table_args__ = (Index("ix_plan_imports_workspace_at", "workspace_id", "imported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    source_file: Mapped[str] = mapped_column(String(300))
    created_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime]
    imported_by: Mapped[str | None] = mapped_column(String(64))
    # JSON: the plan, its recommendations, actions and owner links before this import, and the
    # rows it added; null when the import created the plan (undoing it removes the plan).
    snapshot: Mapped[str | None] = mapped_column(Text)
    undone_at: Mapped[datetime | None]


class SlackEvent(Base):
    """An Events API delivery already taken, so Slack's retries never produce a second reply."""

    __tablename__ = "slack_events"

    workspace_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(index=True)


class OwnerLink(Base):
    """Who in Slack an owner is: a person's user id, or for a team a user group or its members.

    A link someone claims for themselves stays pending until an officer confirms it.
    """

    __tablename__ = "owner_links"
    __table_args__ = (
        UniqueConstraint("workspace_id", "owner_id", "slack_user_id", name="uq_owner_links_user"),
        UniqueConstraint("workspace_id", "owner_id", "slack_usergroup_id", name="uq_owner_links_usergroup"),
        Index("ix_owner_links_user", "workspace_id", "slack_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id", ondelete="CASCADE"), index=True)
    slack_user_id: Mapped[str | None] = mapped_column(String(32))
    slack_usergroup_id: Mapped[str | None] = mapped_column(String(32))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    requested_by: Mapped[str | None] = mapped_column(String(32))
    confirmed_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]

    owner: Mapped[Owner] = relationship()


class Officer(Base):
    """A scrutiny officer of a workspace: may update any action and manage links."""

    __tablename__ = "officers"

    workspace_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    added_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DigestSubscription(Base):
    """A channel's weekly digest: what it covers, when it is due, and whether it is paused."""

    __tablename__ = "digest_subscriptions"
    __table_args__ = (Index("ix_digest_subscriptions_due", "paused", "next_run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    channel_id: Mapped[str] = mapped_column(String(32))
    # The same language as /actions, e.g. `plan:BR owner:linda`; empty for the whole workspace.
    query: Mapped[str] = mapped_column(Text, default="")
    weekday: Mapped[str] = mapped_column(String(3), default="mon")
    time_of_day: Mapped[str] = mapped_column(String(5), default="09:00")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    quiet_weeks: Mapped[str] = mapped_column(String(8), default="line")  # "line" or "skip"
    created_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_run_at: Mapped[datetime]
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str | None] = mapped_column(Text)


class DigestDelivery(Base):
    """One digest for one period of one subscription, claimed before it is sent: the unique
    (subscription, period) pair is what makes delivery exactly once."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "period_start", name="uq_digest_deliveries_period"),
        Index("ix_digest_deliveries_state", "state", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    subscription_id: Mapped[int] = mapped_column(ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), index=True)
    # The scheduled time this digest is for; a manual "send now" uses the moment it was asked.
    period_start: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(12), default="scheduled")
    state: Mapped[str] = mapped_column(String(12), default="claimed")  # claimed, sent, skipped, failed
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)


class ReminderSend(Base):
    """A reminder owed to one person about one action's deadline, claimed once and sent once."""

    __tablename__ = "reminder_sends"
    __table_args__ = (
        UniqueConstraint("workspace_id", "action_id", "slack_user_id", "kind", "due_date", name="uq_reminder_sends_once"),
        Index("ix_reminder_sends_state", "state", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    slack_user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # "week_before" or "first_overdue"
    due_date: Mapped[date]
    state: Mapped[str] = mapped_column(String(12), default="claimed")
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class UserPreference(Base):
    """What one person in a workspace has asked the bot to do or not do."""

    __tablename__ = "user_preferences"

    workspace_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reminders_off: Mapped[bool] = mapped_column(Boolean, default=False)
    # Reminders are gathered into one message a day; this is the day the last one went.
    last_reminded_on: Mapped[date | None]


class OutboxMessage(Base):
    """A message Slack would not take just now (5xx, timeout), kept until the clock delivers it:
    an officer's sign-off request is retried later, never dropped."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    channel: Mapped[str] = mapped_column(String(32))  # a user id (a DM) or a channel id
    text: Mapped[str] = mapped_column(Text)
    blocks_json: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)



# "No due date" in action_counts: a key column cannot be null (both databases treat nulls as distinct
# in a unique key, so the upsert would never meet the row it should add to).
UNDATED = date(9999, 12, 31)


class ActionCount(Base):
    """How many actions of a workspace have each (status, due date): kept by database triggers on
    `actions` (store/action_counts.py), in the same transaction as every write, so whole-workspace
    counts read a few hundred rows, not every action."""

    __tablename__ = "action_counts"
    # SQLite: the key with the count in one index, so a count reads the index alone (one b-tree)
    # instead of also looking up each of a few thousand rows in the table. /overdue's count at
    # 100k actions: 1.0 ms → 0.4 ms. PostgreSQL's bitmap scan reads the few table pages once and
    # its fold rewrites `n` every tick, which an index holding `n` would have to follow.
    __table_args__ = (Index("ix_action_counts_with_n", "workspace_id", "status", "due_key", "n").ddl_if(dialect="sqlite"),)

    workspace_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    due_key: Mapped[date] = mapped_column(primary_key=True)  # UNDATED when the action has none
    n: Mapped[int] = mapped_column(Integer, default=0)


class ActionCountDelta(Base):
    """Changes to `action_counts` not yet folded into it (PostgreSQL only; store/action_counts.py).
    Writers only ever insert here, so two transactions never wait on one another for a count."""

    __tablename__ = "action_count_deltas"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(String(32), ForeignKey("workspaces.team_id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(32))
    due_key: Mapped[date] = mapped_column()
    n: Mapped[int] = mapped_column(Integer)


# The committee calendar, update rounds and report snapshots (issue 15; migration 0010).


class CommitteeMeeting(Base):
    """A meeting of a committee, with the day its papers must be published by."""

    __tablename__ = "committee_meetings"
    __table_args__ = (UniqueConstraint("committee_id", "meeting_on", name="uq_committee_meetings_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    meeting_on: Mapped[date]
    # Worked back from the meeting when it is added (store/papers_deadline.py), so a list of the
    # year's dates reads without recounting bank holidays.
    papers_due_on: Mapped[date]
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    committee: Mapped[Committee] = relationship()


class UpdateRound(Base):
    """Chasing every owner of a committee's open actions for an update before a meeting."""

    __tablename__ = "update_rounds"
    __table_args__ = (Index("ix_update_rounds_state", "state", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("committee_meetings.id", ondelete="SET NULL"))
    due_on: Mapped[date]
    state: Mapped[str] = mapped_column(String(12), default="open")  # open, closed
    opened_by: Mapped[str | None] = mapped_column(String(64))
    opened_at: Mapped[datetime]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]

    committee: Mapped[Committee] = relationship()
    meeting: Mapped[CommitteeMeeting | None] = relationship()


class RoundItem(Base):
    """An action in a round's scope and one of its owners, fixed when the round opens."""

    __tablename__ = "round_items"

    round_id: Mapped[int] = mapped_column(ForeignKey("update_rounds.id", ondelete="CASCADE"), primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owners.id", ondelete="CASCADE"), primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    # The linked Slack person the round writes to about it; null when the owner is not linked.
    slack_user_id: Mapped[str | None] = mapped_column(String(32))


class RoundMessage(Base):
    """One message of a round to one person: the opening message or a reminder, claimed once and
    sent once. (round, person, kind) is unique, and so is (round, person, day): a round never
    writes to anyone twice on the same day."""

    __tablename__ = "round_messages"
    __table_args__ = (
        UniqueConstraint("round_id", "slack_user_id", "kind", name="uq_round_messages_kind"),
        UniqueConstraint("round_id", "slack_user_id", "on_day", name="uq_round_messages_day"),
        Index("ix_round_messages_state", "state", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    round_id: Mapped[int] = mapped_column(ForeignKey("update_rounds.id", ondelete="CASCADE"), index=True)
    slack_user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # opening, week_before, two_days_before
    on_day: Mapped[date]  # the local day it is (or was) sent
    state: Mapped[str] = mapped_column(String(12), default="claimed")  # claimed, sent, failed
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)


class ReportSnapshot(Base):
    """A committee's tracker as it stood: kept by each report and by each round when it closes, so
    the next report can say what changed since."""

    __tablename__ = "report_snapshots"
    __table_args__ = (
        UniqueConstraint("committee_id", "as_of", "kind", name="uq_report_snapshots_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[str] = workspace_fk()
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    as_of: Mapped[date]
    kind: Mapped[str] = mapped_column(String(12), default="report")  # report, round
    round_id: Mapped[int | None] = mapped_column(ForeignKey("update_rounds.id", ondelete="SET NULL"))
    rows_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
