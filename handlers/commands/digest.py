"""`/digest`: weekly digests for the channel it is typed in.

    /digest subscribe [plan:…] [owner:…] [team:…] [every monday 09:00] [tz:Europe/London] [quiet:skip]
    /digest list | unsubscribe [#] | preview [#] | send-now [#] (officers) | resume [#]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from digests.content import build_digest
from digests.delivery import claim_manual, deliver, schedule_of
from digests.ratelimit import PostPacer
from handlers.blocks.digest import render_digest
from digests.schedule import Schedule, ScheduleError, parse_schedule
from digests.subscriptions import (
    SubscriptionProblem,
    channel_subscriptions,
    check_can_manage,
    find_subscription,
    last_sent,
    pick,
    resume,
    subscribe,
    unsubscribe,
)
from handlers.blocks.feedback import build_error
from handlers.blocks.problems import build_problem, problem_text
from handlers.blocks.message import Message, context, header, section
from handlers.blocks.text import escape, fmt_date, literal
from handlers.context import Services
from handlers.people import known
from handlers.replies import MAX_QUERY, vocabulary_of
from handlers.respond import answer_command
from handlers.slack_poster import SlackPoster
from store.db import transaction
from store.errors import AmbiguousOwner, StoreError, UnknownOwner, UnknownPlan
from store.permissions import Person, check_is_officer
from store.query_language import QuerySyntaxError, build_filter, parse_action_query, quote_known_names

USAGE = [
    "`/digest subscribe plan:BR every monday 09:00`",
    "`/digest list`", "`/digest preview`", "`/digest unsubscribe`",
]
_TOKENS = re.compile(r'\S+:"[^"]*"|\S+:\'[^\']*\'|"[^"]*"|\S+')


def handle_digest_command(
    ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], client: WebClient,
    services: Services, workspace: str, person: Person,
) -> None:
    text = str(command.get("text") or "").strip()
    answer_command(
        ack, respond, services,
        lambda: digest_reply(services, client, workspace, str(command["channel_id"]), person, text),
        ephemeral=not text.lower().startswith(("subscribe", "unsubscribe")),
    )


def digest_reply(services: Services, client: WebClient, workspace: str, channel: str, person: Person, text: str) -> Message:
    verb, _, rest = text.partition(" ")
    verb = verb.lower()
    try:
        if verb == "subscribe":
            return _subscribe(services, workspace, channel, person, rest)
        if verb in ("list", "ls"):
            if rest.strip() == "all":
                check_is_officer(person, "list every channel's digests")
                return _list(services, workspace, None)
            return _list(services, workspace, channel)
        if verb in ("unsubscribe", "stop", "remove"):
            return _unsubscribe(services, workspace, channel, person, rest.strip() or None)
        if verb == "preview":
            return _preview(services, workspace, channel, rest.strip() or None)
        if verb in ("send-now", "send", "now"):
            return _send_now(services, client, workspace, channel, person, rest.strip() or None)
        if verb == "resume":
            return _resume(services, workspace, channel, person, rest.strip() or None)
    except (SubscriptionProblem, StoreError) as problem:
        return build_error(problem_text(problem), USAGE)
    return _help()


def _subscribe(services: Services, workspace: str, channel: str, person: Person, rest: str) -> Message:
    user = person.user_id
    if len(rest) > MAX_QUERY:
        # The same cap as /actions: a digest's filter runs every week, in every pass.
        return build_error(f"That filter is {len(rest):,} characters long; keep it under {MAX_QUERY}.", USAGE)
    tokens = _TOKENS.findall(rest)
    quiet = "line"
    kept = []
    for token in tokens:
        if token.lower().startswith("quiet:"):
            quiet = "skip" if token.split(":", 1)[1].lower() in ("skip", "none", "nothing", "off") else "line"
        else:
            # A team is an owner in the plans, so `team:` filters like `owner:`.
            kept.append("owner:" + token[5:] if token.lower().startswith("team:") else token)
    try:
        schedule, filters = parse_schedule(kept, Schedule(timezone=services.timezone.key))
    except ScheduleError as problem:
        return build_error(problem_text(problem), USAGE)
    # Stored as it was read: `owner:Linda Mann` keeps meaning Linda Mann when the clock reads it.
    query = quote_known_names(" ".join(filters), vocabulary_of(services, workspace))
    today, now = services.today(), services.now()
    try:
        parsed = parse_action_query(query, today=today)
        with services.session_factory() as session:
            resolved = build_filter(session, workspace, parsed, today=today, now=now, cache=services.owner_cache)
    except QuerySyntaxError as problem:
        return build_problem(problem)
    except (UnknownOwner, AmbiguousOwner, UnknownPlan) as problem:
        return build_error(f"{escape(str(problem))} Check the name with {literal('/actions ' + query)} first.", USAGE)
    with services.session_factory() as session:
        existing = find_subscription(session, workspace, channel, query)
    if existing is not None:
        check_can_manage(person, existing, "change")
    with transaction(services.session_factory) as session:
        subscription = subscribe(session, workspace, channel, query=query, schedule=schedule, quiet_weeks=quiet, created_by=user, now=now)
        number, first = subscription.id, subscription.next_run_at
    scope = ", ".join([*resolved.status_words, *resolved.description]) or "all actions"
    quiet_words = "sends nothing" if quiet == "skip" else "says so in one line"
    lines = [
        f":newspaper: <@{user}> subscribed this channel to a weekly digest (#{number}) of *{escape(scope)}*, "
        f"{schedule.describe()}. The first arrives {fmt_date(first.astimezone(services.timezone).date())}.",
        f"A quiet week {quiet_words}. `/digest preview` shows it now; `/digest unsubscribe` stops it.",
    ]
    return Message(text=escape(f"Subscribed this channel to a weekly digest of {scope}."), blocks=[section("\n".join(lines))])


def _list(services: Services, workspace: str, channel: str | None) -> Message:
    with services.session_factory() as session:
        found = channel_subscriptions(session, workspace, channel)
        lines = []
        for s in found:
            sent = last_sent(session, s.id)
            state = f":double_vertical_bar: paused: `{escape(s.paused_reason or '')}`" if s.paused else f"next {fmt_date(s.next_run_at.astimezone(services.timezone).date())}"
            lines.append(
                f"*#{s.id}* <#{s.channel_id}> · {literal(s.query) if s.query else 'all actions'} · {schedule_of(s).describe()} · {state}"
                + (f" · last sent {fmt_date(sent.date())}" if sent else "")
            )
    where = "this channel" if channel else "this workspace"
    if not lines:
        return build_error(f"No digests in {where} yet.", ["`/digest subscribe`"])
    return Message(text=f"{len(lines)} digests in {where}", blocks=[header(f"Digests in {where}"), section("\n".join(lines))])


def _unsubscribe(services: Services, workspace: str, channel: str, person: Person, typed: str | None) -> Message:
    person = known(person)
    with transaction(services.session_factory) as session:
        subscription = pick(session, workspace, channel, typed)
        check_can_manage(person, subscription, "stop")
        number = subscription.id
        unsubscribe(session, subscription)
    return Message(text="Digest stopped.", blocks=[section(f"This channel's weekly digest #{number} is stopped. `/digest subscribe` starts a new one.")])


def _preview(services: Services, workspace: str, channel: str, typed: str | None) -> Message:
    with services.session_factory() as session:
        subscription = pick(session, workspace, channel, typed)
        digest = build_digest(session, subscription, as_of=services.now(), previous=last_sent(session, subscription.id))
    message = render_digest(digest, preview=True)
    message.blocks.insert(0, context("Preview: only you can see this, and it does not count as this week's digest."))
    return message


def _send_now(services: Services, client: WebClient, workspace: str, channel: str, person: Person, typed: str | None) -> Message:
    user = person.user_id
    check_is_officer(person, "send a digest now")
    with services.session_factory() as session:
        subscription_id = pick(session, workspace, channel, typed).id
    claim = claim_manual(services.session_factory, subscription_id, services.now(), process=f"send-now:{user}")
    outcome = deliver(services.session_factory, SlackPoster(lambda _ws: client), claim, services.now(), pacer=PostPacer(), render=render_digest)
    if outcome == "sent":
        return Message(text="Digest sent.", blocks=[section(":white_check_mark: Sent. The scheduled digest still comes as usual.")])
    if outcome == "retry":
        return build_error("Slack is busy; the digest will go out on the clock's next pass.")
    return build_error(f"Slack refused the digest (`{escape(outcome)}`), so it is paused.", ["`/invite @scrutiny-bot`, then `/digest resume`"])


def _resume(services: Services, workspace: str, channel: str, person: Person, typed: str | None) -> Message:
    person = known(person)
    with transaction(services.session_factory) as session:
        subscription = pick(session, workspace, channel, typed)
        check_can_manage(person, subscription, "resume")
        resume(session, subscription, services.now())
        number, nxt = subscription.id, subscription.next_run_at
    return Message(text="Digest resumed.", blocks=[section(f":arrow_forward: Digest #{number} resumed; next on {fmt_date(nxt.astimezone(services.timezone).date())}.")])


def _help() -> Message:
    lines = [
        "`/digest subscribe` — this channel gets a weekly digest of every action (Mondays 09:00)",
        "`/digest subscribe plan:BR owner:linda every friday 08:30 tz:Europe/London` — narrower, another time",
        "`/digest subscribe team:\"Human Resources\" quiet:skip` — a team's actions; send nothing in a quiet week",
        "`/digest list` (officers: `list all` for the workspace), `/digest preview`",
        "`/digest unsubscribe`, `/digest resume` — whoever subscribed the channel, or an officer",
        "`/digest send-now` — officers: post this week's digest now (the scheduled one still comes)",
    ]
    return Message(text="How to use /digest", blocks=[header("Weekly digests"), section("\n".join(lines))])
