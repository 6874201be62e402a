"""Posting progress: the rules, the slips, and exactly-once storage."""

from datetime import timedelta

import pytest

from store.errors import InvalidUpdate
from store.handles import find_action
from store.queries import update_history
from store.status import Status
from store.updates import MAX_NOTE, UpdateRequest, record_update
from tests.conftest import NOW, TODAY, WORKSPACE, ActionSpec

DAY = timedelta(days=1)


@pytest.fixture
def action_db(db, add_plan):  # type: ignore[no-untyped-def]
    add_plan("Plan", [ActionSpec("1", "Revise the letter.", ["Linda Mann"], due=TODAY + 10 * DAY)], code="PL")
    return db


def post(db, request, *, key=None, signoff=False, when=NOW):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        action = find_action(session, WORKSPACE, "PL-1")
        update, created = record_update(
            session, action, request, author_name="Linda Mann", author_slack_id="U1", now=when,
            today=when.date(), source="slack", idempotency_key=key, requires_signoff=signoff,
        )
        return update.id, created


def action_state(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        action = find_action(session, WORKSPACE, "PL-1")
        return action, update_history(session, action)


def test_an_update_sets_the_status_and_is_kept_in_the_history(action_db) -> None:  # type: ignore[no-untyped-def]
    post(action_db, UpdateRequest(status=Status.IN_PROGRESS, note="Draft written."))
    action, history = action_state(action_db)
    assert action.status is Status.IN_PROGRESS
    assert [(u.author_name, u.status_from, u.status_to, u.note) for u in history] == [
        ("Linda Mann", Status.NOT_STARTED, Status.IN_PROGRESS, "Draft written.")
    ]
    assert action.last_activity_at == NOW


def test_moving_the_deadline_later_needs_a_reason(action_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidUpdate) as raised:
        post(action_db, UpdateRequest(new_due=TODAY + 40 * DAY))
    assert raised.value.field == "reason"


def test_a_later_deadline_is_a_slip_and_the_original_is_kept(action_db) -> None:  # type: ignore[no-untyped-def]
    post(action_db, UpdateRequest(new_due=TODAY + 40 * DAY, reason="Waiting for legal advice."))
    post(action_db, UpdateRequest(new_due=TODAY + 80 * DAY, reason="Advice delayed."))
    action, history = action_state(action_db)
    assert (action.due_date, action.original_due_date, action.slip_count) == (TODAY + 80 * DAY, TODAY + 10 * DAY, 2)
    assert [u.due_to for u in history] == [TODAY + 40 * DAY, TODAY + 80 * DAY]


def test_an_earlier_deadline_is_not_a_slip(action_db) -> None:  # type: ignore[no-untyped-def]
    post(action_db, UpdateRequest(new_due=TODAY + 2 * DAY))
    action, _ = action_state(action_db)
    assert action.slip_count == 0


def test_a_deadline_in_the_past_is_refused(action_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidUpdate) as raised:
        post(action_db, UpdateRequest(new_due=TODAY - DAY, reason="x"))
    assert raised.value.field == "new_due"


def test_blocked_needs_a_note(action_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidUpdate) as raised:
        post(action_db, UpdateRequest(status=Status.BLOCKED))
    assert raised.value.field == "note"


def test_paused_needs_a_reason_and_a_future_review_date(action_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidUpdate) as raised:
        post(action_db, UpdateRequest(status=Status.PAUSED, reason="Budget freeze."))
    assert raised.value.field == "review_date"
    post(action_db, UpdateRequest(status=Status.PAUSED, reason="Budget freeze.", review_date=TODAY + 30 * DAY))
    action, _ = action_state(action_db)
    assert (action.status, action.status_reason, action.review_date) == (Status.PAUSED, "Budget freeze.", TODAY + 30 * DAY)


def test_a_note_over_the_limit_is_refused(action_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidUpdate) as raised:
        post(action_db, UpdateRequest(note="x" * (MAX_NOTE + 1)))
    assert raised.value.field == "note"


def test_an_update_that_changes_nothing_is_refused(action_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidUpdate):
        post(action_db, UpdateRequest(status=Status.NOT_STARTED))


def test_a_refused_update_changes_nothing(action_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidUpdate):
        post(action_db, UpdateRequest(status=Status.BLOCKED))
    action, history = action_state(action_db)
    assert (action.status, history) == (Status.NOT_STARTED, [])


def test_the_same_submission_twice_is_stored_once(action_db) -> None:  # type: ignore[no-untyped-def]
    first = post(action_db, UpdateRequest(note="Met the team."), key="view:V1:hash1")
    second = post(action_db, UpdateRequest(note="Met the team."), key="view:V1:hash1")
    assert first[1] is True and second == (first[0], False)
    assert len(action_state(action_db)[1]) == 1


def test_done_becomes_awaiting_signoff_where_the_workspace_wants_two_stages(action_db) -> None:  # type: ignore[no-untyped-def]
    post(action_db, UpdateRequest(status=Status.DONE, note="Letter revised."), signoff=True)
    assert action_state(action_db)[0].status is Status.AWAITING_SIGNOFF
