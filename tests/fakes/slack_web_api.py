"""A fake Slack Web API served on 127.0.0.1 for tests and benchmarks.

Usage::

    with FakeSlackWebAPI() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.base_url)
        client.chat_postMessage(channel="C0001", text="hi")
        [call] = slack.wait_for("chat.postMessage")
        assert call.body["text"] == "hi"

The server answers like Slack: every Web API method is a POST to ``/api/<method>``
with a form-encoded, JSON or multipart body and an ``Authorization: Bearer`` token,
and every answer is JSON with ``ok``.  Failures are ``ok: false`` with HTTP 200,
except rate limits (HTTP 429 + ``Retry-After``) and programmed 5xx answers.

Everything that arrives is recorded as a :class:`Call`; ``at`` is ``time.monotonic()``
(use it for durations) and ``wall`` is ``time.time()``.

Not supported: Socket Mode. ``apps.connections.open`` answers
``ok: false, error: "socket_mode_not_supported_by_fake"`` unless you set
``slack.socket_mode_url`` to a WebSocket server of your own.
"""

from __future__ import annotations

import base64
import binascii
import email.parser
import email.policy
import json
import math
import random
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import slack_validation
from .slack_requests import (
    API_APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    TEAM_NAME,
)

__all__ = [
    "Call",
    "Delivery",
    "FakeSlackWebAPI",
    "Headers",
    "RESPONSE_URL_PREFIX",
    "SlackError",
    "WaitTimeout",
    "make_user",
]

#: Calls to a response_url named ``x`` are recorded with ``method == "response_url:x"``.
RESPONSE_URL_PREFIX = "response_url:"
#: Where uploaded files are served (``url_private``); see the files section of FakeSlackWebAPI.
FILES_PATH = "/files-pri/"
#: Where files.getUploadURLExternal's upload_url points (the bot's own uploads; see the end).
UPLOAD_PATH = "/upload/v1/"

DEFAULT_SCOPES = (
    "commands,chat:write,chat:write.public,im:write,users:read,users:read.email,"
    "usergroups:read,channels:read,groups:read,im:read,team:read"
    ",channels:history,groups:history,im:history"  # exactly-once digests and reminders read history (see the end)
    ",files:write"  # the committee report uploaded to whoever asked (see the uploads section)
)

BodyPredicate = Callable[[dict], bool]


# --------------------------------------------------------------------------- records


class Headers(dict):
    """Request headers; keys are stored lower-case and looked up case-insensitively."""

    def __init__(self, items: Iterable[tuple[str, str]] | Mapping[str, str] = ()):
        if isinstance(items, Mapping):
            items = items.items()
        super().__init__((str(k).lower(), v) for k, v in items)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


@dataclass(frozen=True)
class Call:
    """One request the fake received, and what it answered."""

    method: str  # "chat.postMessage", or "response_url:<name>"
    body: dict  # parsed request body (form, JSON or multipart), query string merged in
    headers: Headers
    at: float  # time.monotonic() on arrival (its request line read)
    wall: float = 0.0  # time.time() on arrival
    path: str = ""
    status: int = 200  # HTTP status answered
    response: Any = None  # dict (JSON answered) or str
    reason: str | None = None  # why it was not a normal answer: "fail", "http_error",
    # "rate_limit", "limit:channel", "limit:workspace", "limit:random", "auth", ...

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        token = self.body.get("token")
        return token if isinstance(token, str) else None

    @property
    def ok(self) -> bool:
        if self.status != 200:
            return False
        if isinstance(self.response, dict):
            return bool(self.response.get("ok"))
        return True

    @property
    def error(self) -> str | None:
        if isinstance(self.response, dict):
            return self.response.get("error")
        return None

    def arg(self, name: str, default: Any = None) -> Any:
        """A body field, JSON-decoded if it was sent as a JSON string (form-encoded blocks, view...)."""
        return _jsonish(self.body.get(name, default))

    def __repr__(self) -> str:  # short, for failure messages
        return f"Call({self.method!r}, status={self.status}, body={_short(self.body)})"


@dataclass(frozen=True)
class Delivery:
    """A chat.postMessage that Slack would have delivered."""

    channel: str  # resolved channel id (a user id is resolved to its DM channel)
    requested_channel: str  # the channel argument as sent
    ts: str
    at: float  # time.monotonic()
    call: Call = field(repr=False, compare=False)


class WaitTimeout(AssertionError):
    """wait_for() ran out of time; the message lists what did arrive."""


class SlackError(Exception):
    """Raise from a custom handler (see FakeSlackWebAPI.on) to answer ``ok: false``."""

    def __init__(self, error: str, **extra: Any):
        super().__init__(error)
        self.error = error
        self.extra = extra


# --------------------------------------------------------------------------- helpers


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _jsonish(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _parse_form(text: str) -> dict:
    out: dict[str, Any] = {}
    for key, values in parse_qs(text, keep_blank_values=True).items():
        out[key] = values[0] if len(values) == 1 else values
    return out


def _parse_body(raw: bytes, content_type: str, query: str) -> dict:
    body: dict[str, Any] = _parse_form(query) if query else {}
    if not raw:
        return body
    ctype = content_type.split(";", 1)[0].strip().lower()
    text = raw.decode("utf-8", "replace")
    if ctype == "application/json" or (not ctype and text.lstrip().startswith("{")):
        try:
            parsed = json.loads(text)
        except ValueError:
            body["_raw"] = text
        else:
            if isinstance(parsed, dict):
                body.update(parsed)
            else:
                body["_json"] = parsed
    elif ctype == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str) or not name:
                continue
            payload = part.get_payload(decode=True) or b""
            assert isinstance(payload, bytes)  # decoded, a form part's payload is bytes
            if part.get_param("filename", header="content-disposition"):
                body[name] = payload
            else:
                body[name] = payload.decode("utf-8", "replace")
    else:
        body.update(_parse_form(text))
    return body


def make_user(
    user_id: str,
    real_name: str | None = None,
    *,
    name: str | None = None,
    display_name: str = "",
    email: str | None = None,
    team_id: str = TEAM_ID,
    tz: str = "Europe/London",
    is_bot: bool = False,
    is_admin: bool = False,
    deleted: bool = False,
    **extra: Any,
) -> dict:
    """A users.info-shaped user object. ``extra`` is merged on top (``profile`` merged too)."""
    real_name = real_name if real_name is not None else user_id
    name = name or real_name.lower().replace(" ", ".")
    profile = {
        "title": "",
        "phone": "",
        "skype": "",
        "real_name": real_name,
        "real_name_normalized": real_name,
        "display_name": display_name,
        "display_name_normalized": display_name,
        "fields": None,
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": "g0000000000a",
        "email": email if email is not None else f"{name}@example.org",
        "first_name": real_name.split(" ")[0] if real_name else "",
        "last_name": " ".join(real_name.split(" ")[1:]) if real_name else "",
        "image_24": "https://secure.gravatar.com/avatar/0.jpg?s=24",
        "image_32": "https://secure.gravatar.com/avatar/0.jpg?s=32",
        "image_48": "https://secure.gravatar.com/avatar/0.jpg?s=48",
        "image_72": "https://secure.gravatar.com/avatar/0.jpg?s=72",
        "image_192": "https://secure.gravatar.com/avatar/0.jpg?s=192",
        "image_512": "https://secure.gravatar.com/avatar/0.jpg?s=512",
        "team": team_id,
    }
    if is_bot:
        profile.pop("email", None)
    user = {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "deleted": deleted,
        "color": "9f69e7",
        "real_name": real_name,
        "tz": tz,
        "tz_label": "Greenwich Mean Time" if tz == "Europe/London" else tz,
        "tz_offset": 0,
        "profile": profile,
        "is_admin": is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": is_bot,
        "is_app_user": False,
        "updated": 1700000000,
        "is_email_confirmed": not is_bot,
        "who_can_share_contact_card": "EVERYONE",
    }
    extra_profile = extra.pop("profile", None)
    user.update(extra)
    if extra_profile:
        user["profile"] = {**profile, **extra_profile}
    return user


