"""Applying a read document to a workspace, and re-importing it."""

from datetime import date, timedelta

from sqlalchemy import func, select

from store.handles import find_action
from store.importer import import_plan
from store.importing.parsed import ParsedUpdate, Timescale
from store.models import Action, Owner, Plan, Update
from store.owners import resolve_owner
from store.queries import update_history
from store.status import Status
from store.updates import UpdateRequest, record_update
from tests.conftest import NOW, TODAY, WORKSPACE, ActionSpec, parsed_plan

DAY = timedelta(days=1)
ROWS = [
    ActionSpec("1", "Revise the standard letter.", ["Linda Mann"], due=TODAY + 20 * DAY),
    ActionSpec("2", "Map demand for the service.", ["Diane Brown", "Linda Mann"], due=TODAY - 5 * DAY),
]


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def run_import(db, parsed, code=None):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        return import_plan(session, WORKSPACE, parsed, now=NOW, code=code)


def test_an_import_creates_the_plan_its_actions_and_owners(db) -> None:  # type: ignore[no-untyped-def]
    report = run_import(db, parsed_plan("Letters", ROWS, council="Brent"))
    assert (report.plan_code, report.actions_created, report.created_plan) == ("BR", 2, True)
    assert sorted(report.owners_created) == ["Diane Brown", "Linda Mann"]
    with db.session() as session:
        action = find_action(session, WORKSPACE, "BR-2")
        assert [o.name for o in action.owners] == ["Diane Brown", "Linda Mann"]
        assert (action.due_date, action.original_due_date, action.status) == (TODAY - 5 * DAY, TODAY - 5 * DAY, Status.NOT_STARTED)


def test_re_importing_the_same_document_updates_in_place(db) -> None:  # type: ignore[no-untyped-def]
    run_import(db, parsed_plan("Letters", ROWS), code="LE")
    changed = [ROWS[0].__class__(**{**ROWS[0].__dict__, "text": "Revise the standard letter (v2)."}), ROWS[1]]
    report = run_import(db, parsed_plan("Letters", changed), code="LE")
    assert (report.created_plan, report.actions_created, report.actions_updated) == (False, 0, 2)
    assert (count(db, Plan), count(db, Action), count(db, Owner)) == (1, 2, 2)
    with db.session() as session:
        assert find_action(session, WORKSPACE, "LE-1").text.endswith("(v2).")


def test_re_importing_keeps_what_owners_have_posted_since(db) -> None:  # type: ignore[no-untyped-def]
    run_import(db, parsed_plan("Letters", ROWS), code="LE")
    with db.session_factory.begin() as session:
        action = find_action(session, WORKSPACE, "LE-2")
        record_update(session, action, UpdateRequest(status=Status.DONE, note="Done in March."),
                      author_name="Diane Brown", author_slack_id="U2", now=NOW, today=TODAY, source="slack")
    report = run_import(db, parsed_plan("Letters", ROWS), code="LE")
    assert report.actions_kept == 1
    with db.session() as session:
        action = find_action(session, WORKSPACE, "LE-2")
        assert action.status is Status.DONE
        assert [u.note for u in update_history(session, action)] == ["Done in March."]


def test_a_timescale_naming_two_dates_becomes_two_actions(db) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_plan("Merged", [ActionSpec("4.11", "Explore outreach.", [], due=date(2008, 12, 31))])
    parsed.recommendations[0].actions[0].timescale = Timescale(
        raw="July 2008 – December 2008 August 2008", deadlines=[date(2008, 12, 31), date(2008, 8, 31)]
    )
    run_import(db, parsed, code="HF")
    with db.session() as session:
        dues = [find_action(session, WORKSPACE, h).due_date for h in ("HF-4.11a", "HF-4.11b")]
    assert dues == [date(2008, 12, 31), date(2008, 8, 31)]


def test_a_spelling_close_to_a_known_owner_is_merged_as_an_alias(db) -> None:  # type: ignore[no-untyped-def]
    run_import(db, parsed_plan("First", ROWS))
    report = run_import(db, parsed_plan("Second", [ActionSpec("1", "Another.", ["Linda Man"])]))
    assert report.owners_merged == {"Linda Man": "Linda Mann"}
    assert count(db, Owner) == 2
    with db.session() as session:
        assert resolve_owner(session, WORKSPACE, "Linda Man").name == "Linda Mann"


def test_the_documents_own_alias_list_is_kept(db) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_plan("Typos", ROWS)
    parsed.owner_aliases = {"Diane Browm": "Diane Brown"}
    report = run_import(db, parsed)
    assert report.owners_merged == {"Diane Browm": "Diane Brown"}


def test_document_updates_are_dated_by_the_document_and_not_duplicated(db) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_plan("Updates", ROWS, document_date=date(2008, 11, 12))
    parsed.recommendations[0].updates = [ParsedUpdate(note="Discussions have taken place.", line=9, dated=date(2008, 11, 12))]
    assert run_import(db, parsed, code="UP").updates_added == 1
    assert run_import(db, parsed, code="UP").updates_added == 0
    with db.session() as session:
        history = update_history(session, find_action(session, WORKSPACE, "UP-1"))
    assert [(u.created_at.date(), u.source) for u in history] == [(date(2008, 11, 12), "document")]


def test_actions_no_longer_in_the_document_are_kept_and_reported(db) -> None:  # type: ignore[no-untyped-def]
    run_import(db, parsed_plan("Letters", ROWS), code="LE")
    report = run_import(db, parsed_plan("Letters", ROWS[:1]), code="LE")
    assert report.actions_missing == ["LE-2"]
    assert count(db, Action) == 2


def test_a_ref_printed_twice_keeps_both_recommendations(db) -> None:  # type: ignore[no-untyped-def]
    rows = [ActionSpec("1", "First.", ["A Person"]), ActionSpec("2", "Second.", ["A Person"]), ActionSpec("1", "Again.", ["A Person"])]
    run_import(db, parsed_plan("Repeat", rows), code="RP")
    assert count(db, Action) == 3


def test_a_status_from_the_document_is_applied(db) -> None:  # type: ignore[no-untyped-def]
    run_import(db, parsed_plan("Done", [ActionSpec("8.4.3", "Fund IT.", [], status="done", timescale="Completed")]), code="DN")
    with db.session() as session:
        action = find_action(session, WORKSPACE, "DN-8.4.3")
        assert (action.status, action.timescale_raw, action.due_date) == (Status.DONE, "Completed", None)


def test_updates_count_toward_the_last_activity_only_when_posted(db) -> None:  # type: ignore[no-untyped-def]
    run_import(db, parsed_plan("Letters", ROWS), code="LE")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Update)) == 0
        assert find_action(session, WORKSPACE, "LE-1").last_activity_at == NOW
