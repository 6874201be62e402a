"""The bot's real HTTP app on 127.0.0.1, and a sender of signed requests exactly as Slack sends them."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from tests.fakes import slack_requests as sr
from tests.fakes import slack_validation
from tests.fakes.slack_web_api import FakeSlackWebAPI

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 64  # concurrency tests open a few dozen connections at once


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class Reply:
    status: int
    text: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.text) if self.text else {}

    @property
    def blocks_text(self) -> str:
        """Every piece of text in the reply's blocks, for assertions on what a person would read."""
        return blocks_text(self.json)


def blocks_text(message: dict[str, Any]) -> str:
    parts: list[str] = [str(message.get("text", ""))]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    parts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks", []))
    return "\n".join(parts)


class RunningApp:
    """A WSGI app served on a free loopback port, for as long as the test runs."""

    def __init__(self, wsgi_app: Any, slack: FakeSlackWebAPI, team_id: str, secret: str = SIGNING_SECRET) -> None:
        self.slack = slack
        self.team_id = team_id
        self.secret = secret
        self.server = make_server("127.0.0.1", 0, wsgi_app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # serve_forever checks for shutdown every poll_interval (0.5 s by default): every test
        # would wait that long at teardown. The fake Slack polls as often.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()
        self._responses = 0

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def new_response_url(self) -> tuple[str, str]:
        self._responses += 1
        name = f"r{self._responses}"
        return name, self.slack.response_url(name)

    def post(self, body: str, *, secret: str | None = None, timestamp: int | None = None, retry_num: int | None = None, path: str = "/slack/events") -> Reply:
        status, _headers, text = sr.post_signed(
            self.url + path, body, secret or self.secret, timestamp=timestamp, retry_num=retry_num
        )
        reply = Reply(status, text)
        _check_ack(reply)
        return reply

    def command(self, command: str, text: str = "", *, user: str = sr.USER_ID, team: str | None = None, channel: str = sr.CHANNEL_ID) -> tuple[Reply, str]:
        """Send a slash command; returns the ack and the name of its response_url on the fake."""
        name, response_url = self.new_response_url()
        body = sr.slash_command_body(command, text, team_id=team or self.team_id, user_id=user, channel_id=channel, response_url=response_url)
        return self.post(body), name

    def click(self, action_id: str, value: str, *, user: str = sr.USER_ID, team: str | None = None, **kwargs: Any) -> tuple[Reply, str]:
        """Press a button on a message; returns the ack and the name of its response_url."""
        name, response_url = self.new_response_url()
        body = sr.block_actions_body(action_id, value, team_id=team or self.team_id, user_id=user, response_url=response_url, **kwargs)
        return self.post(body), name

    def event(self, event: dict[str, Any], *, team: str | None = None, event_id: str | None = None, retry_num: int | None = None) -> Reply:
        body = sr.event_callback_body(event, team_id=team or self.team_id, event_id=event_id)
        return self.post(body, retry_num=retry_num)

    def submit(self, view: dict[str, Any], answers: dict[str, str | None], *, user: str = sr.USER_ID, view_id: str | None = None) -> Reply:
        """Submit a modal the bot opened, filled in with `answers` ({block_id: value})."""
        payload = sr.view_submission_payload(
            view["callback_id"], fill_in(view, answers), view["private_metadata"], view_id=view_id, team_id=self.team_id, user_id=user
        )
        return self.post(sr.interactivity_body(payload))

    def opened_view(self, count: int = 1) -> dict[str, Any]:
        """The view of the `count`-th modal the bot opened (waiting for it if need be)."""
        call = self.slack.wait_for("views.open", count=count)[count - 1]
        view = call.arg("view")
        return view if isinstance(view, dict) else json.loads(view)

    def shortcut(self, callback_id: str, message_text: str, *, user: str = sr.USER_ID) -> Reply:
        payload = sr.message_shortcut_payload(callback_id, message_text, team_id=self.team_id, user_id=user)
        return self.post(sr.interactivity_body(payload))

    def get(self, path: str) -> Reply:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())


def _check_ack(reply: Reply) -> None:
    """Slack shows the person an error instead of an acknowledgement it would refuse."""
    if reply.status != 200 or not reply.text.lstrip().startswith("{"):
        return
    refused = slack_validation.ack_refusal(reply.json)
    if refused is not None:
        raise AssertionError(f"Slack would refuse this acknowledgement ({refused.error}): {refused.messages}")


def fill_in(view: dict[str, Any], answers: dict[str, str | None]) -> dict[str, Any]:
    """The `state.values` Slack would send for a modal filled in with `answers` ({block_id: value})."""
    values: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        answer = answers.get(block["block_id"])
        state: dict[str, Any] = {"type": element["type"]}
        if element["type"] == "static_select":
            option = next((o for o in element["options"] if o["value"] == answer), None)
            state["selected_option"] = option
        elif element["type"] == "datepicker":
            state["selected_date"] = answer
        else:
            state["value"] = answer
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def eventually(check: Any, timeout: float = 5.0) -> Any:
    """Wait for `check()` to be truthy: event listeners finish after Slack's request is acked."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.02)
