"""Telling which layout a file is in, from its content first and its name second."""

from __future__ import annotations

import enum

from store.importing.cell_per_line import header_run, labelled_fields
from store.importing.columns import find_header_row
from store.importing.delimited import consistency, parse_delimited, sniff_delimiter
from store.importing.fixed_width import find_fixed_header
from store.importing.pdf_text import pdf_text_rows
from store.importing.pipe_table import is_pipe_row
from store.importing.sources import Source


class Layout(str, enum.Enum):
    """The layout families the reader knows; the value is the name shown to users."""

    PDF_TEXT = "PDF text table"
    DELIMITED = "CSV"
    WORKBOOK = "XLSX"
    PIPE_TABLE = "pipe table"
    FIXED_WIDTH = "fixed-width columns"
    CELL_PER_LINE = "one cell per line"
    NARRATIVE = "narrative report"


def layout_of(source: Source) -> Layout:
    if source.kind == "workbook":
        return Layout.WORKBOOK
    return text_layout(source.text, source.path.suffix.lower())


def text_layout(text: str, suffix: str = "") -> Layout:
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return Layout.NARRATIVE
    pipe_lines = sum(1 for line in lines if is_pipe_row(line))
    if pipe_lines >= 2 and pipe_lines >= 0.3 * len(lines):
        return Layout.PIPE_TABLE
    if suffix in (".csv", ".tsv"):
        return Layout.DELIMITED
    tabbed = [line for line in lines if "\t" in line]
    if len(tabbed) >= 2:
        rows = pdf_text_rows(text)
        if find_header_row([r.cells for r in rows if not r.whole_line]) is not None:
            return Layout.DELIMITED if _clean_tab_table(text) else Layout.PDF_TEXT
    delimiter = sniff_delimiter(text)
    if delimiter is not None and delimiter != "\t":
        if find_header_row([r.cells for r in parse_delimited(text, delimiter)]) is not None:
            return Layout.DELIMITED
    if find_fixed_header(text.split("\n")) is not None:
        return Layout.FIXED_WIDTH
    if labelled_fields(text.split("\n")) or header_run(text.split("\n")) is not None:
        return Layout.CELL_PER_LINE
    return Layout.NARRATIVE


def _clean_tab_table(text: str) -> bool:
    """A tab-separated export (every line the same width, none without tabs, quoted cells
    allowed) rather than text copied out of a PDF, whose rows wrap and break."""
    rows = [r for r in pdf_text_rows(text) if r.cells and any(c.strip() for c in r.cells)]
    if any(r.whole_line for r in rows):
        return False
    width, share = consistency(parse_delimited(text, "\t"))
    return width >= 3 and share >= 0.95
