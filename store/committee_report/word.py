"""The tracker report as a Word document (python-docx), laid out to publish with an agenda.

Accessibility as councils must publish (the public sector accessibility regulations, WCAG 2.2 AA):
real heading styles, the document's title and language set, a readable sans-serif font at 11 pt
(10 pt in tables), the main table in landscape with its header row repeated on every page, rows
that do not split across pages, and the RAG always in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.document import Document as WordDocument
from docx.table import Table, _Row

from store.committee_report.model import (
    CHANGE_HEADINGS,
    Count,
    CHANGE_KINDS,
    COLUMNS,
    SIGNED_OFF_COLUMNS,
    TrackerReport,
    long_date,
    main_cells,
    signed_off_cells,
)

LANGUAGE = "en-GB"
FONT = "Arial"
# Relative widths of the main table's columns (landscape A4 leaves about 25.7 cm).
MAIN_WIDTHS_CM = (1.6, 5.0, 3.0, 3.2, 5.4, 4.5, 3.0)


def write_docx(report: TrackerReport) -> bytes:
    document = Document()
    _set_language_and_font(document)
    properties = document.core_properties
    properties.title = report.title
    properties.subject = report.subtitle
    properties.language = LANGUAGE
    properties.author = "scrutiny-bot"
    properties.keywords = "scrutiny; recommendations; tracker"

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))

    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle + ("." if not report.council else f", {report.council}."))
    if report.papers_deadline:
        document.add_paragraph(f"Papers deadline: {long_date(report.papers_deadline)}.")

    document.add_heading("Summary", level=1)
    document.add_paragraph(
        f"{report.total} recommendations: {len(report.rows)} still open and {len(report.signed_off)} signed off by the committee.")
    _count_table(document, "Assessment", report.by_assessment)
    _count_table(document, "Executive response", report.by_response)

    document.add_heading("What changed since the last report", level=1)
    if report.previous_as_of is None:
        document.add_paragraph("This is the first report for this committee, so there is nothing to compare with.")
    else:
        document.add_paragraph(f"Compared with the report of {long_date(report.previous_as_of)}.")
        for kind in CHANGE_KINDS:
            document.add_heading(CHANGE_HEADINGS[kind], level=2)
            found = report.changes_of(kind)
            if not found:
                document.add_paragraph("None.")
            for change in found:
                document.add_paragraph(f"{change.ref}: {change.what}", style="List Bullet")

    document.add_heading("Recommendations still open", level=1)
    if report.rows:
        _table(document, COLUMNS, [main_cells(r) for r in report.rows], MAIN_WIDTHS_CM)
    else:
        document.add_paragraph("None: every recommendation has been signed off.")

    document.add_heading("Signed off by the committee", level=1)
    if report.signed_off:
        _table(document, SIGNED_OFF_COLUMNS, [signed_off_cells(r) for r in report.signed_off], (1.6, 12.0, 5.0, 7.1))
    else:
        document.add_paragraph("None yet.")

    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _set_language_and_font(document: WordDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    # The language a screen reader speaks in, set on the document's defaults and the Normal style.
    for rpr in (document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")),
                normal.element.get_or_add_rPr()):
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
        lang.set(qn("w:bidi"), LANGUAGE)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.name = FONT


def _count_table(document: WordDocument, heading: str, counts: Sequence[Count]) -> None:
    _table(document, (heading, "Recommendations"), [[c.label, str(c.count)] for c in counts] or [["None", "0"]], (8.0, 4.0))


def _table(document: WordDocument, headers: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float]) -> Table:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(10)
    for values in rows:
        row = table.add_row()
        _keep_together(row)
        for cell, text in zip(row.cells, values, strict=True):
            lines = str(text).split("\n")
            cell.text = ""
            first = cell.paragraphs[0]
            for n, line in enumerate(lines):
                paragraph = first if n == 0 else cell.add_paragraph()
                paragraph.add_run(line).font.size = Pt(10)
    for column, width in zip(table.columns, widths_cm, strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _repeat_as_header(row: _Row) -> None:
    """Marks the row as the table's header: repeated at the top of each page, read as headers."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _keep_together(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:cantSplit")
    marker.set(qn("w:val"), "true")
    properties.append(marker)
