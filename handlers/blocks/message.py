"""A message as Slack takes it: blocks plus the plain text shown in notifications and read aloud."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers.blocks.limits import (
    MAX_ACTION_ELEMENTS,
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_CONTEXT_ELEMENTS,
    MAX_FIELD_TEXT,
    MAX_HEADER_TEXT,
    MAX_MESSAGE_TEXT,
    MAX_SECTION_FIELDS,
    MAX_SECTION_TEXT,
)
from handlers.blocks.text import cut, plain

Block = dict[str, Any]


@dataclass
class Message:
    text: str
    blocks: list[Block] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.blocks) > MAX_BLOCKS:
            raise ValueError(f"{len(self.blocks)} blocks is over Slack's limit of {MAX_BLOCKS}")
        self.text = cut(self.text, MAX_MESSAGE_TEXT)

    def payload(self, *, ephemeral: bool = True, replace_original: bool | None = None) -> dict[str, Any]:
        """The body for ack(), respond() or a response_url."""
        body: dict[str, Any] = {
            "text": self.text,
            "blocks": self.blocks,
            "response_type": "ephemeral" if ephemeral else "in_channel",
        }
        if replace_original is not None:
            body["replace_original"] = replace_original
        return body


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": cut(plain(text), MAX_HEADER_TEXT), "emoji": True}}


def section(mrkdwn: str, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": cut_block_text(mrkdwn)}}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def fields_section(fields: list[str]) -> Block:
    return {"type": "section", "fields": [{"type": "mrkdwn", "text": cut_block_text(f, MAX_FIELD_TEXT)} for f in fields[:MAX_SECTION_FIELDS]]}


def context(*parts: str) -> Block:
    # Slack refuses an empty text object, so blank parts are left out.
    elements = [{"type": "mrkdwn", "text": cut_block_text(p, 2000)} for p in parts if p.strip()][:MAX_CONTEXT_ELEMENTS]
    return {"type": "context", "elements": elements}


def divider() -> Block:
    return {"type": "divider"}


def button(
    label: str, action_id: str, value: str = "", *, style: str | None = None, url: str | None = None
) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": cut(plain(label), MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    if url:
        element["url"] = url
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": [e for e in elements if e][:MAX_ACTION_ELEMENTS]}
    if block_id:
        block["block_id"] = block_id
    return block


def cut_block_text(text: str, limit: int = MAX_SECTION_TEXT) -> str:
    """Keep line breaks (they structure mrkdwn) but never exceed the block's limit."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
