"""What Slack refuses: the checks the fake Web API runs on every message and view it receives.

Slack answers a message it will not show with ``ok: false`` (``invalid_blocks``, ``msg_too_long``,
``invalid_blocks_format``) and a view it will not open with ``invalid_arguments``, each with
``response_metadata.messages`` naming the offending field. The fake answers the same, so a builder
that drifts past a limit fails the suite instead of failing in a council's workspace.

Two layers:
- slack_sdk's own models (``Block.parse``, ``View``): unknown block or element types, unknown keys,
  and the limits slack_sdk encodes (its ``to_dict()`` runs every nested ``validate_json``);
- the documented limits slack_sdk does not check: blocks per message, empty texts, unique
  ``block_id`` in a message or view, unique ``action_id`` in a block, option values, input lengths,
  button values, the message text.

``refusal(method, body)`` is the whole interface: None, or the error Slack would answer.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

# Slack's documented limits (api.slack.com/reference/block-kit, chat.postMessage, views.*).
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_BLOCK_ID = 255
MAX_ACTION_ID = 255
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_URL = 3000
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_OPTION_DESCRIPTION = 75
MAX_SELECT_OPTIONS = 100
MIN_OVERFLOW_OPTIONS, MAX_OVERFLOW_OPTIONS = 1, 5
MAX_PLACEHOLDER = 150
MAX_INPUT_LABEL = 2000
MAX_INPUT_HINT = 2000
MAX_TEXT_INPUT_LENGTH = 3000
MAX_MODAL_TITLE = 24
MAX_MODAL_BUTTON = 24
MAX_PRIVATE_METADATA = 3000
MAX_CALLBACK_ID = 255
MAX_EXTERNAL_ID = 255
MAX_CONFIRM_TITLE = 100
MAX_CONFIRM_TEXT = 300
MAX_CONFIRM_BUTTON = 30

# Methods whose body is a message (blocks + text), and those whose body carries a view.
MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"})
VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})
RESPONSE_URL_PREFIX = "response_url:"

# slack_sdk logs a warning for every unknown key it drops; the round trip below reports them instead.
logging.getLogger("slack_sdk.models").setLevel(logging.ERROR)


@dataclass
class Refusal:
    """The answer Slack gives: ``{"ok": false, "error": error, "response_metadata": {"messages": …}}``."""

    error: str
    messages: list[str] = field(default_factory=list)

    def answer(self) -> dict[str, Any]:
        return {"ok": False, "error": self.error, "response_metadata": {"messages": self.messages}}


def refusal(method: str, body: dict[str, Any]) -> Refusal | None:
    """None if Slack would accept what `method` was sent, else the error Slack would answer."""
    if method in MESSAGE_METHODS or method.startswith(RESPONSE_URL_PREFIX):
        return message_refusal(body)
    if method in VIEW_METHODS:
        return view_refusal(body)
    return None


def ack_refusal(payload: Any) -> Refusal | None:
    """What Slack would make of the body of an HTTP acknowledgement: a slash command's or a
    button's reply (a message), or a view submission's `response_action` (a view)."""
    if not isinstance(payload, dict):
        return None
    if payload.get("response_action") in ("update", "push"):
        return view_refusal({"view": payload.get("view")}) or (
            None if payload.get("view") else Refusal("invalid_arguments", ["[ERROR] missing view [json-pointer:/view]"]))
    if "blocks" in payload or "text" in payload:
        return message_refusal(payload)
    return None


def message_refusal(body: dict[str, Any]) -> Refusal | None:
    text = body.get("text")
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return Refusal("msg_too_long", [f"[ERROR] text is {len(text):,} characters; the limit is {MAX_MESSAGE_TEXT:,}"])
    if "blocks" not in body or body["blocks"] in (None, ""):
        return None
    blocks = _decoded(body["blocks"])
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        return Refusal("invalid_blocks_format", ["[ERROR] blocks must be a JSON array of objects"])
    problems = block_problems(blocks, limit=MAX_MESSAGE_BLOCKS, pointer="/blocks")
    return Refusal("invalid_blocks", problems) if problems else None


def view_refusal(body: dict[str, Any]) -> Refusal | None:
    view = _decoded(body.get("view"))
    if view is None:
        return None  # the method's own "missing view" answer applies
    if not isinstance(view, dict):
        return Refusal("invalid_arguments", ["[ERROR] view must be a JSON object [json-pointer:/view]"])
    problems = view_problems(view)
    return Refusal("invalid_arguments", problems) if problems else None


def view_problems(view: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return [f"[ERROR] view type must be modal or home, not {kind!r} [json-pointer:/view/type]"]
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as error:
        problems.append(f"[ERROR] {error} [json-pointer:/view]")
    if kind == "modal":
        problems += _plain_text_problems(view.get("title"), MAX_MODAL_TITLE, "/view/title", required=True)
        for key in ("submit", "close"):
            if view.get(key) is not None:
                problems += _plain_text_problems(view[key], MAX_MODAL_BUTTON, f"/view/{key}", required=True)
    elif any(view.get(key) for key in ("submit", "close")):
        problems.append("[ERROR] a home view has no submit or close [json-pointer:/view]")
    for key, limit in (("private_metadata", MAX_PRIVATE_METADATA), ("callback_id", MAX_CALLBACK_ID), ("external_id", MAX_EXTERNAL_ID)):
        value = view.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            problems.append(f"[ERROR] {key} must be a string of at most {limit} characters [json-pointer:/view/{key}]")
    blocks = view.get("blocks")
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        problems.append("[ERROR] blocks must be a JSON array of objects [json-pointer:/view/blocks]")
    else:
        problems += block_problems(blocks, limit=MAX_VIEW_BLOCKS, pointer="/view/blocks")
    return problems


def block_problems(blocks: list[dict[str, Any]], *, limit: int, pointer: str) -> list[str]:
    """Everything Slack would refuse in a list of blocks (empty if it would take them)."""
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"[ERROR] {len(blocks)} blocks; no more than {limit} items allowed [json-pointer:{pointer}]")
    block_ids: dict[str, int] = {}
    for index, block in enumerate(blocks):
        where = f"{pointer}/{index}"
        problems += _model_problems(block, where)
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 1 <= len(block_id) <= MAX_BLOCK_ID:
                problems.append(f"[ERROR] block_id must be 1 to {MAX_BLOCK_ID} characters [json-pointer:{where}/block_id]")
            elif block_id in block_ids:
                problems.append(
                    f"[ERROR] duplicate block_id {block_id!r} (also block {block_ids[block_id]}) [json-pointer:{where}/block_id]"
                )
            else:
                block_ids[block_id] = index
        problems += _limit_problems(block, where)
    return problems


# --------------------------------------------------------------------------- the two layers


def _model_problems(block: dict[str, Any], where: str) -> list[str]:
    """slack_sdk's models: unknown types and keys, and the limits slack_sdk encodes."""
    try:
        parsed = Block.parse(block)
        if parsed is None:
            return [f"[ERROR] unsupported block type {block.get('type')!r} [json-pointer:{where}/type]"]
        rebuilt = parsed.to_dict()  # runs validate_json on the block and everything in it
    except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as error:
        return [f"[ERROR] {error} [json-pointer:{where}]"]
    # Keys slack_sdk does not know are dropped by the round trip: Slack refuses them.
    return [f"[ERROR] {what} [json-pointer:{where}{path}]" for path, what in _dropped(block, rebuilt)]


