"""Putting table rows together into recommendations and actions, then reading their cells.

Every layout reader ends here: it hands over rows already split into fields (ref, recommendation,
action, owner, timescale …) and says whether cells wrap over several printed lines (PDF text,
pipe and fixed-width tables) or each row is whole (CSV, spreadsheets). Owners are read only once
the whole document has been seen, because splitting "Diane Brown Linda Mann" and merging typos
both lean on names found elsewhere in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from store.importing.cell_text import (
    clean_cell,
    label_of,
    leading_label,
    ongoing_in_progress_text,
    starts_lowercase,
    starts_new_item,
    status_in_progress_text,
    status_in_status_cell,
)
from store.importing.columns import ColumnMap
from store.importing.drafts import Cell, DraftAction, DraftRecord, DraftUpdate
from store.importing.owners_text import (
    OwnerBook,
    OwnerReading,
    is_as_above,
    names_known_in,
    read_owner_cell,
)
from store.importing.parsed import (
    ParsedAction,
    ParsedRecommendation,
    ParsedUpdate,
    ReviewItem,
    Timescale,
)
from store.importing.refs import Ref
from store.importing.timescales import is_complete_timescale, parse_timescale
from store.status import Response, parse_response

# Cell text by field name ("owner", "timescale" …; see `parsed.COLUMN_FIELDS`).
RowFields = dict[str, str]

_TEXT_FIELDS = ("recommendation", "action", "comments", "update")
_YEAR_ONLY = re.compile(r"\s*'?(?:19|20)?\d{2}\.?\s*")
_ENDS_WITH_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s*$", re.I
)
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
OWNER_CELL_EMPTY = "owner cell empty"


@dataclass
class BuiltPlan:
    recommendations: list[ParsedRecommendation]
    owner_aliases: dict[str, str]
    teams: list[str]
    review: list[ReviewItem]
    rows_read: int


@dataclass
class PlanBuilder:
    """Collects rows into draft recommendations; `build` reads them into the parsed models."""

    file: str
    columns: ColumnMap
    wrapped: bool
    document_date: date | None
    records: list[DraftRecord] = field(default_factory=list)
    current: DraftRecord | None = None
    rows_read: int = 0
    context_year: int | None = None
    review_outside_rows: list[ReviewItem] = field(default_factory=list)
    # An "Update:" row being continued on the following lines, and the last update taken from
    # an update column (which wraps like any other cell in wrapped layouts).
    _update: DraftUpdate | None = None
    _column_update: DraftUpdate | None = None
    _by_ref: dict[str, DraftRecord] = field(default_factory=dict)

    # -- rows ---------------------------------------------------------------------------------

    def start_record(self, ref: Ref | None, line: int) -> DraftRecord:
        record = DraftRecord(ref=ref, line=line)
        record.actions.append(DraftAction(line=line, context_year=self.context_year))
        self.records.append(record)
        if ref is not None:
            self._by_ref.setdefault(ref.normalised, record)
        self.current = record
        self._update = None
        self._column_update = None
        return record

    def note(self, line: int, reason: str, record: DraftRecord | None = None) -> None:
        if record is None:
            self.review_outside_rows.append(ReviewItem(line=line, reason=reason))
        else:
            record.review.append((line, reason))

    def add_row(self, fields: RowFields, line: int, ref: Ref | None) -> None:
        """One row (or, for wrapping layouts, one printed line) of the table."""
        # Line breaks inside a spreadsheet cell separate owners; elsewhere they are just wrapping.
        fields = {
            k: v
            for k, v in ((k, clean_cell(v) if k == "owner" else " ".join(v.split())) for k, v in fields.items())
            if v
        }
        label, fields = _take_label(fields)
        if not fields and ref is None and label is None:
            return
        self.rows_read += 1
        opens_record = self._opens_record(ref, fields)
        earlier = self._record_with_ref(ref) if opens_record else None
        if earlier is not None:
            # A ref seen before (an updates section after the table, say) adds to its record.
            self.current, self._update, self._column_update = earlier, None, None
            opens_record = False
        elif opens_record:
            self.start_record(ref, line)
        record = self.current
        assert record is not None
        if label == "update":
            note = " ".join(fields[f] for f in _TEXT_FIELDS if f in fields)
            self._start_update(record, note, line)
            return
        if self._update is not None:
            if self.wrapped and ref is None and not (fields.keys() - set(_TEXT_FIELDS)):
                self._update.note.add(" ".join(fields[f] for f in _TEXT_FIELDS if f in fields), line)
                return
            self._update = None
        if text := fields.pop("recommendation", None):
            record.text.add(text, line)
        if text := fields.pop("response", None):
            record.response.add(text, line)
        if text := fields.pop("executive_member", None):
            if text not in record.executive_member.parts:
                record.executive_member.add(text, line)
        if text := fields.pop("update", None):
            if self.wrapped and ref is None and self._column_update is not None:
                self._column_update.note.add(text, line)
            else:
                self._column_update = DraftUpdate(line=line, note=_cell(text, line), dated=self._update_date(text))
                record.updates.append(self._column_update)
        if fields:
            self._add_to_action(record, fields, line, fresh=opens_record)

    def _record_with_ref(self, ref: Ref | None) -> DraftRecord | None:
        if ref is None:
            return None
        # An index rather than a scan: a 10,000-row tracker would otherwise compare every row
        # with every recommendation before it.
        return self._by_ref.get(ref.normalised)

    def _opens_record(self, ref: Ref | None, fields: RowFields) -> bool:
        if ref is not None:
            return self.current is None or self.current.ref is None or ref.normalised != self.current.ref.normalised
        if self.current is None:
            return True
        if self.columns.has("ref"):
            return False
        # With no ref column, a spreadsheet row is its own recommendation unless it only carries
        # on the one above (no recommendation text of its own where there is such a column).
        if not self.wrapped:
            return "recommendation" in fields or not self.columns.has("recommendation")
        # In wrapped text, fresh recommendation text is a new sentence after a finished one.
        return (
            "recommendation" in fields
            and starts_new_item(fields["recommendation"])
            and not self.current.text.open
        )

    def _add_to_action(self, record: DraftRecord, fields: RowFields, line: int, fresh: bool) -> None:
        action = record.action
        if not fresh and self._starts_new_action(action, fields):
            action = DraftAction(line=line, context_year=self.context_year)
            record.actions.append(action)
        if text := fields.get("action"):
            action.text.add(text, line)
        if text := fields.get("owner"):
            action.owner_lines.extend(text.splitlines() if not self.wrapped else [text])
        if text := fields.get("timescale"):
            action.timescale.append(text)
        if text := fields.get("revised_due"):
            action.revised.append(text)
        if text := fields.get("status"):
            action.status.append(text)
        if text := fields.get("comments"):
            action.comments.add(text, line)
        if text := fields.get("budget"):
            action.budget.add(text, line)

    def _starts_new_action(self, action: DraftAction, fields: RowFields) -> bool:
        if not action.has_content:
            return False
        if not self.wrapped:
            return bool(fields.keys() & {"action", "owner", "timescale", "revised_due", "status"})
        if not self.columns.has("action"):
            return False
        text = fields.get("action")
        if text and starts_new_item(text) and action.text.parts and not action.text.open:
            return True
        timescale = fields.get("timescale")
        if timescale and action.timescale and _YEAR_ONLY.fullmatch(timescale) and _ENDS_WITH_MONTH.search(action.timescale[-1]):
            # "March 2018 to May" / "2018": the year finishes the cell above.
            return False
        # Two whole timescales on successive lines belong to two rows, even mid-sentence.
        return bool(
            timescale
            and action.timescale
            and is_complete_timescale(" ".join(action.timescale), self.document_date)
            and is_complete_timescale(timescale, self.document_date)
        )

    def _start_update(self, record: DraftRecord, note: str, line: int) -> None:
        action = record.actions[-1] if record.actions else None
        # An action sentence that ran on into the update row ("…will be influenced by" / Update:
        # "findings from data analysis. Trend analysis…") goes back to its action.
        if note and action is not None and action.text.open and starts_lowercase(note):
            m = re.match(r"^(.*?[.!?])\s+(?=[A-Z])", note)
            if m:
                action.text.add(m[1], line)
                note = note[m.end() :]
        update = DraftUpdate(line=line, note=_cell(note, line), dated=self._update_date(note))
        record.updates.append(update)
        self._update = update

    def _update_date(self, note: str) -> date | None:
        m = re.match(
            r"^\s*(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?\s+\d{4}|[A-Za-z]+\.?\s+\d{4})\s*[:\-\u2013]",
            note,
        )
        if m:
            reading = parse_timescale(m[1], self.document_date)
            if reading.deadlines:
                return reading.deadlines[0]
        return self.document_date

    # -- reading ------------------------------------------------------------------------------

    def build(self) -> BuiltPlan:
        for record in self.records:
            record.action  # every recommendation has at least one action row  # noqa: B018
        all_actions = [a for r in self.records for a in r.actions]
        known = names_known_in([a.owner_lines for a in all_actions])
        readings = {id(a): read_owner_cell(a.owner_lines, known) for a in all_actions}
        book = OwnerBook()
        for reading in readings.values():
            for name in reading.names:
                book.add(name)
        aliases = book.aliases()
        review: list[ReviewItem] = list(self.review_outside_rows)
        recommendations: list[ParsedRecommendation] = []
        previous: ParsedAction | None = None
        for record in self.records:
            ref = record.ref.normalised if record.ref else None
            actions: list[ParsedAction] = []
            for draft in record.actions:
                action = self._read_action(record, draft, readings[id(draft)], aliases, previous)
                actions.append(action)
                previous = action
                review.extend(ReviewItem(line=draft.line, reason=r, ref=ref) for r in action.review_reasons)
            review.extend(ReviewItem(line=line, reason=reason, ref=ref) for line, reason in record.review)
            if record.low_confidence:
                for action in actions:
                    action.confidence = "low"
            recommendations.append(self._read_recommendation(record, actions))
        used = {o for r in recommendations for a in r.actions for o in a.owners}
        teams = [t for t in book.teams(aliases) if t in used]
        review.sort(key=lambda item: item.line)
        return BuiltPlan(recommendations, aliases, teams, review, self.rows_read)

    def _read_recommendation(
        self, record: DraftRecord, actions: list[ParsedAction]
    ) -> ParsedRecommendation:
        response, reason = read_response(record.response.text)
        updates = [
            ParsedUpdate(note=u.note.text, line=u.line, dated=u.dated)
            for u in record.updates
            if u.note.text.strip()
        ]
        return ParsedRecommendation(
            ref=record.ref.normalised if record.ref else None,
            ref_printed=record.ref.printed if record.ref else None,
            text=record.text.text,
            line=record.line,
            response=response,
            response_reason=reason,
            executive_member=record.executive_member.text or None,
            actions=actions,
            updates=updates,
        )

    def _read_action(
        self,
        record: DraftRecord,
        draft: DraftAction,
        reading: OwnerReading,
        aliases: dict[str, str],
        previous: ParsedAction | None,
    ) -> ParsedAction:
        reasons = list(draft.review)
        owners: list[str] = []
        if reading.as_above:
            if previous is None:
                reasons.append("owner 'As above' has no row above to copy")
            else:
                owners.extend(previous.owners)
        for name in reading.names:
            canonical = aliases.get(name, name)
            if canonical not in owners:
                owners.append(canonical)
        reasons.extend(f"owner text {d!r} does not read as a name; left out" for d in reading.dropped)
        reasons.extend(f"owner cell {u!r} could not be split into names" for u in reading.unsplit)
        if self.columns.has("owner") and not owners and not reading.as_above:
            reasons.append(OWNER_CELL_EMPTY)

        timescale = self._read_timescale(draft, previous, reasons)
        due = timescale.deadlines[-1] if timescale and timescale.deadlines else None
        original_due = None
        if draft.revised:
            revised = parse_timescale(" ".join(draft.revised), self.document_date, context_year=draft.context_year)
            if revised.deadlines:
                original_due, due = due, revised.deadlines[-1]
            elif not revised.understood:
                reasons.append(f"revised date {revised.raw!r} could not be read")

        comments = draft.comments.text or None
        status_text = " ".join(draft.status)
        status = status_in_status_cell(status_text) if status_text else None
        if status is None and timescale is not None:
            status = timescale.status
        if status is None and comments:
            status = status_in_progress_text(comments)
        ongoing = bool(timescale and timescale.ongoing) or any(
            ongoing_in_progress_text(t) for t in (comments or "", status_text) if t
        )
        text = draft.text.text or ("" if self.columns.has("action") else record.text.text)
        low = any(r != OWNER_CELL_EMPTY for r in reasons)
        return ParsedAction(
            text=text,
            owners=owners,
            timescale=timescale,
            due=due,
            original_due=original_due,
            ongoing=ongoing,
            recurring=bool(timescale and timescale.recurring),
            status=status,
            budget=draft.budget.text or None,
            comments=comments,
            line=draft.line,
            confidence="low" if low else "high",
            review_reasons=reasons,
        )

    def _read_timescale(
        self, draft: DraftAction, previous: ParsedAction | None, reasons: list[str]
    ) -> Timescale | None:
        raw = " ".join(draft.timescale).strip()
        if not raw:
            return None
        if is_as_above(raw):
            if previous is None or previous.timescale is None:
                reasons.append("timescale 'As above' has no row above to copy")
                return Timescale(raw=raw)
            return previous.timescale.model_copy(update={"raw": raw})
        timescale = parse_timescale(raw, self.document_date, context_year=draft.context_year)
        if not timescale.understood:
            reasons.append(f"timescale {raw!r} could not be read")
        if len(timescale.deadlines) > 1:
            count = _NUMBER_WORDS.get(len(timescale.deadlines), str(len(timescale.deadlines)))
            reasons.append(f"{count} deadlines in one timescale cell: {raw!r}")
        if timescale.note:
            reasons.append(timescale.note)
        return timescale


_RESPONSE_SPLIT = re.compile(r"\s*(?:[\u2013\u2014:;]|\s-\s|,?\s+because\b|,?\s+as\b|\.\s)\s*", re.I)
_IN_PART = re.compile(
    r"^\W*(?:(?:accepted|agreed|approved)\s+(?:in\s+part|partially|with\s+amendments?)|partially\s+(?:accepted|agreed))\b", re.I
)
_IN_PRINCIPLE = re.compile(r"^\W*(?:accepted|agreed|approved)\s+in\s+principle\b", re.I)
_NOT_ACCEPTED = re.compile(r"^\W*(?:not\s+(?:agreed|accepted|approved|supported)|refused|declined)\b", re.I)


def read_response(text: str) -> tuple[Response | None, str | None]:
    """An executive response cell ("Agreed", "Accepted in part", "Rejected – because …") as
    the response and the reason given with it."""
    text = " ".join(text.split())
    if not text:
        return None, None
    head, *rest = _RESPONSE_SPLIT.split(text, maxsplit=1)
    reason = rest[0].strip() if rest and rest[0].strip() else None
    # Committees track "in part" (some of it will happen) apart from "in principle" (all of it,
    # if and when): each is its own response.
    if _IN_PART.match(text):
        response: Response | None = Response.ACCEPTED_IN_PART
    elif _IN_PRINCIPLE.match(text):
        response = Response.ACCEPTED_IN_PRINCIPLE
    elif _NOT_ACCEPTED.match(text):
        response = Response.REJECTED
    else:
        response = parse_response(head) or parse_response(text)
    if response is None:
        # No response word: the cell is the executive's reply in its own words.
        return None, text if len(text.split()) > 3 else None
    if reason is None and len(text.split()) > 3:
        reason = text
    return response, reason


def _cell(text: str, line: int) -> Cell:
    cell = Cell()
    cell.add(text, line)
    return cell


def _take_label(fields: RowFields) -> tuple[str | None, RowFields]:
    """Find an "Update:"/"Action:" label cell (or a cell opening with one) and take it out; an
    action's text after its label belongs in the action field."""
    for name in ("recommendation", "ref", "action", "comments", "update"):
        text = fields.get(name)
        if not text:
            continue
        label = label_of(text)
        remainder = ""
        if label is None:
            opening = leading_label(text) if name in ("recommendation", "action", "update") else None
            if opening is None:
                continue
            label, remainder = opening
        rest: RowFields = {k: v for k, v in fields.items() if k != name}
        if remainder:
            target = "action" if label == "action" and "action" not in rest else name
            rest[target] = remainder
        return label, rest
    return None, fields
