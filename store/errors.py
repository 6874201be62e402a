"""Domain errors: what went wrong in words a council officer can act on.

Handlers turn these into replies; the console prints them. Each carries what a reply needs
(the text the person typed, the candidates to offer) rather than pre-rendered prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class StoreError(Exception):
    """Base for errors the person who asked can fix by asking differently."""


@dataclass(frozen=True)
class Typed:
    """What the person typed, quoted back exactly as they typed it."""

    text: str


@dataclass(frozen=True)
class Form:
    """Something to type instead: a filter, a command, an example line."""

    text: str


# A sentence as data: plain words, with what was typed and what to type marked, so each
# front end (Slack's mrkdwn in handlers/blocks/problems.py, the terminal) quotes and escapes them
# its own way. The store never writes markup.
Words = tuple[str | Typed | Form, ...]


def said(*parts: str | Typed | Form) -> Words:
    return tuple(parts)


def as_plain_text(words: Words | str) -> str:
    """The sentence for a terminal or a log: what was typed in quotes, forms to type in backticks."""
    if isinstance(words, str):
        return words
    return "".join(p if isinstance(p, str) else f"'{p.text}'" if isinstance(p, Typed) else f"`{p.text}`" for p in words)


class Worded(StoreError):
    """A domain error that is a sentence (`words`) and, optionally, lines of things to try (`hint`)."""

    def __init__(self, words: Words | str, hint: list[Words] | None = None) -> None:
        self.words: Words = (words,) if isinstance(words, str) else words
        self.hint: list[Words] = list(hint or [])
        super().__init__(as_plain_text(self.words))

    @property
    def message(self) -> str:
        return as_plain_text(self.words)

    def __str__(self) -> str:
        return self.message




class Problem(Worded):
    """A domain error that is just a sentence saying what is wrong and what to do."""


@dataclass
class OwnerCandidate:
    owner_id: int
    name: str
    score: float
    action_count: int = 0


@dataclass
class UnknownOwner(StoreError):
    typed: str
    suggestions: list[OwnerCandidate] = field(default_factory=list)

    def __str__(self) -> str:
        return f"No owner matches {self.typed!r}."


@dataclass
class AmbiguousOwner(StoreError):
    typed: str
    candidates: list[OwnerCandidate] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.typed!r} matches more than one owner."


@dataclass
class HandleCandidate:
    action_id: int
    handle: str
    plan_title: str
    text: str


@dataclass
class UnknownHandle(StoreError):
    typed: str
    suggestions: list[HandleCandidate] = field(default_factory=list)

    def __str__(self) -> str:
        return f"No action has the handle {self.typed!r}."


@dataclass
class AmbiguousHandle(StoreError):
    typed: str
    candidates: list[HandleCandidate] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.typed!r} is a ref in more than one plan."


@dataclass
class UnknownPlan(StoreError):
    typed: str
    suggestions: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"No plan matches {self.typed!r}."


@dataclass
class InvalidUpdate(StoreError):
    """An update that breaks a rule; `field` names the input to fix (for inline modal errors)."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class NotAllowed(Worded):
    """The person may read this action but not change it: `words` say why and who can."""
