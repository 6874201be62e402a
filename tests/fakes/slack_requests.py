"""Build the HTTP requests Slack sends to an app: signed slash commands, interactivity and events.

Every ``*_body`` function returns the exact request body (str) Slack would send; the matching
``*_payload`` function returns the dict inside it, so a test can tweak it and encode it with
:func:`interactivity_body` (form ``payload=<json>``) or :func:`json_body` (Events API).

    body = slash_command_body(text="list", response_url=slack.response_url("cmd"))
    status, headers, text = post(app_url + "/slack/events", body, signed_headers(body, SECRET))
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from typing import Any, Mapping
from urllib.parse import urlencode

__all__ = [
    "API_APP_ID",
    "BOT_ID",
    "BOT_USER_ID",
    "CHANNEL_ID",
    "CHANNEL_NAME",
    "FORM_CONTENT_TYPE",
    "JSON_CONTENT_TYPE",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "TEAM_NAME",
    "USER_ID",
    "USER_NAME",
    "VERIFICATION_TOKEN",
    "app_home_opened_event",
    "app_mention_event",
    "block_actions_body",
    "block_actions_payload",
    "event_callback_body",
    "event_callback_payload",
    "global_shortcut_body",
    "global_shortcut_payload",
    "interactivity_body",
    "json_body",
    "message_event",
    "message_shortcut_body",
    "message_shortcut_payload",
    "modal_view",
    "post",
    "post_signed",
    "sign",
    "signed_headers",
    "slash_command_body",
    "new_trigger_id",
    "url_verification_body",
    "view_submission_body",
    "view_submission_payload",
]

TEAM_ID = "T0001"
TEAM_DOMAIN = "scrutiny-test"
TEAM_NAME = "Scrutiny Test"
API_APP_ID = "A0APP"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
USER_ID = "U0001"
USER_NAME = "alice"
CHANNEL_ID = "C0001"
CHANNEL_NAME = "general"
#: The deprecated verification token Slack still puts in every payload (Bolt ignores it).
VERIFICATION_TOKEN = "xyzz0WbapA4vBCDEFasx0q6G"

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"
USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"

_counter = itertools.count(1)


# --------------------------------------------------------------------------- signing


def sign(body: bytes | str, secret: str, timestamp: int | str) -> str:
    """Slack's request signature: ``v0=`` + hex HMAC-SHA256(secret, ``v0:{timestamp}:{body}``)."""
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    base = b"v0:" + str(int(timestamp)).encode("ascii") + b":" + raw
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: bytes | str,
    secret: str,
    timestamp: int | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    content_type: str | None = None,
) -> dict[str, str]:
    """The headers Slack sends with ``body``. Content type defaults to JSON for a body starting
    with ``{`` (Events API), else form-encoded (slash commands, interactivity)."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    if content_type is None:
        head = body[:1] if isinstance(body, str) else body[:1].decode("latin-1")
        content_type = JSON_CONTENT_TYPE if head == "{" else FORM_CONTENT_TYPE
    headers = {
        "Content-Type": content_type,
        "User-Agent": USER_AGENT,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sign(body, secret, ts),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    elif retry_reason is not None:
        headers["X-Slack-Retry-Reason"] = retry_reason
    return headers


# --------------------------------------------------------------------------- ids


def new_trigger_id() -> str:
    """A fresh trigger_id of Slack's shape (``<digits>.<digits>.<32 hex>``)."""
    n = next(_counter)
    return f"{398738663015 + n}.47445629121.{hashlib.md5(str(n).encode()).hexdigest()}"


def _action_ts() -> str:
    return f"{time.time():.6f}"


def _message_ts() -> str:
    return f"{int(time.time()) - 60}.{next(_counter):06d}"


def _hooks_url(kind: str, team_id: str) -> str:
    n = next(_counter)
    return f"https://hooks.slack.com/{kind}/{team_id}/{397700885554 + n}/{hashlib.md5(str(n).encode()).hexdigest()[:24]}"


def _team(team_id: str, team_domain: str) -> dict:
    return {"id": team_id, "domain": team_domain}


def _user(user_id: str, user_name: str, team_id: str) -> dict:
    return {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id}


def _enterprise(enterprise_id: str | None) -> dict | None:
    return {"id": enterprise_id, "name": "Enterprise"} if enterprise_id else None


# --------------------------------------------------------------------------- encoders


def interactivity_body(payload: Mapping[str, Any]) -> str:
    """Form-encode ``payload=<json>`` as Slack posts interactivity."""
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


def json_body(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, separators=(",", ":"))


# --------------------------------------------------------------------------- slash commands


