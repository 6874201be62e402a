"""Tables saved from web pages as pipes: `| Ref | Recommendation | … |`, with `|---|` rules and
cells that wrap over several lines."""

from __future__ import annotations

import re

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
