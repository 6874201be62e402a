"""Columns aligned with spaces, as printed by older systems and some PDF converters.

The header line's words fix where each column starts; every later line's pieces (runs of text
separated by two or more spaces) go to the column they start under. A line such as "March 2019"
on its own is a month heading that gives its year to year-less dates below it ("14 Mar").
"""

from __future__ import annotations

import re

from store.importing.columns import header_score
from store.importing.table import GridLayout, GridRow, Table, TextLayout, TextSample

LAYOUT_NAME = "fixed-width columns"
_PIECE = re.compile(r"\S+(?: \S+)*")
# How far left of its column a piece may start and still belong to it (ragged right-aligned text).
_SLACK = 2


def pieces(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _PIECE.finditer(line.expandtabs(8))]


def find_fixed_header(lines: list[str]) -> int | None:
    for index, line in enumerate(lines[:60]):
        found = pieces(line)
        if len(found) >= 2 and header_score([p for _, p in found]) > 0:
            return index
    return None


def fixed_width_rows(text: str) -> list[GridRow]:
    lines = text.split("\n")
    header = find_fixed_header(lines)
    if header is None:
        return [GridRow(n, [line], whole_line=True) for n, line in enumerate(lines, start=1)]
    starts = [start for start, _ in pieces(lines[header])]
    rows: list[GridRow] = []
    for number, line in enumerate(lines, start=1):
        if number - 1 < header:
            rows.append(GridRow(number, [line.strip()], whole_line=True))
        else:
            rows.append(_as_cells(number, pieces(line), starts))
    return rows


def _as_cells(number: int, found: list[tuple[int, str]], starts: list[int]) -> GridRow:
    cells = [""] * len(starts)
    for start, text in found:
        column = max((i for i, s in enumerate(starts) if s <= start + _SLACK), default=0)
        cells[column] = f"{cells[column]} {text}".strip()
    return GridRow(number, cells)


def _recognises(sample: TextSample) -> bool:
    return find_fixed_header(sample.text.split("\n")) is not None


def _read(text: str, file: str) -> Table:
    return Table(fixed_width_rows(text), GridLayout(file=file, layout=LAYOUT_NAME, wrapped=True))


LAYOUT = TextLayout(LAYOUT_NAME, _recognises, _read)