def slash_command_body(
    command: str = "/actions",
    text: str = "",
    team_id: str = TEAM_ID,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    response_url: str | None = None,
    trigger_id: str | None = None,
    *,
    team_domain: str = TEAM_DOMAIN,
    channel_name: str = CHANNEL_NAME,
    user_name: str = USER_NAME,
    api_app_id: str = API_APP_ID,
    token: str = VERIFICATION_TOKEN,
    enterprise_id: str | None = None,
    enterprise_name: str | None = None,
    is_enterprise_install: bool = False,
) -> str:
    """Form-encoded slash command, fields in Slack's order. Pass ``response_url=slack.response_url(..)``:
    the default is a hooks.slack.com URL, unreachable offline."""
    fields: list[tuple[str, str]] = [
        ("token", token),
        ("team_id", team_id),
        ("team_domain", team_domain),
    ]
    if enterprise_id:
        fields += [("enterprise_id", enterprise_id), ("enterprise_name", enterprise_name or "Enterprise")]
    fields += [
        ("channel_id", channel_id),
        ("channel_name", channel_name),
        ("user_id", user_id),
        ("user_name", user_name),
        ("command", command),
        ("text", text),
        ("api_app_id", api_app_id),
        ("is_enterprise_install", "true" if is_enterprise_install else "false"),
        ("response_url", response_url or _hooks_url("commands", team_id)),
        ("trigger_id", trigger_id or new_trigger_id()),
    ]
    return urlencode(fields)


# --------------------------------------------------------------------------- interactivity


def modal_view(
    callback_id: str = "view",
    *,
    view_id: str | None = None,
    values: Mapping[str, Any] | None = None,
    private_metadata: str = "",
    blocks: list | None = None,
    title: str = "Scrutiny",
    submit: str | None = "Submit",
    team_id: str = TEAM_ID,
    api_app_id: str = API_APP_ID,
    bot_id: str = BOT_ID,
    external_id: str = "",
    hash: str | None = None,
    previous_view_id: str | None = None,
    root_view_id: str | None = None,
    type: str = "modal",
) -> dict:
    """A view object as Slack includes it in view_submission / block_actions payloads.
    ``values`` is ``state.values``: ``{block_id: {action_id: {"type": "plain_text_input", "value": "x"}}}``."""
    view_id = view_id or f"V{next(_counter):010d}"
    return {
        "id": view_id,
        "team_id": team_id,
        "type": type,
        "blocks": blocks if blocks is not None else [],
        "private_metadata": private_metadata,
        "callback_id": callback_id,
        "state": {"values": dict(values or {})},
        "hash": hash or f"{int(time.time())}.{hashlib.md5(view_id.encode()).hexdigest()[:8]}",
        "title": {"type": "plain_text", "text": title, "emoji": True},
        "clear_on_close": False,
        "notify_on_close": False,
        "close": {"type": "plain_text", "text": "Cancel", "emoji": True},
        "submit": {"type": "plain_text", "text": submit, "emoji": True} if submit else None,
        "previous_view_id": previous_view_id,
        "root_view_id": root_view_id or view_id,
        "app_id": api_app_id,
        "external_id": external_id,
        "app_installed_team_id": team_id,
        "bot_id": bot_id,
    }


