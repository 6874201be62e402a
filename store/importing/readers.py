"""The readers, in one place: which reader takes which kind of file, and the text layouts tried in
order on text. Adding a format or a layout is one line here and a module that produces `Table`s."""

from __future__ import annotations

from collections.abc import Callable

from store.importing import (
    cell_per_line,
    delimited,
    fixed_width,
    pdf_text,
    pipe_table,
    run_together,
)
from store.importing.parsed import ColumnOverrides, ImportProblem, NotAnActionPlan
from store.importing.sources import Source
from store.importing.table import Table, TextLayout, TextSample

NARRATIVE = "narrative report"


# Each file reader's module is imported when a file of its kind is read, not with this module: their
# libraries (openpyxl, python-docx, pdfplumber, BeautifulSoup with lxml) take about 30 MB, and every
# serving worker imports this module while few ever read a file.


def _workbook_tables(file: str, data: bytes) -> list[Table]:
    from store.importing import workbook

    return workbook.sheet_tables(file, data)


def _word_tables(file: str, data: bytes) -> list[Table]:
    from store.importing import word

    return word.document_tables(file, data)


def _pdf_tables(file: str, data: bytes) -> list[Table]:
    from store.importing import pdf_reader

    return pdf_reader.pdf_tables(file, data)


def _web_page_tables(file: str, data: bytes) -> list[Table]:
    from store.importing import web_page

    return web_page.page_tables(file, data)


# Files with a structure of their own, by what `open_source` found them to be.
FILE_READERS: dict[str, Callable[[str, bytes], list[Table]]] = {
    "workbook": _workbook_tables,
    "word": _word_tables,
    "pdf": _pdf_tables,
    "web page": _web_page_tables,
}

# Text: the first layout that recognises the text reads it. More specific layouts come first.
TEXT_LAYOUTS: tuple[TextLayout, ...] = (
    pipe_table.LAYOUT,
    pipe_table.PER_LINE,
    delimited.NAMED_EXPORT,
    delimited.TAB_EXPORT,
    pdf_text.LAYOUT,
    run_together.JOINED,
    delimited.SNIFFED,
    fixed_width.LAYOUT,
    cell_per_line.LAYOUT,
    run_together.RUN_TOGETHER,
)


def text_layout(text: str, suffix: str = "") -> TextLayout | None:
    sample = TextSample(text=text, lines=[line for line in text.split("\n") if line.strip()], suffix=suffix)
    if not sample.lines:
        return None
    return next((layout for layout in TEXT_LAYOUTS if layout.recognises(sample)), None)


def layout_name(source: Source) -> str:
    """The layout family a file is in, as shown to users ("narrative report" for prose)."""
    if source.kind != "text":
        return source.kind
    found = text_layout(source.text, source.path.suffix.lower())
    return found.name if found is not None else NARRATIVE


def tables_in(source: Source, columns: ColumnOverrides | None) -> list[Table]:
    """The tables a file holds, cut into cells by the reader for its kind or layout."""
    if source.kind in FILE_READERS:
        return FILE_READERS[source.kind](source.name, source.data)
    found = text_layout(source.text, source.path.suffix.lower())
    if found is None:
        if columns is not None and columns.columns:
            # The user says where the columns are: read it as tab-separated text with their mapping.
            return [pdf_text.LAYOUT.read(source.text, source.name)]
        unclear = _unclear_table(source.text)
        if unclear is not None:
            raise ImportProblem(source.name, unclear)
        raise NotAnActionPlan(
            source.name,
            "this reads as a narrative report, not an action table: no columns for recommendations, "
            "owners or timescales were found. Import the action plan itself (a table) instead.",
        )
    return [found.read(source.text, source.name)]


def _unclear_table(text: str) -> str | None:
    """Text that is laid out as a table (tabs, or a delimiter splitting most lines alike) but
    whose header names no column we know: say what was found and how to map it."""
    delimiter = delimited.sniff_delimiter(text)
    if delimiter is None:
        return None
    rows = [r for r in delimited.parse_delimited(text, delimiter) if sum(1 for c in r.cells if c.strip()) >= 2]
    if len(rows) < 3:
        return None
    first = [c.strip() for c in rows[0].cells]
    listed = ", ".join(f"{n}: {c!r}" for n, c in enumerate(first, start=1) if c)
    return (
        f"a table of {len(rows)} rows was found, but no header names a recommendation, action, owner or "
        f"timescale (its first row reads {listed}). Say which column is which with flags such as "
        "--column recommendation=2 --column owner=3 --column timescale=4."
    )
