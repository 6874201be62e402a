"""Web API calls over kept-alive connections: the same answers and errors as slack_sdk's own
client gives, one connection for many calls, and never a connection the server has closed."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.client import HTTPConnection

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from handlers.kept_alive import ConnectionPool, KeptAliveWebClient, kept_alive, post_reply
from handlers.slack_poster import SlackPoster, plain_client
from digests.delivery import RateLimited, TransientFailure
from tests.fakes.slack_web_api import FakeSlackWebAPI


@pytest.fixture
def slack() -> Iterator[FakeSlackWebAPI]:
    with FakeSlackWebAPI() as fake:
        yield fake


@pytest.fixture
def connections_opened(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    opened: list[int] = []
    real = HTTPConnection.connect

    def counted(self: HTTPConnection) -> None:
        opened.append(1)
        real(self)

    monkeypatch.setattr(HTTPConnection, "connect", counted)
    return opened


def client_for(slack: FakeSlackWebAPI, **kwargs: object) -> KeptAliveWebClient:
    client = KeptAliveWebClient(token="xoxb-test", base_url=slack.base_url, **kwargs)  # type: ignore[arg-type]
    client.pool = ConnectionPool()  # this test's connections only
    return client


def test_many_calls_go_over_one_connection(slack: FakeSlackWebAPI, connections_opened: list[int]) -> None:
    client = client_for(slack)
    for n in range(5):
        client.chat_postMessage(channel="C0001", text=f"reply {n}")
    assert [c.body["text"] for c in slack.calls_to("chat.postMessage")] == [f"reply {n}" for n in range(5)]
    assert len(connections_opened) == 1


def test_threads_posting_at_once_each_get_a_connection_and_all_arrive(slack: FakeSlackWebAPI) -> None:
    client = client_for(slack)
    slack.delay("chat.postMessage", 0.05)  # all in flight together
    threads = [threading.Thread(target=client.chat_postMessage, kwargs={"channel": "C0001", "text": f"t{n}"}) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(c.body["text"] for c in slack.calls_to("chat.postMessage")) == [f"t{n}" for n in range(6)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300).filter(str.strip))
def test_any_text_arrives_as_it_was_sent(slack: FakeSlackWebAPI, text: str) -> None:
    client = kept_alive(KeptAliveWebClient(token="xoxb-test", base_url=slack.base_url))
    response = client.chat_postMessage(channel="C0001", text=text)
    assert response["ok"] and slack.calls_to("chat.postMessage")[-1].body["text"] == text


def test_a_server_error_is_retried_by_the_clients_retry_handlers(slack: FakeSlackWebAPI) -> None:
    client = client_for(slack, retry_handlers=[ServerErrorRetryHandler(max_retry_count=1)])
    slack.http_error("chat.postMessage", 503, times=1)
    assert client.chat_postMessage(channel="C0001", text="again")["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [503, 200]


def test_slacks_refusal_is_the_same_error_slack_sdk_raises(slack: FakeSlackWebAPI) -> None:
    slack.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as refused:
        client_for(slack).chat_postMessage(channel="C0404", text="hello")
    assert refused.value.response["error"] == "channel_not_found"


def test_digest_posting_still_sorts_slacks_errors(slack: FakeSlackWebAPI) -> None:
    poster = SlackPoster(lambda workspace: plain_client(slack.base_url, "xoxb-test"))
    slack.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(RateLimited) as limited:
        poster.post("T0001", "C0001", "digest", None)
    assert limited.value.retry_after == 7.0
    slack.http_error("chat.postMessage", 500, times=1)
    with pytest.raises(TransientFailure):
        poster.post("T0001", "C0001", "digest", None)
    assert poster.post("T0001", "C0001", "digest", None)


def test_an_answer_that_takes_longer_than_the_timeout_fails_and_its_connection_is_dropped(slack: FakeSlackWebAPI) -> None:
    client = client_for(slack, timeout=0.2, retry_handlers=[])
    origin = ("http", "127.0.0.1", slack.port)
    client.chat_postMessage(channel="C0001", text="quick")
    slack.delay("chat.postMessage", 1.0)
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel="C0001", text="slow")
    assert client.pool.idle_count(origin) == 0
    slack.delay("chat.postMessage", None)
    assert client.chat_postMessage(channel="C0001", text="after")["ok"]


def test_an_unreachable_api_is_a_urlerror_as_with_urllib() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    poster = SlackPoster(lambda workspace: plain_client(f"http://127.0.0.1:{port}/api/", "xoxb-test", timeout=1))
    with pytest.raises(TransientFailure, match="could not be reached"):
        poster.post("T0001", "C0001", "digest", None)


class ClosingServer:
    """Answers each connection's first request, keeping it alive by its headers, then closes it:
    as a server does when a kept-alive connection has been idle too long."""

    ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
              b"Content-Length: 11\r\nConnection: keep-alive\r\n\r\n{\"ok\":true}")

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
                while len(body) < length:
                    body += conn.recv(65536)
                conn.sendall(self.ANSWER)

    def close(self) -> None:
        self.listener.close()


def test_a_connection_the_server_has_closed_is_not_used_again() -> None:
    server = ClosingServer()
    try:
        client = KeptAliveWebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{server.port}/api/", timeout=2, retry_handlers=[])
        client.pool = ConnectionPool()
        assert client.chat_postMessage(channel="C0001", text="first")["ok"]
        time.sleep(0.1)  # the server's close has arrived
        assert client.chat_postMessage(channel="C0001", text="second")["ok"]
        assert server.accepted == 2
    finally:
        server.close()


def test_a_connection_idle_too_long_is_not_used_again(slack: FakeSlackWebAPI, connections_opened: list[int]) -> None:
    client = client_for(slack)
    client.pool = ConnectionPool(idle_seconds=0.0)
    client.chat_postMessage(channel="C0001", text="one")
    client.chat_postMessage(channel="C0001", text="two")
    assert len(connections_opened) == 2


def bolts_client(slack: FakeSlackWebAPI, token: str, template: WebClient, team_id: str = "T0001") -> WebClient:
    """A client as Bolt builds one for each request: the app's settings, the workspace's token."""
    return WebClient(token=token, base_url=slack.base_url, timeout=template.timeout, ssl=template.ssl, proxy=template.proxy,
                     headers=template.headers, team_id=team_id, logger=template.logger,
                     retry_handlers=template.retry_handlers.copy())


def test_one_kept_client_serves_every_request_of_a_workspace(slack: FakeSlackWebAPI) -> None:
    app_client = WebClient(base_url=slack.base_url)
    first = kept_alive(bolts_client(slack, "xoxb-one", app_client))
    assert kept_alive(bolts_client(slack, "xoxb-one", app_client)) is first
    assert first.token == "xoxb-one" and first.retry_handlers == app_client.retry_handlers


def test_another_workspaces_token_gets_its_own_kept_client(slack: FakeSlackWebAPI) -> None:
    app_client = WebClient(base_url=slack.base_url)
    one = kept_alive(bolts_client(slack, "xoxb-one", app_client))
    other = kept_alive(bolts_client(slack, "xoxb-other", app_client))
    assert other is not one and other.token == "xoxb-other"


def test_a_reply_is_posted_with_its_fields_as_given_and_none_left_out(slack: FakeSlackWebAPI) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*BR-7.4.3* is done"}}]
    post_reply(KeptAliveWebClient(token="xoxb-test", base_url=slack.base_url), "chat.postEphemeral",
               channel="C0001", user="U0001", text="BR-7.4.3 is done", blocks=blocks, thread_ts=None)
    [call] = slack.calls_to("chat.postEphemeral")
    assert call.body["blocks"] == blocks and call.body["user"] == "U0001" and "thread_ts" not in call.body


def test_a_reply_that_slack_refuses_raises_as_the_named_method_would(slack: FakeSlackWebAPI) -> None:
    slack.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError):
        post_reply(KeptAliveWebClient(token="xoxb-test", base_url=slack.base_url), "chat.postMessage", channel="C0404", text="hello")


def test_a_kept_client_sends_the_team_id_bolts_client_was_made_with(slack: FakeSlackWebAPI) -> None:
    """An org-wide install's client names the workspace in every call (slack_sdk's default_params)."""
    app_client = WebClient(base_url=slack.base_url)
    one = kept_alive(bolts_client(slack, "xoxb-org", app_client, team_id="T0001"))
    other = kept_alive(bolts_client(slack, "xoxb-org", app_client, team_id="T0002"))
    assert (one.default_params.get("team_id"), other.default_params.get("team_id")) == ("T0001", "T0002")
