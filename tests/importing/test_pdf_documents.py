"""PDF trackers, drawn here with reportlab: ruled tables over several pages, unruled tables read
by word positions, scans with no text, locked and damaged files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from store.importing import ImportProblem, read_document
from store.importing.grid import read_grid
from store.importing.table import GridLayout, GridRow

HEADER = ["Ref", "Recommendation", "Lead officer", "Target date", "Progress"]


def _footer(page: canvas.Canvas, _doc: object) -> None:
    page.drawString(40, 20, f"Page {page.getPageNumber()}")


def build_ruled(path: Path, rows: int = 40) -> Path:
    style = getSampleStyleSheet()["BodyText"]
    data = [HEADER]
    for n in range(1, rows + 1):
        data.append(
            [f"R{n}", Paragraph(f"Improve service number {n} for residents.", style), "Kit Marlow", f"{(n % 12) + 1}/03/2026",
             Paragraph(f"Update {n}: work has started.", style)]
        )
    table = Table(data, repeatRows=1, colWidths=[50, 250, 120, 90, 200])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    document = SimpleDocTemplate(str(path), pagesize=landscape(A4))
    document.build([Paragraph("Northfold Council – Audit Committee action plan", style), table], onFirstPage=_footer, onLaterPages=_footer)
    return path


def test_a_ruled_table_over_several_pages_is_read_whole(tmp_path: Path) -> None:
    plan = read_document(build_ruled(tmp_path / "plan.pdf"))
    assert [r.ref for r in plan.recommendations] == [f"R{n}" for n in range(1, 41)]
    assert plan.layout == "PDF table"
    first = plan.recommendations[0].actions[0]
    assert first.owners == ["Kit Marlow"] and first.due == date(2026, 3, 2)
    assert first.comments == "Update 1: work has started."


def test_an_unruled_table_is_read_by_word_positions(tmp_path: Path) -> None:
    path = tmp_path / "unruled.pdf"
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    columns = [40, 100, 360, 520]
    y = 520
    page.drawString(40, 560, "Eastcliff Borough Council - Scrutiny action plan")
    for x, text in zip(columns, ["Ref", "Action", "Responsible officer", "Deadline"], strict=True):
        page.drawString(x, y, text)
    rows = [
        ["1.1", "Write to every landlord about", "Pat Evans", "April 2025"],
        ["", "the new licensing scheme.", "", ""],
        ["1.2", "Train housing staff.", "Housing Team", "Ongoing"],
    ]
    for cells in rows:
        y -= 16
        for x, text in zip(columns, cells, strict=True):
            page.drawString(x, y, text)
    page.drawString(400, 20, "Page 1 of 1")
    page.save()
    plan = read_document(path)
    assert [r.ref for r in plan.recommendations] == ["1.1", "1.2"]
    first = plan.recommendations[0].actions[0]
    assert first.text == "Write to every landlord about the new licensing scheme."
    assert (first.owners, first.due) == (["Pat Evans"], date(2025, 4, 30))
    assert plan.recommendations[1].actions[0].ongoing


def test_a_row_cut_by_a_page_break_is_joined_again() -> None:
    layout = GridLayout(file="plan.pdf", layout="PDF table", wrapped=False, paged=True, narrative_if_no_header=False)
    rows = [
        GridRow(1, HEADER, page=1),
        GridRow(2, ["R1", "Publish the fees and", "Kit Marlow", "May 2025", ""], page=1),
        GridRow(3, HEADER, page=2),
        GridRow(4, ["", "charges every year.", "", "", "Done"], page=2),
        GridRow(5, ["R2", "Close the depot.", "Kit Marlow", "June 2025", ""], page=2),
    ]
    plan = read_grid(rows, layout, columns=None, document_date=None, progress=None)
    first = plan.recommendations[0]
    assert first.text == "Publish the fees and charges every year."
    assert len(first.actions) == 1 and first.actions[0].comments == "Done"
    assert [r.ref for r in plan.recommendations] == ["R1", "R2"]


def test_a_scanned_pdf_says_it_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.rect(50, 50, 400, 600, fill=1)
    page.showPage()
    page.save()
    with pytest.raises(ImportProblem, match="scan.pdf: this PDF has no text layer: it is a scanned image"):
        read_document(path)


def test_a_password_protected_pdf_says_so(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), pagesize=A4, encrypt="secret")
    page.drawString(50, 700, "Ref Action Lead Deadline")
    page.save()
    with pytest.raises(ImportProblem, match="locked.pdf: this PDF is password-protected"):
        read_document(path)


def test_a_damaged_pdf_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(build_ruled(tmp_path / "whole.pdf").read_bytes()[:300])
    with pytest.raises(ImportProblem, match="cut.pdf: .*(damaged|no text)"):
        read_document(path)


def test_rows_to_check_name_their_page_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "check.pdf"
    page = canvas.Canvas(str(path), pagesize=landscape(A4))
    for x, text in zip([40, 100, 360, 520], ["Ref", "Action", "Responsible officer", "Deadline"], strict=True):
        page.drawString(x, 520, text)
    page.showPage()
    for x, text in zip([40, 100, 360, 520], ["2.1", "Survey the parks.", "Pat Evans", "When funds allow"], strict=True):
        page.drawString(x, 500, text)
    page.save()
    plan = read_document(path)
    item = next(i for i in plan.review if "could not be read" in i.reason)
    assert (item.page, item.cell, item.ref) == (2, "When funds allow", "2.1")
