"""Which column holds which field: from header text, from the user's flags, or from content.

Councils head the same column a dozen ways ("Lead Officer", "By whom", "Responsible officer"), so
headers are matched against a vocabulary of words rather than exact names. When no header row is
found, columns are guessed from what their cells hold: refs, dates, names or long text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from store.importing.parsed import ColumnField, ColumnOverrides, ImportProblem
from store.importing.refs import read_ref
from store.importing.timescales import parse_timescale

# Dates that record history, not a deadline ("Date", "Date raised", "Date of meeting",
# "Committee date"): not read, so they never become due dates.
_IGNORED_HEADERS = re.compile(
    r"\bdate\b.*\b(?:raised|agreed|added|opened|logged|meeting|received|created|reported|closed|completed"
    r"|considered|made|of (?:committee|panel|board|decision|report|review))\b"
    r"|^(?:date|dates|meeting|committee|meeting date|committee date|panel date|board date|cabinet date"
    r"|decision date|report date|review date|date of report|date of review)$"
    r"|\b(?:committee|meeting|panel|cabinet|board|decision|report)\s+date\b"
)
# Checked in order: the first rule a header matches decides its field.
_HEADER_RULES: list[tuple[ColumnField, re.Pattern[str]]] = [
    (
        "ref",
        re.compile(
            r"^(?:(?:rec(?:ommendation)?|action|item|para(?:graph)?|minute)\.?\s*)?"
            r"(?:ref(?:erence)?\.?(?:\s*(?:no|nos|number|num|#|id))?|no|nos|number|num|#|id|item)\.?$"
            r"|^rec\.?$"
        ),
    ),
    (
        "revised_due",
        re.compile(
            r"\b(?:revised|new|amended|updated|rescheduled|current|latest|extended)\b.*\b(?:date|deadline|timescale|target|due)\b"
            r"|\b(?:date|deadline|timescale|target|due)\b.*\b(?:revised|new|amended|rescheduled|extended)$"
            r"|^(?:revised|new date|amended)$"
        ),
    ),
    (
        "executive_member",
        re.compile(
            r"^(?:cabinet\s+)?portfolio$|\b(?:portfolio\s*holder|cabinet\s+(?:member|lead)|executive\s+(?:member|lead|councillor)|lead\s+member"
            r"|lead\s+councillor|responsible\s+(?:cabinet\s+)?member)s?\b"
        ),
    ),
    ("budget", re.compile(r"\b(?:budget|cost|costs|financial implications?|resource implications?|funding)\b")),
    (
        "response",
        re.compile(
            r"\b(?:response|responses|accepted|accept|agreed\?|decision|accepted\?)\b|^agreed$"
            r"|^(?:agreed|accepted)\s*(?:/|or|\?)"
        ),
    ),
    ("update", re.compile(r"\b(?:update|updates)\b")),
    ("status", re.compile(r"\b(?:status|rag|complete\?|done\?)")),
    (
        "comments",
        re.compile(r"\b(?:comments?|progress|notes?|commentary|remarks|evidence|position|actions? taken)\b"),
    ),
    (
        "owner",
        re.compile(
            r"\b(?:lead|leads|owner|owners|officer|officers|responsible|responsibility|by whom|who"
            r"|accountable|action by)\b"
        ),
    ),
    (
        "timescale",
        re.compile(
            r"\b(?:timescales?|deadlines?|date|dates|due|by when|target|timeframe|when|completion)\b"
        ),
    ),
    ("action", re.compile(r"\b(?:actions?|milestones?|tasks?|activity|activities|what)\b")),
    ("recommendation", re.compile(r"\b(?:recommendations?|findings?|issues?|objectives?)\b")),
]
# Several comment-like columns ("Comments", "Progress") are read together.
_REPEATABLE: frozenset[ColumnField] = frozenset({"comments"})
_FIELDS_THAT_MAKE_A_PLAN: frozenset[ColumnField] = frozenset(
    {"recommendation", "action", "owner", "timescale"}
)


def normalise_header(text: str) -> str:
    text = re.sub(r"[\u2018\u2019]", "'", text.lower())
    text = re.sub(r"[:*_]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")
    return text


HISTORY_DATE = "history date"


def header_kind(text: str) -> str | None:
    """What a header label is: the field it names, `HISTORY_DATE` for a date that records when
    something happened ("Date raised"), or None for text that is not a header we know."""
    if re.search(r"\d", text):
        return None
    key = normalise_header(text)
    if key and len(key) <= 45 and len(key.split()) <= 6 and _IGNORED_HEADERS.search(key):
        return HISTORY_DATE
    return field_for_header(text)


def header_not_read_reason(text: str) -> str:
    """Why a column with this header is not read, for the preview."""
    key = normalise_header(text)
    if _IGNORED_HEADERS.search(key):
        return f"{text!r} records when something happened, not a deadline: not read as a due date"
    return f"{text!r} names no field the importer reads: not read (map it with --column FIELD={text!r})"


def field_for_header(text: str) -> ColumnField | None:
    """The field a header names ("Lead Officer" -> owner), or None for headers we don't read."""
    key = normalise_header(text)
    if not key or len(key) > 45 or len(key.split()) > 6:
        return None
    if _IGNORED_HEADERS.search(key):
        return None
    for column_field, rule in _HEADER_RULES:
        if rule.search(key):
            return column_field
    return None


