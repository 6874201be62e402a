"""Web tables copied out of a browser as text: each row on one line, its cells joined by " / "
(some committee systems' text export), or run together with single spaces (a plain copy)."""

from __future__ import annotations

import re
from itertools import pairwise

from store.importing.cell_text import status_in_status_cell
from store.importing.columns import HISTORY_DATE, header_kind, header_score
from store.importing.owners_text import reads_as_owner
from store.importing.refs import read_ref
from store.importing.timescales import parse_timescale
from store.importing.table import GridLayout, GridRow, Table, TextLayout, TextSample

JOINED_NAME = "web table, cells joined by ' / '"
# " / " between cells; a cell left empty leaves " /  / ".
_JOINER = re.compile(r"(?:^|(?<=\s))/(?=\s|$)")


def joined_cells(line: str) -> list[str]:
    return [cell.strip() for cell in _JOINER.split(line)]


def _joined_header(sample: TextSample) -> int | None:
    for index, line in enumerate(sample.lines[:40]):
        if len(_JOINER.findall(line)) >= 2 and header_score(joined_cells(line)) > 0:
            return index
    return None


def _recognises_joined(sample: TextSample) -> bool:
    header = _joined_header(sample)
    if header is None:
        return False
    width = len(joined_cells(sample.lines[header]))
    below = sample.lines[header + 1 :]
    # Most rows have as many cells as the header: " / " is the cell break, not a phrase.
    fitting = sum(1 for line in below if len(joined_cells(line)) == width)
    return bool(below) and fitting >= 0.6 * len(below)


def _read_joined(text: str, file: str) -> Table:
    rows: list[GridRow] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _JOINER.search(line):
            rows.append(GridRow(number, joined_cells(line)))
        elif line.strip():
            rows.append(GridRow(number, [line.strip()], whole_line=True))
    return Table(rows, GridLayout(file=file, layout=JOINED_NAME, wrapped=False))


JOINED = TextLayout(JOINED_NAME, _recognises_joined, _read_joined)


RUN_TOGETHER_NAME = "web table, cells run together"
# A bare "date" or "no" is the end of a longer label ("Target date", "Ref no"), not a label.
_NOT_ALONE = frozenset({"date", "dates", "no", "no.", "number", "of", "the", "meeting", "of meeting"})
_WIDEST_LABEL = 5
_ONLY_TRAILING = frozenset({"no", "nos", "number", "num"})


def segment_header(line: str) -> list[str] | None:
    """Cut a header whose labels are run together by single spaces into its labels: the most
    labels that each name a column, no field named twice."""
    words = line.split()
    if not 3 <= len(words) <= 40:
        return None
    # For each number of words read, a few ways of reading them: (labels, kinds).
    capitalised = words[0][:1].isupper()
    ways: list[list[tuple[list[str], list[str]]]] = [[] for _ in range(len(words) + 1)]
    ways[0] = [([], [])]
    for end in range(1, len(words) + 1):
        found: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}
        for start in range(max(0, end - _WIDEST_LABEL), end):
            label = " ".join(words[start:end])
            if start > 0 and label.lower() in _NOT_ALONE:
                continue
            if start > 0 and (words[start].lower().strip(".") in _ONLY_TRAILING or (capitalised and words[start][:1].islower())):
                # "No" ends "Rec No"; a label starts with a capital where the header's words do.
                continue
            kind = header_kind(label)
            if kind is None:
                continue
            for labels, kinds in ways[start]:
                if kind in kinds and kind != "comments":
                    continue
                candidate = ([*labels, label], [*kinds, kind])
                key = tuple(candidate[1])
                if key not in found or _segmentation_score(candidate[0]) > _segmentation_score(found[key][0]):
                    found[key] = candidate
        ways[end] = sorted(found.values(), key=lambda way: -len(way[0]))[:40]
    complete = ways[len(words)]
    if not complete:
        return None
    labels = max(complete, key=lambda way: _segmentation_score(way[0]))[0]
    return labels if len(labels) >= 3 else None


