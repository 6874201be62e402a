"""New versions of a plan, the document's own progress notes, previews, undo and removal."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from store.errors import Problem
from store.export import export_rows
from store.handles import _letters, find_action
from store.importer import import_plan, preview_import
from store.models import Action, Plan, PlanImport, Update
from store.plan_history import remove_plan, undo_last_import
from store.queries import update_history
from store.status import Status
from store.updates import UpdateRequest, record_update
from tests.conftest import NOW, TODAY, WORKSPACE, ActionSpec, parsed_plan

DAY = timedelta(days=1)
ROWS = [
    ActionSpec(str(n), f"Action number {n}.", ["Linda Mann" if n % 2 else "Diane Brown"], due=TODAY + n * DAY)
    for n in range(1, 11)
]
TITLE = "Adult social care review action plan January 2026"


def version(rows, *, source_file: str, title: str = TITLE, document_date: date | None = None, committee: str | None = "Health Scrutiny Panel"):  # type: ignore[no-untyped-def]
    parsed = parsed_plan(title, rows, source_file=source_file, council="Brent", document_date=document_date)
    parsed.committee = committee
    return parsed


def run(db, parsed, **kw):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        return import_plan(session, WORKSPACE, parsed, now=kw.pop("now", NOW), **kw)


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_handles_count_letters_past_zz() -> None:
    assert [_letters(i) for i in (0, 25, 26, 701, 702, 703)] == ["a", "z", "aa", "zz", "aaa", "aab"]


def test_a_recommendation_with_more_than_702_actions_imports(db) -> None:  # type: ignore[no-untyped-def]
    rows = [ActionSpec("1", f"Step {n}.", ["A Person"]) for n in range(710)]
    report = run(db, parsed_plan("Huge", rows), code="HU")
    assert report.actions_created == 710
    with db.session() as session:
        assert find_action(session, WORKSPACE, "HU-1aab").text == "Step 703."


def test_a_new_version_under_a_new_file_name_updates_its_plan(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="tracker_January.docx"))
    changed = [
        *(ActionSpec(r.ref, r.text + (" Revised." if r.ref in ("1", "2") else ""), r.owners, due=r.due) for r in ROWS[:8]),
        ActionSpec("11", "A new action.", ["Linda Mann"], due=TODAY),
    ]
    report = run(db, version(changed, source_file="tracker_March.docx", title=TITLE.replace("January", "March")))
    assert not report.created_plan
    assert report.summary() == "updates plan BR: 1 new, 2 changed, 2 no longer listed"
    assert (count(db, Plan), count(db, Action)) == (1, 11)


def test_another_committees_plan_with_the_same_refs_is_a_new_plan(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="health.docx"))
    report = run(db, version(ROWS, source_file="transport.docx", title="Transport review action plan", committee="Transport Scrutiny Committee"))
    assert report.created_plan and count(db, Plan) == 2


def test_as_new_plan_keeps_a_matching_document_apart(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="tracker.docx"))
    report = run(db, version(ROWS, source_file="tracker.docx"), as_new_plan=True)
    assert report.created_plan and report.plan_code == "BR2"
    assert count(db, Action) == 20


def test_a_plan_code_for_a_file_stored_under_another_plan_does_not_collide(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="tracker.docx"))
    report = run(db, version(ROWS, source_file="tracker.docx"), code="br7")
    assert (report.created_plan, report.plan_code) == (True, "BR7")


def test_a_plan_code_that_cannot_be_one_is_refused_plainly(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Problem, match="cannot be a plan code"):
        run(db, version(ROWS, source_file="tracker.docx"), code="B R-1")
    assert count(db, Plan) == 0


def test_the_documents_comments_are_kept_as_progress_notes_dated_by_the_document(db) -> None:  # type: ignore[no-untyped-def]
    parsed = version(ROWS[:2], source_file="t.docx", document_date=date(2025, 11, 3))
    parsed.recommendations[0].actions[0].comments = "Letter drafted; awaiting legal review."
    assert run(db, parsed).updates_added == 1
    assert run(db, parsed).updates_added == 0
    with db.session() as session:
        history = update_history(session, find_action(session, WORKSPACE, "BR-1"))
        assert [(u.note, u.created_at.date(), u.source) for u in history] == [
            ("Letter drafted; awaiting legal review.", date(2025, 11, 3), "document")
        ]
        row = next(r for r in export_rows(session, WORKSPACE, with_updates=False) if r["handle"] == "BR-1")
    assert row["document_notes"] == ["03 Nov 2025: Letter drafted; awaiting legal review."]


def test_a_preview_reports_what_an_import_would_do_and_writes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="tracker_January.docx"))
    newer = version([*ROWS, ActionSpec("11", "New.", ["Priya Raman"], due=TODAY)], source_file="tracker_March.docx")
    with db.session() as session:
        preview = preview_import(session, WORKSPACE, newer)
    assert preview.summary() == "updates plan BR: 1 new, 0 changed, 0 no longer listed"
    assert preview.owners_created == ["Priya Raman"] and "Priya Raman" in preview.owners
    assert (count(db, Action), count(db, PlanImport)) == (10, 1)


def posted(db, handle, **change):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        record_update(session, find_action(session, WORKSPACE, handle), UpdateRequest(note="From chat.", **change),
                      author_name="Linda Mann", author_slack_id="U1", now=NOW, today=TODAY, source="slack")


def test_an_older_document_does_not_overwrite_a_posted_update_and_says_so(db) -> None:  # type: ignore[no-untyped-def]
    in_progress = [ActionSpec("1", ROWS[0].text, ROWS[0].owners, due=ROWS[0].due, status="in_progress"), *ROWS[1:]]
    run(db, version(in_progress, source_file="t.docx", document_date=date(2026, 1, 5)))
    posted(db, "BR-1", status=Status.DONE)
    report = run(db, version(in_progress, source_file="t.docx", document_date=date(2026, 1, 5)))
    [disagreement] = report.disagreements
    assert (disagreement.handle, disagreement.field, disagreement.kept) == ("BR-1", "status", "update")
    with db.session() as session:
        assert find_action(session, WORKSPACE, "BR-1").status is Status.DONE


def test_a_newer_document_wins_over_an_older_update_and_says_so(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="t.docx"))
    posted(db, "BR-1", new_due=TODAY + 40 * DAY, reason="Waiting for legal.")
    later = [ActionSpec("1", ROWS[0].text, ROWS[0].owners, due=TODAY + 90 * DAY), *ROWS[1:]]
    report = run(db, version(later, source_file="t2.docx", document_date=TODAY + 5 * DAY))
    [disagreement] = report.disagreements
    assert (disagreement.field, disagreement.document, disagreement.kept) == ("due date", f"{TODAY + 90 * DAY:%-d %b %Y}", "document")
    with db.session() as session:
        action = find_action(session, WORKSPACE, "BR-1")
        assert action.due_date == TODAY + 90 * DAY
        assert update_history(session, action)[-1].due_to == TODAY + 90 * DAY


def test_undo_puts_an_updated_plan_back_as_it_was(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="t.docx"))
    with db.session() as session:
        before = list(export_rows(session, WORKSPACE, with_updates=True))
    changed = [ActionSpec(r.ref, "Rewritten.", ["Someone Else"], due=TODAY) for r in ROWS[:5]] + [ActionSpec("12", "New.", [])]
    parsed = version(changed, source_file="t2.docx")
    parsed.recommendations[0].actions[0].comments = "A note to be undone."
    run(db, parsed, now=NOW + DAY)
    with db.session_factory.begin() as session:
        assert not undo_last_import(session, WORKSPACE, now=NOW + 2 * DAY).removed_plan
    with db.session() as session:
        assert list(export_rows(session, WORKSPACE, with_updates=True)) == before


def test_undo_of_the_import_that_created_a_plan_removes_it(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="t.docx"))
    with db.session_factory.begin() as session:
        assert undo_last_import(session, WORKSPACE, now=NOW).removed_plan
    assert (count(db, Plan), count(db, Action)) == (0, 0)


def test_undo_is_refused_when_people_posted_updates_since(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="t.docx"))
    posted(db, "BR-2", status=Status.IN_PROGRESS)
    with db.session_factory.begin() as session, pytest.raises(Problem, match="1 updates have been posted"):
        undo_last_import(session, WORKSPACE, now=NOW)
    assert count(db, Action) == 10


def test_removing_a_plan_removes_its_actions_and_history_only(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="a.docx"))
    run(db, version(ROWS[:3], source_file="b.docx", title="Libraries review", committee="Culture Committee"))
    posted(db, "BR-2", status=Status.IN_PROGRESS)
    with db.session_factory.begin() as session:
        removed = remove_plan(session, WORKSPACE, "br")
    assert (removed.code, removed.actions) == ("BR", 10)
    assert (count(db, Plan), count(db, Action), count(db, Update)) == (1, 3, 0)


def test_a_file_that_fails_while_being_written_leaves_nothing_behind(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="t.docx"))
    with db.session() as session:
        before = list(export_rows(session, WORKSPACE, with_updates=True))
    parsed = version([*ROWS, ActionSpec("11", "New.", ["New Person"])], source_file="t.docx")
    parsed.recommendations[0].actions[0].comments = "A note."

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr("store.importer.PlanImport", broken)
    with pytest.raises(RuntimeError):
        run(db, parsed)
    with db.session() as session:
        assert list(export_rows(session, WORKSPACE, with_updates=True)) == before
    assert count(db, PlanImport) == 1


def test_progress_rises_to_the_total_while_storing(db) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, int]] = []
    run(db, version(ROWS, source_file="t.docx"), progress=lambda done, total: seen.append((done, total)))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][0] == seen[-1][1] and len({total for _, total in seen}) == 1


def test_an_update_posted_while_an_import_runs_waits_and_is_saved(db) -> None:  # type: ignore[no-untyped-def]
    import threading

    run(db, version(ROWS, source_file="t.docx"))
    storing, release = threading.Event(), threading.Event()

    def slow(done: int, total: int) -> None:
        storing.set()
        release.wait(5)

    importer = threading.Thread(target=run, args=(db, version(ROWS, source_file="t.docx")), kwargs={"progress": slow})
    importer.start()
    assert storing.wait(5)
    threading.Timer(0.5, release.set).start()
    posted(db, "BR-3", status=Status.IN_PROGRESS)
    importer.join(10)
    with db.session() as session:
        assert find_action(session, WORKSPACE, "BR-3").status is Status.IN_PROGRESS
    assert count(db, PlanImport) == 2


def test_a_blank_cell_in_a_newer_document_keeps_the_date_an_owner_set(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="t.docx"))
    posted(db, "BR-1", new_due=TODAY + 40 * DAY, reason="Waiting for legal.")
    blank = [ActionSpec("1", ROWS[0].text, ROWS[0].owners), *ROWS[1:]]
    report = run(db, version(blank, source_file="t.docx", document_date=TODAY + 5 * DAY))
    assert report.disagreements == []
    with db.session() as session:
        assert find_action(session, WORKSPACE, "BR-1").due_date == TODAY + 40 * DAY


def test_undo_steps_back_one_import_at_a_time(db) -> None:  # type: ignore[no-untyped-def]
    run(db, version(ROWS, source_file="t.docx"))
    run(db, version([*ROWS, ActionSpec("11", "Second.", [])], source_file="t.docx"), now=NOW + DAY)
    run(db, version([*ROWS, ActionSpec("11", "Second.", []), ActionSpec("12", "Third.", [])], source_file="t.docx"), now=NOW + 2 * DAY)
    for expected in (11, 10, 0):
        with db.session_factory.begin() as session:
            undo_last_import(session, WORKSPACE, now=NOW + 3 * DAY)
        assert count(db, Action) == expected