@dataclass
class ColumnMap:
    """Field -> 0-based column index (comments may span several columns)."""

    fields: dict[ColumnField, list[int]] = field(default_factory=dict)
    width: int = 0
    header_cells: list[str] = field(default_factory=list)

    def column(self, name: ColumnField) -> int | None:
        columns = self.fields.get(name)
        return columns[0] if columns else None

    def has(self, name: ColumnField) -> bool:
        return bool(self.fields.get(name))

    def field_at(self, index: int) -> str | None:
        for name, columns in self.fields.items():
            if index in columns:
                return name
        return None

    def makes_a_plan(self) -> bool:
        found = {f for f, cols in self.fields.items() if cols}
        # A table needs text to act on and something that says who or when.
        return bool(found & {"recommendation", "action"}) and len(found & _FIELDS_THAT_MAKE_A_PLAN) >= 2 or (
            len(found & _FIELDS_THAT_MAKE_A_PLAN) >= 2 and "ref" in found
        )


def map_header_row(cells: Sequence[str]) -> ColumnMap:
    mapping = ColumnMap(width=len(cells), header_cells=list(cells))
    for index, cell in enumerate(cells):
        column_field = field_for_header(cell)
        if column_field is None:
            continue
        if column_field in mapping.fields and column_field not in _REPEATABLE:
            continue
        mapping.fields.setdefault(column_field, []).append(index)
    return mapping


def is_pure_header_row(cells: Sequence[str]) -> bool:
    """A row where every filled cell is a header we know and together they head a plan; used to
    spot a new table starting part-way down a document."""
    filled = [c for c in cells if c.strip()]
    return len(filled) >= 3 and all(field_for_header(c) for c in filled) and header_score(cells) > 0


def header_score(cells: Sequence[str]) -> int:
    mapping = map_header_row(cells)
    if not mapping.makes_a_plan():
        return 0
    return sum(len(c) for c in mapping.fields.values())


def find_header_row(rows: Sequence[Sequence[str]], *, look_at: int = 40) -> int | None:
    """The index of the row that heads the table: the first of the best-scoring rows near the top."""
    best, best_score = None, 0
    for index, cells in enumerate(rows[:look_at]):
        score = header_score(cells)
        if score > best_score:
            best, best_score = index, score
    return best


