"""What a document says about itself above its table: title, committee, council and date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.importing.cell_text import has_words
from store.importing.timescales import parse_timescale

_COMMITTEE = re.compile(
    r"((?:[\w&',\-]+\s+){0,8}?(?:scrutiny|select|overview)\s+(?:and\s+scrutiny\s+)?"
    r"(?:management\s+)?(?:panel|committee|commission|board|sub-committee|review\s+group))\b",
    re.I,
)
# Any other named committee or panel ("Audit Committee"), in capitalised words.
_OTHER_COMMITTEE = re.compile(
    r"\b((?:[A-Z][\w&'\-]*\s+(?:and\s+|&\s+|of\s+)?){1,5}(?:Committee|Panel|Commission|Sub-Committee))\b"
)
_COMMITTEE_NOISE = re.compile(r"^(?:public\s+report|report\s+(?:to|of)|council\s+report|the)\s+", re.I)
_PLACE = r"[A-Z][A-Za-z'\-]+(?:\s+(?:upon|on|and|under)\s+[A-Z][A-Za-z'\-]+|\s+[A-Z][A-Za-z'\-]+){0,2}"
_COUNCIL_RULES = [
    re.compile(rf"\b(?:London|Royal)\s+Borough\s+of\s+({_PLACE})"),
    re.compile(rf"\b(?:City|County|Borough)\s+of\s+({_PLACE})\s+Council\b"),
    re.compile(rf"\b({_PLACE}?)\s+(?:Metropolitan\s+Borough|Borough|County|City|District|Town)\s+Council\b"),
    re.compile(rf"\b({_PLACE}(?:\s+University)?\s+Health\s+Board)\b"),
    re.compile(rf"\b({_PLACE})\s+Council\b"),
    re.compile(rf"\b({_PLACE})\s+Social\s+Services\b"),
]
# Words that open a phrase like "Adult Social Services" without being a place.
_NOT_PLACES = frozenset(
    """the a an adult adults children childrens integrated local department health community public
    personal occupational social county city borough district town council report summary this
    our your their and of""".split()
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:\s*(?:st|nd|rd|th))?\s+{_MONTHS}\s*,?\s+\d{{4}}\b|\b\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)
_DATED_MONTH = re.compile(
    rf"\b(?:updated|dated|date|as\s+at|issued|revised|version\s+of)\b[:\s]+(?:on\s+)?({_MONTHS}\s*,?\s+\d{{4}})",
    re.I,
)
_VERSION_LINE = re.compile(r"^\s*(?:v(?:ersion)?\s*\d+(?:\.\d+)?|date)\b", re.I)


@dataclass(frozen=True)
class DocumentFacts:
    title: str | None = None
    committee: str | None = None
    council: str | None = None
    document_date: date | None = None


def read_document_facts(lines: list[str]) -> DocumentFacts:
    """Read the lines above a table (and any page headers) for the document's own details."""
    cleaned = [_clean(line) for line in lines]
    cleaned = [line for line in cleaned if line]
    return DocumentFacts(
        title=_title_case(title) if (title := _title(cleaned)) else None,
        committee=_committee(cleaned),
        council=_council(cleaned),
        document_date=document_date_in(cleaned),
    )


def _clean(line: str) -> str:
    line = re.sub(r"^\s*#+\s*", "", line)
    line = re.sub(r"[*_]{2,}", "", line)
    return re.sub(r"\s+", " ", line.replace("\t", " ")).strip(" |")


def _title(lines: list[str]) -> str | None:
    candidates = [
        line for line in lines
        if has_words(line) and not _VERSION_LINE.match(line) and len(line) <= 200
        and not re.fullmatch(r"(?:appendix|annex)\s+\w+", line, re.I)
        and not _is_organisation_name(line)
    ]  # fmt: skip
    # A sentence ("This plan should be read with…") is not a title; better the file's name.
    headings = [line for line in candidates if not line.endswith(".") and len(line.split()) <= 20]
    return headings[0] if headings else None


def _is_organisation_name(line: str) -> bool:
    """A line that only names the council ("Wealdmoor Borough Council") is a letterhead, not a title."""
    return any(rule.fullmatch(line.strip(" .")) for rule in _COUNCIL_RULES)


def _title_case(text: str) -> str:
    if not text.isupper():
        return text
    small = {"and", "of", "the", "for", "on", "in"}
    words = text.lower().split()
    return " ".join(w if (i and w in small) else w.capitalize() for i, w in enumerate(words))


def _committee(lines: list[str]) -> str | None:
    for line in lines:
        m = _COMMITTEE.search(line)
        if m:
            name = _COMMITTEE_NOISE.sub("", m[1].strip())
            return _title_case(name)
    for line in lines:
        m = _OTHER_COMMITTEE.search(line)
        if m:
            return _COMMITTEE_NOISE.sub("", m[1].strip())
    return None


def _council(lines: list[str]) -> str | None:
    """The council's place name ("Brent" from "Brent Social Services"), or a health board's
    full name; rules are tried in order of how surely they name the body."""
    for rule in _COUNCIL_RULES:
        for line in lines:
            for m in rule.finditer(line):
                words = m[1].split()
                while words and words[0].lower() in _NOT_PLACES:
                    words.pop(0)
                if words:
                    return " ".join(words)
    return None


def document_date_in(lines: list[str]) -> date | None:
    """The first full date above the table ("DATE: 12th FEBRUARY 2013", "V1 - 12/11/2008",
    day first), or an "updated October 2003" month, which counts as its last day."""
    for line in lines:
        m = _FULL_DATE.search(line)
        if m:
            reading = parse_timescale(m[0], None)
            if reading.deadlines:
                return reading.deadlines[0]
    for line in lines:
        m = _DATED_MONTH.search(line)
        if m:
            reading = parse_timescale(m[1], None)
            if reading.deadlines:
                return reading.deadlines[0]
    return None
