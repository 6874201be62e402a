"""Domain errors: what went wrong in words a council officer can act on.

Handlers turn these into replies; the console prints them. Each carries what a reply needs
(the text the person typed, the candidates to offer) rather than pre-rendered prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class StoreError(Exception):
    """Base for errors the person who asked can fix by asking differently."""


class Problem(StoreError):
    """A domain error that is just a sentence saying what is wrong and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


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


@dataclass
class NotAllowed(StoreError):
    """The person may read this action but not change it."""

    message: str

    def __str__(self) -> str:
        return self.message