def _segmentation_score(labels: list[str]) -> float:
    return len(labels) - 0.5 * sum(_mixed(label) for label in labels)


def _mixed(label: str) -> bool:
    """A label whose first word names another field than the whole ("Officer RAG"): two labels
    read as one."""
    words = label.split()
    if len(words) < 2:
        return False
    first = header_kind(words[0])
    return first is not None and first != header_kind(label)


def _run_together_header(sample: TextSample) -> tuple[int, list[str]] | None:
    for index, line in enumerate(sample.lines[:40]):
        if "\t" in line or "  " in line.strip():
            continue
        labels = segment_header(line)
        if labels is not None and header_score(labels) > 0:
            longer = [other for other in sample.lines[index + 1 :] if len(other) > len(line)]
            if len(longer) >= 2:
                return index, labels
    return None


def _recognises_run_together(sample: TextSample) -> bool:
    return _run_together_header(sample) is not None


def _read_run_together(text: str, file: str) -> Table:
    lines = text.split("\n")
    sample = TextSample(text=text, lines=[line for line in lines if line.strip()], suffix="")
    found = _run_together_header(sample)
    assert found is not None
    header_line = sample.lines[found[0]]
    labels = found[1]
    kinds = [header_kind(label) or "" for label in labels]
    rows: list[GridRow] = []
    reached = False
    cutter = _RowCutter(kinds)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not reached:
            if line == header_line:
                reached = True
                rows.append(GridRow(number, labels))
            else:
                rows.append(GridRow(number, [line.strip()], whole_line=True))
            continue
        cells = cutter.cut(line.split())
        rows.append(GridRow(number, cells) if cells is not None else GridRow(number, [line.strip()], whole_line=True))
    return Table(rows, GridLayout(file=file, layout=RUN_TOGETHER_NAME, wrapped=False))


RUN_TOGETHER = TextLayout(RUN_TOGETHER_NAME, _recognises_run_together, _read_run_together)

_SENTENCE_END = re.compile(r"[.!?]$")
_YEAR_THEN_COLON = re.compile(r"(?:19|20)\d\d:$")
_DATE_CELL = re.compile(
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?[\s\-][A-Za-z]{3,9}\.?[\s\-,]+\d{4}"
    r"|[A-Za-z]{3,9}\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4}"
)
_RESPONSE_OPENING = re.compile(
    r"^(?:agreed|accepted|rejected|not\s+(?:agreed|accepted|supported)|partially\s+accepted|noted|declined|approved)\b", re.I
)
_RESPONSE_REASON = re.compile(r"^\W*\S+(?:\s+\S+){0,3}?\s*[\u2013\u2014:\-]")
_MEMBER_TITLE = re.compile(r"^(?:Cllr\.?|Councillor|Cabinet\s+Member)$")
_SPAN_LIMIT = {"ref": 4, HISTORY_DATE: 5, "timescale": 9, "revised_due": 9, "status": 3, "executive_member": 5, "owner": 16}


class _RowCutter:
    """Cut a row whose cells were run together into the header's columns, by what each kind of
    cell looks like: the cutting that reads best wins (empty cells allowed, as a copy drops them)."""

    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds
        self._scores: dict[tuple[str, str, bool], float | None] = {}

    def cut(self, words: list[str]) -> list[str] | None:
        n, kinds = len(words), self.kinds
        # best[k][i]: the best score placing kinds[k:] over words[i:], and the span taken.
        best: list[list[tuple[float, int] | None]] = [[None] * (n + 1) for _ in range(len(kinds) + 1)]
        best[len(kinds)][n] = (0.0, n)
        for k in range(len(kinds) - 1, -1, -1):
            last = k == len(kinds) - 1
            for i in range(n, -1, -1):
                options: list[tuple[float, int]] = []
                after = best[k + 1][i]
                if after is not None:
                    options.append((after[0], i))  # the cell is empty
                limit = _SPAN_LIMIT.get(kinds[k], n)
                for j in range(i + 1, min(n, i + limit) + 1):
                    after = best[k + 1][j]
                    if after is None:
                        continue
                    score = self._score(kinds[k], " ".join(words[i:j]), last and j == n)
                    if score is not None:
                        # Between equal readings, the earlier column takes the text ("June 2010"
                        # is the target date, not a revised one).
                        options.append((after[0] + score + 0.001 * (len(kinds) - k), j))
                if options:
                    best[k][i] = max(options, key=lambda o: (o[0], -o[1]))
        if best[0][0] is None:
            return None
        cells: list[str] = []
        i = 0
        for k in range(len(kinds)):
            step = best[k][i]
            assert step is not None
            cells.append(" ".join(words[i : step[1]]))
            i = step[1]
        return cells

    def _score(self, kind: str, text: str, at_end: bool) -> float | None:
        key = (kind, text, at_end)
        if key not in self._scores:
            self._scores[key] = _cell_score(kind, text, at_end)
        return self._scores[key]


