"""Requests are verified with the signing secret: bad or stale signatures get 401 and nothing runs."""

import socket
import time

import pytest
import time_machine

from tests.fakes import slack_requests as sr

# Slack's own worked example from "Verifying requests from Slack".
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = 1531420618
DOC_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_our_signer_reproduces_slacks_documented_example() -> None:
    assert sr.sign(DOC_BODY, DOC_SECRET, DOC_TIMESTAMP) == DOC_SIGNATURE


def test_the_app_accepts_slacks_documented_example_at_its_time(slack_app) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(DOC_TIMESTAMP + 10, tick=True):
        status, _, _ = sr.post(
            slack_app.url + "/slack/events",
            DOC_BODY,
            {"X-Slack-Request-Timestamp": str(DOC_TIMESTAMP), "X-Slack-Signature": DOC_SIGNATURE,
             "Content-Type": "application/x-www-form-urlencoded"},
        )
    # Verified, then not ours: /webhook-collect has no listener. Anything but 401.
    assert status != 401


def test_a_request_signed_with_another_secret_is_refused_and_nothing_runs(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = slack_app.post(sr.slash_command_body("/overdue", team_id=slack_app.team_id), secret="0" * 32)
    assert reply.status == 401
    assert slack_app.slack.calls == []


def test_a_request_older_than_five_minutes_is_refused(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply = slack_app.post(sr.slash_command_body("/overdue", team_id=slack_app.team_id), timestamp=int(time.time()) - 6 * 60)
    assert reply.status == 401


def test_a_request_without_signature_headers_is_refused(slack_app) -> None:  # type: ignore[no-untyped-def]
    status, _, _ = sr.post(slack_app.url + "/slack/events", sr.slash_command_body("/overdue"), {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401


def test_a_tampered_body_is_refused(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    body = sr.slash_command_body("/overdue", team_id=slack_app.team_id)
    headers = sr.signed_headers(body, slack_app.secret)
    status, _, _ = sr.post(slack_app.url + "/slack/events", body.replace("overdue", "actions"), headers)
    assert status == 401


# --------------------------------------------------------------------------- junk, before any parsing

JUNK = {
    "form with a broken payload": (b"payload=%7Bnot", "application/x-www-form-urlencoded"),
    "broken JSON": (b"{not json", "application/json"),
    "invalid UTF-8": (b"payload=\xff\xfe\xfd%7B", "application/x-www-form-urlencoded"),
    "invalid UTF-8 JSON": (b'{"type": "\xc3\x28"}', "application/json"),
    "empty": (b"", "application/json"),
}


@pytest.mark.parametrize("name", JUNK)
def test_unsigned_junk_gets_401_never_500(slack_app, name: str) -> None:  # type: ignore[no-untyped-def]
    body, content_type = JUNK[name]
    status, _, text = sr.post(slack_app.url + "/slack/events", body, {"Content-Type": content_type})
    assert status == 401 and "Traceback" not in text


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "-5", "12.5", str(2**80)])
def test_a_timestamp_header_that_is_no_time_gets_401(slack_app, timestamp: str) -> None:  # type: ignore[no-untyped-def]
    body = sr.slash_command_body("/overdue", team_id=slack_app.team_id)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": timestamp,
               "X-Slack-Signature": sr.sign(body, slack_app.secret, int(time.time()))}
    status, _, _ = sr.post(slack_app.url + "/slack/events", body, headers)
    assert status == 401
    assert slack_app.slack.calls == []


@pytest.mark.parametrize("name", ["form with a broken payload", "broken JSON", "invalid UTF-8"])
def test_signed_junk_is_a_400_not_a_500(slack_app, name: str) -> None:  # type: ignore[no-untyped-def]
    body, content_type = JUNK[name]
    status, _, text = sr.post(slack_app.url + "/slack/events", body, sr.signed_headers(body, slack_app.secret, content_type=content_type))
    assert status == 400 and "Traceback" not in text


def raw_post(url: str, head_length: int | str | None, sent: bytes) -> str:
    """POST announcing `head_length` bytes (None: no Content-Length) but sending only `sent`;
    returns the status line."""
    host, port = url.removeprefix("http://").split(":")
    length = "" if head_length is None else f"Content-Length: {head_length}\r\n"
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(
            f"POST /slack/events HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"{length}\r\n".encode() + sent
        )
        return connection.recv(200).decode("latin-1").split("\r\n")[0]


def test_a_body_over_the_cap_is_refused_with_413_before_it_is_read(slack_app) -> None:  # type: ignore[no-untyped-def]
    # 50 MB announced, one kilobyte sent: the answer comes without waiting for the rest.
    assert " 413 " in raw_post(slack_app.url, 50 * 1024 * 1024, b"{" + b" " * 1023)


@pytest.mark.parametrize("head_length", [None, "-5", "12abc"])
def test_a_missing_or_nonsense_length_is_answered_at_once(slack_app, head_length) -> None:  # type: ignore[no-untyped-def]
    status = raw_post(slack_app.url, head_length, b"")
    assert " 401 " in status or " 400 " in status


def test_a_body_just_over_the_cap_is_refused_and_one_at_it_is_read(slack_app) -> None:  # type: ignore[no-untyped-def]
    from bot.web import MAX_BODY_BYTES

    assert " 413 " in raw_post(slack_app.url, MAX_BODY_BYTES + 1, b"")
    at_cap = b"{" + b" " * (MAX_BODY_BYTES - 2) + b"}"
    assert " 401 " in raw_post(slack_app.url, len(at_cap), at_cap)  # read whole, then refused unsigned


def test_the_largest_slack_payloads_fit_under_the_cap(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    # A modal submission with 100 inputs of 3,000 emoji each: as big as Slack can send.
    values = {f"b{i}": {"a": {"type": "plain_text_input", "value": "🏛" * 3000}} for i in range(100)}
    payload = sr.view_submission_payload("nothing_listens", values, team_id=slack_app.team_id)
    reply = slack_app.post(sr.interactivity_body(payload))
    assert reply.status in (200, 404)  # verified and dispatched (no listener has this callback id)
