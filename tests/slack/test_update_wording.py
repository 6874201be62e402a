"""`/update` through signed requests: a status or date with no colon is saved as that, and the
form's rules (blocked needs a note, a later date needs a reason) say what to add."""

from __future__ import annotations

import pytest

from store.handles import find_action
from store.status import Status
from tests.conftest import OFFICER, PRIYA, WORKSPACE


def action(db, handle: str):  # type: ignore[no-untyped-def]
    with db.session_factory() as session:
        found = find_action(session, WORKSPACE, handle)
        return found.status, found.due_date


# An owner's "done" waits for an officer's sign-off (two-stage close), so it is not left as it was.
@pytest.mark.parametrize("word, status", [("done", Status.AWAITING_SIGNOFF), ("paused until 2099-09-01 budget freeze", Status.PAUSED),
                                           ("blocked waiting for the phone system", Status.BLOCKED)])
def test_a_status_word_without_a_colon_sets_the_status(slack_app, linked, word: str, status: Status) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", f"NF-3.1a {word}", user=PRIYA)
    assert "Saved your update to *NF-3.1a*" in reply.blocks_text
    assert action(linked, "NF-3.1a")[0] is status


def test_a_later_date_without_a_reason_says_to_add_one_and_changes_nothing(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    before = action(linked, "NF-3.1b")
    reply, _ = slack_app.command("/update", "NF-3.1b due 30/06/2099", user=PRIYA)
    assert "Say why the deadline moves later" in reply.blocks_text
    assert "/update NF-3.1b due 30/06/2099: why" in reply.blocks_text
    assert action(linked, "NF-3.1b") == before


def test_a_later_date_with_its_reason_and_no_colon_is_saved(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", "NF-3.1b due 30/06/2099 waiting for the web team", user=PRIYA)
    assert "Saved your update to *NF-3.1b*" in reply.blocks_text
    assert action(linked, "NF-3.1b")[1].isoformat() == "2099-06-30"


def test_blocked_without_a_note_says_what_to_add(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/update", "ST-T1 blocked", user=OFFICER)
    assert "Say what is blocking it" in reply.blocks_text and "/update ST-T1 blocked: what is blocking it" in reply.blocks_text
    assert action(linked, "ST-T1")[0] is Status.IN_PROGRESS