def _cell_score(kind: str, text: str, at_end: bool) -> float | None:
    """How well `text` reads as a cell of this kind (None: it cannot be one)."""
    words = text.split()
    if kind == "ref":
        return 3.0 if read_ref(text) is not None else None
    if kind == HISTORY_DATE:
        return 2.0 if _DATE_CELL.fullmatch(text) else None
    if kind in ("timescale", "revised_due"):
        reading = parse_timescale(text, None)
        # Two dates side by side are two cells (a target and the start of a progress note).
        if not reading.understood or read_ref(text) is not None or len(reading.deadlines) > 1:
            return None
        if reading.deadlines and not re.search(r"\d", text):
            # "Commencing May" with its year in the next word: the cell goes on.
            return None
        if words[0] in _RANGE_CONNECTORS:
            # "to March 2008" finishes the range in the cell before ("January 2008 to March 2008").
            return None
        if len(words) > 1 and re.fullmatch(r"q[1-4]", words[0].lower()) and (
            _MONTH_WORD.fullmatch(words[1].lower().strip(",.")) or _DAY.fullmatch(words[1].lower())
        ):
            # "Q2 March 30, 2007", "Q1 22nd February 2008": the quarter ends the cell before
            # ("2006/07 Q2").
            return None
        if len(words) > 1 and _DAY.fullmatch(words[-1].lower()) and (
            words[-1][-1:].isalpha() or any(c.isdigit() for w in words[:-1] for c in w)
        ):
            # "… April 2018 9th", "By May 21, 2023 6": a day opens the next cell's date
            # ("9th August 2018", "6 August 2023").
            return None
        if _has_name_pair(words):
            # "February 25 Belinda Drummond Completed": the timescale has run into the owner.
            return None
        # A timescale opens with a date word, a number or a timescale phrase, never a name.
        opening = words[0].lower().strip(",.")
        if not (opening[:1].isdigit() or opening in _TIMESCALE_OPENINGS or _MONTH_WORD.fullmatch(opening)):
            return None
        # ... and ends with one, never with the capitalised first word of a name.
        # ... nor with a colon, which opens a dated progress note ("June 2021: Survey closed").
        if re.search(r"[,:\-\u2013/&(]$|\b(?:but|and|then|to|until|or|from|by)$", text, re.I):
            return None
        closing = words[-1].strip(",.;").lower()
        if not (any(c.isdigit() for c in closing) or _MONTH_WORD.fullmatch(closing) or closing in _TIMESCALE_WORDS):
            return None
        if len(words) > 1 and _MONTH_WORD.fullmatch(closing) and re.search(r"\d{4}", text):
            # "2017-04-16 Nov": a month after a whole date opens the next cell ("Nov 2017").
            return None
        if any(w.endswith(":") for w in words[:-1]):
            # "2012: Funding confirmed.": the tail of a dated progress note, not a timescale.
            return None
        return 2.0 + 0.1 * len(words)
    if kind == "status":
        if status_in_status_cell(text) is None and text.lower() not in _RAG_WORDS:
            return None
        if len(words) > 1 and (words[0][:1].islower() or words[-1] in _RANGE_CONNECTORS | _TRAILING_FUNCTION_WORDS):
            # "closed with", "under way.": the middle of a progress note, not a status cell.
            return None
        return 2.0 + 0.1 * len(words)
    if kind == "executive_member":
        # "Cllr First Last": longer spans are the owner's first words.
        return 2.3 - 0.1 * abs(len(words) - 3) if len(words) >= 2 and _MEMBER_TITLE.match(words[0]) else None
    if kind == "response":
        # A longer response gives its reason after a dash or colon near its start ("Rejected –
        # because …"); one that runs on without one has taken the cells after it.
        # It opens with a capital as every copied cell does: "agreed: …" after "Not" is the
        # rest of "Not agreed: …", not a response of its own.
        if not words[0][:1].isupper():
            return None
        if not _RESPONSE_OPENING.match(text) or (len(words) > 3 and not _RESPONSE_REASON.match(text)):
            return None
        return 2.0 + 0.01 * len(words)
    if kind == "owner":
        if text.endswith(".") or _MEMBER_TITLE.match(words[0]) or not words[0][:1].isupper() or re.search(r"\d", text):
            return None
        if len(words) == 1 and _MONTH_WORD.fullmatch(text.lower()):
            # A month on its own opens a dated note ("May 2012: …"); no owner is called that.
            return None
        plain = text.replace("&", "and").replace(";", "").replace(",", "").replace("/", " ")
        if any(w[:1].islower() and w not in ("and", "of", "for", "the") for w in plain.split()) or not reads_as_owner(plain):
            return None
        return 1.0 + 0.05 * len(words)
    # Text cells (recommendation, action, comments, update): whole sentences, capitalised.
    if not words[0][:1].isupper() and not words[0][:1].isdigit():
        return None
    if _YEAR_THEN_COLON.match(words[0]):
        # "2016: Pilot running" is the tail of a dated note whose month went to the cell before.
        return None
    if _SENTENCE_END.search(text) and len(words) >= 2:
        return 1.0
    if at_end and len(words) >= 3 and words[-1][:1].islower():
        return 0.5
    return None


