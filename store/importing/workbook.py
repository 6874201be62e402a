"""Excel trackers (.xlsx): the sheet with the action table, read with openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import openpyxl

from store.importing.columns import find_header_row, find_header_row_with_overrides, header_score
from store.importing.grid import GridLayout, GridRow, Progress, read_grid
from store.importing.parsed import ColumnOverrides, ImportProblem, ParsedPlan


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
    rows: list[GridRow] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()
        rows.append(GridRow(number, cells))
    return rows


def read_workbook(
    data: bytes,
    file: str,
    *,
    columns: ColumnOverrides | None = None,
    document_date: date | None = None,
    progress: Progress | None = None,
) -> ParsedPlan:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise ImportProblem(file, f"the spreadsheet could not be opened ({error.__class__.__name__})") from None
    try:
        sheets = [(sheet.title, _sheet_rows(sheet)) for sheet in book.worksheets]
    finally:
        book.close()
    title, rows = _choose_sheet(file, sheets, columns)
    layout = GridLayout(
        file=file,
        layout=f"XLSX sheet '{title}'",
        wrapped=False,
        strict_dates=True,
        narrative_if_no_header=False,
        problem_file=f"{file}, sheet '{title}'",
    )
    return read_grid(rows, layout, columns=columns, document_date=document_date, progress=progress)


def _choose_sheet(
    file: str, sheets: list[tuple[str, list[GridRow]]], columns: ColumnOverrides | None
) -> tuple[str, list[GridRow]]:
    """The sheet whose header names the user's columns, else the one with the best header."""
    if not sheets:
        raise ImportProblem(file, "the spreadsheet has no sheets")
    for title, rows in sheets:
        if find_header_row_with_overrides([r.cells for r in rows], columns) is not None:
            return title, rows
    best: tuple[int, str, list[GridRow]] | None = None
    for title, rows in sheets:
        index = find_header_row([r.cells for r in rows])
        score = header_score(rows[index].cells) if index is not None else 0
        if score and (best is None or score > best[0]):
            best = (score, title, rows)
    if best is not None:
        return best[1], best[2]
    filled = [(t, r) for t, r in sheets if any(row.cells for row in r)]
    return filled[0] if filled else sheets[0]
