"""The committee calendar on both databases: dates added one at a time or from a CSV file."""

from __future__ import annotations

from datetime import date

import pytest

from store.calendar import add_meeting, import_meetings_csv, meetings, read_date, require_committee
from store.errors import Problem
from tests.conftest import OTHER_WORKSPACE, WORKSPACE


def test_a_meeting_added_has_its_papers_deadline(db, now) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        added = add_meeting(session, WORKSPACE, "People Scrutiny", date(2026, 3, 2), now=now)
        assert added.created and added.meeting.papers_due_on == date(2026, 2, 20)


def test_the_same_date_twice_is_stored_once(db, now) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        add_meeting(session, WORKSPACE, "People Scrutiny", date(2026, 3, 2), now=now)
        again = add_meeting(session, WORKSPACE, "people  scrutiny", date(2026, 3, 2), now=now)
        assert not again.created
    with db.session() as session:
        assert len(meetings(session, WORKSPACE)) == 1


def test_a_year_of_dates_imports_from_csv(db, now) -> None:  # type: ignore[no-untyped-def]
    lines = ["Committee,Meeting date"] + [f"People Scrutiny,{date(2026, m, 2).strftime('%d/%m/%Y')}" for m in range(1, 13)]
    lines += ["Place Scrutiny,9 March 2026", "Place Scrutiny,Monday 8th June 2026"]
    with db.session_factory.begin() as session:
        result = import_meetings_csv(session, WORKSPACE, "\n".join(lines), now=now)
    assert len(result.added) == 14
    with db.session() as session:
        assert [m.meeting_on.month for m in meetings(session, WORKSPACE, "People Scrutiny")] == list(range(1, 13))
        assert [m.meeting_on for m in meetings(session, WORKSPACE, "place scrutiny")] == [date(2026, 3, 9), date(2026, 6, 8)]


def test_a_file_with_a_bad_line_adds_nothing_and_names_the_line(db, now) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session, pytest.raises(Problem) as refused:
        import_meetings_csv(session, WORKSPACE, "committee,meeting\nPeople Scrutiny,2026-03-02\nPeople Scrutiny,next Tuesday\n", now=now)
    assert "line 3" in str(refused.value) and "next Tuesday" in str(refused.value)
    with db.session() as session:
        assert meetings(session, WORKSPACE) == []


def test_a_file_without_a_header_says_what_the_first_line_must_be(db, now) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session, pytest.raises(Problem) as refused:
        import_meetings_csv(session, WORKSPACE, "People Scrutiny,2026-03-02\n", now=now)
    assert "committee,meeting" in str(refused.value)


def test_a_misspelt_committee_gets_a_suggestion_and_another_workspaces_is_unknown(db, now) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        add_meeting(session, OTHER_WORKSPACE, "Health Scrutiny", date(2026, 3, 2), now=now)
        add_meeting(session, WORKSPACE, "People Scrutiny", date(2026, 3, 2), now=now)
    with db.session() as session:
        with pytest.raises(Problem, match="Did you mean `People Scrutiny`"):
            require_committee(session, WORKSPACE, "Peeple Scrutiny")
        with pytest.raises(Problem, match="no committee called 'Health Scrutiny'"):
            require_committee(session, WORKSPACE, "Health Scrutiny")


@pytest.mark.parametrize("typed", ["2026-03-02", "02/03/2026", "2 March 2026", "2nd March 2026", "Monday 2 March 2026", "2 Mar 2026"])
def test_dates_are_read_as_officers_write_them(typed: str) -> None:
    assert read_date(typed) == date(2026, 3, 2)
