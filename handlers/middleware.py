"""Global middleware: give every listener the bot's services, and drop Events API retries.

The listener boundary: Bolt passes a listener any key of its context by name, so after
`provide_services` a listener simply declares what it needs:

    def handle_x(ack, body, respond, services: Services, workspace: str, person: Person) -> None

`services` is the bot's Services, `workspace` the team id the request came from, and `person`
the user behind it, looked up only when the listener first reads more than `person.user_id`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from handlers.context import Services
from handlers.events.mentions import EVENT_CLAIM, is_question
from handlers.people import lazy_person
from store.events import claim_event_committed

logger = logging.getLogger(__name__)


# Each is a Bolt `Middleware`, called with the request itself: a plain function would be handed
# its arguments by name, and Bolt builds every argument it knows of (payload views, say, respond…)
# for each call, which cost more than the work these do.


class ProvideServices(Middleware):
    def __init__(self, services: Services) -> None:
        self.services = services

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        context = req.context
        context.update(listener_context(self.services, context.team_id or context.enterprise_id, context.user_id, context.client))
        return next()


def provide_services(services: Services) -> Middleware:
    return ProvideServices(services)


def listener_context(services: Services, workspace: str | None, user_id: str | None, client: WebClient | None) -> dict[str, Any]:
    """The keys a listener may take by name (Bolt's context, or the console's stand-in for it)."""
    provided: dict[str, Any] = {"services": services}
    if workspace:
        provided["workspace"] = str(workspace)
        if user_id:
            provided["person"] = lazy_person(services, client, str(workspace), str(user_id))
    return provided


class AcknowledgeRateLimitNotices(Middleware):
    """Slack sends `app_rate_limited` (not an event_callback, so no listener matches it) when the
    workspace sends us more than 30,000 events an hour; it expects a 200 like any event."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002
        body = req.body
        if body.get("type") != "app_rate_limited":
            return next()
        logger.warning(
            "Slack is rate-limiting the events it sends for team %s (minute %s): some events will not arrive",
            body.get("team_id"), body.get("minute_rate_limited"),
        )
        return BoltResponse(status=200, body="")


acknowledge_rate_limit_notices = AcknowledgeRateLimitNotices()


class DropEventRetries(Middleware):
    """Slack re-sends an event it thinks we missed (X-Slack-Retry-Num); the event id stays the
    same. Claiming the id in the database means a retry - even one landing on another web
    process - is acknowledged and nothing runs twice.

    A question (handlers.events.mentions.is_question) is read while its claim is made: its
    listener only reads until it has the reply, then posts it only if the claim, in context as
    `event_claim`, says this delivery was the first (mentions.first_delivery). The person waits
    for the longer of the two rather than for both: on PostgreSQL the claim is a durable commit,
    0.5 to 1 ms, which the reading would otherwise wait behind."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002
        body = req.body
        if body.get("type") != "event_callback" or not body.get("event_id"):
            return next()
        team = body.get("team_id") or (body.get("authorizations") or [{}])[0].get("team_id") or "unknown"
        event_id, retry = str(body["event_id"]), (req.headers.get("x-slack-retry-num") or ["?"])[0]
        now = self.services.now()

        def claimed() -> bool:
            first = claim_event_committed(self.services.session_factory, str(team), event_id, now)
            if not first:
                logger.info("dropping retry %s of event %s", retry, event_id)
            return first

        if is_question(body.get("event") or {}):
            req.context[EVENT_CLAIM] = self.services.executor.submit(claimed)
            return next()
        if not claimed():
            return BoltResponse(status=200, body="")
        return next()


def drop_event_retries(services: Services) -> Middleware:
    return DropEventRetries(services)
