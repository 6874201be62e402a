"""PDF trackers, read by their structure with pdfplumber.

Ruled tables (cell borders drawn as lines) are read cell by cell; a row cut by a page break is
joined again by the engine. Unruled tables are read from word positions: the header line's labels
fix where each column starts, and every printed line below is cut into those columns (rows that
wrap are then rebuilt as in PDF text). Page numbers and running headers/footers in the page margins
are left out. A PDF with no text layer is a scan, and says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pdfplumber

from store.importing.columns import header_score
from store.importing.parsed import ImportProblem
from store.importing.table import GridLayout, GridRow, Table

RULED_LAYOUT = "PDF table"
UNRULED_LAYOUT = "PDF columns"
# Running headers and footers live in the top and bottom margins of a page.
_MARGIN = 0.07
# Words further apart than this (points) are in different cells of a header line.
_CELL_GAP = 7.0
# How far left of its column's label a word may start and still belong to that column.
_SLACK = 4.0


@dataclass
class _Line:
    top: float
    words: list[dict[str, Any]]  # pdfplumber words, left to right

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    def pieces(self) -> list[tuple[float, float, str]]:
        """Runs of words close together: the cells of a header line."""
        found: list[tuple[float, float, str]] = []
        for word in self.words:
            if found and word["x0"] - found[-1][1] <= _CELL_GAP:
                x0, _, text = found[-1]
                found[-1] = (x0, word["x1"], f"{text} {word['text']}")
            else:
                found.append((word["x0"], word["x1"], word["text"]))
        return found


def pdf_tables(file: str, data: bytes) -> list[Table]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as error:  # noqa: BLE001 - pdfminer raises many types for damaged and locked files
        raise _open_problem(file, error) from None
    try:
        return _read_pages(file, pages)
    except ImportProblem:
        raise
    except Exception as error:  # noqa: BLE001 - as above, for pages that fail while read
        raise _open_problem(file, error) from None
    finally:
        pdf.close()


def _open_problem(file: str, error: BaseException) -> ImportProblem:
    chain = f"{error!r} {error.__cause__!r} {error.__context__!r}".lower()
    if "password" in chain or "encrypt" in chain:
        return ImportProblem(
            file,
            "this PDF is password-protected (encrypted), so its text cannot be read. Save an unprotected "
            "copy (or export the tracker as .docx, .xlsx or CSV) and import that.",
        )
    return ImportProblem(
        file, f"the PDF could not be read ({error.__class__.__name__}): it may be damaged or incomplete"
    )


def _read_pages(file: str, pages: list[Any]) -> list[Table]:
    page_lines: list[tuple[int, object, list[_Line]]] = []
    ruled: list[tuple[int, list[list[str]], float]] = []  # page, rows, top of first table
    any_text = False
    for number, page in enumerate(pages, start=1):
        words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
        if words:
            any_text = True
        lines = _lines(words)
        page_lines.append((number, page, lines))
        if words and page.edges:
            found_tables = [t for t in page.find_tables() if len(t.columns) >= 2]
            for found in found_tables:
                extracted = [[_cell(c) for c in row] for row in found.extract()]
                ruled.append((number, extracted, found.bbox[1]))
            if found_tables:
                # Rows printed below the last ruled table with their rules missing (a row cut
                # by the page break): read them by the table's column positions.
                last = found_tables[-1]
                starts = [c[0] for c in last.rows[0].cells if c is not None]
                height = float(page.height)
                loose = [line for line in lines if last.bbox[3] < line.top < (1 - _MARGIN) * height]
                if loose and len(starts) >= 2:
                    ruled.append((number, _loose_rows(loose, starts), last.bbox[3]))
    if not any_text:
        raise ImportProblem(
            file,
            f"this PDF has no text layer: it is a scanned image of {len(pages)} page(s), so there is no text "
            "to read. Import the original document (Word, Excel or a PDF saved from it), or run it "
            "through text recognition (OCR) first.",
        )
    if ruled:
        return [_ruled_table(file, ruled, page_lines)]
    return [_unruled_table(file, page_lines)]


def _cell(value: str | None) -> str:
    # Printed lines are kept: text cells join them, and owner cells tell a wrapped name from
    # one owner per line.
    lines = (" ".join(line.split()) for line in (value or "").split("\n"))
    return "\n".join(line for line in lines if line)


def _loose_rows(lines: list[_Line], starts: list[float]) -> list[list[str]]:
    """Printed lines cut into the table's columns and gathered into rows: a row starts at a
    line with text in the first column, or at a header line."""
    rows: list[list[str]] = []
    for line in lines:
        cells = _as_cells(line, starts)
        if not rows or cells[0] or header_score(cells) > 0:
            rows.append(cells)
        else:
            rows[-1] = [f"{a}\n{b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def _lines(words: list[dict[str, Any]]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1].top) <= 2.5:
            lines[-1].words.append(word)
        else:
            lines.append(_Line(word["top"], [word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def _ruled_table(file: str, ruled: list[tuple[int, list[list[str]], float]], page_lines: list[Any]) -> Table:
    first_page, _, first_top = ruled[0]
    above = [line.text for number, _page, lines in page_lines if number == first_page for line in lines if line.top < first_top]
    rows: list[GridRow] = []
    count = 0
    for page, extracted, _top in ruled:
        for cells in extracted:
            count += 1
            rows.append(GridRow(count, cells, page=page))
    layout = GridLayout(
        file=file, layout=RULED_LAYOUT, wrapped=False, narrative_if_no_header=False, paged=True
    )
    return Table(rows, layout, where="the PDF's table", above=above[-12:])


def _unruled_table(file: str, page_lines: list[Any]) -> Table:
    rows: list[GridRow] = []
    above: list[str] = []
    starts: list[float] | None = None
    count = 0
    for number, page, lines in page_lines:
        height = float(page.height)
        body = [line for line in lines if _MARGIN * height < line.top < (1 - _MARGIN) * height] if number > 1 else lines
        header = _header_line(body)
        if header is not None:
            starts = _column_starts(body, header)
        for index, line in enumerate(body):
            count += 1
            if starts is None or (header is not None and number == page_lines[0][0] and index < header):
                if starts is None:
                    above.append(line.text)
                else:
                    rows.append(GridRow(count, [line.text], whole_line=True, page=number))
                continue
            rows.append(GridRow(count, _as_cells(line, starts), page=number))
    layout = GridLayout(file=file, layout=UNRULED_LAYOUT, wrapped=True, noisy=True)
    return Table(rows, layout, where="the PDF's table", above=above[-12:])


def _header_line(lines: list[_Line]) -> int | None:
    best, best_score = None, 0
    for index, line in enumerate(lines[:60]):
        score = header_score([p[2] for p in line.pieces()])
        if score > best_score:
            best, best_score = index, score
    return best


def _column_starts(lines: list[_Line], header: int) -> list[float]:
    """Where each column starts: the header's labels, with a label wrapped onto the line below
    (or above) merged into its column when it overlaps it."""
    pieces = list(lines[header].pieces())
    for neighbour in (header - 1, header + 1, header + 2):
        if 0 <= neighbour < len(lines) and abs(lines[neighbour].top - lines[header].top) < 16 * abs(neighbour - header):
            extra = lines[neighbour].pieces()
            if all(len(p[2].split()) <= 3 and not any(ch.isdigit() for ch in p[2]) for p in extra):
                pieces.extend(extra)
    pieces.sort()
    columns: list[list[float]] = []
    for x0, x1, _ in pieces:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [c[0] for c in columns]


def _as_cells(line: _Line, starts: list[float]) -> list[str]:
    cells = [""] * len(starts)
    for word in line.words:
        column = 0
        for index, start in enumerate(starts):
            if word["x0"] >= start - _SLACK:
                column = index
        cells[column] = f"{cells[column]} {word['text']}".strip()
    return cells
