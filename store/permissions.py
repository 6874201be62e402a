"""Who may change an action: its owners and the workspace's officers. Everyone else reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.errors import Form, NotAllowed, Words, said
from store.models import Action


@dataclass(frozen=True)
class Person:
    """Someone acting in a workspace, as far as permissions go."""

    user_id: str
    name: str
    is_officer: bool = False
    owner_ids: frozenset[int] = field(default_factory=frozenset)

    def owns(self, action: Action) -> bool:
        return any(link.owner_id in self.owner_ids for link in action.owner_links)

    def can_update(self, action: Action) -> bool:
        return self.is_officer or self.owns(action)


def check_can_update(person: Person, action: Action) -> None:
    """Raise NotAllowed saying why and who can, when `person` may not change `action`."""
    if person.can_update(action):
        return
    owners = [o.name for o in action.owners]
    who = (" and ".join(owners) if len(owners) <= 2 else ", ".join(owners[:-1]) + " and " + owners[-1]) if owners else ""
    message: Words = said(
        f"You can't update {action.handle}: only {('its owners (' + who + ')') if who else 'its owners'} "
        "and scrutiny officers can."
    )
    if not person.owner_ids:
        message += (" If one of those owners is you, link your Slack account first: ", Form('/link me "Your Name"'), ".")
    raise NotAllowed(message)


def check_is_officer(person: Person, doing: str) -> None:
    if not person.is_officer:
        raise NotAllowed(f"Only scrutiny officers can {doing}. Ask one of your scrutiny officers.")
