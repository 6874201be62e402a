"""A generated plan laid out as a table: which columns, headed how, in which order, and the text
of every cell. Every renderer starts from this, then prints it its own way."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.importing.generator.plans import GeneratedPlan
from tests.importing.generator.timescale_forms import printed_date

HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("Ref", "No.", "Rec No", "Ref.", "#", "Ref no", "Reference", "Rec. No.", "ID", "Item"),
    "recommendation": (
        "Recommendation", "Scrutiny recommendation", "Recommendations", "Panel recommendation",
        "Recommendation text", "Review recommendation",
    ),
    "response": (
        "Executive response", "Cabinet response", "Response", "Agreed?", "Council response", "Cabinet decision",
        "Response from the Executive", "Accepted / rejected",
    ),
    "action": (
        "Action", "Agreed action", "Proposed action", "Actions to be taken", "Milestone", "Action(s)",
        "Management action", "Planned action", "Agreed actions",
    ),
    "owner": (
        "Lead Officer", "By whom", "Responsible", "Responsible officer", "Owner", "Lead", "Action owner",
        "Accountable officer", "Lead officer(s)", "Officer responsible", "Owner(s)", "Lead service",
    ),
    "timescale": (
        "Target date", "Timescale", "Deadline", "Due date", "By when", "Target", "Completion date",
        "Target completion", "Implementation date", "Timeframe", "Due",
    ),
    "revised": ("Revised date", "Revised target", "New deadline", "Revised deadline", "New target date", "Amended date"),
    "status": ("Status", "RAG", "RAG status", "Progress status", "RAG rating", "Current status"),
    "progress": (
        "Progress update", "Comments", "Update", "Progress", "Commentary", "Latest position", "Progress to date",
        "Latest update", "Position statement",
    ),
    "history_date": ("Date agreed", "Committee date", "Date of meeting", "Date raised", "Date of decision"),
    "member": ("Portfolio Holder", "Cabinet Member", "Executive Member", "Portfolio"),
}  # fmt: skip
# Headers that wrap over two printed lines in text copied out of PDFs.
SPLIT_HEADERS: dict[str, tuple[str, str]] = {
    "Lead Officer": ("Lead", "Officer"), "Responsible officer": ("Responsible", "officer"),
    "Target date": ("Target", "date"), "Revised target": ("Revised", "target"), "Due date": ("Due", "date"),
    "Agreed action": ("Agreed", "action"), "Executive response": ("Executive", "response"),
    "Progress update": ("Progress", "update"), "Revised date": ("Revised", "date"),
    "Action owner": ("Action", "owner"), "New deadline": ("New", "deadline"),
    "Portfolio Holder": ("Portfolio", "Holder"), "Cabinet Member": ("Cabinet", "Member"),
    "Officer responsible": ("Officer", "responsible"), "Target completion": ("Target", "completion"),
    "Implementation date": ("Implementation", "date"), "Management action": ("Management", "action"),
    "Amended date": ("Amended", "date"), "Progress to date": ("Progress", "to date"),
}  # fmt: skip
OWNER_JOINERS = (" / ", " and ", " & ", ", ", "; ")


@dataclass
class Column:
    field: str
    header: str
    # A header over several columns in a two-row header ("Target date" over "Original" | "Revised").
    group: str | None = None


@dataclass
class Row:
    cells: list[str]
    recommendation: int
    action: int
    actions_in_recommendation: int

    @property
    def first(self) -> bool:
        return self.action == 0


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def two_row_header(self) -> bool:
        return any(c.group for c in self.columns)

    def index(self, name: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.field == name), None)


def _column_order(plan: GeneratedPlan, rnd: random.Random) -> list[str]:
    fields = ["ref", "recommendation"]
    if plan.has_response_column:
        fields.append("response")
    if plan.has_action_column:
        fields.append("action")
    tail = ["owner", "timescale"]
    if rnd.random() < 0.35:
        tail.reverse()
    if plan.has_member_column:
        tail.insert(rnd.choice((0, tail.index("owner") + 1)), "member")
    if plan.has_revised_column:
        tail.insert(tail.index("timescale") + 1, "revised")
    fields += tail
    if plan.has_status_column:
        fields.append("status")
    if plan.has_progress_column:
        fields.insert(len(fields) - (1 if plan.has_status_column and rnd.random() < 0.5 else 0), "progress")
    if plan.has_response_column and rnd.random() < 0.3:
        fields.remove("response")
        fields.append("response")
    if plan.has_history_date_column:
        fields.insert(rnd.choice((1, len(fields))), "history_date")
    return fields


def layout_table(
    plan: GeneratedPlan,
    rnd: random.Random,
    *,
    multiline_cells: bool = True,
    two_row_header: bool = False,
    repeat_recommendation: bool | None = None,
    joiners: tuple[str, ...] = OWNER_JOINERS,
    avoid_in_headers: str | None = None,
) -> Table:
    """Choose this document's columns and headers and fill every cell.

    `multiline_cells`: the format can hold line breaks in a cell (owners one per line).
    `two_row_header`: a revised date goes under a "Target date" header spanning two columns.
    `repeat_recommendation`: a recommendation's second and later action rows repeat its ref and
    text, as exports from tracking systems do; otherwise they are left blank (or merged).
    `avoid_in_headers`: text the layout uses between cells, so no header may contain it.
    """
    if repeat_recommendation is None:
        repeat_recommendation = rnd.random() < 0.3
    columns: list[Column] = []
    grouped = two_row_header and plan.has_revised_column
    for name in _column_order(plan, rnd):
        if grouped and name in ("timescale", "revised"):
            group = rnd.choice(("Target date", "Deadline", "Timescale"))
            columns.append(Column(name, "Original" if name == "timescale" else rnd.choice(("Revised", "New")), group))
        else:
            choices = [h for h in HEADERS[name] if not avoid_in_headers or avoid_in_headers not in h]
            columns.append(Column(name, rnd.choice(choices)))
    table = Table(columns)
    joiner = rnd.choice(joiners + (("\n",) if multiline_cells else ()))
    agreed = plan.document_date
    for r_index, rec in enumerate(plan.recommendations):
        for a_index, action in enumerate(rec.actions):
            whole = a_index == 0 or repeat_recommendation
            values = {
                "ref": rec.ref.printed if whole else "",
                "recommendation": rec.text if whole else "",
                "response": rec.response if whole else "",
                "action": action.text,
                "owner": joiner.join(action.owners),
                "timescale": action.timescale.printed,
                "revised": action.revised.printed if action.revised else "",
                "status": action.status,
                "progress": action.progress,
                "history_date": printed_date(rnd, agreed) if whole else "",
                "member": rec.member if whole else "",
            }
            table.rows.append(Row([values[c.field] for c in columns], r_index, a_index, len(rec.actions)))
    return table
