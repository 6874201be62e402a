"""The committee-ready tracker report as Word, Excel and a web page, read back with the libraries
that read those formats: rows, summary, "what changed since the last report", and accessibility."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from store.committee_report.excel import write_xlsx
from store.committee_report.model import CHANGE_HEADINGS, COLUMNS, SIGNED_OFF_COLUMNS, main_cells
from store.committee_report.web_page import write_html
from store.committee_report.word import write_docx
from tests.committee_report.fixtures import report_with_history


@pytest.fixture(scope="module")
def history():  # type: ignore[no-untyped-def]
    return report_with_history()


def test_changes_since_the_last_report_name_new_slipped_achieved_and_signed_off(history) -> None:  # type: ignore[no-untyped-def]
    report, expected = history
    for kind, refs in expected.items():
        assert sorted(c.ref for c in report.changes_of(kind)) == refs, kind


def test_the_summary_counts_every_recommendation_by_assessment_and_by_response(history) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    everything = [*report.rows, *report.signed_off]
    assert sum(c.count for c in report.by_assessment) == len(everything)
    by_response = {c.label.lower(): c.count for c in report.by_response}
    assert by_response == dict(Counter(r.response or "no response recorded" for r in everything))


# Word


@pytest.fixture(scope="module")
def word(history):  # type: ignore[no-untyped-def]
    return Document(BytesIO(write_docx(history[0])))


def test_word_has_one_row_per_open_recommendation_with_every_cell(history, word) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    main = next(t for t in word.tables if t.rows[0].cells[0].text == "Ref" and len(t.columns) == len(COLUMNS))
    assert [c.text for c in main.rows[0].cells] == list(COLUMNS)
    body = [[c.text for c in row.cells] for row in main.rows[1:]]
    assert body == [main_cells(r) for r in report.rows]


def test_word_lists_signed_off_recommendations_separately(history, word) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    signed = next(t for t in word.tables if [c.text for c in t.rows[0].cells] == list(SIGNED_OFF_COLUMNS))
    assert [row.cells[0].text for row in signed.rows[1:]] == [r.ref for r in report.signed_off]
    assert "minute 45" in signed.rows[1].cells[2].text


def test_word_summary_and_changes_come_before_the_table(history, word) -> None:  # type: ignore[no-untyped-def]
    report, expected = history
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:3] == [("Title", report.title), ("Heading 1", "Summary"), ("Heading 1", "What changed since the last report")]
    assert [text for _, text in headings[3:7]] == list(CHANGE_HEADINGS.values())
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert sorted(b.split(":")[0] for b in bullets) == sorted(ref for refs in expected.values() for ref in refs)
    counts = next(t for t in word.tables if t.rows[0].cells[0].text == "Assessment")
    assert {r.cells[0].text: int(r.cells[1].text) for r in counts.rows[1:]} == {c.label: c.count for c in report.by_assessment}


def test_word_is_accessible_landscape_titled_in_english_with_repeated_header_rows(history, word) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    assert word.sections[0].orientation == WD_ORIENT.LANDSCAPE and word.sections[0].page_width > word.sections[0].page_height
    assert word.core_properties.title == report.title and word.core_properties.language == "en-GB"
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    assert word.styles["Normal"].font.name == "Arial" and word.styles["Normal"].font.size.pt >= 11
    for table in word.tables:
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None


def test_rag_is_always_in_words(history, word) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    main = next(t for t in word.tables if len(t.columns) == len(COLUMNS))
    for row, cells in zip(report.rows, main.rows[1:], strict=True):
        if row.rag:
            assert f"({row.rag})" in cells.cells[-1].text


# Excel


@pytest.fixture(scope="module")
def workbook(history):  # type: ignore[no-untyped-def]
    return load_workbook(BytesIO(write_xlsx(history[0])))


def test_excel_tracker_sheet_has_a_header_and_one_row_per_open_recommendation(history, workbook) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    sheet = workbook["Tracker"]
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [main_cells(r) for r in report.rows]
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape" and sheet.freeze_panes == "A2"
    assert list(sheet.tables) == ["OpenRecommendations"]


def test_excel_summary_sheet_has_the_counts_and_the_changes(history, workbook) -> None:  # type: ignore[no-untyped-def]
    report, expected = history
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    assert rows[0][0] == report.title
    start = rows.index(("Assessment", "Recommendations"))
    assert {r[0]: r[1] for r in rows[start + 1 : start + 1 + len(report.by_assessment)]} == {c.label: c.count for c in report.by_assessment}
    changes = rows.index(("What changed since the last report", None))
    for kind, heading in CHANGE_HEADINGS.items():
        at = rows.index((heading, len(expected[kind])), changes)
        assert [r[0] for r in rows[at + 1 : at + 1 + len(expected[kind])]] == [c.ref for c in report.changes_of(kind)]
    assert workbook.properties.title == report.title and workbook.properties.language == "en-GB"


def test_excel_lists_signed_off_recommendations_on_their_own_sheet(history, workbook) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    rows = list(workbook["Signed off"].iter_rows(values_only=True))
    assert rows[0] == SIGNED_OFF_COLUMNS and [r[0] for r in rows[1:]] == [r.ref for r in report.signed_off]


# Web page


@pytest.fixture(scope="module")
def page(history):  # type: ignore[no-untyped-def]
    return BeautifulSoup(write_html(history[0]), "lxml")


def test_the_web_page_has_a_title_a_language_and_real_headings(history, page) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    assert page.html["lang"] == "en-GB" and page.title.string == report.title
    assert [h.get_text(strip=True) for h in page.find_all("h1")] == [report.title]
    assert [h.get_text(strip=True) for h in page.find_all("h2")] == [
        "Summary", "What changed since the last report", "Recommendations still open", "Signed off by the committee"]
    assert [h.get_text(strip=True) for h in page.find_all("h3")] == list(CHANGE_HEADINGS.values())


def test_the_web_page_tables_have_header_cells_and_row_headers(history, page) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    tables = page.find_all("table")
    main = next(t for t in tables if [th.get_text() for th in t.thead.find_all("th")] == list(COLUMNS))
    assert all(th["scope"] == "col" for th in main.thead.find_all("th"))
    assert [tr.th.get_text() for tr in main.tbody.find_all("tr")] == [r.ref for r in report.rows]
    assert all(tr.th["scope"] == "row" for tr in main.tbody.find_all("tr"))
    for table in tables:
        assert table.caption is not None and table.thead is not None


def test_the_web_page_escapes_what_people_typed() -> None:
    from dataclasses import replace

    report, _ = report_with_history()
    hostile = replace(report, rows=(replace(report.rows[0], text="<script>alert(1)</script>"),) + report.rows[1:])
    assert "<script>alert(1)</script>" not in write_html(hostile)


def test_the_web_page_gives_each_rag_in_words_beside_its_colour(history, page) -> None:  # type: ignore[no-untyped-def]
    report, _ = history
    main = next(t for t in page.find_all("table") if [th.get_text() for th in t.thead.find_all("th")] == list(COLUMNS))
    for row, tr in zip(report.rows, main.tbody.find_all("tr"), strict=True):
        cell = tr.find_all("td")[-1]
        if row.rag:
            assert cell.find("span", class_="rag").get_text() == row.rag and row.assessment_term in cell.get_text()