def _normalise_user(entry: Any, team_id: str) -> dict:
    if isinstance(entry, str):
        return make_user(entry, team_id=team_id)
    entry = dict(entry)
    user_id = entry.pop("id")
    profile = entry.get("profile") or {}
    real_name = entry.pop("real_name", None) or profile.get("real_name")
    return make_user(user_id, real_name, team_id=team_id, **entry)


class _Rule:
    def __init__(self, kind: str, method: str, times: int | None, when: BodyPredicate | None, **answer: Any):
        if times is not None and times < 1:
            raise ValueError("times must be None (forever) or >= 1")
        self.kind = kind
        self.method = method
        self.remaining = times
        self.when = when
        self.answer = answer

    def take(self, method: str, body: dict) -> bool:
        if self.remaining == 0:
            return False
        if self.method != "*" and self.method != method:
            return False
        if self.method == "*" and method.startswith(RESPONSE_URL_PREFIX):
            return False
        if self.when is not None:
            try:
                if not self.when(body):
                    return False
            except Exception:  # a predicate that cannot read this body does not match it
                return False
        if self.remaining is not None:
            self.remaining -= 1
        return True


class _Limiter:
    def __init__(
        self,
        per_channel_per_second: float | None,
        workspace_per_minute: int | None,
        random_429_rate: float,
        seed: int,
        methods: Sequence[str],
    ):
        if per_channel_per_second is not None and per_channel_per_second <= 0:
            raise ValueError("per_channel_per_second must be > 0 or None")
        if workspace_per_minute is not None and workspace_per_minute < 1:
            raise ValueError("workspace_per_minute must be >= 1 or None")
        if not 0.0 <= random_429_rate < 1.0:
            raise ValueError("random_429_rate must be in [0, 1)")
        self.per_channel_per_second = per_channel_per_second
        self.interval = 1.0 / per_channel_per_second if per_channel_per_second else 0.0
        self.workspace_per_minute = workspace_per_minute
        self.random_429_rate = random_429_rate
        self.rng = random.Random(seed)
        self.methods = frozenset(methods)
        self.last_by_channel: dict[str, float] = {}
        self.window: deque[float] = deque()
        self.refused = {"limit:channel": 0, "limit:workspace": 0, "limit:random": 0}

    def check(self, channel: str, now: float) -> tuple[int, str] | None:
        """None if the call may go through, else (retry_after_seconds, reason)."""
        waits: list[tuple[float, str]] = []
        last = self.last_by_channel.get(channel)
        if self.interval and last is not None and now - last < self.interval:
            waits.append((self.interval - (now - last), "limit:channel"))
        if self.workspace_per_minute is not None:
            while self.window and now - self.window[0] >= 60.0:
                self.window.popleft()
            if len(self.window) >= self.workspace_per_minute:
                waits.append((self.window[0] + 60.0 - now, "limit:workspace"))
        if waits:
            wait, reason = max(waits)
            self.refused[reason] += 1
            return max(1, math.ceil(wait)), reason
        if self.random_429_rate and self.rng.random() < self.random_429_rate:
            self.refused["limit:random"] += 1
            return 1, "limit:random"
        return None

    def accept(self, channel: str, now: float) -> None:
        self.last_by_channel[channel] = now
        if self.workspace_per_minute is not None:
            self.window.append(now)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    fake: "FakeSlackWebAPI"

    def handle_error(self, request: Any, client_address: Any) -> None:  # quiet
        exc = sys.exc_info()[1]
        if not isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            self.fake._record_error(exc)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes. With Nagle's algorithm on, the body of every answer
    # after the first on a kept-alive connection waited for the client's delayed ACK (40 ms);
    # Slack's servers, like any HTTP server, send without that wait.
    disable_nagle_algorithm = True
    server: _Server
    arrived_at: float  # time.monotonic() when the request line was read (parse_request)
    arrived_wall: float

    def setup(self) -> None:
        # One thread a connection, alive while a client keeps the connection open: named, so that
        # tests looking for threads the app left behind can tell the fake's own.
        threading.current_thread().name = "FakeSlackWebAPI-connection"
        super().setup()

    def version_string(self) -> str:
        return "FakeSlack/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # no per-request stderr noise
        pass

    def parse_request(self) -> bool:
        # A call is stamped when its first line is read, as a server's own request timer starts:
        # http.client writes the line and headers, then the body, back to back. Stamped after the
        # headers were parsed (Python's email parser), the fake's own 0.15 ms a call was charged
        # to the sender (bench/perf.py times a question until its reply arrives here).
        self.arrived_at, self.arrived_wall = time.monotonic(), time.time()
        return super().parse_request()

    def do_POST(self) -> None:
        self.server.fake._handle(self)

    do_GET = do_POST
    do_PUT = do_POST


# --------------------------------------------------------------------------- the fake


