"""Plans as Word documents (python-docx) and Excel workbooks (openpyxl), with the furniture real
ones have: a contents table and a RAG key beside the tracker, headings between tables, merged
cells, several paragraphs in a cell, header rows repeated part-way down, title rows above the
header, two-row headers, spacer rows and more than one sheet."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tests.importing.generator.documents.text import preamble
from tests.importing.generator.plans import GeneratedPlan
from tests.importing.generator.tables import Row, Table, layout_table

_RAG_KEY = (
    ("Green", "On track to be delivered by the target date"),
    ("Amber", "Some slippage; the lead officer expects to recover"),
    ("Red", "Will not be delivered by the target date"),
    ("Blue", "Complete"),
)
# Columns whose cell says something about the whole recommendation, merged over its action rows.
MERGEABLE = ("ref", "recommendation", "response", "history_date", "member")


def _merge_runs(table: Table) -> list[tuple[int, int]]:
    """(first row, last row) of each recommendation with more than one action row, 0-based."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index, row in enumerate(table.rows):
        if row.first:
            start = index
        if row.action == row.actions_in_recommendation - 1 and row.actions_in_recommendation > 1:
            runs.append((start, index))
    return runs


def _blank_continuations(table: Table) -> bool:
    """Whether second and later action rows leave the recommendation's cells blank (so they
    can be merged) rather than repeating them."""
    return all(
        not row.cells[i] for row in table.rows if not row.first for i, c in enumerate(table.columns) if c.field == "ref"
    )


# -- Word ---------------------------------------------------------------------------------------


def _set_cell(cell, text: str, rnd: random.Random, soft_breaks: bool) -> None:  # type: ignore[no-untyped-def]
    """Cell text with each line its own paragraph (Enter), or one paragraph with line breaks
    (Shift+Enter), as Word users type owners one per line."""
    parts = text.split("\n")
    if len(parts) == 1 and len(text) > 60 and rnd.random() < 0.25:
        # A long cell typed as two paragraphs.
        cut = text.find(". ", 20)
        if cut > 0:
            parts = [text[: cut + 1], text[cut + 2 :]]
    if soft_breaks and len(parts) > 1:
        run = cell.paragraphs[0].add_run(parts[0])
        for part in parts[1:]:
            run.add_break()
            run.add_text(part)
        return
    cell.paragraphs[0].text = parts[0]
    for part in parts[1:]:
        cell.add_paragraph(part)


