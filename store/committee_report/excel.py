"""The tracker report as an Excel workbook (openpyxl): a Summary sheet, the Tracker itself and the
recommendations Signed off, each with a real header row (an Excel table on the tracker), frozen
below its header, printed landscape with the header repeated on every page, and RAG in words."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from store.committee_report.model import (
    CHANGE_HEADINGS,
    CHANGE_KINDS,
    COLUMNS,
    SIGNED_OFF_COLUMNS,
    TrackerReport,
    long_date,
    main_cells,
    signed_off_cells,
)

MAIN_WIDTHS = (10, 45, 28, 28, 55, 45, 28)
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(name="Arial", size=11, bold=True)
BODY = Font(name="Arial", size=10)


def write_xlsx(report: TrackerReport) -> bytes:
    book = Workbook()
    book.properties.title = report.title
    book.properties.subject = report.subtitle
    book.properties.language = "en-GB"
    book.properties.creator = "scrutiny-bot"

    summary = book.active
    summary.title = "Summary"
    _summary(summary, report)
    tracker = book.create_sheet("Tracker")
    _grid(tracker, COLUMNS, [main_cells(r) for r in report.rows], MAIN_WIDTHS, table_name="OpenRecommendations")
    signed = book.create_sheet("Signed off")
    _grid(signed, SIGNED_OFF_COLUMNS, [signed_off_cells(r) for r in report.signed_off], (10, 70, 30, 40), table_name="SignedOff")

    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(sheet: Worksheet, report: TrackerReport) -> None:
    lines: list[tuple[str, str | int] | tuple[str]] = [(report.title,), (report.subtitle,)]
    if report.papers_deadline:
        lines.append((f"Papers deadline: {long_date(report.papers_deadline)}",))
    lines += [("",), ("Assessment", "Recommendations")]
    lines += [(c.label, c.count) for c in report.by_assessment]
    lines += [("",), ("Executive response", "Recommendations")]
    lines += [(c.label, c.count) for c in report.by_response]
    lines += [("",), ("What changed since the last report",)]
    if report.previous_as_of is None:
        lines.append(("This is the first report for this committee, so there is nothing to compare with.",))
    else:
        lines.append((f"Compared with the report of {long_date(report.previous_as_of)}.",))
        for kind in CHANGE_KINDS:
            found = report.changes_of(kind)
            lines.append((CHANGE_HEADINGS[kind], len(found)))
            lines += [(change.ref, change.what) for change in found]
    for line in lines:
        sheet.append(list(line))
    sheet["A1"].font = Font(name="Arial", size=14, bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            if cell.row > 1:
                cell.font = BOLD if row[0].value in ("Assessment", "Executive response", "What changed since the last report", *CHANGE_HEADINGS.values()) else BODY
            cell.alignment = WRAP
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 90


def _grid(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int], *, table_name: str) -> None:
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = BODY
            cell.alignment = WRAP
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # the header row on every printed page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if rows:
        # An Excel table: screen readers announce its header cells with each value.
        table = Table(displayName=table_name, ref=f"A1:{get_column_letter(len(headers))}{len(rows) + 1}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        sheet.add_table(table)
