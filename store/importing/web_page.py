"""Web pages (.html/.htm) saved from a committee system, read with BeautifulSoup and lxml: every
table on the page with its rowspan/colspan, cells' paragraphs and line breaks kept as lines."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from store.importing.parsed import NotAnActionPlan
from store.importing.sources import decode_text
from store.importing.table import GridLayout, GridRow, Table
from store.importing.word import text_above

LAYOUT_NAME = "web page table"
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "blockquote"})
_SKIPPED = frozenset({"script", "style", "noscript", "template"})
_HEADINGS = ("title", "h1", "h2", "h3", "h4", "caption")


def page_tables(file: str, data: bytes) -> list[Table]:
    soup = BeautifulSoup(decode_text(file, data), "lxml")
    for hidden in soup.find_all(list(_SKIPPED)):
        hidden.decompose()
    tables: list[Table] = []
    number = 0
    headings_seen: list[str] = []
    for element in soup.find_all(["table", *_HEADINGS]):
        if element.name != "table":
            text = " ".join(element.get_text(" ").split())
            if text and element.find_parent("table") is None:
                headings_seen.append(text)
            continue
        rows, number = _table_rows(element, number)
        if sum(1 for r in rows if r.text) >= 2:
            layout = GridLayout(file=file, layout=LAYOUT_NAME, wrapped=False, narrative_if_no_header=False)
            tables.append(Table(rows, layout, where=f"table {len(tables) + 1}", above=text_above(headings_seen)))
    if not tables:
        raise NotAnActionPlan(
            file,
            "this web page has no table in it, so it reads as a narrative report. Open the page that lists "
            "the recommendations in a table (or the tracker document it links to) and import that.",
        )
    return tables


def _own_rows(table: Tag) -> list[Tag]:
    """The table's rows, not those of tables nested in its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _table_rows(table: Tag, number: int) -> tuple[list[GridRow], int]:
    """Rows on the grid: a cell spanning rows is empty below its first row (a recommendation
    printed once beside several actions); one spanning columns sits in its first column."""
    rows: list[GridRow] = []
    # (column) -> rows still covered by a rowspan from above
    covered: dict[int, int] = {}
    for tr in _own_rows(table):
        number += 1
        cells: list[str] = []
        spans: dict[int, int] = {}
        for td in tr.find_all(["td", "th"], recursive=False):
            _fill_covered(cells, covered)
            colspan = _number(td.get("colspan"))
            rowspan = _number(td.get("rowspan"))
            if colspan > 1:
                spans[len(cells)] = colspan
            if rowspan > 1:
                for c in range(len(cells), len(cells) + colspan):
                    covered[c] = rowspan - 1
            cells.append(cell_text(td))
            cells.extend([""] * (colspan - 1))
        # Columns to the right still covered by rowspans from above.
        last_covered = max((c for c, v in covered.items() if v > 0 and c >= len(cells)), default=-1)
        while len(cells) <= last_covered:
            if covered.get(len(cells), 0) > 0:
                _fill_covered(cells, covered)
            else:
                cells.append("")
        filled = [c for c in cells if c.strip()]
        whole = len(filled) == 1 and len(spans) == 1 and max(spans.values()) >= max(3, len(cells) - 1)
        rows.append(GridRow(number, [filled[0]] if whole else cells, whole_line=whole, spans=spans))
    return rows, number


def _fill_covered(cells: list[str], covered: dict[int, int]) -> None:
    """Empty cells where a cell above spans down into this row."""
    while covered.get(len(cells), 0) > 0:
        covered[len(cells)] -= 1
        cells.append("")


def _number(value: object) -> int:
    try:
        return max(1, min(int(str(value).strip() or "1"), 1000))
    except ValueError:
        return 1


def cell_text(cell: Tag) -> str:
    """A cell's text with its paragraphs, list items and <br> as separate lines."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration"):
                    continue
                parts.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\n")
                    continue
                block = child.name in _BLOCKS or child.name in ("td", "th")
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append(" " if child.name in ("td", "th") else "\n")

    walk(cell)
    lines = [" ".join(line.split()) for line in re.split(r"\n", "".join(parts))]
    return "\n".join(line for line in lines if line)
