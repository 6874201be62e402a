"""Web pages saved from a committee system: the tracker among navigation, rowspan/colspan,
paragraphs and line breaks inside cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store.importing import NotAnActionPlan, read_document

PAGE = """<!DOCTYPE html>
<html><head><title>Recommendations tracker - Larkmoor Borough Council</title>
<script>var menu = "<table><tr><td>x</td></tr></table>";</script></head>
<body>
<table class="nav"><tr><td><a href="/">Home</a></td><td><a href="/meetings">Meetings</a></td><td><a href="/contact">Contact us</a></td></tr></table>
<h1>Environment Scrutiny Panel</h1>
<h2>Review of litter enforcement: recommendations tracker</h2>
<table>
  <thead><tr><th>Rec</th><th>Recommendation</th><th>Action</th><th>Lead officer</th><th colspan="2">Deadline</th></tr>
  <tr><th></th><th></th><th></th><th></th><th>Original</th><th>New</th></tr></thead>
  <tbody>
  <tr><td rowspan="2">3(a)</td><td rowspan="2"><p>Publish where fines are issued.</p><p>Report twice a year.</p></td>
      <td>Map fines by ward</td><td>Omar Haddad<br>Street Scene Team</td><td>March 2025</td><td>July 2025</td></tr>
  <tr><td>Publish the map online</td><td>Omar Haddad</td><td>June 2025</td><td></td></tr>
  <tr><td>3(b)</td><td>Review the enforcement contract.</td><td>Report to Cabinet</td><td>Head of Environment</td><td>Starting May 2024 and ongoing</td><td></td></tr>
  </tbody>
</table>
<p>Page last updated 2 June 2025</p>
</body></html>
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.htm"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_the_tracker_is_read_among_the_navigation(page: Path) -> None:
    plan = read_document(page)
    assert [r.ref_printed for r in plan.recommendations] == ["3(a)", "3(b)"]
    assert plan.committee == "Environment Scrutiny Panel"


def test_a_cell_spanning_rows_gives_one_recommendation_two_actions(page: Path) -> None:
    first = read_document(page).recommendations[0]
    assert first.text == "Publish where fines are issued. Report twice a year."
    assert [a.text for a in first.actions] == ["Map fines by ward", "Publish the map online"]


def test_a_line_break_in_an_owner_cell_separates_owners(page: Path) -> None:
    first = read_document(page).recommendations[0].actions[0]
    assert first.owners == ["Omar Haddad", "Street Scene Team"]


def test_a_spanning_deadline_header_keeps_original_and_new_dates(page: Path) -> None:
    actions = read_document(page).recommendations[0].actions
    assert (actions[0].original_due, actions[0].due) == (date(2025, 3, 31), date(2025, 7, 31))
    assert (actions[1].original_due, actions[1].due) == (None, date(2025, 6, 30))


def test_an_ongoing_cell_with_a_start_date_has_no_deadline(page: Path) -> None:
    action = read_document(page).recommendations[1].actions[0]
    assert action.due is None and action.ongoing


def test_a_page_with_no_table_is_a_narrative_report(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text("<html><body><h1>News</h1><p>The panel met on Tuesday.</p></body></html>", encoding="utf-8")
    with pytest.raises(NotAnActionPlan, match="news.html: this web page has no table"):
        read_document(path)
