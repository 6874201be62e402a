"""Plans as PDFs (reportlab): ruled tables (grid lines) or unruled ones (text placed in columns),
over several pages with the header repeated, page numbers and a footer, and rows that may carry
on over a page break."""

from __future__ import annotations

import random
from typing import Any
from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tests.importing.generator.documents.text import preamble
from tests.importing.generator.plans import GeneratedPlan
from tests.importing.generator.tables import Table as LayoutTable
from tests.importing.generator.tables import layout_table

# Relative widths of the kinds of column.
_WEIGHT = {
    "ref": 1.1, "recommendation": 3.2, "response": 2.0, "action": 3.0, "owner": 1.8, "timescale": 1.5, "revised": 1.3,
    "status": 1.1, "progress": 2.8, "history_date": 1.3, "member": 1.5,
}  # fmt: skip


def _column_widths(table: LayoutTable, usable: float, size: float) -> list[float] | None:
    """Widths that fit each column's longest word (typesetters do not break words), the rest
    shared out by the kind of column; None when the columns cannot fit."""
    minimum = []
    for index, column in enumerate(table.columns):
        words = [w for row in table.rows for w in row.cells[index].split()] + column.header.split() + (column.group or "").split()
        minimum.append(max(stringWidth(w, "Helvetica-Bold", size) for w in words) + 8)
    spare = usable - sum(minimum)
    if spare < 0:
        return None
    total = sum(_WEIGHT[c.field] for c in table.columns)
    return [m + spare * _WEIGHT[c.field] / total for m, c in zip(minimum, table.columns, strict=True)]


def render_pdf(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str, *, ruled: bool) -> Path:
    table = layout_table(plan, rnd, multiline_cells=True, two_row_header=rnd.random() < 0.3)
    size = rnd.choice((7.5, 8, 9))
    page = landscape(A4) if rnd.random() < 0.4 or len(table.columns) > 6 else A4
    widths = _column_widths(table, page[0] - 30 * mm, size)
    if widths is None:
        page, size = landscape(A4), 7.5
        widths = _column_widths(table, page[0] - 30 * mm, size) or [(page[0] - 30 * mm) / len(table.columns)] * len(table.columns)
    body = ParagraphStyle("cell", fontName="Helvetica", fontSize=size, leading=size * 1.2)
    bold = ParagraphStyle("head", parent=body, fontName="Helvetica-Bold")
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceAfter=4)
    lines = preamble(plan, rnd)
    footer_text = f"{plan.council} | {plan.title}"

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(15 * mm, 8 * mm, footer_text)
        canvas.drawRightString(page[0] - 15 * mm, 8 * mm, f"Page {doc.page}")
        canvas.restoreState()

    def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph("<br/>".join(escape(p) for p in text.split("\n")), style)

    data: list[list[object]] = []
    if table.two_row_header:
        top = [paragraph(c.group if c.group else c.header, bold) for c in table.columns]
        bottom = [paragraph(c.header if c.group else "", bold) for c in table.columns]
        data += [top, bottom]
    else:
        data.append([paragraph(c.header, bold) for c in table.columns])
    header_rows = len(data)
    for row in table.rows:
        data.append([paragraph(text, body) for text in row.cells])
    style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style += [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.lightgrey)]
    elif rnd.random() < 0.5:
        style.append(("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, colors.black))
    if table.two_row_header:
        grouped = [i for i, c in enumerate(table.columns) if c.group]
        style.append(("SPAN", (grouped[0], 0), (grouped[-1], 0)))
        for index, column in enumerate(table.columns):
            if not column.group:
                style.append(("SPAN", (index, 0), (index, 1)))
    tracker = Table(
        data, colWidths=widths, repeatRows=header_rows, splitInRow=1 if rnd.random() < 0.5 else 0, style=TableStyle(style)
    )
    story: list[object] = [Paragraph(escape(lines[0]), title)]
    story += [Paragraph(escape(line), body) for line in lines[1:]]
    story += [Spacer(1, 4 * mm), Paragraph(escape(f"{plan.title}: recommendations and agreed actions"), bold), Spacer(1, 2 * mm)]
    story.append(tracker)
    story += [Spacer(1, 4 * mm), Paragraph("Report ends.", body)]
    path = folder / f"{stem}.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path
