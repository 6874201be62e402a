"""A real slack_sdk WebClient talks to the fake, and the fake records what it sent."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from tests.fakes.slack_requests import post
from tests.fakes.slack_web_api import FakeSlackWebAPI, WaitTimeout

ONE_BLOCK = [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}]
MODAL = {"type": "modal", "callback_id": "edit", "title": {"type": "plain_text", "text": "Edit"}, "blocks": ONE_BLOCK}


@pytest.fixture
def slack() -> Iterator[FakeSlackWebAPI]:
    fake = FakeSlackWebAPI(
        users={"U0001": "Alice Example", "U0002": {"real_name": "Bob Officer", "profile": {"title": "Officer"}}},
        channels=[{"id": "C0001", "name": "scrutiny"}],
        usergroups=[{"id": "S0001", "handle": "officers", "users": ["U0002"]}],
    )
    with fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlackWebAPI) -> WebClient:
    return WebClient(token="xoxb-test", base_url=slack.base_url)


def test_base_url_is_local_with_trailing_slash(slack: FakeSlackWebAPI) -> None:
    assert slack.base_url.startswith("http://127.0.0.1:")
    assert slack.base_url.endswith("/api/")
    assert slack.port != 0


Check = Callable[[Any], bool]
METHODS: list[tuple[str, Callable[[WebClient], Any], Check]] = [
    ("auth.test", lambda c: c.auth_test(),
     lambda r: (r["team_id"], r["user_id"], r["bot_id"]) == ("T0001", "U0BOT", "B0BOT") and r["url"] and r["team"]),
    ("chat.postMessage", lambda c: c.chat_postMessage(channel="C0001", text="hi"),
     lambda r: r["channel"] == "C0001" and r["ts"] == r["message"]["ts"] and r["message"]["text"] == "hi"),
    ("chat.postEphemeral", lambda c: c.chat_postEphemeral(channel="C0001", user="U0001", text="psst"),
     lambda r: "." in r["message_ts"]),
    ("chat.update", lambda c: c.chat_update(channel="C0001", ts="1700000000.000100", text="edited"),
     lambda r: r["ts"] == "1700000000.000100" and r["text"] == "edited"),
    ("chat.delete", lambda c: c.chat_delete(channel="C0001", ts="1700000000.000100"),
     lambda r: r["ts"] == "1700000000.000100"),
    ("chat.getPermalink", lambda c: c.chat_getPermalink(channel="C0001", message_ts="1700000000.000100"),
     lambda r: r["permalink"].endswith("/archives/C0001/p1700000000000100")),
    ("views.open", lambda c: c.views_open(trigger_id="1.2.abc", view=MODAL),
     lambda r: r["view"]["id"].startswith("V") and r["view"]["callback_id"] == "edit"),
    ("views.update", lambda c: c.views_update(view_id="V123", view=MODAL), lambda r: r["view"]["id"] == "V123"),
    ("views.push", lambda c: c.views_push(trigger_id="1.2.abc", view=MODAL), lambda r: r["view"]["id"]),
    ("views.publish", lambda c: c.views_publish(user_id="U0001", view={"type": "home", "blocks": ONE_BLOCK}),
     lambda r: r["view"]["type"] == "home" and r["view"]["id"]),
    ("users.info", lambda c: c.users_info(user="U0002"),
     lambda r: r["user"]["real_name"] == "Bob Officer" and r["user"]["profile"]["title"] == "Officer"),
    ("users.list", lambda c: c.users_list(), lambda r: [m["id"] for m in r["members"]] == ["U0001", "U0002"]),
    ("usergroups.list", lambda c: c.usergroups_list(include_users=True),
     lambda r: r["usergroups"][0]["handle"] == "officers" and r["usergroups"][0]["users"] == ["U0002"]),
    ("usergroups.users.list", lambda c: c.usergroups_users_list(usergroup="S0001"), lambda r: r["users"] == ["U0002"]),
    ("conversations.info", lambda c: c.conversations_info(channel="C0001"), lambda r: r["channel"]["name"] == "scrutiny"),
    ("conversations.open", lambda c: c.conversations_open(users="U0001"), lambda r: r["channel"]["id"].startswith("D")),
    ("team.info", lambda c: c.team_info(), lambda r: r["team"]["id"] == "T0001" and r["team"]["domain"]),
]


@pytest.mark.parametrize(("method", "call", "check"), METHODS, ids=[m[0] for m in METHODS])
def test_web_client_method_is_answered_and_recorded(
    slack: FakeSlackWebAPI, client: WebClient, method: str, call: Callable[[WebClient], Any], check: Check
) -> None:
    response = call(client)
    assert response["ok"] is True
    assert check(response), response.data
    (recorded,) = slack.calls_to(method)
    assert recorded.token == "xoxb-test"
    assert recorded.status == 200 and recorded.ok


def test_json_and_form_bodies_are_both_parsed(slack: FakeSlackWebAPI, client: WebClient) -> None:
    client.chat_postMessage(channel="C0001", text="json", blocks=[{"type": "divider"}])  # JSON body
    client.users_info(user="U0001")  # form-encoded body
    assert slack.calls_to("chat.postMessage")[0].body["blocks"] == [{"type": "divider"}]
    assert slack.calls_to("users.info")[0].body == {"user": "U0001"}


def test_post_message_ts_strictly_increases(slack: FakeSlackWebAPI, client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel="C0001", text=str(i))["ts"] for i in range(5)]
    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 5


def test_post_message_to_a_user_lands_in_their_dm(slack: FakeSlackWebAPI, client: WebClient) -> None:
    response = client.chat_postMessage(channel="U0001", text="your action is due")
    assert response["channel"] == slack.dm_channel_for("U0001")
    assert client.conversations_open(users="U0001")["channel"]["id"] == response["channel"]
    assert slack.delivered_counts(by="requested") == {"U0001": 1}


def test_messages_reflect_updates_and_deletes(slack: FakeSlackWebAPI, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C0001", text="v1")["ts"]
    gone = client.chat_postMessage(channel="C0001", text="gone")["ts"]
    client.chat_update(channel="C0001", ts=ts, text="v2")
    client.chat_delete(channel="C0001", ts=gone)
    assert [m["text"] for m in slack.messages("C0001")] == ["v2"]
    with pytest.raises(SlackApiError) as err:
        client.chat_delete(channel="C0001", ts=gone)
    assert err.value.response["error"] == "message_not_found"


def test_users_info_unknown_user_is_user_not_found(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.users_info(user="U9999")
    assert err.value.response["error"] == "user_not_found"


def test_users_list_paginates_with_a_cursor(slack: FakeSlackWebAPI, client: WebClient) -> None:
    for i in range(3, 6):
        slack.add_user(f"U000{i}", f"User {i}")
    # Iterating a SlackResponse follows next_cursor, but yields the *same* object mutated in place:
    # read each page inside the loop.
    pages = [[m["id"] for m in page["members"]] for page in client.users_list(limit=2)]
    assert pages == [["U0001", "U0002"], ["U0003", "U0004"], ["U0005"]]
    assert [c.body.get("cursor") is None for c in slack.calls_to("users.list")] == [True, False, False]


def test_views_update_with_a_stale_hash_is_a_hash_conflict(client: WebClient) -> None:
    view = client.views_open(trigger_id="1.2.abc", view=MODAL)["view"]
    client.views_update(view_id=view["id"], hash=view["hash"], view=MODAL)
    with pytest.raises(SlackApiError) as err:
        client.views_update(view_id=view["id"], hash=view["hash"], view=MODAL)
    assert err.value.response["error"] == "hash_conflict"


def test_oauth_v2_access_returns_the_configured_installation(slack: FakeSlackWebAPI) -> None:
    slack.oauth_v2_access_response = {**slack.oauth_v2_access_response, "access_token": "xoxb-installed"}
    response = WebClient(base_url=slack.base_url).oauth_v2_access(client_id="111.222", client_secret="s", code="c")
    assert response["access_token"] == "xoxb-installed"
    (call,) = slack.calls_to("oauth.v2.access")
    assert call.headers["Authorization"].startswith("Basic ") and call.body["code"] == "c"


def test_apps_connections_open_is_refused_without_a_socket_mode_server(slack: FakeSlackWebAPI) -> None:
    with pytest.raises(SlackApiError) as err:
        WebClient(token="xapp-1-test", base_url=slack.base_url).apps_connections_open(app_token="xapp-1-test")
    assert err.value.response["error"] == "socket_mode_not_supported_by_fake"
    slack.socket_mode_url = "ws://127.0.0.1:1/link"
    assert WebClient(base_url=slack.base_url).apps_connections_open(app_token="xapp-1-test")["url"] == (
        "ws://127.0.0.1:1/link")


def test_unknown_method_is_unknown_method(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        client.api_call("nonexistent.method")
    assert err.value.response["error"] == "unknown_method"


def test_missing_or_bad_token_is_refused(slack: FakeSlackWebAPI) -> None:
    with pytest.raises(SlackApiError) as err:
        WebClient(base_url=slack.base_url).auth_test()
    assert err.value.response["error"] == "not_authed"
    with pytest.raises(SlackApiError) as err:
        WebClient(token="nonsense", base_url=slack.base_url).auth_test()
    assert err.value.response["error"] == "invalid_auth"


def test_custom_handler_answers_a_method(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.on("conversations.members", lambda body: {"members": ["U0001"], "channel_seen": body["channel"]})
    assert client.conversations_members(channel="C0001")["members"] == ["U0001"]


def test_response_url_records_what_respond_posts(slack: FakeSlackWebAPI) -> None:
    url = slack.response_url("cmd")
    assert url.startswith(slack.url) and url.endswith("/response/cmd")
    response = WebhookClient(url).send(text="done", response_type="ephemeral")  # what Bolt's respond() uses
    assert response.status_code == 200 and response.body == "ok"
    assert slack.responses_to("cmd") == [{"text": "done", "response_type": "ephemeral"}]


def test_post_helper_reaches_the_fake(slack: FakeSlackWebAPI) -> None:
    status, headers, body = post(slack.response_url("p"), '{"text": "x"}', {"Content-Type": "application/json"})
    assert (status, body) == (200, "ok")
    status, _, body = post(slack.url + "nowhere", "", {})
    assert status == 404


def test_wait_for_returns_calls_made_later_from_another_thread(slack: FakeSlackWebAPI, client: WebClient) -> None:
    timer = threading.Timer(0.1, lambda: client.chat_postMessage(channel="C0001", text="later"))
    timer.start()
    (call,) = slack.wait_for("chat.postMessage", timeout=3)
    assert call.body["text"] == "later"
    timer.join()


def test_wait_for_times_out_saying_what_arrived(slack: FakeSlackWebAPI, client: WebClient) -> None:
    client.chat_postMessage(channel="C0001", text="only one")
    client.auth_test()
    start = time.monotonic()
    with pytest.raises(WaitTimeout) as err:
        slack.wait_for("chat.postMessage", count=2, timeout=0.2)
    assert time.monotonic() - start < 1.5
    message = str(err.value)
    assert "2 call(s) to 'chat.postMessage'" in message and "1 arrived" in message
    assert "chat.postMessage x1" in message and "auth.test x1" in message and "only one" in message


def test_wait_for_where_filters_on_the_body(slack: FakeSlackWebAPI, client: WebClient) -> None:
    client.chat_postMessage(channel="C0001", text="a")
    client.chat_postMessage(channel="C0002", text="b")
    (call,) = slack.wait_for("chat.postMessage", where=lambda b: b["channel"] == "C0002", timeout=1)
    assert call.body["text"] == "b"


def test_delay_holds_the_answer(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.delay("auth.test", 0.3)
    start = time.monotonic()
    client.auth_test()
    assert time.monotonic() - start >= 0.3


def test_stop_does_not_hang_on_a_delayed_request() -> None:
    fake = FakeSlackWebAPI().start()
    fake.delay("auth.test", 30)
    client = WebClient(token="xoxb-test", base_url=fake.base_url, timeout=5)

    def call() -> None:
        try:
            client.auth_test()
        except Exception:  # noqa: BLE001 - answered or cut off; either is fine, only stop() timing matters
            pass

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    fake.wait_for("auth.test", timeout=2)
    start = time.monotonic()
    fake.stop()
    assert time.monotonic() - start < 2
    worker.join(timeout=5)


def test_reset_forgets_calls_and_faults_but_keeps_users(slack: FakeSlackWebAPI, client: WebClient) -> None:
    slack.fail("auth.test", "invalid_auth")
    client.users_info(user="U0001")
    slack.reset()
    assert slack.calls == []
    assert client.auth_test()["ok"]
    assert client.users_info(user="U0001")["user"]["real_name"] == "Alice Example"


def test_a_call_is_stamped_when_its_request_line_arrives_not_when_its_headers_are_read(slack: FakeSlackWebAPI) -> None:
    # bench/perf.py times a reply until it arrives here; reading the headers is the fake's own work.
    address = urlsplit(slack.base_url)
    body = json.dumps({"channel": "C0001", "text": "hello"}).encode()
    with socket.create_connection((address.hostname, address.port)) as sock:
        sock.sendall(b"POST /api/chat.postMessage HTTP/1.1\r\n")
        line_sent = time.monotonic()
        time.sleep(0.3)  # the headers follow well after the line
        sock.sendall(b"Host: 127.0.0.1\r\nAuthorization: Bearer xoxb-test\r\nContent-Type: application/json\r\n"
                     + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        sock.recv(65536)
    [call] = slack.calls_to("chat.postMessage")
    assert line_sent <= call.at + 0.001 and call.at < line_sent + 0.2
    assert call.body["text"] == "hello"
