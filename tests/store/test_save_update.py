"""The update service (store.updates.save_update / sign_off): what every door saves through, with
no Slack in it. It returns what the save did as data and raises domain errors, saving nothing then."""

from __future__ import annotations

from datetime import timedelta

import pytest

from store.errors import InvalidUpdate, NotAllowed, UnknownHandle
from store.handles import find_action
from store.permissions import Person
from store.queries import update_history
from store.status import Status
from store.updates import Saved, UpdateRequest, save_update, sign_off
from tests.conftest import NOW, TODAY, WORKSPACE, ActionSpec


@pytest.fixture
def owner(db, add_plan) -> Person:  # type: ignore[no-untyped-def]
    add_plan("Plan", [ActionSpec("1", "Revise the letter.", ["Linda Mann"], due=TODAY + timedelta(days=10))], code="PL")
    with db.session() as session:
        owner_id = find_action(session, WORKSPACE, "PL-1").owner_links[0].owner_id
    return Person("U0LINDA", "Linda Mann", owner_ids=frozenset({owner_id}))


OFFICER = Person("U0BOSS", "Sam Officer", is_officer=True)
STRANGER = Person("U0NOBODY", "Nobody")


def save(db, person, request, **kw):  # type: ignore[no-untyped-def]
    return save_update(db.session_factory, WORKSPACE, person, "PL-1", request, now=NOW, today=TODAY, source="slack",
                       two_stage_close=kw.pop("two_stage_close", True), **kw)


def history(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return update_history(session, find_action(session, WORKSPACE, "PL-1"))


def test_an_owners_update_is_saved_and_reported_as_data(db, owner) -> None:  # type: ignore[no-untyped-def]
    saved = save(db, owner, UpdateRequest(status=Status.IN_PROGRESS, note="Draft written."))
    assert saved == Saved("PL-1", Status.IN_PROGRESS, True, Status.IN_PROGRESS, None, 0)
    assert [u.note for u in history(db)] == ["Draft written."]


def test_a_later_due_date_is_reported_with_the_slips(db, owner) -> None:  # type: ignore[no-untyped-def]
    later = TODAY + timedelta(days=40)
    saved = save(db, owner, UpdateRequest(new_due=later, reason="Waiting on legal."))
    assert (saved.due_to, saved.slip_count) == (later, 1)


def test_an_owners_done_waits_for_sign_off_where_the_workspace_wants_it(db, owner) -> None:  # type: ignore[no-untyped-def]
    saved = save(db, owner, UpdateRequest(status=Status.DONE, note="Sent."))
    assert saved.awaiting_signoff and saved.status_to is Status.AWAITING_SIGNOFF


def test_an_owners_done_closes_the_action_without_two_stage_close(db, owner) -> None:  # type: ignore[no-untyped-def]
    assert save(db, owner, UpdateRequest(status=Status.DONE, note="Sent."), two_stage_close=False).status is Status.DONE


def test_the_same_submission_twice_is_saved_once(db, owner) -> None:  # type: ignore[no-untyped-def]
    first = save(db, owner, UpdateRequest(note="Once."), idempotency_key="view:V1")
    again = save(db, owner, UpdateRequest(note="Once."), idempotency_key="view:V1")
    assert (first.created, again.created) == (True, False) and len(history(db)) == 1


def test_someone_who_does_not_own_the_action_is_refused_and_nothing_is_saved(db, owner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        save(db, STRANGER, UpdateRequest(note="Not mine."))
    assert history(db) == []


def test_an_unknown_handle_is_a_domain_error(db, owner) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownHandle):
        save_update(db.session_factory, WORKSPACE, OFFICER, "PL-99", UpdateRequest(note="x"), now=NOW, today=TODAY,
                    source="slack", two_stage_close=True)


def test_done_again_while_waiting_for_sign_off_is_refused(db, owner) -> None:  # type: ignore[no-untyped-def]
    save(db, owner, UpdateRequest(status=Status.DONE, note="Sent."))
    with pytest.raises(InvalidUpdate) as raised:
        save(db, owner, UpdateRequest(status=Status.DONE, note="Really."))
    assert raised.value.field == "status"


@pytest.mark.parametrize(("approve", "status"), [(True, Status.DONE), (False, Status.IN_PROGRESS)])
def test_an_officer_signs_off_or_sends_back(db, owner, approve, status) -> None:  # type: ignore[no-untyped-def]
    save(db, owner, UpdateRequest(status=Status.DONE, note="Sent."))
    saved = sign_off(db.session_factory, WORKSPACE, OFFICER, "PL-1", approve=approve, reason="Missing the letter.", now=NOW, today=TODAY)
    assert (saved.status, saved.signed_off) == (status, approve)


def test_only_officers_sign_off(db, owner) -> None:  # type: ignore[no-untyped-def]
    save(db, owner, UpdateRequest(status=Status.DONE, note="Sent."))
    with pytest.raises(NotAllowed):
        sign_off(db.session_factory, WORKSPACE, owner, "PL-1", approve=True, now=NOW, today=TODAY)


def test_sending_back_needs_a_reason(db, owner) -> None:  # type: ignore[no-untyped-def]
    save(db, owner, UpdateRequest(status=Status.DONE, note="Sent."))
    with pytest.raises(InvalidUpdate):
        sign_off(db.session_factory, WORKSPACE, OFFICER, "PL-1", approve=False, reason="  ", now=NOW, today=TODAY)
