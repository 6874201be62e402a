"""Plans as CSV/TSV exports and as text pasted or extracted from other documents.

Each renderer takes a plan, a random source and a folder, and writes one file. The pasted
layouts are the ones real trackers arrive in: tab-separated text copied out of a PDF (cells
wrapped over lines, page footers, the header repeated after each break), pipe tables, fixed-width
columns, one cell per line, `Label: value` records, web tables whose cells ran together when
copied, and pipe exports with one cell per line.
"""

from __future__ import annotations

import csv
import io
import random
import textwrap
from pathlib import Path

from tests.importing.generator.plans import GeneratedPlan
from tests.importing.generator.tables import OWNER_JOINERS, SPLIT_HEADERS, Table, layout_table

# How wide each kind of column prints in text copied from a PDF.
_WRAP_WIDTH = {
    "ref": 16, "recommendation": 34, "response": 24, "action": 30, "owner": 20, "timescale": 18, "revised": 14,
    "status": 12, "progress": 30, "history_date": 14, "member": 18,
}  # fmt: skip


def preamble(plan: GeneratedPlan, rnd: random.Random) -> list[str]:
    """Title lines above a table: council, committee and review, and when it was updated."""
    day = plan.document_date
    stamp = rnd.choice(
        (
            f"Updated {day.day} {day.strftime('%B')} {day.year}",
            f"Last updated: {day.day:02d}/{day.month:02d}/{day.year}",
            f"Position as at {day.day} {day.strftime('%B %Y')}",
            f"Report date: {day.isoformat()}",
        )
    )
    lines = [plan.council, f"{plan.committee} – {plan.title}: action plan", stamp]
    return lines[rnd.randint(0, 1) :]


def _file(folder: Path, stem: str, suffix: str) -> Path:
    return folder / f"{stem}{suffix}"


def _plain(text: str) -> str:
    return " ".join(text.split())


def _write(path: Path, text: str, rnd: random.Random) -> Path:
    # Older Windows exports are in Windows-1252; everything generated here can be written in it.
    path.write_text(text, encoding=rnd.choice(("utf-8", "utf-8", "utf-8-sig", "cp1252")))
    return path


# -- delimited exports ------------------------------------------------------------------------


def render_csv(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    table = layout_table(plan, rnd, multiline_cells=True)
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=rnd.choice((",", ",", ";")),
        lineterminator=rnd.choice(("\n", "\r\n")),
        quoting=rnd.choice((csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL)),
    )
    width = len(table.columns)
    if rnd.random() < 0.7:
        for line in preamble(plan, rnd):
            writer.writerow([line] + [""] * (width - 1))
        writer.writerow([""] * width)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(row.cells)
        if rnd.random() < 0.05:
            writer.writerow([""] * width)
    return _write(_file(folder, stem, ".csv"), out.getvalue(), rnd)


