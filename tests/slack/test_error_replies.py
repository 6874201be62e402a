"""Error replies are built fresh for each person: nothing one reply gained reaches the next."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

import handlers.refresh as refresh
from handlers.blocks.action_list import ListState
from handlers.failures import failure_reply
from handlers.respond import something_broke, store_unavailable
from store.permissions import Person
from tests.fakes.running_app import blocks_text


def _store_down(*args: object, **kwargs: object) -> None:
    raise OperationalError("SELECT 1", {}, Exception("connection refused"))


def test_one_persons_saved_note_never_appears_in_anothers_store_unavailable_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refresh, "list_reply", _store_down)
    first = refresh.redraw(None, "T0A", Person("U0LINDA", "Linda Mann"), ListState(kind="actions", query=""), note="Saved your update to BR-2")  # type: ignore[arg-type]
    assert first is not None and "Saved your update to BR-2" in blocks_text(first.payload())

    second = refresh.redraw(None, "T0A", Person("U0KEN", "Ken Scott"), ListState(kind="actions", query=""))  # type: ignore[arg-type]
    assert second is not None and "isn't answering" in blocks_text(second.payload())
    assert "Saved your update" not in blocks_text(second.payload())
    assert "Saved your update" not in blocks_text(failure_reply(OperationalError("SELECT 1", {}, Exception("refused"))).payload())


@pytest.mark.parametrize("reply", [store_unavailable, something_broke])
def test_each_error_reply_is_a_new_message(reply) -> None:  # type: ignore[no-untyped-def]
    given = reply()
    given.blocks.append({"type": "divider"})
    assert reply().blocks != given.blocks