def block_actions_payload(
    action_id: str = "action",
    value: str | None = "value",
    block_id: str = "block",
    *,
    action_type: str = "button",
    actions: list[dict] | None = None,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    channel_id: str = CHANNEL_ID,
    channel_name: str = CHANNEL_NAME,
    message_ts: str | None = None,
    message: dict | None = None,
    is_ephemeral: bool = False,
    view: dict | None = None,
    state_values: Mapping[str, Any] | None = None,
    response_url: str | None = None,
    trigger_id: str | None = None,
    api_app_id: str = API_APP_ID,
    token: str = VERIFICATION_TOKEN,
    enterprise_id: str | None = None,
) -> dict:
    """A block_actions payload: from a message in a channel (default), an ephemeral message
    (``is_ephemeral=True``: no ``message``), or a modal/home view (pass ``view=modal_view(...)``:
    no channel, message or response_url). ``actions`` replaces the single button action."""
    if actions is None:
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "type": action_type}
        if action_type == "button":
            action["text"] = {"type": "plain_text", "text": "Button", "emoji": True}
            if value is not None:
                action["value"] = value
        elif action_type in ("static_select", "external_select"):
            action["selected_option"] = {
                "text": {"type": "plain_text", "text": value or "", "emoji": True},
                "value": value,
            }
            action["placeholder"] = {"type": "plain_text", "text": "Choose", "emoji": True}
        elif action_type == "users_select":
            action["selected_user"] = value
        elif action_type == "conversations_select":
            action["selected_conversation"] = value
        elif action_type == "channels_select":
            action["selected_channel"] = value
        elif action_type == "datepicker":
            action["selected_date"] = value
        elif action_type == "overflow":
            action["selected_option"] = {"text": {"type": "plain_text", "text": value or "", "emoji": True},
                                         "value": value}
        elif value is not None:
            action["value"] = value
        action["action_ts"] = _action_ts()
        actions = [action]
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": token,
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view["id"]}
    else:
        message_ts = message_ts or (message or {}).get("ts") or _message_ts()
        payload["container"] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": is_ephemeral,
        }
    payload.update(
        {
            "trigger_id": trigger_id or new_trigger_id(),
            "team": _team(team_id, team_domain),
            "enterprise": _enterprise(enterprise_id),
            "is_enterprise_install": False,
        }
    )
    if view is not None:
        payload["view"] = view
    else:
        payload["channel"] = {"id": channel_id, "name": channel_name}
        if not is_ephemeral:
            payload["message"] = message or {
                "user": BOT_USER_ID,
                "type": "message",
                "ts": message_ts,
                "bot_id": BOT_ID,
                "app_id": api_app_id,
                "text": "message with a button",
                "team": team_id,
                "blocks": [
                    {
                        "type": "actions",
                        "block_id": block_id,
                        "elements": [
                            {
                                "type": "button",
                                "action_id": action_id,
                                "text": {"type": "plain_text", "text": "Button", "emoji": True},
                                **({"value": value} if value is not None else {}),
                            }
                        ],
                    }
                ],
            }
        payload["state"] = {"values": dict(state_values or {})}
        payload["response_url"] = response_url or _hooks_url("actions", team_id)
    payload["actions"] = actions
    return payload


def block_actions_body(*args: Any, **kwargs: Any) -> str:
    """Form-encoded block_actions request; arguments as block_actions_payload()."""
    return interactivity_body(block_actions_payload(*args, **kwargs))


def view_submission_payload(
    callback_id: str = "view",
    values: Mapping[str, Any] | None = None,
    private_metadata: str = "",
    *,
    view: dict | None = None,
    view_id: str | None = None,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    trigger_id: str | None = None,
    response_urls: list[dict] | None = None,
    api_app_id: str = API_APP_ID,
    token: str = VERIFICATION_TOKEN,
    enterprise_id: str | None = None,
) -> dict:
    """A view_submission payload. ``values`` is the view's ``state.values``."""
    return {
        "type": "view_submission",
        "team": _team(team_id, team_domain),
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": token,
        "trigger_id": trigger_id or new_trigger_id(),
        "view": view
        or modal_view(callback_id, view_id=view_id, values=values, private_metadata=private_metadata,
                      team_id=team_id, api_app_id=api_app_id),
        "response_urls": list(response_urls or []),
        "is_enterprise_install": False,
        "enterprise": _enterprise(enterprise_id),
    }


def view_submission_body(*args: Any, **kwargs: Any) -> str:
    return interactivity_body(view_submission_payload(*args, **kwargs))


def message_shortcut_payload(
    callback_id: str = "shortcut",
    message_text: str = "a message",
    *,
    message_ts: str | None = None,
    message: dict | None = None,
    message_user: str = USER_ID,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    channel_id: str = CHANNEL_ID,
    channel_name: str = CHANNEL_NAME,
    response_url: str | None = None,
    trigger_id: str | None = None,
    api_app_id: str = API_APP_ID,
    token: str = VERIFICATION_TOKEN,
    enterprise_id: str | None = None,
) -> dict:
    """A message shortcut (``type: message_action``) payload."""
    message_ts = message_ts or (message or {}).get("ts") or _message_ts()
    return {
        "type": "message_action",
        "token": token,
        "action_ts": _action_ts(),
        "team": _team(team_id, team_domain),
        "user": _user(user_id, user_name, team_id),
        "channel": {"id": channel_id, "name": channel_name},
        "is_enterprise_install": False,
        "enterprise": _enterprise(enterprise_id),
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "response_url": response_url or _hooks_url("app", team_id),
        "message_ts": message_ts,
        "message": message
        or {
            "client_msg_id": f"{hashlib.md5(message_ts.encode()).hexdigest()[:8]}-0000-4000-8000-000000000000",
            "type": "message",
            "text": message_text,
            "user": message_user,
            "ts": message_ts,
            "team": team_id,
            "blocks": [],
        },
        "api_app_id": api_app_id,
    }


def message_shortcut_body(*args: Any, **kwargs: Any) -> str:
    return interactivity_body(message_shortcut_payload(*args, **kwargs))


