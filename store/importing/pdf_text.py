"""Tab-separated text copied out of a PDF table: the seeds' layout.

Each printed line is one physical line of the table, its cells separated by tabs. Rows wrap
over several lines, headers repeat after page breaks, and footers, stray marks and lines with no
tabs at all turn up in between; `grid` and `scrambled` deal with those.
"""

from __future__ import annotations


from store.importing.grid import GridRow

LAYOUT_NAME = "PDF text table"


def pdf_text_rows(text: str) -> list[GridRow]:
    rows: list[GridRow] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            rows.append(GridRow(number, line.split("\t")))
        else:
            rows.append(GridRow(number, [line], whole_line=True))
    return rows
