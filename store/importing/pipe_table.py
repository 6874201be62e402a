"""Tables saved from web pages as pipes: `| Ref | Recommendation | … |`, with `|---|` rules and
cells that wrap over several lines."""

from __future__ import annotations

import re

from store.importing.columns import HISTORY_DATE, header_kind
from store.importing.table import GridLayout, GridRow, Table, TextLayout, TextSample

LAYOUT_NAME = "pipe table"
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_ESCAPED_PIPE = "\u0000"


def is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 3


def _cells(line: str) -> list[str]:
    line = line.replace("\\|", _ESCAPED_PIPE).strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [
        re.sub(r"<br\s*/?>", "\n", c, flags=re.I).replace(_ESCAPED_PIPE, "|").strip()
        for c in line.split("|")
    ]


def pipe_rows(text: str) -> list[GridRow]:
    rows: list[GridRow] = []
    pending: tuple[int, str] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if pending is not None:
            # A cell with a line break inside: the row goes on until a line closes it with "|".
            start, so_far = pending
            joined = f"{so_far} {stripped}"
            if stripped.endswith("|"):
                rows.append(GridRow(start, _cells(joined)))
                pending = None
            else:
                pending = (start, joined)
            continue
        if not stripped or _RULE.match(stripped):
            continue
        if stripped.startswith("|"):
            if stripped.endswith("|") and len(stripped) > 1:
                rows.append(GridRow(number, _cells(stripped)))
            else:
                pending = (number, stripped)
            continue
        rows.append(GridRow(number, [stripped], whole_line=True))
    if pending is not None:
        rows.append(GridRow(pending[0], _cells(pending[1])))
    return rows


def _recognises(sample: TextSample) -> bool:
    pipe_lines = sum(1 for line in sample.lines if is_pipe_row(line))
    return pipe_lines >= 2 and pipe_lines >= 0.3 * len(sample.lines)


def _read(text: str, file: str) -> Table:
    return Table(pipe_rows(text), GridLayout(file=file, layout=LAYOUT_NAME, wrapped=True))


LAYOUT = TextLayout(LAYOUT_NAME, _recognises, _read)

PER_LINE_NAME = "pipe export, one cell per line"


def _is_cell_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.endswith("|") and (stripped == "|" or not stripped.startswith("|"))


def _recognises_per_line(sample: TextSample) -> bool:
    cell_lines = sum(1 for line in sample.lines if _is_cell_line(line))
    return cell_lines >= 6 and cell_lines >= 0.6 * len(sample.lines)


def per_line_rows(text: str) -> list[GridRow]:
    """Each cell on its own line ending in "|" (a bare "|" for an empty cell): the header's
    labels first, then each row's cells in the same order."""
    rows: list[GridRow] = []
    cells = [(n, line.strip()[:-1].strip()) for n, line in enumerate(text.split("\n"), start=1) if _is_cell_line(line)]
    start = next((i for i, (_, cell) in enumerate(cells) if header_kind(cell) is not None), None)
    if start is None:
        return [GridRow(n, [line], whole_line=True) for n, line in enumerate(text.split("\n"), start=1)]
    end = start
    kinds: list[str] = []
    while end < len(cells) and (kind := header_kind(cells[end][1])) is not None and (kind not in kinds or kind == HISTORY_DATE):
        kinds.append(kind)
        end += 1
    width = end - start
    first_line = cells[start][0]
    rows.extend(GridRow(n, [line.strip()], whole_line=True) for n, line in enumerate(text.split("\n")[: first_line - 1], start=1))
    rows.append(GridRow(first_line, [c for _, c in cells[start:end]]))
    body = cells[end:]
    for index in range(0, len(body), max(width, 1)):
        chunk = body[index : index + width]
        rows.append(GridRow(chunk[0][0], [c for _, c in chunk]))
    return rows


def _read_per_line(text: str, file: str) -> Table:
    return Table(per_line_rows(text), GridLayout(file=file, layout=PER_LINE_NAME, wrapped=False))


PER_LINE = TextLayout(PER_LINE_NAME, _recognises_per_line, _read_per_line)
