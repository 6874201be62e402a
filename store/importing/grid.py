"""Reading any table once it is rows of cells: find the header, map columns, walk the rows.

Each layout reader (PDF text, CSV, spreadsheet, pipe, fixed-width, one cell per line) only turns its
file into `GridRow`s; this module does the rest, so every layout follows the same rules for refs,
continuation rows, headings, repeated headers and review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from store.importing.assembly import PlanBuilder, RowFields
from store.importing.cell_text import (
    clean_cell,
    is_footer_line,
    is_heading_text,
    is_noise_owner,
    is_noise_text,
    starts_lowercase,
)
from store.importing.columns import (
    ColumnMap,
    apply_overrides,
    columns_from_content,
    find_header_row,
    find_header_row_with_overrides,
    is_pure_header_row,
    map_header_row,
)
from store.importing.metadata import read_document_facts
from store.importing.owners_text import reads_as_owner
from store.importing.parsed import (
    ColumnOverrides,
    ImportProblem,
    NotAnActionPlan,
    ParsedPlan,
)
from store.importing.refs import Ref, has_zero_part, is_out_of_sequence, read_ref, split_leading_ref
from store.importing.scrambled import rebuild_scrambled_region
from store.importing.timescales import parse_timescale

Progress = Callable[[int, int], None]
_MONTH_HEADING = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+((?:19|20)\d{2})$", re.I
)


@dataclass
class GridRow:
    """One row as the layout reader found it; `whole_line` is text printed across the table
    with no column breaks (a heading, a page header, or a PDF region that lost its tabs)."""

    line: int
    cells: list[str]
    whole_line: bool = False

    @property
    def text(self) -> str:
        return " ".join(c.strip() for c in self.cells if c.strip())


@dataclass(frozen=True)
class GridLayout:
    file: str
    layout: str
    wrapped: bool
    # PDF text: page footers, stray refs and garbled lines are expected and dropped.
    noisy: bool = False
    # Spreadsheets: an unreadable cell in a column of dates is an error, not a review item.
    strict_dates: bool = False
    # Text files with no table are narrative reports; a spreadsheet with none is a problem.
    narrative_if_no_header: bool = True
    # How problems name the file, when that needs more than its name ("plan.xlsx, sheet 'Tracker'").
    problem_file: str | None = None

    @property
    def named(self) -> str:
        return self.problem_file or self.file


@dataclass
class _Walk:
    layout: GridLayout
    mapping: ColumnMap
    builder: PlanBuilder
    document_date: date | None
    header_texts: set[str] = field(default_factory=set)
    page_lines: list[str] = field(default_factory=list)
    # The user's column flags fix the columns for the whole document.
    overridden: bool = False


def read_grid(
    rows: list[GridRow],
    layout: GridLayout,
    *,
    columns: ColumnOverrides | None,
    document_date: date | None,
    progress: Progress | None,
) -> ParsedPlan:
    """Read a table's rows into a plan; raises `ImportProblem` (or `NotAnActionPlan` for text
    with no table in it) when no columns can be found."""
    header_index, mapping = _find_columns(rows, layout, columns, document_date)
    above = rows[:header_index] if header_index is not None else []
    facts = read_document_facts([r.text for r in above])
    when = document_date or facts.document_date
    body = rows[header_index + 1 :] if header_index is not None else rows
    if layout.strict_dates:
        _check_date_columns(body, mapping, layout, when)
    builder = PlanBuilder(file=layout.file, columns=mapping, wrapped=layout.wrapped, document_date=when)
    walk = _Walk(
        layout,
        mapping,
        builder,
        when,
        page_lines=[r.text for r in above],
        overridden=bool(columns and columns.columns),
    )
    if header_index is not None:
        walk.header_texts.add(_row_key(rows[header_index].cells))
    _walk_rows(walk, body, progress)
    built = builder.build()
    if not built.recommendations:
        raise ImportProblem(
            layout.named,
            "the table has a header row but no rows under it were read as recommendations or actions",
            line=rows[header_index].line if header_index is not None else None,
        )
    return ParsedPlan(
        source_file=layout.file,
        layout=layout.layout,
        title=facts.title or _title_from_file(layout.file),
        committee=facts.committee,
        council=facts.council,
        document_date=when,
        recommendations=built.recommendations,
        owner_aliases=built.owner_aliases,
        teams=built.teams,
        review=built.review,
        rows_read=built.rows_read,
    )


def _title_from_file(file: str) -> str:
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[_\-]+", " ", stem).strip() or file


def _find_columns(
    rows: list[GridRow], layout: GridLayout, columns: ColumnOverrides | None, document_date: date | None
) -> tuple[int | None, ColumnMap]:
    table_rows = [r.cells if not r.whole_line else [r.text] for r in rows]
    index = find_header_row_with_overrides(table_rows, columns)
    if index is None:
        index = find_header_row(table_rows)
    if index is not None:
        mapping = map_header_row([clean_cell(c) for c in rows[index].cells])
        mapping = apply_overrides(mapping, columns, file=layout.named, line=rows[index].line)
        return index, mapping
    width = max((len(r.cells) for r in rows if not r.whole_line), default=0)
    if columns is not None and columns.columns and all(
        isinstance(v, int) or str(v).strip().isdigit() for v in columns.columns.values()
    ):
        mapping = apply_overrides(ColumnMap(width=width), columns, file=layout.named, line=None)
        first = _header_by_shape(rows, mapping, document_date)
        if first is not None:
            mapping.header_cells = [clean_cell(c) for c in rows[first].cells]
        return first, mapping
    if columns is not None and columns.columns:
        # Named headers that appear nowhere: say which headers there are.
        apply_overrides(
            ColumnMap(width=width, header_cells=_likely_header(rows)), columns, file=layout.named, line=None
        )
    guessed = columns_from_content([r.cells for r in rows if not r.whole_line], document_date)
    if guessed is not None and not layout.noisy:
        return None, guessed
    raise _no_table(layout)


def _header_by_shape(rows: list[GridRow], mapping: ColumnMap, document_date: date | None) -> int | None:
    """With columns given by number, the first row is a header when its ref or date cell is
    not a ref or date but the rows under it are ("Item" over "1", "When" over "31/08/2024")."""
    table = [i for i, r in enumerate(rows) if not r.whole_line and sum(1 for c in r.cells if c.strip()) >= 2]
    if len(table) < 2:
        return None
    first, second = rows[table[0]], rows[table[1]]

    def cell(row: GridRow, index: int | None) -> str:
        return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

    ref, timescale = mapping.column("ref"), mapping.column("timescale")
    if ref is not None and read_ref(cell(first, ref)) is None and read_ref(cell(second, ref)) is not None:
        return table[0]
    if timescale is not None:
        above = parse_timescale(cell(first, timescale), document_date)
        below = parse_timescale(cell(second, timescale), document_date)
        if not above.deadlines and below.deadlines:
            return table[0]
    return None


def _likely_header(rows: list[GridRow]) -> list[str]:
    for row in rows:
        if not row.whole_line and sum(1 for c in row.cells if c.strip()) >= 2:
            return [clean_cell(c) for c in row.cells]
    return []


def _no_table(layout: GridLayout) -> ImportProblem:
    if layout.narrative_if_no_header:
        return NotAnActionPlan(
            layout.named,
            "this reads as a narrative report, not an action table: no columns for recommendations, "
            "owners or timescales were found. Import the action plan itself (a table) instead.",
        )
    return ImportProblem(
        layout.named,
        "no recognisable columns: no header names a recommendation, action, owner or timescale, and "
        "the cells do not show them either. Add a header row, or name the columns with flags such as "
        "--column owner='Lead Officer' --column timescale=4.",
    )


def _row_key(cells: Sequence[str]) -> str:
    return "|".join(re.sub(r"\W+", "", c.lower()) for c in cells if c.strip())


def _walk_rows(walk: _Walk, body: list[GridRow], progress: Progress | None) -> None:
    total = len(body)
    index = 0
    while index < total:
        if progress is not None:
            progress(index, total)
        row = body[index]
        text = row.text
        index += 1
        if not text or _is_repeated_header(walk, row):
            continue
        heading = _MONTH_HEADING.match(text)
        if heading and (row.whole_line or sum(1 for c in row.cells if c.strip()) == 1):
            walk.builder.context_year = int(heading[1])
            continue
        if walk.layout.noisy and is_footer_line(text) and not _timescale_only(walk, row):
            continue
        if not row.whole_line and is_pure_header_row(row.cells) and not walk.overridden:
            # A new table part-way down the document: read what follows by its columns.
            _switch_columns(walk, row)
            continue
        if _is_heading(walk, row, text):
            continue
        if row.whole_line and walk.layout.noisy:
            run_end = index
            while run_end < total and (body[run_end].whole_line or not body[run_end].text):
                run_end += 1
            run = [row, *body[index:run_end]]
            following = body[run_end] if run_end < total else None
            if following is not None and _is_repeated_header(walk, following):
                following = None
            following_fields = _split_row(walk, following) if following is not None else None
            consumed = rebuild_scrambled_region(walk, run, following, following_fields)
            index = run_end + (1 if consumed else 0)
            continue
        if row.whole_line:
            continue
        ref, fields = _split_row(walk, row)
        walk.builder.add_row(fields, row.line, ref)
    if progress is not None:
        progress(total, total)


def _is_heading(walk: _Walk, row: GridRow, text: str) -> bool:
    """A section heading in capitals ("LEADERSHIP"); in PDF text even when split into cells."""
    filled = sum(1 for c in row.cells if c.strip())
    if not walk.layout.noisy and filled > 1:
        return False
    return is_heading_text(text) and read_ref(row.cells[0] if row.cells else "") is None and not _has_date(text)


def _switch_columns(walk: _Walk, row: GridRow) -> None:
    mapping = map_header_row([clean_cell(c) for c in row.cells])
    walk.mapping = mapping
    walk.builder.columns = mapping
    walk.header_texts.add(_row_key(row.cells))


def _has_date(text: str) -> bool:
    return bool(parse_timescale(text, None).deadlines)


def _is_repeated_header(walk: _Walk, row: GridRow) -> bool:
    return not row.whole_line and _row_key(row.cells) in walk.header_texts


def _timescale_only(walk: _Walk, row: GridRow) -> bool:
    """A line holding only the end of a timescale cell ("2008" after "September" above)."""
    column = walk.mapping.column("timescale")
    if column is None or row.whole_line or column >= len(row.cells):
        return False
    others = [c for i, c in enumerate(row.cells) if i != column and c.strip()]
    return not others and bool(re.fullmatch(r"\s*(?:19|20)\d{2}\.?\s*", row.cells[column]))


def _split_row(walk: _Walk, row: GridRow | None) -> tuple[Ref | None, RowFields]:
    """A row's cells as fields, finding its ref whether it has its own column, sits in an extra
    leading cell, or opens the first text cell ("1. That the Department…")."""
    if row is None:
        return None, {}
    mapping = walk.mapping
    cells = [clean_cell(c) for c in row.cells]
    ref: Ref | None = None
    fields: RowFields = {}
    ref_column = mapping.column("ref")
    if ref_column is not None:
        raw = cells[ref_column] if ref_column < len(cells) else ""
        if raw:
            cells[ref_column] = ""
            ref = read_ref(raw)
            if ref is None:
                leading = split_leading_ref(raw)
                spill = raw
                if leading is not None:
                    ref, spill = leading
                target = _next_text_field(mapping, ref_column)
                if spill and target is not None:
                    fields[target] = spill
    elif cells:
        if len(cells) == mapping.width + 1 and read_ref(cells[0]):
            ref = read_ref(cells[0])
            cells = cells[1:]
        elif mapping.field_at(0) in ("recommendation", "action"):
            whole = read_ref(cells[0])
            leading = split_leading_ref(cells[0])
            if whole is not None:
                ref, cells[0] = whole, ""
            elif leading is not None:
                ref, cells[0] = leading
    for index, cell in enumerate(cells):
        name = mapping.field_at(index)
        if name is None or not cell:
            continue
        fields[name] = f"{fields[name]} {cell}" if name in fields else cell
    if walk.layout.noisy:
        fields = _drop_noise(fields)
        ref = _stray_ref_check(walk, ref, fields, row.line)
    _names_in_timescale_column(walk, cells, fields, row.line)
    return ref, fields


def _next_text_field(mapping: ColumnMap, after: int) -> str | None:
    for index in range(after + 1, mapping.width):
        name = mapping.field_at(index)
        if name in ("recommendation", "action", "comments"):
            return name
    return None


def _drop_noise(fields: RowFields) -> RowFields:
    kept: RowFields = {}
    for name, text in fields.items():
        if name == "owner":
            if not is_noise_owner(text):
                kept[name] = text
        elif not is_noise_text(text):
            kept[name] = text
    return kept


def _stray_ref_check(walk: _Walk, ref: Ref | None, fields: RowFields, line: int) -> Ref | None:
    """In PDF text a ref lower than the one before, with no fresh text of its own ("5.4.0" by
    "be developed."), is a stray mark inside the current recommendation."""
    current = walk.builder.current
    if ref is None or current is None or current.ref is None or ref.normalised == current.ref.normalised:
        return ref
    own_text = "recommendation" if walk.mapping.has("recommendation") else "action"
    text = fields.get(own_text, "")
    if is_out_of_sequence(ref, current.ref) and (has_zero_part(ref) or not text or starts_lowercase(text)):
        walk.builder.note(
            line,
            f"ref {ref.printed!r} is out of sequence after {current.ref.printed!r}: read as a stray mark "
            f"and the line kept with {current.ref.printed}",
            current,
        )
        return None
    return ref


def _names_in_timescale_column(walk: _Walk, cells: list[str], fields: RowFields, line: int) -> None:
    """A short row whose last cell holds names where the timescale would be: the PDF dropped an
    empty cell, and the names are the owners."""
    mapping = walk.mapping
    text = fields.get("timescale")
    if not text or "owner" in fields or not mapping.has("owner") or len(cells) >= mapping.width:
        return
    reading = parse_timescale(text, walk.document_date)
    words = text.split()
    if reading.understood or not all(w[0].isupper() for w in words) or not reads_as_owner(text):
        return
    fields["owner"] = fields.pop("timescale")
    current = walk.builder.current
    if current is not None:
        walk.builder.note(line, f"names {text!r} sat in the timescale column; read as owners", current)


def _check_date_columns(
    body: list[GridRow], mapping: ColumnMap, layout: GridLayout, when: date | None
) -> None:
    """In a spreadsheet whose date column holds only dates, a cell that is not one is a typo to
    fix before importing, so it is reported rather than guessed at."""
    for name in ("timescale", "revised_due"):
        column = mapping.column(name)
        if column is None:
            continue
        cells = [(r, r.cells[column].strip()) for r in body if column < len(r.cells) and r.cells[column].strip()]
        readings = [(r, c, parse_timescale(c, when)) for r, c in cells]
        dated = [x for x in readings if x[2].deadlines and re.search(r"\d", x[1])]
        # Only dates and "not yet" cells (TBC, N/A) in it: any other words make it a column
        # of timescales, where an odd cell goes to review instead.
        wordy = [x for x in readings if x[2].understood and not x[2].deadlines and (x[2].ongoing or x[2].recurring or x[2].status)]
        if len(dated) < 2 or wordy:
            continue
        for row, cell, reading in readings:
            if not reading.understood:
                header = mapping.header_cells[column] if column < len(mapping.header_cells) else name
                raise ImportProblem(
                    layout.named,
                    f"the {header or name!r} column holds dates, but this cell could not be read as one. "
                    "Correct it (for example 31/03/2025) or leave it blank, then import again.",
                    line=row.line,
                    cell=cell,
                )
