"""Reading council and health board action plans into a `ParsedPlan`.

`read_document` opens a file and hands it to its reader (`readers`): Word, PDF, web pages and
spreadsheets by their structure, text by the first layout that recognises it (tab-separated text
from PDFs, CSV and other delimited exports, pipe tables, fixed-width columns, one cell per line,
labelled records, web tables copied as text). Every reader only produces tables of cells; one
engine (`grid`) finds the header, gives columns roles and reads the rows. Narrative reports are
refused with `NotAnActionPlan`; anything unreadable raises `ImportProblem` naming the file, line
(or page, sheet) and cell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from store.importing.grid import read_tables
from store.importing.parsed import (
    ColumnChoice,
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
from store.importing.readers import NARRATIVE, layout_name, tables_in
from store.importing.sources import open_source
from store.importing.timescales import date_in_context_year, parse_timescale

__all__ = [
    "NARRATIVE",
    "ColumnChoice",
    "ColumnOverrides",
    "ImportProblem",
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


def detect_layout(path: Path) -> str:
    """The layout family a file is in, by name ("CSV", "pipe table", "word", "narrative report")."""
    return layout_name(open_source(Path(path)))


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
    tables = tables_in(source, columns)
    return read_tables(tables, source.name, columns=columns, document_date=document_date, progress=progress)
