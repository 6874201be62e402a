"""What reading a document yields, before anything touches the database.

Readers (one per layout family) turn a file into a `ParsedPlan`; `store.importer` then applies it to a
workspace. Keeping the two apart means a reader can be tested on text alone, and a file either parses
whole or raises `ImportProblem` naming the file, line and cell.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from pydantic import BaseModel, Field

from store.status import Response, Status

# Fields a user can point at a column with `--column FIELD=HEADER` (or a 1-based column number).
ColumnField = Literal[
    "ref",
    "recommendation",
    "action",
    "owner",
    "timescale",
    "revised_due",
    "status",
    "comments",
    "budget",
    "response",
    "update",
    "executive_member",
]
COLUMN_FIELDS: tuple[ColumnField, ...] = get_args(ColumnField)


class ImportProblem(Exception):
    """A file cannot be imported; the message says where and what to do about it."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        cell: str | None = None,
        page: int | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.cell = cell
        self.page = page
        self.message = message
        where = file
        if page is not None:
            where += f", page {page}"
        if line is not None:
            where += f", line {line}"
        if cell is not None:
            where += f", cell {cell!r}"
        super().__init__(f"{where}: {message}")


class NotAnActionPlan(ImportProblem):
    """The file is a narrative report (minutes, a covering report), not an action table."""


class ColumnOverrides(BaseModel):
    """The user's own mapping of fields to columns, given as header text or 1-based numbers."""

    columns: dict[ColumnField, str | int] = Field(default_factory=dict)


class Timescale(BaseModel):
    """A timescale cell read into dates and flags; the raw text is kept beside it."""

    raw: str
    # Every distinct deadline the cell names, in printed order. More than one usually means two
    # rows were merged by the PDF extraction, so the importer makes one action per deadline.
    deadlines: list[date] = Field(default_factory=list)
    ongoing: bool = False
    recurring: bool = False
    status: Status | None = None
    understood: bool = True
    # Why a reading is only approximate ("Spring 2010" read as its last month, a month with no
    # year placed by the document's date); readers turn it into a review item.
    note: str | None = None


class ParsedUpdate(BaseModel):
    """A progress note printed in the document (002's "Update:" rows)."""

    note: str
    line: int
    dated: date | None = None


class ParsedAction(BaseModel):
    """One proposed action row, reassembled from however many physical lines it spanned."""

    text: str = ""
    owners: list[str] = Field(default_factory=list)
    timescale: Timescale | None = None
    due: date | None = None
    original_due: date | None = None
    ongoing: bool = False
    recurring: bool = False
    status: Status | None = None
    budget: str | None = None
    comments: str | None = None
    line: int
    confidence: Literal["high", "low"] = "high"
    review_reasons: list[str] = Field(default_factory=list)


class ParsedRecommendation(BaseModel):
    ref: str | None
    ref_printed: str | None = None
    text: str = ""
    line: int
    response: Response | None = None
    response_reason: str | None = None
    # The cabinet or executive member who answered for the recommendation, as printed.
    executive_member: str | None = None
    actions: list[ParsedAction] = Field(default_factory=list)
    updates: list[ParsedUpdate] = Field(default_factory=list)


class ReviewItem(BaseModel):
    """A row a person should check: low confidence, and why."""

    line: int
    reason: str
    ref: str | None = None
    # The PDF page the row is on, and the cell text that needs checking, where known.
    page: int | None = None
    cell: str | None = None


class ColumnChoice(BaseModel):
    """How one column was read, and why: shown by `import --preview` so a user can correct it
    with `--column FIELD=HEADER`. `field` is None for a column deliberately not read."""

    field: str | None
    header: str
    column: int  # 1-based, as the column flags count
    reason: str


class ParsedPlan(BaseModel):
    source_file: str
    layout: str
    title: str
    committee: str | None = None
    council: str | None = None
    document_date: date | None = None
    recommendations: list[ParsedRecommendation] = Field(default_factory=list)
    # Spelling seen in the document -> the canonical owner name it was merged into.
    owner_aliases: dict[str, str] = Field(default_factory=dict)
    teams: list[str] = Field(default_factory=list)
    review: list[ReviewItem] = Field(default_factory=list)
    rows_read: int = 0
    # The column mapping chosen for the table, and why, in column order.
    columns_chosen: list[ColumnChoice] = Field(default_factory=list)
