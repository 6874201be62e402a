"""The poster finds its own messages by metadata in a channel's or a DM's history, as Slack keeps them."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from digests.delivery import HistoryUnavailable
from handlers.slack_poster import SlackPoster, plain_client
from tests.conftest import WORKSPACE
from tests.fakes.slack_web_api import FakeSlackWebAPI

EVENT: dict[str, Any] = {"event_type": "scrutiny_digest", "event_payload": {"delivery_id": 7, "subscription_id": 3, "period": "2026-03-16T09:00:00+00:00"}}
SINCE = datetime.now(UTC) - timedelta(days=1)


@pytest.fixture
def slack():  # type: ignore[no-untyped-def]
    with FakeSlackWebAPI(team_id=WORKSPACE, users={"U0001": "Alice Example"}) as fake:
        yield fake


def poster_for(slack) -> SlackPoster:  # type: ignore[no-untyped-def]
    client = plain_client(slack.base_url, "xoxb-test")
    return SlackPoster(lambda _ws: client)


def test_a_posted_digest_is_found_by_its_delivery_among_many_messages(slack) -> None:  # type: ignore[no-untyped-def]
    poster = poster_for(slack)
    ts = poster.post(WORKSPACE, "C0TEAM", "the digest", [], metadata=EVENT)
    for n in range(450):  # the channel talks on: the digest is three pages back
        poster.post(WORKSPACE, "C0TEAM", f"chatter {n}", [])
    assert poster.find_posted(WORKSPACE, "C0TEAM", EVENT, SINCE) == ts
    other = {**EVENT, "event_payload": {**EVENT["event_payload"], "delivery_id": 8}}
    assert poster.find_posted(WORKSPACE, "C0TEAM", other, SINCE) is None


def test_without_the_history_scope_the_check_says_so(slack) -> None:  # type: ignore[no-untyped-def]
    slack.scopes = slack.scopes.replace(",channels:history", "")
    with pytest.raises(HistoryUnavailable) as refused:
        poster_for(slack).find_posted(WORKSPACE, "C0TEAM", EVENT, SINCE)
    assert refused.value.error == "missing_scope"


def test_reminders_are_found_in_the_persons_dm(slack) -> None:  # type: ignore[no-untyped-def]
    poster = poster_for(slack)
    poster.direct_message(WORKSPACE, "U0001", "your actions", metadata={"event_type": "scrutiny_reminder", "event_payload": {"reminder_ids": "4,5"}})
    assert poster.find_direct_messages(WORKSPACE, "U0001", "scrutiny_reminder", SINCE) == [{"reminder_ids": "4,5"}]