def _repeat_as_header(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _docx_header(doc_table, table: Table, rnd: random.Random) -> int:  # type: ignore[no-untyped-def]
    """Write the header (one row, or two under a spanning "Target date"); returns its height."""
    if not table.two_row_header:
        for cell, column in zip(doc_table.rows[0].cells, table.columns, strict=True):
            cell.text = column.header
        _repeat_as_header(doc_table.rows[0])
        return 1
    top, bottom = doc_table.rows[0].cells, doc_table.rows[1].cells
    grouped = [i for i, c in enumerate(table.columns) if c.group]
    for index, column in enumerate(table.columns):
        if column.group:
            bottom[index].text = column.header
        else:
            top[index].text = column.header
            top[index].merge(bottom[index])
    merged = top[grouped[0]].merge(top[grouped[-1]])
    merged.text = table.columns[grouped[0]].group or ""
    _repeat_as_header(doc_table.rows[0])
    _repeat_as_header(doc_table.rows[1])
    return 2


def _docx_tracker(document, table: Table, rows: list[Row], rnd: random.Random, merge: bool) -> None:  # type: ignore[no-untyped-def]
    header_height = 2 if table.two_row_header else 1
    # Some trackers converted from PDF carry the header again part-way down, as a real row.
    repeat_every = 0 if table.two_row_header else rnd.choice((0, 0, 0, 6, 9))
    body: list[Row | None] = []
    for index, row in enumerate(rows):
        if repeat_every and index and index % repeat_every == 0 and row.first:
            body.append(None)
        body.append(row)
    doc_table = document.add_table(rows=header_height + len(body), cols=len(table.columns))
    doc_table.style = "Table Grid"
    _docx_header(doc_table, table, rnd)
    positions: dict[int, int] = {}
    soft_breaks = rnd.random() < 0.4
    for offset, body_row in enumerate(body):
        cells = doc_table.rows[header_height + offset].cells
        if body_row is None:
            for cell, column in zip(cells, table.columns, strict=True):
                cell.text = column.header
            continue
        positions[id(body_row)] = header_height + offset
        for cell, text in zip(cells, body_row.cells, strict=True):
            _set_cell(cell, text, rnd, soft_breaks)
    if not merge:
        return
    by_index = {i: r for i, r in enumerate(rows)}
    for first, last in _merge_runs(Table(table.columns, rows)):
        top, bottom = positions[id(by_index[first])], positions[id(by_index[last])]
        if bottom - top != last - first:
            continue  # a repeated header row sits inside this recommendation; leave it unmerged
        for index, column in enumerate(table.columns):
            if column.field in MERGEABLE:
                text = doc_table.cell(top, index).text
                merged = doc_table.cell(top, index).merge(doc_table.cell(bottom, index))
                for paragraph in merged.paragraphs[1:]:
                    paragraph._element.getparent().remove(paragraph._element)
                merged.paragraphs[0].text = text


def render_docx(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    table = layout_table(plan, rnd, multiline_cells=True, two_row_header=rnd.random() < 0.5)
    document = Document()
    lines = preamble(plan, rnd)
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    if rnd.random() < 0.4:
        document.add_heading("Contents", level=2)
        contents = document.add_table(rows=4, cols=2)
        for row, (section, page) in zip(
            contents.rows, (("Section", "Page"), ("Introduction", "2"), ("Action plan", "3"), ("Appendix", "9")), strict=True
        ):
            row.cells[0].text, row.cells[1].text = section, page
    document.add_paragraph(
        f"This plan sets out the response to the {plan.committee.lower()}'s recommendations and the actions agreed."
    )
    if rnd.random() < 0.5:
        document.add_heading("RAG key", level=3)
        key = document.add_table(rows=len(_RAG_KEY) + 1, cols=2)
        key.style = "Table Grid"
        key.rows[0].cells[0].text, key.rows[0].cells[1].text = rnd.choice((("RAG", "Meaning"), ("Status", "Definition")))
        for row, (colour, meaning) in zip(key.rows[1:], _RAG_KEY, strict=True):
            row.cells[0].text, row.cells[1].text = colour, meaning
    merge = _blank_continuations(table) and rnd.random() < 0.6
    parts = [table.rows]
    if rnd.random() < 0.25 and len(plan.recommendations) >= 4:
        # The tracker in two tables, each under a heading naming its part of the review.
        cut = next(i for i, r in enumerate(table.rows) if r.first and r.recommendation >= len(plan.recommendations) // 2)
        parts = [table.rows[:cut], table.rows[cut:]]
    for number, rows in enumerate(parts, start=1):
        heading = plan.title if len(parts) == 1 else f"{plan.title}: part {number}"
        document.add_heading(heading, level=2)
        _docx_tracker(document, table, rows, rnd, merge)
    if rnd.random() < 0.3:
        document.add_paragraph("")
        sign_off = document.add_table(rows=2, cols=3)
        for cell, text in zip(sign_off.rows[0].cells, ("Version", "Date", "Author"), strict=True):
            cell.text = text
        for cell, text in zip(sign_off.rows[1].cells, ("1.2", plan.document_date.strftime("%d/%m/%Y"), "Scrutiny Officer"), strict=True):
            cell.text = text
    document.sections[0].footer.paragraphs[0].text = f"{plan.council} – {plan.title} – page"
    path = folder / f"{stem}.docx"
    document.save(str(path))
    return path


# -- Excel --------------------------------------------------------------------------------------


def _xlsx_header(sheet, table: Table, row_number: int, rnd: random.Random) -> int:  # type: ignore[no-untyped-def]
    """Write the header at `row_number` (one row, or two under a merged "Target date");
    returns the first row after it."""
    if not table.two_row_header:
        for index, column in enumerate(table.columns, start=1):
            sheet.cell(row_number, index, column.header).font = Font(bold=True)
        return row_number + 1
    grouped = [i + 1 for i, c in enumerate(table.columns) if c.group]
    for index, column in enumerate(table.columns, start=1):
        if column.group:
            sheet.cell(row_number + 1, index, column.header)
        else:
            sheet.cell(row_number, index, column.header)
            if rnd.random() < 0.7:
                sheet.merge_cells(start_row=row_number, start_column=index, end_row=row_number + 1, end_column=index)
    sheet.cell(row_number, grouped[0], table.columns[grouped[0] - 1].group)
    sheet.merge_cells(start_row=row_number, start_column=grouped[0], end_row=row_number, end_column=grouped[-1])
    return row_number + 2


def _xlsx_value(plan: GeneratedPlan, row: Row, field: str, text: str, rnd: random.Random) -> object:
    """What a person would have typed into the cell: Excel keeps dates as dates and a plain
    number ref as a number."""
    action = plan.recommendations[row.recommendation].actions[row.action]
    if field == "ref" and text.isdigit():
        return int(text)
    if field == "timescale" and action.timescale_form == "exact date" and not text.startswith("By") and rnd.random() < 0.5:
        return datetime.combine(action.timescale.due, datetime.min.time())  # type: ignore[arg-type]
    if field == "revised" and action.revised is not None and rnd.random() < 0.4:
        return datetime.combine(action.revised.due, datetime.min.time())  # type: ignore[arg-type]
    return text if text != "" else None


def _xlsx_tracker(sheet, plan: GeneratedPlan, table: Table, rows: list[Row], rnd: random.Random, merge: bool) -> None:  # type: ignore[no-untyped-def]
    row_number = 1
    if rnd.random() < 0.75:
        for line in preamble(plan, rnd):
            sheet.cell(row_number, 1, line).font = Font(bold=True)
            if rnd.random() < 0.5:
                sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=len(table.columns))
            row_number += 1
        row_number += rnd.choice((0, 1, 2))  # spacer rows under the title
    row_number = _xlsx_header(sheet, table, row_number, rnd)
    spacers = rnd.random() < 0.3
    run_start = row_number
    for row in rows:
        if row.first and spacers and row_number > run_start:
            row_number += 1  # an empty row between recommendations
        if row.first:
            run_start = row_number
        for index, (column, text) in enumerate(zip(table.columns, row.cells, strict=True), start=1):
            value = _xlsx_value(plan, row, column.field, text, rnd)
            cell = sheet.cell(row_number, index, value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True)
            elif isinstance(value, datetime):
                cell.number_format = rnd.choice(("dd/mm/yyyy", "d mmm yyyy", "mmm-yy"))
        if merge and row.actions_in_recommendation > 1 and row.action == row.actions_in_recommendation - 1:
            for index, column in enumerate(table.columns, start=1):
                if column.field in MERGEABLE:
                    sheet.merge_cells(start_row=run_start, start_column=index, end_row=row_number, end_column=index)
        row_number += 1
    if rnd.random() < 0.5:
        sheet.cell(row_number + 1, 1, f"Key: G on track, A at risk, R off track. Printed {plan.document_date.isoformat()}")


def render_xlsx(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    table = layout_table(plan, rnd, multiline_cells=True, two_row_header=rnd.random() < 0.5)
    book = Workbook()
    first = book.active
    if rnd.random() < 0.3:
        first.title = "Cover"
        for number, line in enumerate([*preamble(plan, rnd), "", "Contents: action tracker, RAG key"], start=1):
            first.cell(number, 1, line)
        sheet = book.create_sheet(rnd.choice(("Tracker", "Action plan", "Recommendations")))
    else:
        sheet = first
        sheet.title = rnd.choice(("Tracker", "Action plan", "Recommendations", "Sheet1"))
    merge = _blank_continuations(table) and rnd.random() < 0.5
    parts = [table.rows]
    if rnd.random() < 0.15 and len(plan.recommendations) >= 4:
        # The tracker over two sheets with the same header, one per municipal year.
        cut = next(i for i, r in enumerate(table.rows) if r.first and r.recommendation >= len(plan.recommendations) // 2)
        parts = [table.rows[:cut], table.rows[cut:]]
        year = plan.document_date.year
        sheet.title = f"{year - 1}-{year % 100:02d}"
    for number, rows in enumerate(parts):
        if number:
            sheet = book.create_sheet(f"{plan.document_date.year}-{(plan.document_date.year + 1) % 100:02d}")
        _xlsx_tracker(sheet, plan, table, rows, rnd, merge)
    if rnd.random() < 0.5:
        key = book.create_sheet("RAG key")
        key.cell(1, 1, "Colour")
        key.cell(1, 2, "Meaning")
        for number, (colour, meaning) in enumerate(_RAG_KEY, start=2):
            key.cell(number, 1, colour)
            key.cell(number, 2, meaning)
    path = folder / f"{stem}.xlsx"
    book.save(str(path))
    return path