def _dropped(sent: Any, rebuilt: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(sent, dict) and isinstance(rebuilt, dict):
        out: list[tuple[str, str]] = []
        for key, value in sent.items():
            if key not in rebuilt:
                out.append((f"{path}/{key}", f"unknown or invalid property {key!r}"))
            else:
                out += _dropped(value, rebuilt[key], f"{path}/{key}")
        return out
    if isinstance(sent, list) and isinstance(rebuilt, list):
        if len(sent) != len(rebuilt):
            return [(path, f"{len(sent) - len(rebuilt)} unsupported item(s)")]
        return [p for i, (a, b) in enumerate(zip(sent, rebuilt, strict=True)) for p in _dropped(a, b, f"{path}/{i}")]
    return []


def _limit_problems(block: dict[str, Any], where: str) -> list[str]:
    """The documented limits slack_sdk leaves to Slack."""
    problems: list[str] = []
    kind = block.get("type")
    if kind == "section":
        if "text" in block:
            problems += _text_problems(block["text"], MAX_SECTION_TEXT, f"{where}/text", required=True)
        fields = block.get("fields") or []
        if len(fields) > MAX_SECTION_FIELDS:
            problems.append(f"[ERROR] no more than {MAX_SECTION_FIELDS} fields [json-pointer:{where}/fields]")
        for i, item in enumerate(fields):
            problems += _text_problems(item, MAX_FIELD_TEXT, f"{where}/fields/{i}", required=True)
        if block.get("accessory"):
            problems += _element_problems(block["accessory"], f"{where}/accessory")
            problems += _action_id_problems([block["accessory"]], where)
    elif kind == "header":
        problems += _plain_text_problems(block.get("text"), MAX_HEADER_TEXT, f"{where}/text", required=True)
    elif kind == "context":
        elements = block.get("elements") or []
        if not elements:
            problems.append(f"[ERROR] a context block needs at least one element [json-pointer:{where}/elements]")
        if len(elements) > MAX_CONTEXT_ELEMENTS:
            problems.append(f"[ERROR] no more than {MAX_CONTEXT_ELEMENTS} elements [json-pointer:{where}/elements]")
        for i, element in enumerate(elements):
            if element.get("type") in ("mrkdwn", "plain_text"):
                problems += _text_problems(element, MAX_SECTION_TEXT, f"{where}/elements/{i}", required=True)
    elif kind == "actions":
        elements = block.get("elements") or []
        if not elements:
            problems.append(f"[ERROR] an actions block needs at least one element [json-pointer:{where}/elements]")
        if len(elements) > MAX_ACTIONS_ELEMENTS:
            problems.append(f"[ERROR] no more than {MAX_ACTIONS_ELEMENTS} elements [json-pointer:{where}/elements]")
        for i, element in enumerate(elements):
            problems += _element_problems(element, f"{where}/elements/{i}")
        problems += _action_id_problems(elements, where)
    elif kind == "input":
        problems += _plain_text_problems(block.get("label"), MAX_INPUT_LABEL, f"{where}/label", required=True)
        if block.get("hint") is not None:
            problems += _plain_text_problems(block["hint"], MAX_INPUT_HINT, f"{where}/hint", required=True)
        if isinstance(block.get("element"), dict):
            problems += _element_problems(block["element"], f"{where}/element")
    return problems


def _element_problems(element: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    kind = element.get("type")
    action_id = element.get("action_id")
    if action_id is not None and (not isinstance(action_id, str) or not 1 <= len(action_id) <= MAX_ACTION_ID):
        problems.append(f"[ERROR] action_id must be 1 to {MAX_ACTION_ID} characters [json-pointer:{where}/action_id]")
    if kind == "button":
        problems += _plain_text_problems(element.get("text"), MAX_BUTTON_TEXT, f"{where}/text", required=True)
        value = element.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > MAX_BUTTON_VALUE):
            size = len(value) if isinstance(value, str) else "?"
            problems.append(f"[ERROR] value is {size} characters; the limit is {MAX_BUTTON_VALUE} [json-pointer:{where}/value]")
        url = element.get("url")
        if url is not None and len(str(url)) > MAX_BUTTON_URL:
            problems.append(f"[ERROR] url over {MAX_BUTTON_URL} characters [json-pointer:{where}/url]")
        if element.get("style") not in (None, "primary", "danger"):
            problems.append(f"[ERROR] style must be primary or danger [json-pointer:{where}/style]")
    elif kind == "overflow":
        options = element.get("options") or []
        if not MIN_OVERFLOW_OPTIONS <= len(options) <= MAX_OVERFLOW_OPTIONS:
            problems.append(f"[ERROR] an overflow menu takes {MIN_OVERFLOW_OPTIONS} to {MAX_OVERFLOW_OPTIONS} options [json-pointer:{where}/options]")
        problems += _options_problems(options, f"{where}/options")
    elif kind in ("static_select", "multi_static_select", "radio_buttons", "checkboxes"):
        options = element.get("options") or []
        if len(options) > MAX_SELECT_OPTIONS:
            problems.append(f"[ERROR] no more than {MAX_SELECT_OPTIONS} options [json-pointer:{where}/options]")
        problems += _options_problems(options, f"{where}/options")
        for i, group in enumerate(element.get("option_groups") or []):
            problems += _options_problems(group.get("options") or [], f"{where}/option_groups/{i}/options")
        initial = element.get("initial_option")
        if isinstance(initial, dict):
            known = [o for o in options if o.get("value") == initial.get("value")]
            groups = [o for g in element.get("option_groups") or [] for o in g.get("options") or []]
            known += [o for o in groups if o.get("value") == initial.get("value")]
            if not known:
                problems.append(f"[ERROR] initial_option is not one of the options [json-pointer:{where}/initial_option]")
    elif kind == "plain_text_input":
        max_length = element.get("max_length", MAX_TEXT_INPUT_LENGTH)
        if not isinstance(max_length, int) or not 1 <= max_length <= MAX_TEXT_INPUT_LENGTH:
            problems.append(f"[ERROR] max_length must be 1 to {MAX_TEXT_INPUT_LENGTH} [json-pointer:{where}/max_length]")
            max_length = MAX_TEXT_INPUT_LENGTH
        min_length = element.get("min_length", 0)
        if not isinstance(min_length, int) or not 0 <= min_length <= max_length:
            problems.append(f"[ERROR] min_length must be 0 to max_length [json-pointer:{where}/min_length]")
        initial = element.get("initial_value")
        if initial is not None and len(str(initial)) > max_length:
            problems.append(f"[ERROR] initial_value is longer than max_length [json-pointer:{where}/initial_value]")
    if element.get("placeholder") is not None:
        problems += _plain_text_problems(element["placeholder"], MAX_PLACEHOLDER, f"{where}/placeholder", required=True)
    confirm = element.get("confirm")
    if isinstance(confirm, dict):
        problems += _plain_text_problems(confirm.get("title"), MAX_CONFIRM_TITLE, f"{where}/confirm/title", required=True)
        problems += _text_problems(confirm.get("text"), MAX_CONFIRM_TEXT, f"{where}/confirm/text", required=True)
        for key in ("confirm", "deny"):
            problems += _plain_text_problems(confirm.get(key), MAX_CONFIRM_BUTTON, f"{where}/confirm/{key}", required=True)
    return problems


def _options_problems(options: list[dict[str, Any]], where: str) -> list[str]:
    problems: list[str] = []
    values: set[str] = set()
    for i, option in enumerate(options):
        problems += _text_problems(option.get("text"), MAX_OPTION_TEXT, f"{where}/{i}/text", required=True)
        value = option.get("value")
        if not isinstance(value, str) or not 1 <= len(value) <= MAX_OPTION_VALUE:
            problems.append(f"[ERROR] an option value is 1 to {MAX_OPTION_VALUE} characters [json-pointer:{where}/{i}/value]")
        elif value in values:
            problems.append(f"[ERROR] duplicate option value {value!r} [json-pointer:{where}/{i}/value]")
        else:
            values.add(value)
        if option.get("description") is not None:
            problems += _text_problems(option["description"], MAX_OPTION_DESCRIPTION, f"{where}/{i}/description", required=True)
    return problems


def _action_id_problems(elements: list[dict[str, Any]], where: str) -> list[str]:
    # Slack: an action_id "should be unique among all other action_ids in the containing block".
    seen: set[str] = set()
    problems = []
    for i, element in enumerate(elements):
        action_id = element.get("action_id")
        if isinstance(action_id, str):
            if action_id in seen:
                problems.append(f"[ERROR] duplicate action_id {action_id!r} in one block [json-pointer:{where}/elements/{i}/action_id]")
            seen.add(action_id)
    return problems


def _text_problems(obj: Any, limit: int, where: str, *, required: bool) -> list[str]:
    """A text object (mrkdwn or plain_text): present, non-empty, not over `limit` characters."""
    if obj is None:
        return [f"[ERROR] missing required text [json-pointer:{where}]"] if required else []
    if not isinstance(obj, dict) or obj.get("type") not in ("mrkdwn", "plain_text"):
        return [f"[ERROR] must be a text object (mrkdwn or plain_text) [json-pointer:{where}]"]
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return [f"[ERROR] must be more than 0 characters [json-pointer:{where}/text]"]
    if len(text) > limit:
        return [f"[ERROR] must be less than {limit + 1} characters (it has {len(text)}) [json-pointer:{where}/text]"]
    return []


def _plain_text_problems(obj: Any, limit: int, where: str, *, required: bool) -> list[str]:
    if isinstance(obj, dict) and obj.get("type") != "plain_text":
        return [f"[ERROR] must be a plain_text object [json-pointer:{where}]"]
    return _text_problems(obj, limit, where, required=required)


def _decoded(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
