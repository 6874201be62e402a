"""What every reader produces: a table's cells with their places (row, column, page or line).

A reader (Word, PDF, web page, spreadsheet, CSV, each text layout) only turns its file into
`Table`s; `grid` then finds the header, gives columns roles, rebuilds wrapped and continued rows
and reads the cells, so every format follows the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Progress = Callable[[int, int], None]


@dataclass
class GridRow:
    """One row as the reader found it; `whole_line` is text printed across the table with no
    column breaks (a heading, a page header, or a PDF region that lost its tabs). `line` is the
    text line, or the row's number in the document for Word, PDF and web tables; `page` is the
    PDF page. `spans` gives, for a cell merged across several columns, how many it covers."""

    line: int
    cells: list[str]
    whole_line: bool = False
    page: int | None = None
    spans: dict[int, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(c.strip() for c in self.cells if c.strip())


@dataclass(frozen=True)
class GridLayout:
    """How a reader's rows behave, and how problems name where they are."""

    file: str
    layout: str
    # Cells wrap over several printed lines (PDF text, pipe and fixed-width tables).
    wrapped: bool
    # PDF text: page footers, stray refs and garbled lines are expected and dropped.
    noisy: bool = False
    # Spreadsheets: an unreadable cell in a column of dates is an error, not a review item.
    strict_dates: bool = False
    # Text files with no table are narrative reports; a spreadsheet with none is a problem.
    narrative_if_no_header: bool = True
    # How problems name the file, when that needs more than its name ("plan.xlsx, sheet 'Tracker'").
    problem_file: str | None = None
    # Rows of a structured table (Word, PDF, web page) may carry on over a page break.
    paged: bool = False

    @property
    def named(self) -> str:
        return self.problem_file or self.file


@dataclass
class Table:
    """One table a reader found, with the text printed above it (title, committee, date)."""

    rows: list[GridRow]
    layout: GridLayout
    # Where the table is, for messages ("table 2", "sheet 'Tracker'").
    where: str = ""
    above: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TextSample:
    """What a text layout looks at to recognise itself."""

    text: str
    lines: list[str]  # the non-blank lines
    suffix: str  # the file name's extension, lower case (".csv")


@dataclass(frozen=True)
class TextLayout:
    """One way of laying a table out as text: how to recognise it and how to cut it into cells."""

    name: str
    recognises: Callable[[TextSample], bool]
    read: Callable[[str, str], Table]  # (text, file name) -> the table
