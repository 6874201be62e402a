"""CSV and other delimited exports of trackers (comma, semicolon, tab or pipe separated)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from store.importing.grid import GridLayout, GridRow, Progress, read_grid
from store.importing.parsed import ColumnOverrides, ParsedPlan

DELIMITERS = (",", ";", "\t", "|")
_NAMES = {",": "CSV", ";": "CSV (semicolon-separated)", "\t": "tab-separated text", "|": "CSV (pipe-separated)"}


def parse_delimited(text: str, delimiter: str) -> list[GridRow]:
    """Rows with the line each starts on; quoted cells may run over several lines."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[GridRow] = []
    start = 1
    try:
        for cells in reader:
            rows.append(GridRow(start, cells))
            start = reader.line_num + 1
    except csv.Error:
        # An unbalanced quote: read the rest plainly rather than give up on the file.
        for number, line in enumerate(text.split("\n")[start - 1 :], start=start):
            rows.append(GridRow(number, line.split(delimiter)))
    return rows


def consistency(rows: list[GridRow]) -> tuple[int, float]:
    """The usual row width and the share of non-blank rows that have it."""
    widths = [len(r.cells) for r in rows if any(c.strip() for c in r.cells)]
    if not widths:
        return 0, 0.0
    width, count = Counter(widths).most_common(1)[0]
    return width, count / len(widths)


def sniff_delimiter(text: str) -> str | None:
    """The delimiter that splits most lines into the same number (three or more) of cells."""
    best: tuple[float, str] | None = None
    sample = "\n".join(text.split("\n")[:200])
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        width, share = consistency(parse_delimited(sample, delimiter))
        if width < 3 or share < 0.6:
            continue
        score = share + width / 100
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else None


def read_delimited(
    text: str,
    file: str,
    *,
    delimiter: str | None = None,
    columns: ColumnOverrides | None = None,
    document_date: date | None = None,
    progress: Progress | None = None,
) -> ParsedPlan:
    chosen = delimiter or sniff_delimiter(text) or ","
    layout = GridLayout(
        file=file,
        layout=_NAMES[chosen],
        wrapped=False,
        strict_dates=True,
        narrative_if_no_header=False,
    )
    return read_grid(
        parse_delimited(text, chosen), layout, columns=columns, document_date=document_date, progress=progress
    )