def apply_overrides(
    mapping: ColumnMap, overrides: ColumnOverrides | None, *, file: str, line: int | None
) -> ColumnMap:
    """The user's `--column FIELD=HEADER` (or number) flags win over whatever was detected."""
    if overrides is None or not overrides.columns:
        return mapping
    fields = {k: list(v) for k, v in mapping.fields.items()}
    for column_field, target in overrides.columns.items():
        index = _override_index(mapping, column_field, target, file=file, line=line)
        for columns in fields.values():
            if index in columns:
                columns.remove(index)
        fields[column_field] = [index]
    result = ColumnMap(
        fields={k: v for k, v in fields.items() if v},
        width=max(mapping.width, *(c + 1 for cols in fields.values() for c in cols)),
        header_cells=mapping.header_cells,
    )
    return result


def _override_index(
    mapping: ColumnMap, column_field: str, target: str | int, *, file: str, line: int | None
) -> int:
    if isinstance(target, int) or (isinstance(target, str) and target.strip().isdigit()):
        number = int(target)
        if number < 1:
            raise ImportProblem(file, f"--column {column_field}={number}: columns are numbered from 1")
        return number - 1
    wanted = normalise_header(target)
    for index, cell in enumerate(mapping.header_cells):
        if normalise_header(cell) == wanted:
            return index
    found = ", ".join(repr(c) for c in mapping.header_cells if c.strip()) or "none"
    raise ImportProblem(
        file,
        f"--column {column_field}={target!r}: no column is headed {target!r}. "
        f"The headers found are: {found}. Give the header exactly as printed, or the column number.",
        line=line,
    )


def find_header_row_with_overrides(
    rows: Sequence[Sequence[str]], overrides: ColumnOverrides | None, *, look_at: int = 40
) -> int | None:
    """The header row when the user named headers: the first row holding every named header."""
    if overrides is None:
        return None
    wanted = [normalise_header(v) for v in overrides.columns.values() if isinstance(v, str) and not v.strip().isdigit()]
    if not wanted:
        return None
    for index, cells in enumerate(rows[:look_at]):
        present = {normalise_header(c) for c in cells}
        if all(w in present for w in wanted):
            return index
    return None


def _looks_like_names(text: str) -> bool:
    words = text.replace(",", " ").replace("&", " ").split()
    return 1 <= len(words) <= 8 and not re.search(r"\d", text) and all(
        w[0].isupper() or w.lower() in ("and", "of") for w in words
    )


def columns_from_content(rows: Sequence[Sequence[str]], document_date: date | None) -> ColumnMap | None:
    """Guess the columns of a headerless table from its cells: a column of refs, of dates, of
    names, and the long-text columns (recommendation first, then action, then comments)."""
    width = max((len(r) for r in rows), default=0)
    if width < 2 or len(rows) < 2:
        return None
    fields: dict[ColumnField, list[int]] = {}
    text_columns: list[int] = []
    for index in range(width):
        cells = [r[index].strip() for r in rows if index < len(r) and r[index].strip()]
        if len(cells) < max(2, len(rows) // 3):
            continue
        share = lambda test, cells=cells: sum(1 for c in cells if test(c)) / len(cells)  # noqa: E731
        if "ref" not in fields and share(lambda c: read_ref(c) is not None) >= 0.6:
            fields["ref"] = [index]
        elif "timescale" not in fields and share(
            lambda c: bool(parse_timescale(c, document_date).deadlines) or parse_timescale(c, document_date).ongoing
        ) >= 0.5:
            fields["timescale"] = [index]
        elif "owner" not in fields and share(_looks_like_names) >= 0.6 and sum(len(c) for c in cells) / len(cells) < 40:
            fields["owner"] = [index]
        elif sum(len(c) for c in cells) / len(cells) >= 25:
            text_columns.append(index)
    text_fields: tuple[ColumnField, ...] = ("recommendation", "action", "comments")
    for name, index in zip(text_fields, text_columns, strict=False):
        fields[name] = [index]
    mapping = ColumnMap(fields=fields, width=width, header_cells=[""] * width)
    return mapping if mapping.makes_a_plan() else None
