"""Every value the bot puts into Slack and reads back on a click or a submission: button and menu
values, block ids, and a modal's private_metadata. One model each, so a listener reads
`ListState.decode(value)` and never picks a raw JSON dict apart.

The short keys ("k", "q", "o"…) are the wire format of messages already in people's channels:
changing one breaks the buttons on every message posted before the change.
"""

from __future__ import annotations

import json
import threading
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator

from handlers.blocks.limits import MAX_BUTTON_VALUE, MAX_PRIVATE_METADATA

ENTRY_BLOCK = "entry:"
MAX_BLOCK_ID = 255
_EMPTY_HANDLE = '{"h":""'
# The last list origin whose part of an entry's block id was written, on each thread (EntryRef.block_id_of).
_LAST_ORIGIN = threading.local()


class Payload(BaseModel):
    """A value carried by Slack: compact JSON under the field's short name (its alias).

    pydantic writes non-ASCII as it is, and Slack counts characters: "ë" costs one, not the
    six of "\\u00eb"."""

    model_config = ConfigDict(populate_by_name=True, frozen=True, coerce_numbers_to_str=True)
    def encode(self) -> str:
        return self.model_dump_json(by_alias=True, exclude_none=True)

    @classmethod
    def decode(cls, value: str) -> Self:
        """Raises pydantic's ValidationError for a value we did not write."""
        return cls.model_validate_json(value)


class ListState(Payload):
    """What a list message shows, carried in its buttons so a click can rebuild it."""

    kind: str = Field(alias="k")  # a ListKind's value, or "detail" / "home" for where an entry sits
    query: str = Field(alias="q")
    offset: int = Field(default=0, alias="o")


    @field_validator("offset", mode="after")
    @classmethod
    def _never_negative(cls, offset: int) -> int:
        return max(0, offset)

    def encode(self, offset: int | None = None) -> str:
        state = self if offset is None else self.model_copy(update={"offset": offset})
        value = state.model_dump_json(by_alias=True)
        if len(value) > MAX_BUTTON_VALUE:
            raise ValueError("list state too long for a button value")
        return value

    def fits(self) -> bool:
        """Whether a button can carry this state (see encode)."""
        try:
            self.encode()
        except ValueError:
            return False
        return True


class EntryRef(Payload):
    """An entry's buttons' block id: the action's handle and the message it sits on, so an update
    made from it can refresh that message."""

    handle: str = Field(alias="h")
    kind: str | None = Field(default=None, alias="k")
    query: str | None = Field(default=None, alias="q")
    offset: int | None = Field(default=None, alias="o")

    @property
    def origin(self) -> ListState | None:
        return ListState(kind=self.kind, query=self.query or "", offset=self.offset or 0) if self.kind is not None else None

    @classmethod
    def of(cls, handle: str, origin: ListState | None) -> EntryRef:
        if origin is None:
            return cls(handle=handle)
        return cls(handle=handle, kind=origin.kind, query=origin.query, offset=origin.offset)

    def block_id(self) -> str:
        # Slack caps block ids at 255 characters: a long origin is dropped, the handle kept.
        value = ENTRY_BLOCK + self.encode()
        if len(value) > MAX_BLOCK_ID:
            value = ENTRY_BLOCK + EntryRef(handle=self.handle).encode()
        return value

    @classmethod
    def block_id_of(cls, handle: str, origin: ListState | None) -> str:
        """`EntryRef.of(handle, origin).block_id()`, as a list writes one for each entry. Every
        entry of a list has the same origin: pydantic writes the origin's part once (kept for the
        last origin seen on the thread, by identity: ListState is frozen), and each handle is
        written as pydantic writes a string. Building and writing the model for every entry was a
        tenth of a list's rendering. tests/slack/test_payloads.py checks that the two agree."""
        if origin is None:
            return cls.of(handle, None).block_id()
        last = _LAST_ORIGIN.__dict__
        if last.get("origin") is not origin:
            # The model as written with an empty handle, less its start ('{"h":""'): the origin's part.
            last["tail"] = cls.of("", origin).encode()[len(_EMPTY_HANDLE) :]
            last["origin"] = origin
        handle_json = json.dumps(handle, ensure_ascii=False)
        value = f'{ENTRY_BLOCK}{{"h":{handle_json}{last["tail"]}'
        if len(value) > MAX_BLOCK_ID:
            return f'{ENTRY_BLOCK}{{"h":{handle_json}}}'
        return value

    @classmethod
    def from_block_id(cls, block_id: str) -> EntryRef | None:
        if not block_id.startswith(ENTRY_BLOCK):
            return None
        return cls.decode(block_id[len(ENTRY_BLOCK):])


