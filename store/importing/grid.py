"""The one table engine: from cells with their places to a plan.

Every reader (Word, PDF, web page, spreadsheet, CSV, each text layout; see `readers`) only turns
its file into `Table`s of `GridRow`s. This module does the rest, so every format follows the same
rules: pick the tracker among the tables, find the header (over blank lines, split over two rows,
repeated per page), give each column its role and record why, join rows cut by a page break or
wrapped over lines, and walk the rows (refs, continuation rows, headings, review).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
from store.importing.cell_text import is_open_text
from store.importing.columns import (
    ColumnMap,
    apply_overrides,
    columns_from_content,
    field_for_header,
    find_header_row,
    header_kind,
    find_header_row_with_overrides,
    header_not_read_reason,
    header_score,
    is_pure_header_row,
    map_header_row,
)
from store.importing.metadata import read_document_facts
from store.importing.owners_text import reads_as_owner
from store.importing.parsed import (
    ColumnChoice,
    ColumnOverrides,
    ImportProblem,
    NotAnActionPlan,
    ParsedPlan,
)
from store.importing.refs import Ref, has_zero_part, is_out_of_sequence, read_ref, split_leading_ref
from store.importing.scrambled import rebuild_scrambled_region
from store.importing.table import GridLayout, GridRow, Progress, Table
from store.importing.timescales import parse_timescale
from store.importing.walk import Walk as _Walk

__all__ = ["GridLayout", "GridRow", "Progress", "Table", "read_grid", "read_tables"]

# A line drawn under a header or between rows ("-----", "====", "+---+---+").
_RULE_LINE = re.compile(r"[-=_+|:\u2013\u2014\s]{3,}")
_MONTH_HEADING = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+((?:19|20)\d{2})$", re.I
)


def read_tables(
    tables: list[Table],
    file: str,
    *,
    columns: ColumnOverrides | None,
    document_date: date | None,
    progress: Progress | None,
) -> ParsedPlan:
    """Read the tracker among a document's tables (a Word file or web page may also hold a RAG
    key, a contents table or page furniture); tables that continue the tracker under the same
    header (one per section or page) are read with it."""
    if not tables:
        raise ImportProblem(file, "no table was found in it")
    if len(tables) == 1:
        only = tables[0]
        return read_grid(
            only.rows, only.layout, columns=columns, document_date=document_date, progress=progress, above=only.above
        )
    scored: list[tuple[int, int, Table, int]] = []  # score, -position, table, header index
    for position, table in enumerate(tables):
        cells = [r.cells if not r.whole_line else [r.text] for r in table.rows]
        named = find_header_row_with_overrides(cells, columns)
        index = named if named is not None else find_header_row(cells)
        if index is None:
            continue
        first, last, labels = header_rows(table.rows, index)
        # A table holding every header the user named is the one they mean.
        score = header_score(labels) + (1000 if named is not None else 0)
        if score > 0:
            scored.append((score, -position, table, last))
    if not scored:
        if columns is not None and columns.columns:
            biggest = max(tables, key=lambda t: len(t.rows))
            return read_grid(
                biggest.rows, biggest.layout, columns=columns, document_date=document_date, progress=progress,
                above=biggest.above,
            )
        raise _unclear_tables(file, tables)
    best = max(scored, key=lambda s: (s[0], s[1]))
    best_table = best[2]
    best_key = _fields_key(best_table.rows, best[3])
    # Later tables with the same columns carry on the tracker (a table per section or page);
    # the text between them (a section heading) comes along as a whole line.
    combined: list[GridRow] = list(best_table.rows)
    for _score, neg_position, table, last in sorted(scored, key=lambda s: -s[1]):
        if -neg_position <= -best[1] or _fields_key(table.rows, last) != best_key:
            continue
        combined.extend(GridRow(combined[-1].line, [text], whole_line=True) for text in table.above[-2:])
        combined.extend(table.rows[last + 1 :])
    return read_grid(
        combined, best_table.layout, columns=columns, document_date=document_date, progress=progress,
        above=best_table.above,
    )


def _fields_key(rows: list[GridRow], last: int) -> tuple[tuple[str, tuple[int, ...]], ...]:
    _, _, labels = header_rows(rows, last)
    mapping = map_header_row(labels)
    return tuple(sorted((k, tuple(v)) for k, v in mapping.fields.items()))


def _unclear_tables(file: str, tables: list[Table]) -> ImportProblem:
    biggest = max(tables, key=lambda t: len(t.rows))
    first = next((r for r in biggest.rows if not r.whole_line and sum(1 for c in r.cells if c.strip()) >= 2), None)
    headers = [clean_cell(c) for c in first.cells] if first is not None else []
    listed = ", ".join(f"{n}: {h!r}" for n, h in enumerate(headers, start=1) if h) or "none"
    count = "one table" if len(tables) == 1 else f"{len(tables)} tables"
    return ImportProblem(
        file,
        f"{count} found, but no header names a recommendation, action, owner or timescale. "
        f"The largest ({biggest.where or 'table'}, {len(biggest.rows)} rows) starts with the columns {listed}. "
        "Say which column is which with flags such as --column recommendation=2 --column owner='Lead' "
        "--column timescale=4.",
    )


def read_grid(
    rows: list[GridRow],
    layout: GridLayout,
    *,
    columns: ColumnOverrides | None,
    document_date: date | None,
    progress: Progress | None,
    above: list[str] | None = None,
) -> ParsedPlan:
    """Read a table's rows into a plan; raises `ImportProblem` (or `NotAnActionPlan` for text
    with no table in it) when no columns can be found."""
    header_index, header_last, mapping, choices = _find_columns(rows, layout, columns, document_date)
    rows_above = rows[:header_index] if header_index is not None else []
    facts = read_document_facts([*(above or []), *(r.text for r in rows_above)])
    when = document_date or facts.document_date
    body = rows[header_last + 1 :] if header_last is not None else rows
    if layout.paged:
        body = _join_page_breaks(body, mapping)
    if layout.wrapped:
        _join_wrapped_refs(body, mapping)
    if layout.strict_dates:
        _check_date_columns(body, mapping, layout, when)
    builder = PlanBuilder(file=layout.file, columns=mapping, wrapped=layout.wrapped, document_date=when)
    walk = _Walk(
        layout,
        mapping,
        builder,
        when,
        page_lines=[*(above or []), *(r.text for r in rows_above)],
        overridden=bool(columns and columns.columns),
    )
    if header_index is not None and header_last is not None:
        for row in rows[header_index : header_last + 1]:
            walk.header_texts.add(_row_key(row.cells))
    _walk_rows(walk, body, progress)
    built = builder.build()
    if not built.recommendations:
        raise ImportProblem(
            layout.named,
            "the table has a header row but no rows under it were read as recommendations or actions",
            line=rows[header_index].line if header_index is not None else None,
        )
    pages = {r.line: r.page for r in rows if r.page is not None}
    review = [
        item.model_copy(update={"page": pages.get(item.line), "cell": item.cell or _quoted_cell(item.reason)})
        for item in built.review
    ]
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
        review=review,
        rows_read=built.rows_read,
        columns_chosen=choices,
    )


def _title_from_file(file: str) -> str:
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[_\-]+", " ", stem).strip() or file


def header_rows(rows: list[GridRow], index: int) -> tuple[int, int, list[str]]:
    """The header around row `index`: one row, or two when its labels are split over two rows
    ("Portfolio" over "Holder", "Target date" merged over "Original" | "Revised"). Returns the
    first and last row of the header and the column labels."""
    single = [clean_cell(c) for c in rows[index].cells]
    best = (index, index, single, _stack_score(single))
    for top_index, bottom_index in ((_neighbour(rows, index, -1), index), (index, _neighbour(rows, index, 1))):
        if top_index is None or bottom_index is None:
            continue
        top, bottom = rows[top_index], rows[bottom_index]
        if not (_label_like(top) and _label_like(bottom)):
            continue
        labels = stacked_labels(top, bottom)
        score = _stack_score(labels)
        if score > best[3] or (score == best[3] and _finishes_labels(top, bottom)):
            best = (top_index, bottom_index, labels, score)
    if best[1] > best[0]:
        # A third row of sub-labels ("Council" / "response" / "Original  New").
        below = _neighbour(rows, best[1], 1)
        if below is not None and _label_like(rows[below]):
            merged = GridRow(rows[best[0]].line, best[2], spans=rows[best[0]].spans)
            labels = stacked_labels(merged, rows[below])
            score = _stack_score(labels)
            if score > best[3] or (score == best[3] and _finishes_labels(merged, rows[below])):
                best = (best[0], below, labels, score)
    return best[0], best[1], best[2]


def _finishes_labels(top: GridRow, bottom: GridRow) -> bool:
    """Every label on the lower row finishes the one above it: "Response from the" over
    "Executive", "Date of" over "decision", "Lead" over "officer"."""
    pairs = [
        (clean_cell(top.cells[i]) if i < len(top.cells) else "", clean_cell(cell))
        for i, cell in enumerate(bottom.cells)
        if cell.strip()
    ]
    return bool(pairs) and all(
        upper
        and len(lower.split()) <= 2
        and (
            re.search(r"\b(?:the|of|from|and|for|to|by|&)$", upper, re.I)
            or lower[:1].islower()
            or header_kind(f"{upper} {lower}") == header_kind(upper) is not None
        )
        for upper, lower in pairs
    )


def _stack_score(labels: list[str]) -> tuple[int, int]:
    """More distinct fields first ("Progress" over "status" makes a status column), then more
    columns read."""
    score = header_score(labels)
    return (len(map_header_row(labels).fields) if score else 0, score)


def _neighbour(rows: list[GridRow], index: int, step: int) -> int | None:
    """The next row up or down, over blank lines."""
    at = index + step
    while 0 <= at < len(rows) and not rows[at].text and abs(at - index) <= 3:
        at += step
    if 0 <= at < len(rows) and rows[at].text and not rows[at].whole_line:
        return at
    return None


def _label_like(row: GridRow) -> bool:
    """A row of short labels: no refs, dates or sentences, as in a header."""
    filled = [clean_cell(c) for c in row.cells if c.strip()]
    if not filled:
        return False
    for cell in filled:
        if len(cell) > 40 or len(cell.split()) > 4 or re.search(r"\d", cell) or read_ref(cell) is not None:
            return False
    return True


def stacked_labels(top: GridRow, bottom: GridRow) -> list[str]:
    """Column labels from two header rows, a merged top cell lending its text to every column
    it spans ("Target date Original", "Target date Revised")."""
    width = max(len(top.cells), len(bottom.cells))
    upper = [clean_cell(c) for c in top.cells] + [""] * (width - len(top.cells))
    for start, span in top.spans.items():
        for column in range(start + 1, min(width, start + span)):
            if not upper[column]:
                upper[column] = upper[start]
    lower = [clean_cell(c) for c in bottom.cells] + [""] * (width - len(bottom.cells))
    if not top.spans:
        # Text and unruled PDFs do not say what a label spans: a sub-label with nothing above
        # it, beside another sub-label, shares the label over its neighbour ("Target date"
        # over "Original" and "New").
        for column in range(1, width):
            if not upper[column] and lower[column] and upper[column - 1] and lower[column - 1]:
                upper[column] = upper[column - 1]
    return [f"{a} {b}".strip() for a, b in zip(upper, lower, strict=True)]


def _find_columns(
    rows: list[GridRow], layout: GridLayout, columns: ColumnOverrides | None, document_date: date | None
) -> tuple[int | None, int | None, ColumnMap, list[ColumnChoice]]:
    table_rows = [r.cells if not r.whole_line else [r.text] for r in rows]
    index = find_header_row_with_overrides(table_rows, columns)
    if index is not None:
        mapping = map_header_row([clean_cell(c) for c in rows[index].cells])
        mapping = apply_overrides(mapping, columns, file=layout.named, line=rows[index].line)
        return index, index, mapping, column_choices(mapping, columns, "header")
    index = find_header_row(table_rows)
    if index is not None:
        first, last, labels = header_rows(rows, index)
        mapping = map_header_row(labels)
        mapping = apply_overrides(mapping, columns, file=layout.named, line=rows[index].line)
        return first, last, mapping, column_choices(mapping, columns, "header")
    width = max((len(r.cells) for r in rows if not r.whole_line), default=0)
    if columns is not None and columns.columns and all(
        isinstance(v, int) or str(v).strip().isdigit() for v in columns.columns.values()
    ):
        mapping = apply_overrides(ColumnMap(width=width), columns, file=layout.named, line=None)
        found = _header_by_shape(rows, mapping, document_date)
        if found is not None:
            mapping.header_cells = [clean_cell(c) for c in rows[found].cells]
        return found, found, mapping, column_choices(mapping, columns, "flags")
    if columns is not None and columns.columns:
        # Named headers that appear nowhere: say which headers there are.
        apply_overrides(
            ColumnMap(width=width, header_cells=_likely_header(rows)), columns, file=layout.named, line=None
        )
    guessed = columns_from_content([r.cells for r in rows if not r.whole_line], document_date)
    if guessed is not None and not layout.noisy:
        return None, None, guessed, column_choices(guessed, columns, "content")
    raise _no_table(layout, rows)


def column_choices(mapping: ColumnMap, columns: ColumnOverrides | None, basis: str) -> list[ColumnChoice]:
    """Each column's reading and the reason for it, for the preview."""
    flagged = set(columns.columns) if columns is not None else set()
    chosen: list[ColumnChoice] = []
    for index in range(mapping.width):
        header = mapping.header_cells[index] if index < len(mapping.header_cells) else ""
        name = mapping.field_at(index)
        if name in flagged:
            reason = f"your flag --column {name}=..."
        elif name is not None and basis == "content":
            reason = f"no header row: its cells read as {name.replace('_', ' ')}"
        elif name is not None:
            reason = f"the header {header!r} names the {name.replace('_', ' ')}"
        elif header:
            reason = header_not_read_reason(header)
        else:
            continue
        chosen.append(ColumnChoice(field=name, header=header, column=index + 1, reason=reason))
    return chosen


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


