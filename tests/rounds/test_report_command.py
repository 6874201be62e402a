"""`/report`: the committee-ready tracker, uploaded to whoever asked through Slack's upload API."""

from __future__ import annotations

from io import BytesIO

from bs4 import BeautifulSoup
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from store.models import ReportSnapshot
from tests.conftest import OFFICER, PRIYA


def test_the_report_is_uploaded_as_word_to_the_person_who_asked(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/report", 'committee:"People Scrutiny"', user=PRIYA)
    assert "is in your direct messages" in reply.blocks_text
    [upload] = slack_app.slack.uploads
    assert upload["channel"] == slack_app.slack.dm_channel_for(PRIYA) and upload["name"] == "people-scrutiny-tracker-2026-03-16.docx"
    document = Document(BytesIO(upload["content"]))
    assert document.core_properties.title == "People Scrutiny: scrutiny recommendations tracker"
    main = next(t for t in document.tables if len(t.columns) == 7)
    assert [row.cells[0].text for row in main.rows[1:]] == ["R1", "R2", "R3", "R4"]


def test_excel_and_web_page_formats(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    slack_app.command("/report", 'committee:"People Scrutiny" format:xlsx as-of:2026-03-01', user=PRIYA)
    slack_app.command("/report", 'committee:"People Scrutiny" format:html', user=PRIYA)
    excel, page = slack_app.slack.uploads
    assert excel["name"].endswith("2026-03-01.xlsx") and load_workbook(BytesIO(excel["content"]))["Tracker"]["A2"].value == "R1"
    heading = BeautifulSoup(page["content"], "lxml").find("h1")
    assert heading is not None and heading.get_text() == "People Scrutiny: scrutiny recommendations tracker"


def test_publishing_keeps_the_report_for_the_next_one_and_is_for_officers(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/report", 'committee:"People Scrutiny" publish', user=PRIYA)
    assert "Only scrutiny officers can publish" in reply.blocks_text
    reply, _ = slack_app.command("/report", 'committee:"People Scrutiny" publish as-of:2026-03-01', user=OFFICER)
    assert "kept as the published report" in reply.blocks_text
    reply, _ = slack_app.command("/report", 'committee:"People Scrutiny"', user=OFFICER)
    assert "changes since the report of 1 Mar 2026" in reply.blocks_text
    with committee.session() as session:
        assert len(list(session.scalars(select(ReportSnapshot)))) == 1


def test_a_missing_upload_scope_is_explained(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    slack_app.slack.scopes = slack_app.slack.scopes.replace(",files:write", "")
    reply, _ = slack_app.command("/report", 'committee:"People Scrutiny"', user=PRIYA)
    assert "`files:write` scope" in reply.blocks_text and "scrutiny-bot report" in reply.blocks_text


def test_an_unknown_committee_or_format_says_what_to_type(slack_app, committee) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/report", 'committee:"Peeple Scrutiny"', user=PRIYA)
    assert "Did you mean `People Scrutiny`" in reply.blocks_text
    reply, _ = slack_app.command("/report", 'committee:"People Scrutiny" format:pdf', user=PRIYA)
    assert "`docx`" in reply.blocks_text and slack_app.slack.uploads == []
