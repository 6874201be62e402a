"""Small judgements about cell text: noise, echoes, unfinished sentences, headings, labels, and
status-like phrases in a comments column."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from store.importing.timescales import timescale_status
from store.status import Status, parse_status

_TERMINAL = ".!?;:)]\"'\u201d"
_LABELS = {
    "update": "update",
    "updates": "update",
    "progress update": "update",
    "latest update": "update",
    "action": "action",
    "actions": "action",
}
_DATE_LIKE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\bq[1-4]\b", re.I)
_FOOTER = re.compile(r"^\s*(?:page\s*\d+(?:\s*of\s*\d+)?|\d+\s*of\s*\d+|\d+)\s*$", re.I)


def clean_cell(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def has_words(text: str, length: int = 3) -> bool:
    return bool(re.search(rf"[A-Za-z]{{{length},}}", text))


def is_noise_text(text: str) -> bool:
    """Marks the PDF extraction left behind: "A 1.00", "7.6 0.500", "D (: II)", "------"."""
    return not has_words(text) and not _DATE_LIKE.search(text)


def is_noise_owner(text: str) -> bool:
    return not has_words(text, 1)


def is_footer_line(text: str) -> bool:
    """Page numbers and version stamps repeated at page breaks ("V1 – 12/11/2008")."""
    stripped = text.strip()
    return bool(_FOOTER.match(stripped)) or not has_words(stripped)


def is_heading_text(text: str) -> bool:
    """A section heading in capitals ("LEADERSHIP", "POLICIES & STRATEGIES")."""
    letters = re.sub(r"[^A-Za-z]", "", text)
    return len(letters) >= 4 and letters.isupper() and len(text.split()) <= 8


def is_open_text(text: str) -> bool:
    """Whether a fragment stops mid-sentence, so the next line may carry on from it."""
    stripped = text.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    return last.isalpha() or last in ",-&(/"


def starts_lowercase(text: str) -> bool:
    for char in text:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False


def starts_new_item(text: str) -> bool:
    return not starts_lowercase(text)


def is_echo(fragment: str, previous: str) -> bool:
    """A garbled repeat of the end of the line above ("needs led and service user recused." under
    "…needs led and service user focused."), which some PDF extractions print twice."""
    if len(fragment) < 6 or len(previous) < len(fragment):
        return False
    tail = previous[-len(fragment) :]
    return fuzz.ratio(fragment.lower(), tail.lower()) >= 80


def label_of(cell: str) -> str | None:
    """ "Update:" and "Action:" label cells that say what the row's text is."""
    key = re.sub(r"[:\s]+$", "", cell.strip().lower())
    # "Update" is a label even without its colon; a bare "Action" could be a cell's real text.
    if cell.strip().endswith(":") or key in ("update", "updates"):
        return _LABELS.get(key)
    return None


def leading_label(cell: str) -> tuple[str, str] | None:
    """A label opening a cell ("Update: Site visits have been made…") and the rest."""
    m = re.match(r"^\s*(update|progress update|latest update|action)\s*:\s*(.*)$", cell, re.I | re.S)
    if m is None:
        return None
    label = _LABELS[m[1].lower()]
    return label, m[2].strip()


_ONGOING_WHOLE = re.compile(r"^\W*(?:on-?\s?going|continuing|continuous)\s*(?:$|[.,;:\u2013\u2014-])", re.I)
_ONGOING_PHRASE = re.compile(
    r"\bbut\s+(?:is\s+|remains\s+|will\s+be\s+|still\s+)?on-?\s?going\b"
    r"|\b(?:will\s+be|is|are|remains?|still)\s+on-?\s?going\b",
    re.I,
)


def ongoing_in_progress_text(text: str) -> bool:
    """ "Ongoing" as the cell's own statement, "but ongoing", "will be ongoing"; not "Ongoing
    operational group" or "15k ongoing", where the word describes something else."""
    return bool(_ONGOING_WHOLE.match(text) or _ONGOING_PHRASE.search(text))


def status_in_progress_text(text: str) -> Status | None:
    """A status a comments cell states plainly as its first clause ("Partially achieved",
    "Completed."); "to be completed" and "Has been actioned" state none."""
    clause = re.split(r"[.;:\u2013\u2014]|\s-\s", text.strip(), maxsplit=1)[0].strip()
    if not clause:
        return None
    status = parse_status(clause)
    if status is None and len(clause.split()) <= 4:
        status = timescale_status(clause.lower())
    return status


def status_in_status_cell(text: str) -> Status | None:
    """A Status or RAG column: a status word, or "Complete"/"Blue" for finished work. Red, amber
    and green rate progress rather than state it, so they set no status."""
    key = " ".join(re.sub(r"[^\w\s/-]", " ", text.lower()).split())
    if key in ("blue", "complete", "completed", "c", "b", "closed", "achieved", "implemented"):
        return Status.DONE
    if key in ("red", "amber", "green", "r", "a", "g", "rag", "n/a", "na"):
        return None
    # Words trackers use for work under way, and for work its owner says is finished.
    if key in ("on track", "on target", "being tracked", "ongoing", "delayed", "behind schedule", "slipped", "overdue"):
        return Status.IN_PROGRESS
    if key in ("propose closure", "proposed for closure", "recommend closure", "ready to close", "closure proposed"):
        return Status.AWAITING_SIGNOFF
    return parse_status(text) or status_in_progress_text(text)
