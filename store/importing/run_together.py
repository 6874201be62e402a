"""Web tables copied out of a browser as text: each row on one line, its cells joined by " / "
(some committee systems' text export), or run together with single spaces (a plain copy)."""

from __future__ import annotations

import re

from store.importing.columns import header_score
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