_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_RANGE_CONNECTORS = frozenset({"to", "until", "till", "through", "and", "but", "then", "or", "-", "\u2013"})
_TRAILING_FUNCTION_WORDS = frozenset({"with", "of", "for", "by", "in", "on", "at", "the", "a", "an", "from"})


def _has_name_pair(words: list[str]) -> bool:
    """Two capitalised words side by side that are neither dates nor timescale words: a name."""
    def plain_capitalised(word: str) -> bool:
        bare = word.strip(",.;()")
        lower = bare.lower()
        return (
            re.fullmatch(r"[A-Z][a-z'\-]+", bare) is not None
            and not _MONTH_WORD.fullmatch(lower)
            and lower not in _TIMESCALE_OPENINGS
            and lower not in _TIMESCALE_WORDS
        )

    return any(plain_capitalised(a) and plain_capitalised(b) for a, b in pairwise(words))


_MONTH_WORD = re.compile(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?(?:-\w+)?"
)
_TIMESCALE_OPENINGS = frozenset(
    """by end before within during from starting start commencing beginning not no ongoing on-going
    ongoing. continuous every each twice once annually annual monthly quarterly weekly yearly termly
    fy q1 q2 q3 q4 quarter spring summer autumn winter early mid late tbc tba tbd n/a na to
    as complete completed done immediate immediately asap""".split()
)
# Words a timescale cell can end with (besides dates, numbers and month names).
_TIMESCALE_WORDS = frozenset(
    """onwards beyond thereafter ongoing on-going continuous quarterly annually monthly weekly yearly
    termly agreed confirmed determined decided set known applicable tbc tba tbd n/a na work basis
    year years month months week weeks term terms quarter quarters fortnight fortnightly half-yearly
    six-monthly biannually bi-annually review required complete completed done asap immediately
    immediate spring summer autumn winter""".split()
)
_RAG_WORDS = frozenset({"r", "a", "g", "red", "amber", "green", "blue", "b"})