class FakeSlackWebAPI:
    """A threaded fake of Slack's Web API and response_url endpoints on 127.0.0.1:<random port>."""

    def __init__(
        self,
        *,
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        team_name: str = TEAM_NAME,
        enterprise_id: str | None = None,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        bot_name: str = "scrutiny",
        app_id: str = API_APP_ID,
        scopes: str = DEFAULT_SCOPES,
        users: Iterable[dict | str] | Mapping[str, Any] | None = None,
        channels: Iterable[dict] | None = None,
        usergroups: Iterable[dict] | None = None,
        tokens: Iterable[str] | None = None,
        oauth_v2_access_response: dict | None = None,
        socket_mode_url: str | None = None,
        host: str = "127.0.0.1",
    ):
        self.team_id = team_id
        self.team_domain = team_domain
        self.team_name = team_name
        self.enterprise_id = enterprise_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.app_id = app_id
        self.scopes = scopes
        #: If set, only these tokens are accepted (others get ``invalid_auth``);
        #: otherwise any xoxb-/xoxp-/xapp-/xoxe- token is accepted.
        self.tokens: set[str] | None = set(tokens) if tokens is not None else None
        self.socket_mode_url = socket_mode_url
        self.oauth_v2_access_response = oauth_v2_access_response or {
            "ok": True,
            "app_id": app_id,
            "authed_user": {"id": "U0001"},
            "scope": scopes,
            "token_type": "bot",
            "access_token": "xoxb-fake-installed-bot-token",
            "bot_user_id": bot_user_id,
            "team": {"id": team_id, "name": team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        self._host = host
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

        self._users: dict[str, dict] = {}
        self._channels: dict[str, dict] = {}
        self._usergroups: dict[str, dict] = {}
        if users is not None:
            entries = (
                [{"id": k, **(v if isinstance(v, dict) else {"real_name": v})} for k, v in users.items()]
                if isinstance(users, Mapping)
                else list(users)
            )
            for entry in entries:
                user = _normalise_user(entry, team_id)
                self._users[user["id"]] = user
        for ch in channels or ():
            ch = dict(ch)
            self.add_channel(ch.pop("id"), ch.pop("name", None), **ch)
        for ug in usergroups or ():
            ug = dict(ug)
            self.add_usergroup(ug.pop("id"), ug.pop("handle", None), **ug)

        self._custom: dict[str, Callable[[dict], dict]] = {}
        self._dm_ids: dict[str, str] = {}
        self._mpim_ids: dict[str, str] = {}
        self._id_counter = 0
        self.errors: list[BaseException] = []
        #: Messages and views Slack would refuse are answered with Slack's error and, while strict,
        #: fail the test when the fake stops (see slack_validation). Tests of refusals set it False.
        self.strict = True
        self._refusals: list[tuple[str, dict]] = []  # (method, answer); kept through reset()
        self._clear_state()

    # ----------------------------------------------------------- lifecycle

    def start(self) -> "FakeSlackWebAPI":
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server((self._host, 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="FakeSlackWebAPI", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()  # wakes handlers sleeping in delay()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> "FakeSlackWebAPI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
        if exc[0] is None and self.strict and self._refusals:
            raise AssertionError("Slack would have refused:\n" + "\n".join(
                f"{method}: {answer['error']} {answer['response_metadata']['messages'][:5]}" for method, answer in self._refusals))

    @property
    def refused(self) -> list[tuple[str, dict]]:
        """(method, Slack's answer) for every message, view or text Slack would have refused."""
        with self._lock:
            return list(self._refusals)

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlackWebAPI is not running; use `with FakeSlackWebAPI() as slack:`")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}/"

    @property
    def base_url(self) -> str:
        """Pass as WebClient(base_url=...) or SLACK_API_URL. Ends with a slash, as slack_sdk needs."""
        return f"{self.url}api/"

    def response_url(self, name: str | None = None) -> str:
        """A URL on the fake that records what is posted to it (Bolt's respond())."""
        with self._lock:
            if name is None:
                self._id_counter += 1
                name = f"r{self._id_counter}"
            self._responses.setdefault(name, [])
        return f"{self.url}response/{quote(name, safe='')}"

    # ----------------------------------------------------------- directories

    def add_user(self, user_id: str, real_name: str | None = None, **fields: Any) -> dict:
        """Add (or replace) a user in the directory behind users.info / users.list."""
        user = make_user(user_id, real_name, team_id=fields.pop("team_id", self.team_id), **fields)
        with self._lock:
            self._users[user_id] = user
        return user

    def add_channel(self, channel_id: str, name: str | None = None, **fields: Any) -> dict:
        is_private = bool(fields.pop("is_private", False))
        channel = {
            "id": channel_id,
            "name": name or channel_id.lower(),
            "is_channel": not is_private,
            "is_group": False,
            "is_im": False,
            "is_mpim": False,
            "is_private": is_private,
            "created": 1700000000,
            "is_archived": False,
            "is_general": False,
            "unlinked": 0,
            "name_normalized": name or channel_id.lower(),
            "is_shared": False,
            "is_org_shared": False,
            "is_pending_ext_shared": False,
            "pending_shared": [],
            "context_team_id": self.team_id,
            "updated": 1700000000000,
            "parent_conversation": None,
            "creator": "U0001",
            "is_ext_shared": False,
            "shared_team_ids": [self.team_id],
            "is_member": True,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
            "previous_names": [],
        }
        channel.update(fields)
        with self._lock:
            self._channels[channel_id] = channel
        return channel

    def add_usergroup(
        self, usergroup_id: str, handle: str | None = None, users: Iterable[str] = (), **fields: Any
    ) -> dict:
        handle = handle or usergroup_id.lower()
        group = {
            "id": usergroup_id,
            "team_id": self.team_id,
            "is_usergroup": True,
            "is_subteam": True,
            "name": fields.pop("name", handle),
            "description": "",
            "handle": handle,
            "is_external": False,
            "date_create": 1700000000,
            "date_update": 1700000000,
            "date_delete": 0,
            "auto_type": None,
            "auto_provision": False,
            "enterprise_subteam_id": "",
            "created_by": "U0001",
            "updated_by": "U0001",
            "deleted_by": None,
            "prefs": {"channels": [], "groups": []},
            "users": list(users),
        }
        group.update(fields)
        group["user_count"] = len(group["users"])
        with self._lock:
            self._usergroups[usergroup_id] = group
        return group

    def dm_channel_for(self, user_id: str) -> str:
        """The DM channel id conversations.open / chat.postMessage(channel=user) use for a user."""
        with self._lock:
            return self._dm_id(user_id)

    def on(self, method: str, handler: Callable[[dict], dict] | dict | None) -> None:
        """Answer ``method`` with handler(body) (or a fixed dict); raise SlackError for ok:false.
        ``ok: true`` is added if missing. Overrides built-ins; None removes the override."""
        with self._lock:
            if handler is None:
                self._custom.pop(method, None)
            elif callable(handler):
                self._custom[method] = handler
            else:
                fixed = dict(handler)
                self._custom[method] = lambda body: json.loads(json.dumps(fixed))

    # ----------------------------------------------------------- faults and latency

    def fail(
        self,
        method: str,
        error: str = "channel_not_found",
        times: int | None = None,
        when: BodyPredicate | None = None,
        **extra: Any,
    ) -> None:
        """Answer ``{"ok": false, "error": error, **extra}`` (HTTP 200). times=None: until reset().
        ``method="*"`` matches every Web API method. ``when(body)`` narrows it."""
        with self._lock:
            self._rules.append(_Rule("fail", method, times, when, error=error, extra=extra))

    def http_error(
        self,
        method: str,
        status: int = 500,
        times: int | None = 1,
        when: BodyPredicate | None = None,
        body: dict | str | None = None,
    ) -> None:
        """Answer HTTP ``status`` (e.g. 500, 503) with a JSON ok:false body (or ``body``).
        Works for response URLs too: ``http_error("response_url:x", 404, body="expired_url")``."""
        if body is None:
            body = {"ok": False, "error": "fatal_error" if status >= 500 else f"http_{status}"}
        with self._lock:
            self._rules.append(_Rule("http_error", method, times, when, status=status, body=body))

    def rate_limit(
        self, method: str, retry_after: int = 1, times: int | None = 1, when: BodyPredicate | None = None
    ) -> None:
        """Answer HTTP 429, ``Retry-After: <retry_after>``, body ``{"ok": false, "error": "ratelimited"}``."""
        with self._lock:
            self._rules.append(_Rule("rate_limit", method, times, when, retry_after=int(retry_after)))

    def delay(self, method: str, seconds: float | None) -> None:
        """Hold every answer to ``method`` ("*" for all) by ``seconds`` (after recording it); 0/None clears."""
        with self._lock:
            if seconds:
                self._delays[method] = float(seconds)
            else:
                self._delays.pop(method, None)

    def enforce_rate_limits(
        self,
        per_channel_per_second: float | None = 1.0,
        workspace_per_minute: int | None = None,
        random_429_rate: float = 0.0,
        seed: int = 0,
        methods: Sequence[str] = ("chat.postMessage",),
    ) -> None:
        """Refuse posts faster than the limits with HTTP 429 and an accurate ``Retry-After``
        (whole seconds, rounded up); a ``random_429_rate`` fraction of otherwise-allowed posts
        get a spurious 429 with ``Retry-After: 1``. Refused posts are not delivered."""
        with self._lock:
            self._limiter: _Limiter | None = _Limiter(per_channel_per_second, workspace_per_minute, random_429_rate, seed, methods)

    def stop_enforcing_rate_limits(self) -> None:
        with self._lock:
            self._limiter = None

    def reset(self) -> None:
        """Forget calls, responses, deliveries, messages, views, faults, delays, the rate limiter and
        method overrides. Keeps the directories (users, channels, usergroups) and settings."""
        with self._lock:
            self._clear_state()
            self._custom.clear()
            self.errors.clear()

    def _clear_state(self) -> None:
        self._calls: list[Call] = []
        self._responses: dict[str, list[Any]] = {}
        self._response_limits: dict[str, int] = {}
        self._rules: list[_Rule] = []
        self._delays: dict[str, float] = {}
        self._limiter = None
        self._deliveries: list[Delivery] = []
        self._messages: dict[tuple[str, str], dict] = {}
        self._deleted: set[tuple[str, str]] = set()
        self._views: dict[str, dict] = {}
        self._home_views: dict[str, str] = {}
        self._last_ts_us = 0
        self._files: dict[str, tuple[dict, bytes]] = {}  # files section
        self._pending_uploads: dict[str, dict] = {}  # uploads section: upload token -> what was announced
        self.uploads: list[dict] = []  # uploads section: files the bot completed, with their bytes

    # ----------------------------------------------------------- inspection

    @property
    def calls(self) -> list[Call]:
        """A snapshot (copy) of every call so far, in arrival order."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if c.method == method]

    def responses_to(self, name: str) -> list[Any]:
        """Bodies posted to response_url(name), in order (JSON-decoded dicts)."""
        with self._lock:
            return list(self._responses.get(name, []))

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0, where: BodyPredicate | None = None
    ) -> list[Call]:
        """Block until ``count`` calls to ``method`` (whose body satisfies ``where``) have arrived;
        return all such calls so far. Raises WaitTimeout listing what did arrive."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                matched = [c for c in self._calls if c.method == method and (where is None or where(c.body))]
                if len(matched) >= count:
                    return matched
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WaitTimeout(self._describe_wait(method, count, timeout, matched, where))
                self._cond.wait(left)

    def wait_for_responses(self, name: str, count: int = 1, timeout: float = 5.0) -> list[Any]:
        """Like wait_for, for bodies posted to response_url(name)."""
        self.wait_for(RESPONSE_URL_PREFIX + name, count=count, timeout=timeout)
        return self.responses_to(name)

    def assert_not_called(self, method: str, within: float = 0.0) -> None:
        """Wait ``within`` seconds, then fail if ``method`` was called."""
        if within:
            time.sleep(within)
        got = self.calls_to(method)
        if got:
            raise AssertionError(f"expected no calls to {method!r}, got {len(got)}: {got[:5]}")

    def _describe_wait(
        self, method: str, count: int, timeout: float, matched: list[Call], where: BodyPredicate | None
    ) -> str:
        same = [c for c in self._calls if c.method == method]
        counts: dict[str, int] = {}
        for c in self._calls:
            counts[c.method] = counts.get(c.method, 0) + 1
        lines = [
            f"timed out after {timeout:g}s waiting for {count} call(s) to {method!r}"
            + (" matching `where`" if where else "")
            + f"; {len(matched)} arrived" + (f" ({len(same)} to that method in all)" if where else "") + ".",
            "calls received: " + (", ".join(f"{m} x{n}" for m, n in counts.items()) or "none"),
        ]
        for c in same[-5:]:
            lines.append(f"  {c!r} -> {_short(c.response, 200)}")
        if not same and self._calls:
            lines.append("last calls:")
            for c in self._calls[-5:]:
                lines.append(f"  {c!r} -> {_short(c.response, 200)}")
        if self.errors:
            lines.append(f"fake server errors: {self.errors[-3:]!r}")
        return "\n".join(lines)

    # deliveries (successful chat.postMessage) and messages

    @property
    def deliveries(self) -> list[Delivery]:
        with self._lock:
            return list(self._deliveries)

    def deliveries_to(self, channel: str) -> list[Delivery]:
        with self._lock:
            return [d for d in self._deliveries if channel in (d.channel, d.requested_channel)]

    def delivered_counts(self, by: str = "channel") -> dict[str, int]:
        """Messages delivered per channel; by="requested" keys by the channel argument as sent."""
        if by not in ("channel", "requested"):
            raise ValueError('by must be "channel" or "requested"')
        counts: dict[str, int] = {}
        with self._lock:
            for d in self._deliveries:
                key = d.channel if by == "channel" else d.requested_channel
                counts[key] = counts.get(key, 0) + 1
        return counts

    def min_time_allowed(self, counts: Mapping[str, int] | None = None) -> float:
        """Lower bound (seconds from first to last post) the enforced limits allow for delivering
        ``counts`` messages per channel (default: what was delivered). 0.0 without a limiter."""
        with self._lock:
            limiter = self._limiter
        counts = dict(counts) if counts is not None else self.delivered_counts()
        if limiter is None or not counts:
            return 0.0
        bound = 0.0
        if limiter.interval:
            bound = max(bound, max((n - 1) * limiter.interval for n in counts.values() if n > 0))
        if limiter.workspace_per_minute:
            total = sum(counts.values())
            bound = max(bound, (math.ceil(total / limiter.workspace_per_minute) - 1) * 60.0)
        return bound

    def delivery_report(self) -> dict:
        """A summary for benchmarks."""
        with self._lock:
            deliveries = list(self._deliveries)
            limiter = self._limiter
            posts = [c for c in self._calls if c.method == "chat.postMessage"]
        counts = self.delivered_counts()
        first = deliveries[0].at if deliveries else None
        last = deliveries[-1].at if deliveries else None
        return {
            "delivered": len(deliveries),
            "channels": len(counts),
            "counts": counts,
            "duplicates": {ch: n for ch, n in counts.items() if n > 1},
            "attempts": len(posts),
            "refused_429": sum(1 for c in posts if c.status == 429),
            "refused_by_reason": dict(limiter.refused) if limiter else {},
            "failed_ok_false": sum(1 for c in posts if c.status == 200 and not c.ok),
            "first_at": first,
            "last_at": last,
            "span_seconds": (last - first) if last is not None and first is not None else 0.0,
            "min_time_allowed": self.min_time_allowed(counts),
        }

    def messages(self, channel: str | None = None) -> list[dict]:
        """Current state of messages posted via chat.postMessage (after updates; deleted removed)."""
        with self._lock:
            items = [
                dict(m, channel=ch)
                for (ch, ts), m in sorted(self._messages.items(), key=lambda kv: kv[0][1])
                if channel is None or ch == channel or self._dm_ids.get(channel) == ch
            ]
        return items

    def views(self) -> dict[str, dict]:
        """Views opened/pushed/updated/published, by view id."""
        with self._lock:
            return {k: dict(v) for k, v in self._views.items()}

    def response_url_max_uses(self, name: str, uses: int | None = 5) -> None:
        """Make response_url(name) answer 404 ``used_url`` after ``uses`` posts (Slack allows 5)."""
        with self._lock:
            if uses is None:
                self._response_limits.pop(name, None)
            else:
                self._response_limits[name] = uses

    # ----------------------------------------------------------- request handling

    def _record_error(self, exc: BaseException | None) -> None:
        if exc is not None:
            with self._lock:
                self.errors.append(exc)

    def _handle(self, req: _Handler) -> None:
        at, wall = req.arrived_at, req.arrived_wall
        split = urlsplit(req.path)
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length) if length > 0 else b""
        headers = Headers(req.headers.items())
        path = split.path
        if path.startswith(FILES_PATH):
            self._serve_file(req, path, headers)  # files section, at the end of this class
            return
        if path.startswith(UPLOAD_PATH):
            self._receive_upload(req, path, raw, headers)  # uploads section, at the end of this class
            return
        if path.startswith("/api/"):
            method = path[len("/api/"):]
        elif path.startswith("/response/"):
            method = RESPONSE_URL_PREFIX + unquote(path[len("/response/"):])
        else:
            self._send(req, 404, {"ok": False, "error": "not_found", "path": path}, {})
            return
        delay = 0.0
        body: dict = {}
        try:
            body = _parse_body(raw, headers.get("content-type", ""), split.query)
            with self._cond:
                status, payload, extra_headers, reason = self._decide(method, body, headers, at)
                call = Call(
                    method=method,
                    body=body,
                    headers=headers,
                    at=at,
                    wall=wall,
                    path=path,
                    status=status,
                    response=payload,
                    reason=reason,
                )
                self._calls.append(call)
                if method == "chat.postMessage" and call.ok and isinstance(payload, dict):
                    requested = str(body.get("channel", ""))
                    channel = str(payload.get("channel") or self._resolve_channel(requested))
                    self._deliveries.append(Delivery(channel, requested, str(payload.get("ts", "")), at, call))
                delay = self._delays.get(method, self._delays.get("*", 0.0))
                self._cond.notify_all()
        except Exception as exc:  # a bug in the fake or in a test-supplied handler
            status, payload, extra_headers = 500, {"ok": False, "error": "fake_internal_error", "detail": repr(exc)}, {}
            with self._cond:
                self.errors.append(exc)
                self._calls.append(Call(method, body, headers, at, wall, path, status, payload,
                                        "fake_internal_error"))
                self._cond.notify_all()
        if delay:
            self._stopping.wait(delay)
        self._send(req, status, payload, extra_headers)

    def _send(self, req: _Handler, status: int, payload: Any, extra_headers: dict) -> None:
        if isinstance(payload, (dict, list)):
            data = json.dumps(payload).encode("utf-8")
            ctype = "application/json; charset=utf-8"
        else:
            data = str(payload).encode("utf-8")
            ctype = "text/html"
        try:
            req.send_response(status)
            req.send_header("Content-Type", ctype)
            req.send_header("Content-Length", str(len(data)))
            for k, v in extra_headers.items():
                req.send_header(k, v)
            req.end_headers()
            req.wfile.write(data)
            req.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _decide(self, method: str, body: dict, headers: Headers, at: float) -> tuple[int, Any, dict, str | None]:
        """(status, payload, extra headers, reason). Called with the lock held."""
        for rule in self._rules:
            if rule.take(method, body):
                if rule.kind == "fail":
                    return 200, {"ok": False, "error": rule.answer["error"], **rule.answer["extra"]}, {}, "fail"
                if rule.kind == "http_error":
                    return rule.answer["status"], rule.answer["body"], {}, "http_error"
                retry = rule.answer["retry_after"]
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry)}, "rate_limit"

        refused = slack_validation.refusal(method, body)
        if refused is not None:
            self._refusals.append((method, refused.answer()))
            return 200, refused.answer(), {}, "refused"

        if method.startswith(RESPONSE_URL_PREFIX):
            name = method[len(RESPONSE_URL_PREFIX):]
            posted = self._responses.setdefault(name, [])
            limit = self._response_limits.get(name)
            if limit is not None and len(posted) >= limit:
                return 404, "used_url", {}, "used_url"
            posted.append(body.get("_json", body) if set(body) == {"_json"} else body)
            return 200, "ok", {}, None

        scope_headers = {"x-oauth-scopes": self.scopes, "x-accepted-oauth-scopes": ""}
        if method not in ("oauth.v2.access", "oauth.access", "oauth.v2.exchange"):
            auth_error = self._check_token(method, headers, body)
            if auth_error:
                return 200, {"ok": False, "error": auth_error}, {}, "auth"

        handler: Callable[..., Any] | None = self._custom.get(method) or getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method", "req_method": method}, {}, "unknown_method"

        limiter = self._limiter
        channel = None
        if limiter is not None and method in limiter.methods and body.get("channel"):
            channel = self._resolve_channel(str(body["channel"]))
            limited = limiter.check(channel, at)
            if limited is not None:
                retry, reason = limited
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry)}, reason

        try:
            payload = handler(body) if method in self._custom else handler(body, headers, at)
        except SlackError as e:
            return 200, {"ok": False, "error": e.error, **e.extra}, scope_headers, "error"
        payload = {"ok": True, **payload}
        if limiter is not None and channel is not None and payload.get("ok"):
            limiter.accept(channel, at)
        return 200, payload, scope_headers, None

    def _check_token(self, method: str, headers: Headers, body: dict) -> str | None:
        auth = headers.get("authorization") or ""
        token = None
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        elif isinstance(body.get("token"), str):
            token = body["token"]
        if not token:
            return "not_authed"
        if self.tokens is not None:
            if token not in self.tokens:
                return "invalid_auth"
        elif not token.startswith(("xoxb-", "xoxp-", "xapp-", "xoxe-", "xoxe.")):
            return "invalid_auth"
        if method == "apps.connections.open" and not token.startswith("xapp-"):
            return "not_allowed_token_type"
        return None

    # ----------------------------------------------------------- state helpers (lock held)

    def _next_ts(self) -> str:
        now_us = int(time.time() * 1_000_000)
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        self._id_counter += 1
        return f"{prefix}{self._id_counter:010d}"

    def _dm_id(self, user_id: str) -> str:
        if user_id not in self._dm_ids:
            self._dm_ids[user_id] = "D" + (user_id[1:] if len(user_id) > 1 else user_id) + "DM"
        return self._dm_ids[user_id]

    def _resolve_channel(self, channel: str) -> str:
        if channel[:1] in ("U", "W") and channel not in self._channels:
            return self._dm_id(channel)
        return channel

    def _channel_object(self, channel_id: str) -> dict | None:
        if channel_id in self._channels:
            return dict(self._channels[channel_id])
        for user_id, dm in self._dm_ids.items():
            if dm == channel_id:
                return {
                    "id": dm,
                    "created": 1700000000,
                    "is_archived": False,
                    "is_im": True,
                    "is_org_shared": False,
                    "context_team_id": self.team_id,
                    "updated": 1700000000000,
                    "user": user_id,
                    "last_read": "0000000000.000000",
                    "latest": None,
                    "unread_count": 0,
                    "unread_count_display": 0,
                    "is_open": True,
                    "priority": 0,
                }
        return None

    def _message(self, body: dict, ts: str) -> dict:
        msg: dict[str, Any] = {
            "user": self.bot_user_id,
            "type": "message",
            "ts": ts,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "text": body.get("text", "") or "",
            "team": self.team_id,
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": self.bot_name,
                "deleted": False,
                "team_id": self.team_id,
            },
        }
        for key in ("blocks", "attachments", "metadata"):
            if key in body:
                msg[key] = _jsonish(body[key])
        if body.get("thread_ts"):
            msg["thread_ts"] = str(body["thread_ts"])
            msg["parent_user_id"] = body.get("parent_user_id", "U0001")
        return msg

    def _view(self, body: dict, view_id: str | None = None, base: dict | None = None) -> dict:
        submitted = _jsonish(body.get("view"))
        if not isinstance(submitted, dict):
            raise SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing required field: view"]})
        view_id = view_id or self._new_id("V")
        view = dict(base) if base else {
            "id": view_id,
            "team_id": self.team_id,
            "type": "modal",
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "state": {"values": {}},
            "title": None,
            "clear_on_close": False,
            "notify_on_close": False,
            "close": None,
            "submit": None,
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": self.app_id,
            "external_id": "",
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        for key, value in submitted.items():
            view[key] = value
        view["id"] = view_id
        view["hash"] = f"{int(time.time())}.{self._new_id('h')[1:]}"
        self._views[view_id] = view
        return dict(view)

    @staticmethod
    def _require(body: dict, *names: str, error: str = "invalid_arguments") -> None:
        for name in names:
            if body.get(name) in (None, ""):
                raise SlackError(error, response_metadata={"messages": [f"[ERROR] missing required field: {name}"]})

    # ----------------------------------------------------------- built-in methods

    def _m_api_test(self, body: dict, headers: Headers, at: float) -> dict:
        args = {k: v for k, v in body.items() if k != "token"}
        if "error" in args:
            raise SlackError(str(args["error"]), args=args)
        return {"args": args} if args else {}

    def _m_auth_test(self, body: dict, headers: Headers, at: float) -> dict:
        token = (headers.get("authorization") or "")[7:].strip() or body.get("token", "")
        out = {
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "team_id": self.team_id,
            "is_enterprise_install": False,
        }
        if token.startswith("xoxp-"):
            out.update(user="installer", user_id="U0001")
        else:
            out.update(user=self.bot_name, user_id=self.bot_user_id, bot_id=self.bot_id)
        if self.enterprise_id:
            out["enterprise_id"] = self.enterprise_id
        return out

    def _m_chat_postMessage(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "channel", error="channel_not_found")
        if not any(body.get(k) for k in ("text", "blocks", "attachments")):
            raise SlackError("no_text")
        channel = self._resolve_channel(str(body["channel"]))
        ts = self._next_ts()
        message = self._message(body, ts)
        self._messages[(channel, ts)] = message
        return {"channel": channel, "ts": ts, "message": dict(message)}

    def _m_chat_postEphemeral(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "channel", error="channel_not_found")
        self._require(body, "user", error="user_not_in_channel")
        if not any(body.get(k) for k in ("text", "blocks", "attachments")):
            raise SlackError("no_text")
        return {"message_ts": self._next_ts()}

    def _m_chat_update(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "channel", error="channel_not_found")
        self._require(body, "ts", error="message_not_found")
        channel, ts = self._resolve_channel(str(body["channel"])), str(body["ts"])
        if (channel, ts) in self._deleted:
            raise SlackError("message_not_found")
        message = self._messages.get((channel, ts)) or self._message({}, ts)
        if "text" in body:
            message["text"] = body["text"] or ""
        for key in ("blocks", "attachments", "metadata"):
            if key in body:
                message[key] = _jsonish(body[key])
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        self._messages[(channel, ts)] = message
        return {"channel": channel, "ts": ts, "text": message.get("text", ""), "message": dict(message)}

    def _m_chat_delete(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "channel", error="channel_not_found")
        self._require(body, "ts", error="message_not_found")
        channel, ts = self._resolve_channel(str(body["channel"])), str(body["ts"])
        if (channel, ts) in self._deleted:
            raise SlackError("message_not_found")
        self._messages.pop((channel, ts), None)
        self._deleted.add((channel, ts))
        return {"channel": channel, "ts": ts}

    def _m_chat_getPermalink(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "channel", error="channel_not_found")
        self._require(body, "message_ts", error="message_not_found")
        channel, ts = str(body["channel"]), str(body["message_ts"])
        return {
            "channel": channel,
            "permalink": f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}",
        }

    def _m_views_open(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "trigger_id")
        return {"view": self._view(body)}

    def _m_views_push(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "trigger_id")
        return {"view": self._view(body)}

    def _m_views_update(self, body: dict, headers: Headers, at: float) -> dict:
        view_id = body.get("view_id")
        external_id = body.get("external_id")
        if not view_id and external_id:
            view_id = next((k for k, v in self._views.items() if v.get("external_id") == external_id), None)
            if view_id is None:
                raise SlackError("not_found")
        if not view_id:
            raise SlackError("invalid_arguments", response_metadata={"messages": ["view_id or external_id required"]})
        base = self._views.get(view_id)
        if base and body.get("hash") and body["hash"] != base.get("hash"):
            raise SlackError("hash_conflict")
        return {"view": self._view(body, view_id=view_id, base=base)}

    def _m_views_publish(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "user_id")
        user_id = str(body["user_id"])
        view_id = self._home_views.get(user_id) or self._new_id("V")
        self._home_views[user_id] = view_id
        base = self._views.get(view_id)
        if base and body.get("hash") and body["hash"] != base.get("hash"):
            raise SlackError("hash_conflict")
        view = self._view(body, view_id=view_id, base=base)
        return {"view": view}

    def _m_users_info(self, body: dict, headers: Headers, at: float) -> dict:
        user = self._users.get(str(body.get("user", "")))
        if user is None:
            raise SlackError("user_not_found")
        return {"user": json.loads(json.dumps(user))}

    def _m_users_list(self, body: dict, headers: Headers, at: float) -> dict:
        members = list(self._users.values())
        try:
            limit = int(body.get("limit") or 0)
        except ValueError:
            raise SlackError("invalid_limit") from None
        limit = limit if limit > 0 else 1000
        offset = 0
        cursor = body.get("cursor")
        if cursor:
            try:
                kind, _, value = base64.b64decode(cursor).decode().partition(":")
                if kind != "offset":
                    raise ValueError(kind)
                offset = int(value)
            except (ValueError, binascii.Error):
                raise SlackError("invalid_cursor") from None
        page = members[offset: offset + limit]
        nxt = offset + limit
        next_cursor = base64.b64encode(f"offset:{nxt}".encode()).decode() if nxt < len(members) else ""
        return {
            "members": json.loads(json.dumps(page)),
            "cache_ts": int(time.time()),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _m_usergroups_list(self, body: dict, headers: Headers, at: float) -> dict:
        include_users = _truthy(body.get("include_users", False))
        groups = []
        for group in self._usergroups.values():
            g = json.loads(json.dumps(group))
            if not include_users:
                g.pop("users", None)
            groups.append(g)
        return {"usergroups": groups}

    def _m_usergroups_users_list(self, body: dict, headers: Headers, at: float) -> dict:
        group = self._usergroups.get(str(body.get("usergroup", "")))
        if group is None:
            raise SlackError("no_such_subteam")
        return {"users": list(group["users"])}

    def _m_conversations_info(self, body: dict, headers: Headers, at: float) -> dict:
        channel = self._channel_object(str(body.get("channel", "")))
        if channel is None:
            raise SlackError("channel_not_found")
        return {"channel": channel}

    def _m_conversations_open(self, body: dict, headers: Headers, at: float) -> dict:
        users = [u.strip() for u in str(body.get("users") or "").split(",") if u.strip()]
        if body.get("channel"):
            channel = self._channel_object(str(body["channel"]))
            if channel is None:
                raise SlackError("channel_not_found")
            return {"channel": channel if _truthy(body.get("return_im")) else {"id": channel["id"]},
                    "no_op": True, "already_open": True}
        if not users:
            raise SlackError("users_list_not_supplied")
        if len(users) == 1:
            existed = users[0] in self._dm_ids
            dm = self._dm_id(users[0])
            channel = self._channel_object(dm) if _truthy(body.get("return_im")) else {"id": dm}
            return {"no_op": existed, "already_open": existed, "channel": channel}
        key = ",".join(sorted(users))
        if key not in self._mpim_ids:
            self._mpim_ids[key] = self._new_id("G")
        return {"channel": {"id": self._mpim_ids[key]}}

    def _m_team_info(self, body: dict, headers: Headers, at: float) -> dict:
        team = {
            "id": self.team_id,
            "name": self.team_name,
            "url": f"https://{self.team_domain}.slack.com/",
            "domain": self.team_domain,
            "email_domain": "example.org",
            "icon": {"image_default": True, "image_34": "https://a.slack-edge.com/0/img/avatars-teams/ava_0001-34.png"},
            "avatar_base_url": "https://ca.slack-edge.com/",
            "is_verified": False,
        }
        if self.enterprise_id:
            team.update(enterprise_id=self.enterprise_id, enterprise_name="Enterprise")
        return {"team": team}

    def _m_oauth_v2_access(self, body: dict, headers: Headers, at: float) -> dict:
        auth = headers.get("authorization") or ""
        has_basic = auth.lower().startswith("basic ")
        if not has_basic and not body.get("client_id"):
            raise SlackError("invalid_client_id")
        if not has_basic and not body.get("client_secret"):
            raise SlackError("bad_client_secret")
        if body.get("grant_type") != "refresh_token" and not body.get("code"):
            raise SlackError("invalid_code")
        return json.loads(json.dumps(self.oauth_v2_access_response))

    def _m_apps_connections_open(self, body: dict, headers: Headers, at: float) -> dict:
        if not self.socket_mode_url:
            raise SlackError("socket_mode_not_supported_by_fake")
        return {"url": self.socket_mode_url}

    # ----------------------------------------------------------- files (files.info and downloads)
    #
    # ``add_file`` stores an upload; ``files.info`` describes it as Slack does, with a
    # ``url_private`` / ``url_private_download`` on this server. Downloading needs the bot token
    # in an ``Authorization: Bearer`` header (Slack's rule): without it Slack answers 200 with its
    # HTML sign-in page, and so does this fake. Downloads are recorded as ``method == "files:download"``.

    def add_file(self, name: str, content: bytes, *, user: str = "U0001", file_id: str | None = None,
                 filetype: str | None = None, mimetype: str = "application/octet-stream") -> dict:
        """Store an upload and return its Slack file object."""
        with self._lock:
            file_id = file_id or self._new_id("F")
            quoted = quote(name)
            url = f"{self.url.rstrip('/')}{FILES_PATH}{self.team_id}-{file_id}/{quoted}"
            info = {
                "id": file_id,
                "created": int(time.time()),
                "timestamp": int(time.time()),
                "name": name,
                "title": name,
                "mimetype": mimetype,
                "filetype": filetype or (name.rsplit(".", 1)[-1].lower() if "." in name else "binary"),
                "pretty_type": (filetype or name.rsplit(".", 1)[-1]).upper(),
                "user": user,
                "user_team": self.team_id,
                "mode": "hosted",
                "editable": False,
                "is_external": False,
                "external_type": "",
                "is_public": False,
                "public_url_shared": False,
                "size": len(content),
                "url_private": url,
                "url_private_download": url.replace(f"/{quoted}", f"/download/{quoted}"),
                "permalink": f"https://{self.team_domain}.slack.com/files/{user}/{file_id}/{quoted}",
                "channels": [],
                "groups": [],
                "ims": [],
            }
            self._files[file_id] = (info, content)
            return dict(info)

    def _m_files_info(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "file")
        if "files:read" not in self.scopes.split(","):
            raise SlackError("missing_scope", needed="files:read", provided=self.scopes)
        stored = self._files.get(str(body["file"]))
        if stored is None:
            raise SlackError("file_not_found")
        return {"file": dict(stored[0]), "comments": [], "response_metadata": {"next_cursor": ""}}

    def _serve_file(self, req: _Handler, path: str, headers: Headers) -> None:
        at, wall = req.arrived_at, req.arrived_wall
        token = (headers.get("authorization") or "")[7:].strip() if (headers.get("authorization") or "").lower().startswith("bearer ") else ""
        parts = path[len(FILES_PATH):].split("/")
        file_id = parts[0].split("-", 1)[-1] if parts else ""
        with self._cond:
            stored = self._files.get(file_id)
            allowed = bool(token) and (self.tokens is None or token in self.tokens)
            if stored is None:
                status, ctype, data = 404, "text/html", b"<html><body>Not found</body></html>"
            elif not allowed:
                status, ctype, data = 200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>"
            else:
                status, ctype, data = 200, stored[0]["mimetype"], stored[1]
            self._calls.append(Call("files:download", {"file": file_id}, headers, at, wall, path, status,
                                    f"<{len(data)} bytes>", None if allowed else "auth"))
            self._cond.notify_all()
        try:
            req.send_response(status)
            req.send_header("Content-Type", ctype)
            req.send_header("Content-Length", str(len(data)))
            req.end_headers()
            req.wfile.write(data)
            req.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    # ----------------------------------------------------------- exactly-once digests: history
    # conversations.history as Slack answers it: newest first, `oldest`/`latest` exclusive
    # bounds, `limit` with cursor paging, metadata only with include_all_metadata, and
    # missing_scope without channels:history (public), groups:history (private) or im:history.
    # Together with delay() (the answer comes after the client's timeout, but the post has
    # landed) this is what lets tests settle an ambiguous post by evidence.

    def _history_scope(self, channel: str) -> str:
        found = self._channel_object(channel) or {}
        if channel.startswith("D") or found.get("is_im"):
            return "im:history"
        if channel.startswith("G") or found.get("is_private"):
            return "groups:history"
        return "channels:history"

    def _m_conversations_history(self, body: dict, headers: Headers, at: float) -> dict:
        self._require(body, "channel", error="channel_not_found")
        channel = self._resolve_channel(str(body["channel"]))
        needed = self._history_scope(channel)
        if needed not in [s.strip() for s in self.scopes.split(",")]:
            raise SlackError("missing_scope", needed=needed, provided=self.scopes)
        oldest = float(body.get("oldest") or 0)
        latest = float(body["latest"]) if body.get("latest") else None
        limit = max(1, min(int(body.get("limit") or 100), 999))
        start = int(body.get("cursor") or 0) if str(body.get("cursor") or "0").isdigit() else 0
        with_metadata = _truthy(body.get("include_all_metadata"))
        found = sorted(
            (m for (c, ts), m in self._messages.items()
             if c == channel and float(ts) > oldest and (latest is None or float(ts) < latest)),
            key=lambda m: float(m["ts"]), reverse=True,
        )
        page = found[start:start + limit]
        messages = []
        for message in page:
            copy = json.loads(json.dumps(message))
            if not with_metadata:
                copy.pop("metadata", None)
            messages.append(copy)
        more = start + limit < len(found)
        return {
            "messages": messages,
            "has_more": more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    # ----------------------------------------------------------- the bot's uploads (files_upload_v2)
    # Slack's current upload API, as slack_sdk's files_upload_v2 drives it:
    # 1. files.getUploadURLExternal(filename, length) needs files:write and both arguments (length a
    #    positive whole number); it answers a one-time upload_url and a file id;
    # 2. the bytes are POSTed to upload_url (no token: the URL is the credential). An unknown or used
    #    URL gets 404; a body whose size is not the length announced gets 400;
    # 3. files.completeUploadExternal(files=[{id, title}], channel_id) needs files:write; every id
    #    must have been issued and uploaded (file_not_found otherwise), and channel_id must be a
    #    channel or DM that exists (channel_not_found). The file is then shared there: it is in
    #    `uploads` (name, title, channel, bytes) and files.info describes it.

    def _m_files_getUploadURLExternal(self, body: dict, headers: Headers, at: float) -> dict:
        if "files:write" not in [s.strip() for s in self.scopes.split(",")]:
            raise SlackError("missing_scope", needed="files:write", provided=self.scopes)
        filename = str(body.get("filename") or "").strip()
        length = str(body.get("length") or "")
        if not filename or not length.isdigit() or int(length) <= 0:
            raise SlackError("invalid_arguments")
        file_id = self._new_id("F")
        token = f"{file_id}-{random.getrandbits(64):016x}"
        self._pending_uploads[token] = {"file_id": file_id, "filename": filename, "length": int(length), "data": None,
                                        "alt_txt": body.get("alt_txt")}
        return {"upload_url": f"{self.url.rstrip('/')}{UPLOAD_PATH}{token}", "file_id": file_id}

    def _receive_upload(self, req: _Handler, path: str, raw: bytes, headers: Headers) -> None:
        at, wall = req.arrived_at, req.arrived_wall
        token = path[len(UPLOAD_PATH):]
        with self._cond:
            pending = self._pending_uploads.get(token)
            if req.command != "POST" or pending is None or pending["data"] is not None:
                status, answer = 404, "not_found"
            elif len(raw) != pending["length"]:
                status, answer = 400, f"length mismatch: announced {pending['length']}, sent {len(raw)}"
            else:
                pending["data"] = raw
                status, answer = 200, f"OK - {len(raw)}"
            self._calls.append(Call("files:upload", {"file": pending["file_id"] if pending else None, "bytes": len(raw)},
                                    headers, at, wall, path, status, answer, None if status == 200 else "upload"))
            self._cond.notify_all()
        self._send(req, status, answer, {})

    def _m_files_completeUploadExternal(self, body: dict, headers: Headers, at: float) -> dict:
        if "files:write" not in [s.strip() for s in self.scopes.split(",")]:
            raise SlackError("missing_scope", needed="files:write", provided=self.scopes)
        wanted = _jsonish(body.get("files"))
        if not isinstance(wanted, list) or not wanted or not all(isinstance(f, dict) and f.get("id") for f in wanted):
            raise SlackError("invalid_arguments")
        channel = str(body.get("channel_id") or "")
        if channel and self._channel_object(channel) is None:
            raise SlackError("channel_not_found")
        by_id = {p["file_id"]: (token, p) for token, p in self._pending_uploads.items()}
        found = []
        for entry in wanted:
            token_pending = by_id.get(str(entry["id"]))
            if token_pending is None or token_pending[1]["data"] is None:
                raise SlackError("file_not_found")
            found.append((entry, token_pending))
        completed = []
        for entry, (token, pending) in found:
            info = self.add_file(pending["filename"], pending["data"], user=self.bot_user_id, file_id=pending["file_id"])
            info["title"] = str(entry.get("title") or pending["filename"])
            if channel:
                info["ims" if channel.startswith("D") else "channels"] = [channel]
            self._files[pending["file_id"]] = (info, pending["data"])
            self.uploads.append({"id": pending["file_id"], "name": pending["filename"], "title": info["title"], "channel": channel,
                                 "initial_comment": body.get("initial_comment"), "content": pending["data"]})
            del self._pending_uploads[token]
            completed.append({"id": info["id"], "title": info["title"], "name": info["name"]})
        return {"files": completed}