def _no_table(layout: GridLayout, rows: list[GridRow]) -> ImportProblem:
    tabled = [r for r in rows if not r.whole_line and sum(1 for c in r.cells if c.strip()) >= 2]
    if len(tabled) >= 3 and not layout.noisy:
        # Rows of cells, but no header we know: say what was found rather than "narrative".
        headers = [clean_cell(c) for c in tabled[0].cells]
        listed = ", ".join(f"{n}: {h!r}" for n, h in enumerate(headers, start=1) if h)
        return ImportProblem(
            layout.named,
            f"no recognisable columns: a table of {len(tabled)} rows was found, but no header names a "
            f"recommendation, action, owner or timescale (its first row reads {listed}). Say which column "
            "is which with flags such as --column recommendation=2 --column owner=3 --column timescale=4.",
        )
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
        if not text or _RULE_LINE.fullmatch(text) or _is_repeated_header(walk, row):
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
            if row.spans:
                _spanning_recommendation(walk, row)
            continue
        ref, fields = _split_row(walk, row)
        walk.builder.add_row(fields, row.line, ref)
    if progress is not None:
        progress(total, total)


def _spanning_recommendation(walk: _Walk, row: GridRow) -> None:
    """A cell merged across the whole table that opens with a ref ("R3 That the council…",
    "Recommendation 2: …") is a recommendation printed above its actions, not a heading."""
    text = row.text
    named = re.match(r"^\s*((?:recommendation|rec\.?)\s*\d{1,3}(?:\.\d{1,3}){0,3})\s*[:.\-\u2013]?\s+(.*)$", text, re.I | re.S)
    found = (read_ref(named[1]), named[2]) if named else split_leading_ref(text)
    if found is None or found[0] is None:
        return
    ref, rest = found
    if len(rest.split()) < 4 or is_heading_text(rest):
        return
    walk.builder.add_row({"recommendation": rest}, row.line, ref)


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