class ModalState(Payload):
    """Carried through the update modal in private_metadata: what to update and what to refresh after."""

    # Long names: private_metadata never reached a channel, so these were never shortened.
    model_config = ConfigDict(frozen=False)  # a builder may settle the handle before encoding
    handle: str
    mode: str = "full"
    origin: str = ""  # the source message's list state (ListState.encode()) or "" if none
    response_url: str = ""
    channel: str = ""
    link: str = ""  # a permalink to the message a note came from

    def encode(self) -> str:
        value = super().encode()
        if len(value) > MAX_PRIVATE_METADATA:
            # Too long to carry: keep what the save needs, lose the redraw of the source message.
            value = self.model_copy(update={"origin": "", "response_url": "", "link": self.link[:500]}).encode()
        return value

    def origin_state(self) -> ListState | None:
        return ListState.decode(self.origin) if self.origin else None


class UpdateChoice(Payload):
    """A "which action did you mean?" button under `/update`: the handle chosen and the rest of
    what was typed, so the click finishes the same update."""

    handle: str = Field(alias="h")
    rest: str = Field(alias="t")


class ImportChoice(Payload):
    """What the Import button will do: which Slack file, into which plan. Kept in the button's
    value (the file is fetched again on the click), so no state waits on the server."""

    file_id: str = Field(alias="f")
    plan: str | None = Field(default=None, alias="p")
    as_new_plan: bool = Field(default=False, alias="n")
    file_name: str = Field(default="", alias="name")


    @field_validator("plan", mode="after")
    @classmethod
    def _blank_is_none(cls, plan: str | None) -> str | None:
        return plan or None

    def encode(self) -> str:
        value = Payload.encode(self.model_copy(update={"file_name": self.file_name[:200]}))
        assert len(value) <= MAX_BUTTON_VALUE
        return value

    def value(self) -> str:  # the name the import buttons have always used
        return self.encode()

    @classmethod
    def from_value(cls, value: str) -> ImportChoice:
        return cls.decode(value)


class LinkSuggestion(Payload):
    """The "Link" button beside a suggested match of a Slack user to an owner."""

    user_id: str = Field(alias="u")
    owner_id: int = Field(alias="o")


class ClaimRef(Payload):
    """The Confirm / Reject buttons under someone's claim to be an owner: the claim's id, as it is."""

    link_id: int

    def encode(self) -> str:
        return str(self.link_id)

    @classmethod
    def decode(cls, value: str) -> Self:
        return cls(link_id=int(value))


class MenuChoice(Payload):
    """An option of an entry's ⋯ menu: what to do ("done", "due", "note"), then the handle."""

    choice: str
    handle: str = ""

    def encode(self) -> str:
        return self.value_of(self.choice, self.handle)

    @staticmethod
    def value_of(choice: str, handle: str = "") -> str:
        """What encode() writes, without building the model: a list writes three for each entry."""
        return f"{choice}:{handle}" if handle else choice

    @classmethod
    def decode(cls, value: str) -> Self:
        choice, _, handle = value.partition(":")
        return cls(choice=choice, handle=handle)


class HandleRef(Payload):
    """A button that names one action or recommendation (Update, Details, Sign off, "did you
    mean", Record the response…): its handle, as it is."""

    handle: str

    def encode(self) -> str:
        return self.value_of(self.handle)

    @staticmethod
    def value_of(handle: str) -> str:
        """What encode() writes, without building the model: a list writes one for each button."""
        return handle

    @classmethod
    def decode(cls, value: str) -> Self:
        return cls(handle=value)


# The scrutiny cycle (issue 14).


class SignoffChoice(Payload):
    """The "Sign off anyway" button: the sign-off as typed, so the click records the same one."""

    rec: str
    meeting: str
    minute: str
    note: str = ""

    def encode(self) -> str:
        value = super().encode()
        if len(value) > MAX_BUTTON_VALUE:
            # A note too long for a button is dropped; the sign-off itself still fits.
            value = self.model_copy(update={"note": ""}).encode()
        return value


class ResponseFormState(Payload):
    """Carried in the response form's private_metadata: which recommendation, and the channel the
    confirmation goes to."""

    rec: str
    channel: str = ""

    def encode(self) -> str:
        value = super().encode()
        if len(value) > MAX_PRIVATE_METADATA:
            value = self.model_copy(update={"rec": self.rec[:200]}).encode()
        return value
