"""Excel trackers (.xlsx), read with openpyxl: every sheet with cells is a table; the engine picks
the tracker (and sheets that continue it under the same header)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl

from store.importing.parsed import ImportProblem
from store.importing.table import GridLayout, GridRow, Table


def cell_text(value: object) -> str:
    """A cell's value as text; dates as ISO so the timescale reader cannot misread their order."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(sheet: object) -> list[GridRow]:
    # A cell merged across columns (a title, or "Target date" over "Original" | "Revised")
    # holds its text in its first cell; the span lets a two-row header lend it to each column.
    spans: dict[int, dict[int, int]] = {}
    for merged in sheet.merged_cells.ranges:  # type: ignore[attr-defined]
        if merged.max_col > merged.min_col:
            spans.setdefault(merged.min_row, {})[merged.min_col - 1] = merged.max_col - merged.min_col + 1
    rows: list[GridRow] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()
        row_spans = spans.get(number, {})
        filled = [c for c in cells if c.strip()]
        # One merged cell across the table is a title or section heading, not a row of cells.
        whole = len(filled) == 1 and bool(row_spans) and max(row_spans.values()) >= 3
        rows.append(GridRow(number, cells, whole_line=whole, spans=row_spans))
    return rows


def _refuse_chart_only(file: str, data: bytes) -> None:
    """A workbook with chart sheets and no worksheet: say so by the chart's name (openpyxl
    cannot open such a workbook at all)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if any(n.startswith("xl/worksheets/sheet") for n in names) or not any(
                n.startswith("xl/chartsheets/sheet") for n in names
            ):
                return
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        return
    titles = re.findall(r"<(?:\w+:)?sheet\b[^>]*\bname=\"([^\"]+)\"", workbook)
    named = ", ".join(f"'{t}'" for t in titles) or "'Chart1'"
    raise ImportProblem(
        f"{file}, sheet {named}",
        "the workbook holds only a chart, no sheet of cells. Import the spreadsheet the chart was "
        "made from (the tracker table itself).",
    )


def sheet_tables(file: str, data: bytes) -> list[Table]:
    _refuse_chart_only(file, data)
    try:
        # Not read-only: read-only sheets do not say which cells are merged.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise ImportProblem(
            file, f"the spreadsheet could not be opened ({error.__class__.__name__}): it may be damaged"
        ) from None
    try:
        sheets = [(sheet.title, _sheet_rows(sheet)) for sheet in book.worksheets]
        charts = [sheet.title for sheet in book.chartsheets]
    finally:
        book.close()
    with_cells = [(title, rows) for title, rows in sheets if any(r.text for r in rows)]
    if not with_cells:
        if charts:
            named = ", ".join(f"'{t}'" for t in charts)
            raise ImportProblem(
                f"{file}, sheet {named}",
                "the workbook holds only a chart, no sheet of cells. Import the spreadsheet the chart was "
                "made from (the tracker table itself).",
            )
        raise ImportProblem(file, "the spreadsheet has no sheet with anything in it")
    return [
        Table(
            rows=[r if r.text else GridRow(r.line, []) for r in rows],
            layout=GridLayout(
                file=file,
                layout=f"XLSX sheet '{title}'",
                wrapped=False,
                strict_dates=True,
                narrative_if_no_header=False,
                problem_file=f"{file}, sheet '{title}'",
            ),
            where=f"sheet '{title}'",
        )
        for title, rows in with_cells
    ]
