"""What the committee-ready tracker report says, as plain data every writer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ActionLine:
    handle: str
    text: str
    owners: tuple[str, ...]
    original_due: date | None
    current_due: date | None
    moved: int  # how often the deadline moved later
    status: str  # in words: "in progress"
    timescale: str | None = None  # as printed, when there is no date ("Ongoing")

    @property
    def dates_in_words(self) -> str:
        if self.current_due is None:
            return self.timescale or "no date"
        current = long_date(self.current_due)
        if self.original_due and self.original_due != self.current_due:
            times = "once" if self.moved == 1 else f"{self.moved} times"
            return f"{current} (originally {long_date(self.original_due)}; moved {times})"
        return current


@dataclass(frozen=True)
class LatestUpdate:
    on: date
    by: str
    note: str


@dataclass(frozen=True)
class RecommendationRow:
    key: str  # stable across reports (the recommendation's id), for "what changed"
    ref: str
    text: str
    report_title: str | None
    agreed_on: date | None
    response: str | None  # in words: "accepted in part"
    response_detail: str | None
    lead_officers: tuple[str, ...]
    executive_member: str | None
    actions: tuple[ActionLine, ...]
    latest_update: LatestUpdate | None
    assessment: str | None  # the committee's term: "on track", "slipped"…; None: not assessed yet
    rag: str | None  # the RAG in words: "Green", "Amber", "Red", "Complete", "Closed"
    assessment_note: str | None = None
    proposed: str | None = None  # what the actions' roll-up proposes when nobody has assessed it
    signed_off_on: date | None = None
    signed_off_minute: str | None = None

    @property
    def assessment_in_words(self) -> str:
        """Never colour alone: the term, its RAG in words, and a note when there is one."""
        if self.assessment is None:
            base = "Not assessed yet" + (f" (the actions suggest {self.proposed})" if self.proposed else "")
        else:
            base = self.assessment[:1].upper() + self.assessment[1:]
            if self.rag:
                base += f" ({self.rag})"
        return base + (f": {self.assessment_note}" if self.assessment_note else "")

    @property
    def assessment_term(self) -> str:
        """The term and its note without the RAG, for a page that shows the RAG word beside it."""
        if self.assessment is None:
            return self.assessment_in_words
        base = self.assessment[:1].upper() + self.assessment[1:]
        return base + (f": {self.assessment_note}" if self.assessment_note else "")

    @property
    def response_in_words(self) -> str:
        if not self.response:
            return "No response recorded"
        words = self.response[:1].upper() + self.response[1:]
        return words + (f": {self.response_detail}" if self.response_detail else "")


@dataclass(frozen=True)
class Change:
    kind: str  # one of CHANGE_KINDS
    ref: str
    what: str


CHANGE_KINDS = ("new", "slipped", "achieved", "signed_off")
CHANGE_HEADINGS = {
    "new": "New since the last report",
    "slipped": "Slipped",
    "achieved": "Achieved",
    "signed_off": "Signed off by the committee",
}


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class TrackerReport:
    committee: str
    as_of: date
    rows: tuple[RecommendationRow, ...]  # still open: not signed off
    signed_off: tuple[RecommendationRow, ...]
    changes: tuple[Change, ...]
    previous_as_of: date | None  # the report "what changed" compares with; None for the first
    council: str | None = None
    meeting: date | None = None
    papers_deadline: date | None = None
    by_assessment: tuple[Count, ...] = field(default_factory=tuple)
    by_response: tuple[Count, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return f"{self.committee}: scrutiny recommendations tracker"

    @property
    def subtitle(self) -> str:
        parts = [f"Position at {long_date(self.as_of)}"]
        if self.meeting:
            parts.append(f"for the meeting on {long_date(self.meeting)}")
        return " ".join(parts)

    def changes_of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.signed_off)


def long_date(day: date) -> str:
    """"2 March 2026": how councils write dates in published papers."""
    return f"{day.day} {day:%B %Y}"


# Main table's columns, shared by every writer so they cannot drift apart.
COLUMNS = (
    "Ref",
    "Recommendation",
    "Executive response",
    "Lead officer and executive member",
    "Actions: dates and moves",
    "Latest update",
    "Assessment (RAG in words)",
)
SIGNED_OFF_COLUMNS = ("Ref", "Recommendation", "Signed off", "Final assessment")


def recommendation_cell(row: RecommendationRow) -> str:
    text = row.text
    if row.report_title or row.agreed_on:
        source = row.report_title or "Report"
        if row.agreed_on:
            source += f", agreed {long_date(row.agreed_on)}"
        text += f"\n({source})"
    return text


def people_cell(row: RecommendationRow) -> str:
    lead = ", ".join(row.lead_officers) or "No lead officer named"
    member = row.executive_member or "not named"
    return f"Lead: {lead}\nExecutive member: {member}"


def actions_lines(row: RecommendationRow) -> list[str]:
    if not row.actions:
        return ["No tracked actions"]
    return [f"{a.handle}: {a.text} — {a.status}; due {a.dates_in_words}" for a in row.actions]


def update_cell(row: RecommendationRow) -> str:
    if row.latest_update is None:
        return "No update yet"
    u = row.latest_update
    return f"{long_date(u.on)}, {u.by}: {u.note}"


def signed_off_cell(row: RecommendationRow) -> str:
    if row.signed_off_on is None:
        return ""
    minute = f", minute {row.signed_off_minute}" if row.signed_off_minute else ""
    return f"{long_date(row.signed_off_on)}{minute}"


def main_cells(row: RecommendationRow) -> list[str]:
    """The main table's cells for one recommendation, in COLUMNS order, as plain text."""
    return [row.ref, recommendation_cell(row), row.response_in_words, people_cell(row), "\n".join(actions_lines(row)),
            update_cell(row), row.assessment_in_words]


def signed_off_cells(row: RecommendationRow) -> list[str]:
    return [row.ref, row.text, signed_off_cell(row), row.assessment_in_words]