def _join_page_breaks(body: list[GridRow], mapping: ColumnMap) -> list[GridRow]:
    """A table row cut by a page break prints as two rows: the first on the new page has no ref
    and carries on the sentence above (it starts in lower case, or the cell above was left
    unfinished). Put it back together."""
    ref_column = mapping.column("ref")
    text_columns = [c for name in ("recommendation", "action", "comments", "update") for c in mapping.fields.get(name, [])]
    joined: list[GridRow] = []
    last_page: int | None = None
    previous_at: int | None = None  # where the last row of cells is in `joined`
    for row in body:
        if row.whole_line or not row.text:
            joined.append(row)
            continue
        previous = joined[previous_at] if previous_at is not None else None
        new_page = row.page is not None and last_page is not None and row.page != last_page
        last_page = row.page if row.page is not None else last_page
        continues = previous is not None and _continues_row(row, previous, ref_column, text_columns)
        if new_page and continues and previous is not None and previous_at is not None:
            width = max(len(previous.cells), len(row.cells))
            cells = previous.cells + [""] * (width - len(previous.cells))
            for column, text in enumerate(row.cells):
                if text.strip():
                    cells[column] = f"{cells[column]}\n{text}".strip()
            joined[previous_at] = GridRow(previous.line, cells, page=previous.page, spans=previous.spans)
            continue
        previous_at = len(joined)
        joined.append(row)
    return joined


