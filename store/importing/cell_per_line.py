"""Exports that print each cell on its own line: the header names first, one per line, then each
record's cells in the same order, records separated by blank lines or simply following on; or
records written as "Label: value" lines."""

from __future__ import annotations

import re

from store.importing.columns import HISTORY_DATE, header_kind, map_header_row
from store.importing.table import GridLayout, GridRow, Table, TextLayout, TextSample
from store.importing.refs import read_ref

LAYOUT_NAME = "one cell per line"
# "Lead: DoF", also bulleted ("- Lead: DoF", "• Lead: DoF").
_LABELLED = re.compile(r"^\s*(?:[-\u2013\u2022*\u00b7]\s+)?([A-Za-z#][\w #?/.()'-]{0,40}?)\s*:\s*(.*)$")
# An empty cell printed as a dash.
_EMPTY = re.compile(r"^\s*[-\u2013\u2014]?\s*$")


def header_run(lines: list[str]) -> tuple[int, int, list[str]] | None:
    """The header labels, one per line: three or more lines that each name a different field
    (blank lines between them allowed, a label split over two lines joined). Returns the index
    of the first label line, the index after the last, and the labels."""
    filled = [(i, line.strip()) for i, line in enumerate(lines[:200]) if line.strip()]
    for start in range(min(len(filled), 60)):
        labels: list[str] = []
        kinds: list[str] = []
        at = start
        while at < len(filled):
            text = filled[at][1]
            kind = header_kind(text)
            step = 1
            if at + 1 < len(filled):
                # "Portfolio" / "Holder", "Revised" / "target": one label over two lines, the
                # second line being no label of its own (or a bare "date").
                following = filled[at + 1][1]
                joined = f"{text} {following}"
                alone = header_kind(following)
                short = len(following.split()) <= 2 and read_ref(following) is None
                second_is_part = short and (alone is None or following.lower() in ("date", "dates") or following[:1].islower())
                if second_is_part and kind is not None and at + 2 < len(filled):
                    # "Action(s)" / "Implementation" / "date": the second line starts the next
                    # label rather than finishing this one.
                    after = filled[at + 2][1]
                    if header_kind(f"{following} {after}") is not None and (
                        header_kind(after) is None or after[:1].islower() or after.lower() in ("date", "dates")
                    ):
                        second_is_part = False
                joined_kind = header_kind(joined)
                if joined_kind is not None and joined_kind not in kinds and (second_is_part or kind is None or kind in kinds):
                    kind, text, step = joined_kind, joined, 2
            if step == 1 and kind is not None and kinds and kind == kinds[-1] and header_kind(f"{labels[-1]} {text}") == kind:
                # "Lead" / "Officer": the second word of the label above.
                labels[-1] = f"{labels[-1]} {text}"
                at += 1
                continue
            if kind is None or (kind in kinds and kind != HISTORY_DATE):
                break
            labels.append(text)
            kinds.append(kind)
            at += step
        if len(labels) >= 3 and map_header_row(labels).makes_a_plan():
            end = filled[at - 1][0] + 1
            return filled[start][0], end, labels
    return None


def labelled_fields(lines: list[str]) -> list[str]:
    """Labels of "Label: value" records, in first-seen order, when the file is made of such
    records: labels naming three or more fields of a plan, repeated record after record."""
    labels: list[str] = []
    counts: dict[str, int] = {}
    for line in lines:
        m = _LABELLED.match(line)
        if m and header_kind(m[1]) is not None:
            counts[m[1]] = counts.get(m[1], 0) + 1
            if m[1] not in labels:
                labels.append(m[1])
    repeated = [label for label in labels if counts[label] >= 2]
    if len(repeated) < 2 or not map_header_row(labels).makes_a_plan():
        return []
    return labels


def cell_per_line_rows(text: str) -> list[GridRow]:
    lines = text.split("\n")
    labels = labelled_fields(lines)
    if labels:
        return _labelled_rows(lines, labels)
    found = header_run(lines)
    if found is None:
        return [GridRow(n, [line], whole_line=True) for n, line in enumerate(lines, start=1)]
    start, end, header = found
    width = len(header)
    rows = [GridRow(n, [line], whole_line=True) for n, line in enumerate(lines[:start], start=1)]
    rows.append(GridRow(start + 1, header))
    body = list(enumerate(lines[end:], start=end + 1))
    blocks = _blocks(body)
    if blocks and sum(1 for b in blocks if len(b) == width) >= 0.6 * len(blocks):
        for block in blocks:
            cells = [_cell(text) for _, text in block]
            if len(cells) > width:
                cells = [*cells[: width - 1], " ".join(cells[width - 1 :])]
            rows.append(GridRow(block[0][0], cells))
        return rows
    filled = [(n, line.strip()) for n, line in body if line.strip()]
    ref_first = header_kind(header[0]) == "ref"
    index = 0
    while index < len(filled):
        # A record runs for `width` lines, or until the next ref when refs come first.
        end_at = index + width
        if ref_first:
            end_at = index + 1
            while end_at < len(filled) and end_at - index < width and read_ref(filled[end_at][1]) is None:
                end_at += 1
        chunk = filled[index:end_at]
        rows.append(GridRow(chunk[0][0], [_cell(t) for _, t in chunk]))
        index = end_at
    return rows


def _cell(text: str) -> str:
    return "" if _EMPTY.match(text) else text


def _blocks(body: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in body:
        if line.strip():
            blocks[-1].append((number, line.strip()))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _labelled_rows(lines: list[str], labels: list[str]) -> list[GridRow]:
    rows: list[GridRow] = []
    header_added = False
    record: dict[str, str] = {}
    record_line = 0
    last_label: str | None = None

    def flush() -> None:
        if record:
            rows.append(GridRow(record_line, [record.get(label, "") for label in labels]))

    for number, line in enumerate(lines, start=1):
        m = _LABELLED.match(line)
        if m and m[1] in labels:
            if not header_added:
                rows.append(GridRow(number, list(labels)))
                header_added = True
            if m[1] in record:
                flush()
                record = {}
            if not record:
                record_line = number
            record[m[1]] = m[2].strip()
            last_label = m[1]
        elif line.strip() and record and last_label is not None:
            # A value that runs on over the next line.
            record[last_label] = f"{record[last_label]}\n{line.strip()}"
        elif line.strip() and not header_added:
            rows.append(GridRow(number, [line.strip()], whole_line=True))
        elif not line.strip():
            last_label = None
    flush()
    return rows


def _recognises(sample: TextSample) -> bool:
    lines = sample.text.split("\n")
    return bool(labelled_fields(lines)) or header_run(lines) is not None


def _read(text: str, file: str) -> Table:
    return Table(cell_per_line_rows(text), GridLayout(file=file, layout=LAYOUT_NAME, wrapped=False))


LAYOUT = TextLayout(LAYOUT_NAME, _recognises, _read)
