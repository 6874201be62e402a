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

from store.importing.cell_per_line import read_cell_per_line
from store.importing.delimited import read_delimited
from store.importing.detect import Layout, layout_of
from store.importing.fixed_width import read_fixed_width
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
from store.importing.pdf_text import read_pdf_text
from store.importing.pipe_table import read_pipe_table
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

_TEXT_READERS = {
    Layout.PDF_TEXT: read_pdf_text,
    Layout.DELIMITED: read_delimited,
    Layout.PIPE_TABLE: read_pipe_table,
    Layout.FIXED_WIDTH: read_fixed_width,
    Layout.CELL_PER_LINE: read_cell_per_line,
}


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
            return read_pdf_text(
                source.text, source.name, columns=columns, document_date=document_date, progress=progress
            )
        raise NotAnActionPlan(
            source.name,
            "this reads as a narrative report, not an action table: no columns for recommendations, "
            "owners or timescales were found. Import the action plan itself (a table) instead.",
        )
    reader = _TEXT_READERS[layout]
    return reader(source.text, source.name, columns=columns, document_date=document_date, progress=progress)
