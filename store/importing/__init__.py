"""Reading council and health board action plans into a `ParsedPlan`.

`read_document` opens a file, tells its layout (`detect_layout`) and reads it with the reader for
that layout family: tab-separated text from PDFs, CSV and other delimited exports, Excel sheets,
pipe tables saved from web pages, fixed-width columns and one-cell-per-line exports. Narrative
reports are refused with `NotAnActionPlan`; anything unreadable raises `ImportProblem` naming the
file, line and cell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from store.importing import cell_per_line, fixed_width, pdf_text, pipe_table
from store.importing.delimited import read_delimited
from store.importing.grid import GridLayout, GridRow, read_grid
from store.importing.detect import Layout, layout_of
from store.importing.parsed import (
    ColumnOverrides,
    ImportProblem,
    NotAnActionPlan,
    ParsedAction,
    ParsedPlan,
    ParsedRecommendation,
    ParsedUpdate,
    ReviewItem,
    Timescale,
)
from store.importing.sources import open_source
from store.importing.timescales import date_in_context_year, parse_timescale
from store.importing.workbook import read_workbook

__all__ = [
    "ColumnOverrides",
    "ImportProblem",
    "Layout",
    "NotAnActionPlan",
    "ParsedAction",
    "ParsedPlan",
    "ParsedRecommendation",
    "ParsedUpdate",
    "ReviewItem",
    "Timescale",
    "date_in_context_year",
    "detect_layout",
    "parse_timescale",
    "read_document",
]

# Each text layout is its own way of cutting lines into rows; the grid reader does the rest.
_GRID_LAYOUTS: dict[Layout, tuple[Callable[[str], list[GridRow]], dict[str, object]]] = {
    Layout.PDF_TEXT: (pdf_text.pdf_text_rows, {"layout": pdf_text.LAYOUT_NAME, "wrapped": True, "noisy": True}),
    Layout.PIPE_TABLE: (pipe_table.pipe_rows, {"layout": pipe_table.LAYOUT_NAME, "wrapped": True}),
    Layout.FIXED_WIDTH: (fixed_width.fixed_width_rows, {"layout": fixed_width.LAYOUT_NAME, "wrapped": True}),
    Layout.CELL_PER_LINE: (cell_per_line.cell_per_line_rows, {"layout": cell_per_line.LAYOUT_NAME, "wrapped": False}),
}


def _read_text_grid(
    layout: Layout,
    text: str,
    file: str,
    *,
    columns: ColumnOverrides | None,
    document_date: date | None,
    progress: Callable[[int, int], None] | None,
) -> ParsedPlan:
    rows, flags = _GRID_LAYOUTS[layout]
    return read_grid(rows(text), GridLayout(file=file, **flags), columns=columns, document_date=document_date, progress=progress)  # type: ignore[arg-type]


def detect_layout(path: Path) -> Layout:
    """Which layout family a file is in (`Layout.NARRATIVE` for prose with no action table)."""
    return layout_of(open_source(Path(path)))


def read_document(
    path: Path,
    *,
    columns: ColumnOverrides | None = None,
    document_date: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedPlan:
    """Read one action plan file. `columns` are the user's column flags; `document_date`
    overrides the date printed in the document (it places two-digit years and dates updates)."""
    source = open_source(Path(path))
    layout = layout_of(source)
    if source.kind == "workbook":
        return read_workbook(
            source.data, source.name, columns=columns, document_date=document_date, progress=progress
        )
    if layout is Layout.NARRATIVE:
        if columns is not None and columns.columns:
            # The user says where the columns are: read it as PDF text with their mapping.
            return _read_text_grid(
                Layout.PDF_TEXT, source.text, source.name, columns=columns, document_date=document_date, progress=progress
            )
        raise NotAnActionPlan(
            source.name,
            "this reads as a narrative report, not an action table: no columns for recommendations, "
            "owners or timescales were found. Import the action plan itself (a table) instead.",
        )
    if layout is Layout.DELIMITED:
        return read_delimited(source.text, source.name, columns=columns, document_date=document_date, progress=progress)
    return _read_text_grid(layout, source.text, source.name, columns=columns, document_date=document_date, progress=progress)
