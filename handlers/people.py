"""Who is asking: their linked owners and whether they are an officer, from the store and Slack."""

from __future__ import annotations

import threading
from collections.abc import Callable

from slack_sdk import WebClient

from handlers.context import Services
from store.links import is_officer, owner_ids_for
from store.permissions import Person


def person_for(services: Services, client: WebClient | None, workspace_id: str, user_id: str) -> Person:
    groups = services.directory.usergroups_of(client, workspace_id, user_id)
    with services.session_factory() as session:
        owner_ids = owner_ids_for(session, workspace_id, user_id, groups)
        officer = (
            user_id in services.configured_officers(workspace_id)
            or (services.officer_usergroup_id is not None and services.officer_usergroup_id in groups)
            or is_officer(session, workspace_id, user_id)
        )
    return Person(
        user_id=user_id,
        name=services.directory.name_of(client, workspace_id, user_id),
        is_officer=officer,
        owner_ids=frozenset(owner_ids),
    )


class LazyPerson(Person):
    """The person behind a request, looked up (Slack's directory, the store) the first time a
    listener reads more than their user id. Most listeners never ask, and those that do ask
    inside their own time budget, so the lookup is not paid on every request up front."""

    def __init__(self, user_id: str, resolve: Callable[[], Person]) -> None:  # noqa: D107
        object.__setattr__(self, "user_id", user_id)
        object.__setattr__(self, "_resolve", resolve)
        object.__setattr__(self, "_resolved", None)
        object.__setattr__(self, "_lock", threading.Lock())

    def resolved(self) -> Person:
        person = self._resolved
        if person is None:
            with self._lock:
                person = self._resolved
                if person is None:
                    person = self._resolve()
                    object.__setattr__(self, "_resolved", person)
        return person

    @property  # type: ignore[override]
    def name(self) -> str:
        return self.resolved().name

    @property  # type: ignore[override]
    def is_officer(self) -> bool:
        return self.resolved().is_officer

    @property  # type: ignore[override]
    def owner_ids(self) -> frozenset[int]:
        return self.resolved().owner_ids

    def __repr__(self) -> str:
        return f"LazyPerson({self.user_id!r}, resolved={self._resolved!r})"


def lazy_person(services: Services, client: WebClient | None, workspace_id: str, user_id: str) -> LazyPerson:
    # Looked up by name when resolving, so a test (or a caller) replacing person_for is honoured.
    return LazyPerson(user_id, lambda: person_for(services, client, workspace_id, user_id))


def known(person: Person) -> Person:
    """`person` looked up now: call before opening a session that will read them, or the lookup
    (which uses a connection of its own) would hold two of the pool's connections at once."""
    return person.resolved() if isinstance(person, LazyPerson) else person