def global_shortcut_payload(
    callback_id: str = "shortcut",
    *,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    trigger_id: str | None = None,
    api_app_id: str = API_APP_ID,
    token: str = VERIFICATION_TOKEN,
    enterprise_id: str | None = None,
) -> dict:
    """A global shortcut (``type: shortcut``) payload."""
    return {
        "type": "shortcut",
        "token": token,
        "action_ts": _action_ts(),
        "team": _team(team_id, team_domain),
        "user": _user(user_id, user_name, team_id),
        "is_enterprise_install": False,
        "enterprise": _enterprise(enterprise_id),
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "api_app_id": api_app_id,
    }


def global_shortcut_body(*args: Any, **kwargs: Any) -> str:
    return interactivity_body(global_shortcut_payload(*args, **kwargs))


# --------------------------------------------------------------------------- Events API


def event_callback_payload(
    event: Mapping[str, Any],
    team_id: str = TEAM_ID,
    event_id: str | None = None,
    event_time: int | None = None,
    *,
    api_app_id: str = API_APP_ID,
    token: str = VERIFICATION_TOKEN,
    enterprise_id: str | None = None,
    authorizations: list[dict] | None = None,
    bot_user_id: str = BOT_USER_ID,
    is_ext_shared_channel: bool = False,
) -> dict:
    n = next(_counter)
    return {
        "token": token,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": enterprise_id,
        "api_app_id": api_app_id,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id or f"Ev{n:010d}",
        "event_time": int(time.time()) if event_time is None else int(event_time),
        "authorizations": authorizations
        if authorizations is not None
        else [
            {
                "enterprise_id": enterprise_id,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": is_ext_shared_channel,
        "event_context": f"4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJ{n:08d}",
    }


def event_callback_body(event: Mapping[str, Any], team_id: str = TEAM_ID, event_id: str | None = None,
                        event_time: int | None = None, **kwargs: Any) -> str:
    """JSON body of an Events API ``event_callback`` wrapping ``event``."""
    return json_body(event_callback_payload(event, team_id, event_id, event_time, **kwargs))


def url_verification_body(challenge: str, token: str = VERIFICATION_TOKEN) -> str:
    return json_body({"token": token, "challenge": challenge, "type": "url_verification"})


def message_event(
    text: str,
    user: str = USER_ID,
    channel: str = CHANNEL_ID,
    ts: str | None = None,
    *,
    channel_type: str = "channel",
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
    **extra: Any,
) -> dict:
    """A ``message`` event (``channel_type``: channel, group, im, mpim)."""
    ts = ts or _message_ts()
    event: dict[str, Any] = {
        "client_msg_id": f"{hashlib.md5(ts.encode()).hexdigest()[:8]}-0000-4000-8000-000000000000",
        "type": "message",
        "text": text,
        "user": user,
        "ts": ts,
        "blocks": [
            {
                "type": "rich_text",
                "block_id": "rt0",
                "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
            }
        ],
        "team": team_id,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    event.update(extra)
    return event


def app_mention_event(
    text: str, user: str = USER_ID, channel: str = CHANNEL_ID, ts: str | None = None, **extra: Any
) -> dict:
    """An ``app_mention`` event; put ``<@U0BOT>`` in ``text`` yourself if you need it."""
    event = message_event(text, user, channel, ts, **extra)
    event["type"] = "app_mention"
    event.pop("channel_type", None)
    return event


def app_home_opened_event(user: str = USER_ID, tab: str = "home", channel: str | None = None,
                          view: dict | None = None) -> dict:
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel or "D" + user[1:] + "DM",
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }
    if view is not None:
        event["view"] = view
    return event


# --------------------------------------------------------------------------- transport


def post(
    url: str, body: bytes | str, headers: Mapping[str, str] | None = None, timeout: float = 10.0
) -> tuple[int, dict[str, str], str]:
    """POST ``body`` with urllib; returns (status, headers, body text) for any status, 4xx/5xx included."""
    data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    req = urllib.request.Request(url, data=data, headers=dict(headers or {}), method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers.items()), resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        try:
            text = e.read().decode("utf-8", "replace")
        finally:
            e.close()
        return e.code, dict(e.headers.items()), text


def post_signed(
    url: str,
    body: bytes | str,
    secret: str,
    *,
    timestamp: int | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
    content_type: str | None = None,
    timeout: float = 10.0,
) -> tuple[int, dict[str, str], str]:
    """sign + post in one go."""
    headers = signed_headers(body, secret, timestamp, retry_num, retry_reason, content_type)
    return post(url, body, headers, timeout=timeout)
