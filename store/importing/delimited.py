"""CSV and other delimited exports of trackers (comma, semicolon, tab or pipe separated)."""

from __future__ import annotations

import csv
import io
from collections import Counter

from store.importing.columns import find_header_row
from store.importing.parsed import ImportProblem
from store.importing.pdf_text import has_tabbed_table, pdf_text_rows
from store.importing.table import GridLayout, GridRow, Table, TextLayout, TextSample

DELIMITERS = (",", ";", "\t", "|")
_NAMES = {",": "CSV", ";": "CSV (semicolon-separated)", "\t": "tab-separated text", "|": "CSV (pipe-separated)"}


def parse_delimited(text: str, delimiter: str, *, file: str | None = None) -> list[GridRow]:
    """Rows with the line each starts on; quoted cells may run over several lines. Given the
    `file` (when reading, not sniffing), a quote left open is reported rather than allowed to
    swallow the rows after it."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[GridRow] = []
    start = 1
    spans: list[tuple[int, int]] = []  # (row index, lines spanned) of rows running over lines
    try:
        for cells in reader:
            if reader.line_num > start:
                spans.append((len(rows), reader.line_num - start + 1))
            rows.append(GridRow(start, cells))
            start = reader.line_num + 1
    except csv.Error:
        if file is not None:
            raise ImportProblem(file, _OPEN_QUOTE, line=start) from None
        # Sniffing: read the rest plainly.
        for number, line in enumerate(text.split("\n")[start - 1 :], start=start):
            rows.append(GridRow(number, line.split(delimiter)))
    if file is not None and spans:
        _check_open_quotes(rows, spans, delimiter, file)
    return rows


_OPEN_QUOTE = (
    "a quote (\") opened in this row is never closed, so the rows after it would be read as one cell. "
    "Close the quote or remove it, then import again."
)


def _check_open_quotes(rows: list[GridRow], spans: list[tuple[int, int]], delimiter: str, file: str) -> None:
    """A cell that runs over lines which themselves read as whole rows (as many delimiters as
    a row has) is an unclosed quote that swallowed them, not a cell with line breaks."""
    width, _ = consistency(rows)
    if width < 2:
        return
    for index, _lines in spans:  # noqa: B007
        row = rows[index]
        for cell in row.cells:
            inner = cell.split("\n")[1:]
            if any(line.count(delimiter) >= width - 1 for line in inner):
                raise ImportProblem(file, _OPEN_QUOTE, line=row.line, cell=cell.split("\n")[0][:60])



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


def delimited_table(text: str, file: str, delimiter: str | None = None) -> Table:
    chosen = delimiter or sniff_delimiter(text) or ","
    layout = GridLayout(
        file=file,
        layout=_NAMES[chosen],
        wrapped=False,
        strict_dates=True,
        narrative_if_no_header=False,
    )
    return Table(parse_delimited(text, chosen, file=file), layout)


def _clean_tab_table(text: str) -> bool:
    """A tab-separated export (every line the same width, none without tabs, quoted cells
    allowed) rather than text copied out of a PDF, whose rows wrap and break."""
    rows = [r for r in pdf_text_rows(text) if r.cells and any(c.strip() for c in r.cells)]
    if any(r.whole_line for r in rows):
        return False
    width, share = consistency(parse_delimited(text, "\t"))
    return width >= 3 and share >= 0.95


def _is_tab_export(sample: TextSample) -> bool:
    return has_tabbed_table(sample) and _clean_tab_table(sample.text)


def _is_sniffed(sample: TextSample) -> bool:
    delimiter = sniff_delimiter(sample.text)
    if delimiter is None or delimiter == "\t":
        return False
    return find_header_row([r.cells for r in parse_delimited(sample.text, delimiter)]) is not None


NAMED_EXPORT = TextLayout("CSV", lambda sample: sample.suffix in (".csv", ".tsv"), delimited_table)
TAB_EXPORT = TextLayout("tab-separated text", _is_tab_export, lambda text, file: delimited_table(text, file, "\t"))
SNIFFED = TextLayout("CSV", _is_sniffed, delimited_table)