def _continues_row(row: GridRow, previous: GridRow, ref_column: int | None, text_columns: list[int]) -> bool:
    def cell(r: GridRow, column: int) -> str:
        return r.cells[column].strip() if column < len(r.cells) else ""

    if ref_column is not None and cell(row, ref_column):
        return False
    for column in text_columns:
        text = cell(row, column)
        if text:
            return starts_lowercase(text) or is_open_text(cell(previous, column))
    return False


def _join_wrapped_refs(body: list[GridRow], mapping: ColumnMap) -> None:
    """A ref too wide for its column wraps ("BOD" / "33/22(a)", "QA.030821.6." / "10"): the
    pieces read as one ref only together."""
    column = mapping.column("ref")
    if column is None:
        return
    cells = [r.cells[column].strip() if not r.whole_line and column < len(r.cells) else "" for r in body]
    for index in range(len(body) - 1):
        here, below = cells[index], cells[index + 1]
        if not here or not below or read_ref(here) is not None or field_for_header(here) is not None:
            # A header repeated on a new page ("ID" above "6.9") is not half a ref.
            continue
        for joined in (f"{here} {below}", f"{here}{below}"):
            if read_ref(joined) is not None:
                body[index].cells[column] = joined
                body[index + 1].cells[column] = ""
                cells[index + 1] = ""
                break


# Review reasons quote the cell they are about ("timescale 'Sometime' could not be read").
_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")


def _quoted_cell(reason: str) -> str | None:
    found = _QUOTED.search(reason)
    return (found[1] or found[2]) if found else None
