"""Word trackers (.docx), read by their structure with python-docx: every table with its merged
cells, and the paragraphs between tables (the review's title, section headings)."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from store.importing.parsed import ImportProblem, NotAnActionPlan
from store.importing.table import GridLayout, GridRow, Table

LAYOUT_NAME = "Word table"


def document_tables(file: str, data: bytes) -> list[Table]:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises several types for damaged packages
        raise ImportProblem(
            file, f"the Word document could not be opened ({error.__class__.__name__}): it may be damaged or incomplete"
        ) from None
    tables: list[Table] = []
    above: list[str] = []
    number = 0  # rows and paragraphs counted down the document, for messages
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            number += 1
            text = Paragraph(element, document).text.strip()
            if text:
                above.append(text)
        elif element.tag == qn("w:tbl"):
            rows, number = _table_rows(element, document, number)
            if any(r.text for r in rows):
                layout = GridLayout(
                    file=file, layout=LAYOUT_NAME, wrapped=False, narrative_if_no_header=False
                )
                tables.append(Table(rows, layout, where=f"table {len(tables) + 1}", above=text_above(above)))
    if not tables:
        raise NotAnActionPlan(
            file,
            "this Word document has no table in it, so it reads as a narrative report. Import the action "
            "plan or tracker itself (a document with the recommendations in a table).",
        )
    return tables


def text_above(paragraphs: list[str]) -> list[str]:
    """The document's opening lines (council, committee, title) and the headings just above a
    table (which may name the review it belongs to)."""
    opening = paragraphs[:6]
    return opening + [p for p in paragraphs[-6:] if p not in opening]


def _table_rows(table: object, document: object, number: int) -> tuple[list[GridRow], int]:
    """A table's rows as cells on the grid: a cell merged across columns sits in its first
    column (its span noted); a cell merged down rows is empty below its first row, as a
    recommendation printed once beside its several actions."""
    rows: list[GridRow] = []
    for tr in table.iterchildren(qn("w:tr")):  # type: ignore[attr-defined]
        number += 1
        cells: list[str] = []
        spans: dict[int, int] = {}
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        if before is not None:
            cells.extend([""] * int(before.get(qn("w:val"), "0")))
        for tc in tr.iterchildren(qn("w:tc")):
            span = 1
            continued = False
            properties = tc.find(qn("w:tcPr"))
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = int(grid_span.get(qn("w:val"), "1"))
                merge = properties.find(qn("w:vMerge"))
                continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            if span > 1:
                spans[len(cells)] = span
            cells.append("" if continued else _cell_text(tc, document))
            cells.extend([""] * (span - 1))
        filled = [c for c in cells if c.strip()]
        # One cell across the whole table: a section heading.
        whole = len(filled) == 1 and len(spans) == 1 and max(spans.values()) >= max(3, len(cells) - 1)
        rows.append(GridRow(number, [filled[0]] if whole else cells, whole_line=whole, spans=spans))
    return rows, number


def _cell_text(tc: object, document: object) -> str:
    """Every paragraph of a cell on its own line (nested tables included, row by row)."""
    lines: list[str] = []
    for child in tc.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            text = Paragraph(child, document).text.strip()  # type: ignore[arg-type]
            if text:
                lines.append(text)
        elif child.tag == qn("w:tbl"):
            for tr in child.iterchildren(qn("w:tr")):
                parts = [_cell_text(inner, document) for inner in tr.iterchildren(qn("w:tc"))]
                joined = " ".join(p for p in parts if p)
                if joined:
                    lines.append(joined)
    return "\n".join(lines)
