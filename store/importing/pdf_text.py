"""Tab-separated text copied out of a PDF table: the seeds' layout.

Each printed line is one physical line of the table, its cells separated by tabs. Rows wrap
over several lines, headers repeat after page breaks, and footers, stray marks and lines with no
tabs at all turn up in between; `grid` and `scrambled` deal with those.
"""

from __future__ import annotations


from store.importing.columns import find_header_row
from store.importing.table import GridLayout, GridRow, Table, TextLayout, TextSample

LAYOUT_NAME = "PDF text table"


def pdf_text_rows(text: str) -> list[GridRow]:
    rows: list[GridRow] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            rows.append(GridRow(number, line.split("\t")))
        else:
            rows.append(GridRow(number, [line], whole_line=True))
    return rows


def has_tabbed_table(sample: TextSample) -> bool:
    """Two or more tabbed lines, one of them a header we know."""
    if sum(1 for line in sample.lines if "\t" in line) < 2:
        return False
    rows = pdf_text_rows(sample.text)
    return find_header_row([r.cells for r in rows if not r.whole_line]) is not None


def _read(text: str, file: str) -> Table:
    layout = GridLayout(file=file, layout=LAYOUT_NAME, wrapped=True, noisy=True)
    return Table(pdf_text_rows(text), layout)


LAYOUT = TextLayout(LAYOUT_NAME, has_tabbed_table, _read)
