"""The listener boundary: what the middleware hands every listener by name."""

from __future__ import annotations

import threading

from handlers.context import Services
from handlers.middleware import listener_context
from handlers.people import LazyPerson, known
from store.permissions import Person


def test_a_listener_is_given_the_services_the_workspace_and_who_is_asking() -> None:
    services = Services(session_factory=None)  # type: ignore[arg-type]
    given = listener_context(services, "T0A", "U0LINDA", None)
    assert given["services"] is services
    assert given["workspace"] == "T0A"
    assert given["person"].user_id == "U0LINDA"


def test_a_request_without_a_user_gives_no_person_and_one_without_a_team_no_workspace() -> None:
    services = Services(session_factory=None)  # type: ignore[arg-type]
    assert "person" not in listener_context(services, "T0A", None, None)
    assert set(listener_context(services, None, "U0LINDA", None)) == {"services"}


def test_who_is_asking_is_looked_up_only_when_more_than_the_user_id_is_read() -> None:
    lookups: list[str] = []

    def look_up() -> Person:
        lookups.append("looked up")
        return Person("U0LINDA", "Linda Mann", is_officer=True, owner_ids=frozenset({7}))

    person = LazyPerson("U0LINDA", look_up)
    assert person.user_id == "U0LINDA" and lookups == []
    assert person.name == "Linda Mann" and person.is_officer and person.owner_ids == frozenset({7})
    assert lookups == ["looked up"]


def test_threads_reading_the_same_person_look_them_up_once() -> None:
    lookups: list[int] = []
    person = LazyPerson("U0KEN", lambda: lookups.append(1) or Person("U0KEN", "Ken Scott"))  # type: ignore[func-returns-value]
    threads = [threading.Thread(target=lambda: person.name) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert lookups == [1]


def test_known_gives_the_looked_up_person_and_leaves_a_plain_one_alone() -> None:
    plain = Person("U0KEN", "Ken Scott")
    assert known(plain) is plain
    lazy = LazyPerson("U0KEN", lambda: plain)
    assert known(lazy) is plain
