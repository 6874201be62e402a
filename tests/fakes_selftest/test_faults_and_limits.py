"""Programmed faults, rate limits and the enforcing limiter."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.fakes.slack_web_api import FakeSlackWebAPI


@pytest.fixture
def slack() -> Iterator[FakeSlackWebAPI]:
    with FakeSlackWebAPI() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlackWebAPI) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.base_url)


def test_fail_surfaces_as_slack_api_error(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C0001", text="hi")
    assert err.value.response.status_code == 200
    assert err.value.response["error"] == "channel_not_found"
    assert slack.calls_to("chat.postMessage")[0].reason == "fail"
    assert slack.deliveries == []


def test_fail_times_runs_out(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.fail("auth.test", "invalid_auth", times=1)
    with pytest.raises(SlackApiError):
        client.auth_test()
    assert client.auth_test()["ok"]


def test_fail_when_only_matches_chosen_bodies(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.fail("chat.postMessage", "is_archived", when=lambda body: body["channel"] == "C0BAD")
    assert client.chat_postMessage(channel="C0001", text="fine")["ok"]
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C0BAD", text="nope")
    assert err.value.response["error"] == "is_archived"


def test_http_error_is_a_5xx(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.http_error("users.info", status=503)
    with pytest.raises(SlackApiError) as err:
        client.users_info(user="U0001")
    assert err.value.response.status_code == 503
    assert slack.calls_to("users.info")[0].status == 503


def test_rate_limit_is_429_with_retry_after(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C0001", text="hi")
    response = err.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response["error"] == "ratelimited"


def test_slack_sdk_rate_limit_retry_handler_retries_through_a_429(
    slack: FakeSlackWebAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The handler sleeps Retry-After + random.random() seconds; pin the jitter to keep this fast.
    monkeypatch.setattr("slack_sdk.http_retry.builtin_handlers.random.random", lambda: 0.0)
    slack.rate_limit("chat.postMessage", retry_after=0, times=2)
    client = WebClient(token="xoxb-test", base_url=slack.base_url,
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)])
    assert client.chat_postMessage(channel="C0001", text="eventually")["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 429, 200]
    assert slack.delivered_counts() == {"C0001": 1}


def test_enforced_limit_refuses_a_second_message_within_a_second_then_accepts(
    slack: FakeSlackWebAPI, client: WebClient
) -> None:
    slack.enforce_rate_limits(per_channel_per_second=1.0)
    client.chat_postMessage(channel="C0001", text="first")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C0001", text="too soon")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel="C0002", text="another channel is fine")["ok"]

    first_at = slack.deliveries_to("C0001")[0].at
    time.sleep(max(0.0, first_at + 1.0 - time.monotonic()) + 0.02)
    assert client.chat_postMessage(channel="C0001", text="after a second")["ok"]
    assert slack.delivered_counts() == {"C0001": 2, "C0002": 1}
    report = slack.delivery_report()
    assert report["refused_429"] == 1 and report["refused_by_reason"]["limit:channel"] == 1
    assert report["min_time_allowed"] == 1.0 and report["span_seconds"] >= 1.0


def test_workspace_cap_refuses_with_an_accurate_retry_after(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.enforce_rate_limits(per_channel_per_second=None, workspace_per_minute=2)
    client.chat_postMessage(channel="C1", text="1")
    client.chat_postMessage(channel="C2", text="2")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C3", text="3")
    assert err.value.response.headers["Retry-After"] == "60"
    assert slack.calls_to("chat.postMessage")[-1].reason == "limit:workspace"


def test_min_time_allowed_combines_channel_and_workspace_limits(slack: FakeSlackWebAPI) -> None:
    slack.enforce_rate_limits(per_channel_per_second=1.0)
    assert slack.min_time_allowed({"C1": 3, "C2": 1}) == 2.0
    slack.enforce_rate_limits(per_channel_per_second=1.0, workspace_per_minute=2)
    assert slack.min_time_allowed({"C1": 1, "C2": 1, "C3": 1}) == 60.0
    slack.stop_enforcing_rate_limits()
    assert slack.min_time_allowed({"C1": 5}) == 0.0


def test_random_429s_are_seeded_and_say_retry_after_one(slack: FakeSlackWebAPI, client: WebClient) -> None:
    def refused_channels() -> list[str]:
        slack.reset()
        slack.enforce_rate_limits(per_channel_per_second=None, random_429_rate=0.3, seed=4)
        refused = []
        for i in range(20):
            try:
                client.chat_postMessage(channel=f"C{i}", text="x")
            except SlackApiError as err:
                assert err.response.headers["Retry-After"] == "1"
                refused.append(f"C{i}")
        return refused

    first = refused_channels()
    assert 0 < len(first) < 20
    assert refused_channels() == first  # same seed, same sequence
    assert slack.delivery_report()["refused_by_reason"]["limit:random"] == len(first)
    assert sum(slack.delivered_counts().values()) == 20 - len(first)


def test_response_url_can_fail(slack: FakeSlackWebAPI) -> None:
    from slack_sdk.webhook import WebhookClient

    url = slack.response_url("x")
    slack.http_error("response_url:x", status=404, body="expired_url")
    assert WebhookClient(url).send(text="late").status_code == 404
    assert slack.responses_to("x") == []
    slack.response_url_max_uses("x", 1)
    assert WebhookClient(url).send(text="one").status_code == 200
    assert WebhookClient(url).send(text="two").body == "used_url"


def test_concurrent_posts_are_all_recorded_and_limited_per_channel(slack: FakeSlackWebAPI) -> None:
    from concurrent.futures import ThreadPoolExecutor

    slack.enforce_rate_limits(per_channel_per_second=1.0)
    client = WebClient(token="xoxb-test", base_url=slack.base_url)

    def send(i: int) -> int:
        try:
            return client.chat_postMessage(channel=f"C{i % 10}", text=str(i)).status_code
        except SlackApiError as err:
            return err.response.status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, range(60)))
    assert len(slack.calls_to("chat.postMessage")) == 60
    assert statuses.count(200) == 10 and statuses.count(429) == 50  # one per channel within the second
    assert slack.delivered_counts() == {f"C{i}": 1 for i in range(10)}