def render_tsv(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    table = layout_table(plan, rnd, multiline_cells=False)
    lines = preamble(plan, rnd) + [""] if rnd.random() < 0.5 else []
    lines.append("\t".join(table.headers))
    lines += ["\t".join(_plain(c) for c in row.cells) for row in table.rows]
    return _write(_file(folder, stem, ".tsv"), "\n".join(lines) + "\n", rnd)


# -- text copied out of a PDF, pipe tables, fixed width -------------------------------------------


def _wrapped_cells(table: Table, row_cells: list[str], rnd: random.Random) -> list[list[str]]:
    wrapped: list[list[str]] = []
    for column, cell in zip(table.columns, row_cells, strict=True):
        width = _WRAP_WIDTH[column.field] + rnd.randint(-3, 3)
        wrapped.append(textwrap.wrap(_plain(cell), width=width, break_long_words=False) or [""])
    return wrapped


def _physical_lines(wrapped: list[list[str]]) -> list[list[str]]:
    height = max(len(w) for w in wrapped)
    return [[w[i] if i < len(w) else "" for w in wrapped] for i in range(height)]


def _header_lines(table: Table, split: bool) -> list[list[str]]:
    if not split:
        return [table.headers]
    top = [SPLIT_HEADERS.get(h, (h, ""))[0] for h in table.headers]
    bottom = [SPLIT_HEADERS.get(h, (h, ""))[1] for h in table.headers]
    return [top, bottom]


def _text_layout(plan: GeneratedPlan, rnd: random.Random) -> tuple[Table, list[list[list[str]]]]:
    """The table and each row's cells wrapped into printed lines."""
    table = layout_table(plan, rnd, multiline_cells=False)
    return table, [_physical_lines(_wrapped_cells(table, row.cells, rnd)) for row in table.rows]


def render_pdf_text(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str, *, split_header: bool = False) -> Path:
    """Tab-separated text as copied out of a PDF: wrapped cells continue on lines of their own,
    and each page ends with a footer and starts again with the header."""
    table, rows = _text_layout(plan, rnd)
    header = ["\t".join(cells) for cells in _header_lines(table, split_header)]
    lines = preamble(plan, rnd) + [""] + header
    page, page_lines, per_page = 1, 0, rnd.randint(18, 40)
    for row in rows:
        for physical in row:
            if page_lines >= per_page:
                lines += ["", f"Page {page}", ""] + header
                page, page_lines = page + 1, 0
            lines.append("\t".join(physical).rstrip("\t") if rnd.random() < 0.5 else "\t".join(physical))
            page_lines += 1
    lines += ["", f"Page {page}"]
    return _write(_file(folder, stem, ".txt"), "\n".join(lines) + "\n", rnd)


def render_pipe_table(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    """A web table saved as Markdown-style pipes; long cells wrap onto continuation rows or keep
    their line breaks as `<br>`."""
    table = layout_table(plan, rnd, multiline_cells=False)
    wrap = rnd.random() < 0.6
    lines = [f"# {plan.title}", "", preamble(plan, rnd)[-1], ""]
    lines.append("| " + " | ".join(table.headers) + " |")
    lines.append("|" + "|".join("-" * (len(h) + 2) for h in table.headers) + "|")
    for row in table.rows:
        physical = _physical_lines(_wrapped_cells(table, row.cells, rnd)) if wrap else [[_plain(c) for c in row.cells]]
        for cells in physical:
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"Source: {plan.council} committee system"]
    return _write(_file(folder, stem, ".md"), "\n".join(lines) + "\n", rnd)


def render_fixed_width(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str, *, split_header: bool = False) -> Path:
    """Columns lined up with spaces, as a report printed to text; long cells wrap within their column."""
    table, rows = _text_layout(plan, rnd)
    header_lines = _header_lines(table, split_header)
    widths = [
        max(
            max((len(h[i]) for h in header_lines), default=0),
            max((len(line[i]) for row in rows for line in row), default=0),
        )
        + rnd.randint(2, 4)
        for i in range(len(table.columns))
    ]

    def line(cells: list[str]) -> str:
        return "".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = preamble(plan, rnd) + [""] + [line(h) for h in header_lines]
    if rnd.random() < 0.4:
        lines.append("-" * sum(widths))
    for row in rows:
        lines += [line(cells) for cells in row]
        if rnd.random() < 0.2:
            lines.append("")
    return _write(_file(folder, stem, ".txt"), "\n".join(lines) + "\n", rnd)


# -- one cell per line, labelled records ---------------------------------------------------------


def _dash_if_empty(cell: str) -> str:
    return _plain(cell) or "-"


def render_cell_per_line(
    plan: GeneratedPlan,
    rnd: random.Random,
    folder: Path,
    stem: str,
    *,
    blank_between_cells: bool,
    split_header: bool = False,
) -> Path:
    """One cell per line: the header labels first, then each row's cells. Either a blank line
    between rows, or one between every cell (as some committee systems export); with
    `split_header`, two-word labels are broken over two lines ("Revised" / "target")."""
    table = layout_table(plan, rnd, multiline_cells=False, repeat_recommendation=True)
    lines = preamble(plan, rnd) + [""]
    gap = [""] if blank_between_cells else []
    for header in table.headers:
        if split_header and header in SPLIT_HEADERS:
            lines += [*SPLIT_HEADERS[header], *gap]
        else:
            lines += [header, *gap]
    if not blank_between_cells:
        lines.append("")
    for row in table.rows:
        for cell in row.cells:
            lines += [_dash_if_empty(cell), *gap]
        if not blank_between_cells:
            lines.append("")
    return _write(_file(folder, stem, ".txt"), "\n".join(lines) + "\n", rnd)


def render_labelled_records(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    """`Label: value` records, one per action, often bulleted (`- Lead: DoF`)."""
    table = layout_table(plan, rnd, multiline_cells=False, repeat_recommendation=True)
    bullet = rnd.choice(("", "- ", "• ", "– ", "* "))
    lines = preamble(plan, rnd) + [""]
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            if cell.strip():
                lines.append(f"{bullet}{column.header}: {_plain(cell)}")
        lines.append("")
    return _write(_file(folder, stem, ".txt"), "\n".join(lines) + "\n", rnd)


# -- web tables copied as text -------------------------------------------------------------------


def render_run_together(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str, *, joiner: str) -> Path:
    """A web table copied from a browser: each row one line, its cells run together by spaces
    or joined by " / "."""
    joiners = tuple(j for j in OWNER_JOINERS if j.strip() != joiner.strip()) if joiner.strip() else OWNER_JOINERS
    table = layout_table(plan, rnd, multiline_cells=False, joiners=joiners, avoid_in_headers=joiner.strip() or None)
    lines = preamble(plan, rnd) + [""]
    lines.append(joiner.join(table.headers))
    for row in table.rows:
        lines.append(joiner.join(_plain(c) for c in row.cells if c.strip()) if joiner == " " else joiner.join(_plain(c) for c in row.cells))
    return _write(_file(folder, stem, ".txt"), "\n".join(lines) + "\n", rnd)


def render_pipe_per_line(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    """A pipe export with one cell per line, each ending in `|`; an empty cell is a bare `|`."""
    table = layout_table(plan, rnd, multiline_cells=False)
    blank_between_rows = rnd.random() < 0.5
    lines = preamble(plan, rnd) + [""]
    lines += [f"{h} |" for h in table.headers]
    if blank_between_rows:
        lines.append("")
    for row in table.rows:
        lines += [f"{_plain(c)} |" if c.strip() else "|" for c in row.cells]
        if blank_between_rows:
            lines.append("")
    return _write(_file(folder, stem, ".txt"), "\n".join(lines) + "\n", rnd)
