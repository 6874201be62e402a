"""Rebuilding a stretch of PDF text where the table lost its tabs.

Sometimes the extraction prints part of a table as loose lines, column by column: the comments of
three rows, then their owners, then their recommendations, with refs stuck to the front of the
text or standing alone. What can be rebuilt is rebuilt from structure only:

- a line opening with a ref (later than the row above the region) starts that recommendation;
- a line starting in lower case finishes the sentence before it, or else the earliest unfinished
  cell in the region;
- short capitalised lines ("Diane" / "Browm") are owner fragments, joined like owner cells;
- loose lines between two runs of owner fragments came from one column, so once one of them is
  placed, the rest of that run fill the same column of the other rows, in ref order;
- the first tabbed row after the region continues whichever row's sentence it finishes, and owner
  fragments stack upwards from the row it anchors.

Every rebuilt row is marked low confidence and put up for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from store.importing.cell_text import is_footer_line, is_heading_text, is_open_text, starts_lowercase
from store.importing.drafts import Cell, DraftRecord
from store.importing.parsed import ColumnField
from store.importing.owners_text import is_role_code, owner_line_continues
from store.importing.refs import Ref, has_zero_part, read_ref, split_leading_ref

if TYPE_CHECKING:
    from store.importing.assembly import RowFields
    from store.importing.table import GridRow
    from store.importing.walk import Walk as _Walk

_TEXT_FIELDS: tuple[ColumnField, ...] = ("recommendation", "action", "comments")


@dataclass
class _Chain:
    """Loose lines that read as one sentence, not yet placed in a cell."""

    block: int
    parts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    placed: bool = False

    def add(self, text: str, line: int) -> None:
        self.parts.append(text)
        self.lines.append(line)

    @property
    def open(self) -> bool:
        return bool(self.parts) and is_open_text(self.parts[-1])


@dataclass
class _OwnerFragment:
    text: str
    line: int
    record: DraftRecord | None = None


@dataclass
class _Region:
    walk: _Walk
    start: DraftRecord | None
    text_fields: list[ColumnField]
    records: list[DraftRecord] = field(default_factory=list)
    chains: list[_Chain] = field(default_factory=list)
    owners: list[_OwnerFragment] = field(default_factory=list)
    block_field: dict[int, str] = field(default_factory=dict)

    def cell(self, record: DraftRecord, name: str) -> Cell:
        if name == "recommendation":
            return record.text
        if name == "action":
            return record.action.text
        return record.action.comments

    def in_ref_order(self) -> list[DraftRecord]:
        return sorted(self.records, key=lambda r: r.ref.key if r.ref else ())


def rebuild_scrambled_region(
    walk: _Walk,
    run: list[GridRow],
    following: GridRow | None,
    following_split: tuple[Ref | None, RowFields] | None,
) -> bool:
    """Rebuild the rows of an untabbed region; True when the tabbed row after it was used too."""
    builder = walk.builder
    fragments = [
        (r.line, r.text)
        for r in run
        if r.text
        and (read_ref(r.text) is not None or not is_footer_line(r.text))
        and not is_heading_text(r.text)
    ]
    if not fragments:
        return False
    start = builder.current
    markers = [_marker(text, start) for _, text in fragments]
    continues = (
        following is not None
        and not following.whole_line
        and following_split is not None
        and following_split[0] is None
        and bool(following_split[1])
    )
    if start is None or not (any(markers) or continues):
        for line, text in fragments:
            if not _similar_to_page_text(walk, text):
                builder.note(line, f"text outside the table left out: {text!r}")
        return False

    mapping = walk.mapping
    text_fields = [f for f in _TEXT_FIELDS if mapping.has(f)]
    if not text_fields:
        return False
    region = _Region(walk, start, text_fields, records=[start])
    following_owner = following_split[1].get("owner") if continues and following_split is not None else None
    _read_fragments(region, fragments, markers, following_owner)
    consumed = False
    if continues and following is not None and following_split is not None:
        _continue_with_row(region, following, following_split[1])
        consumed = True
    _place_owners(region)
    _place_leftover_chains(region)
    _finish(region, fragments[0][0], following.line if consumed and following else fragments[-1][0])
    return consumed


def _marker(text: str, start: DraftRecord | None) -> tuple[Ref, str] | None:
    whole = read_ref(text)
    found = (whole, "") if whole is not None else split_leading_ref(text)
    if found is None:
        return None
    ref, rest = found
    if has_zero_part(ref):
        return None
    if start is not None and start.ref is not None and ref.key <= start.ref.key:
        return None
    return ref, rest


def _is_owner_fragment(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 3 or len(text) > 40 or re.search(r"\d", text) or text.endswith("."):
        return False
    return all(re.fullmatch(r"[A-Z][a-z'\-]+,?", w) or is_role_code(w.rstrip(",")) for w in words)


def _read_fragments(
    region: _Region,
    fragments: list[tuple[int, str]],
    markers: list[tuple[Ref, str] | None],
    following_owner: str | None,
) -> None:
    builder = region.walk.builder
    block = 0
    last_kind: str | None = None
    previous: _Chain | Cell | None = None
    kinds = [
        "owner" if marker is None and _is_owner_fragment(text) else "text"
        for (_, text), marker in zip(fragments, markers, strict=True)
    ]
    for index, ((line, text), marker) in enumerate(zip(fragments, markers, strict=True)):
        kind = kinds[index]
        if last_kind is not None and kind != last_kind:
            block += 1
        if marker is not None:
            ref, rest = marker
            record = builder.start_record(ref, line)
            region.records.append(record)
            if rest:
                region.cell(record, region.text_fields[0]).add(rest, line)
                region.block_field.setdefault(block, region.text_fields[0])
            previous = None
        elif kind == "owner":
            below = _owner_lines_after(fragments, kinds, index, following_owner)
            if region.owners and last_kind == "owner" and owner_line_continues(region.owners[-1].text, text, below):
                region.owners[-1].text += f" {text}"
            else:
                region.owners.append(_OwnerFragment(text, line))
            previous = None
        elif starts_lowercase(text):
            if previous is not None and _is_open(previous):
                previous.add(text, line)
            else:
                previous = _attach_to_earliest_open(region, text, line, block)
        else:
            chain = _Chain(block=block)
            chain.add(text, line)
            region.chains.append(chain)
            previous = chain
        last_kind = kind


def _owner_lines_after(
    fragments: list[tuple[int, str]], kinds: list[str], index: int, following_owner: str | None
) -> list[str]:
    """The owner lines printed after fragment `index` in its column: the rest of its run, then,
    after the last run, the owner cell of the tabbed row that finishes the region."""
    lines: list[str] = []
    position = index + 1
    while position < len(fragments) and kinds[position] == "owner":
        lines.append(fragments[position][1])
        position += 1
    if following_owner and "owner" not in kinds[position:]:
        lines.append(following_owner)
    return lines


def _is_open(target: _Chain | Cell) -> bool:
    return target.open


def _attach_to_earliest_open(region: _Region, text: str, line: int, block: int) -> _Chain | Cell:
    candidates: list[tuple[int, _Chain | Cell, str | None]] = []
    for record in region.records:
        for name in region.text_fields:
            cell = region.cell(record, name)
            if cell.open:
                candidates.append((cell.lines[0], cell, name))
    for chain in region.chains:
        if not chain.placed and chain.open:
            candidates.append((chain.lines[0], chain, None))
    if not candidates:
        chain = _Chain(block=block)
        chain.add(text, line)
        region.chains.append(chain)
        return chain
    _, target, field_name = min(candidates, key=lambda c: c[0])
    target.add(text, line)
    if field_name is not None:
        region.block_field.setdefault(block, field_name)
    return target


def _continue_with_row(region: _Region, row: GridRow, fields: RowFields) -> None:
    """The tabbed row after the region finishes one of its rows: the one whose sentence is open."""
    builder = region.walk.builder
    first = fields.get(region.text_fields[0])
    target = region.in_ref_order()[-1]
    if first and starts_lowercase(first):
        open_records = [r for r in region.records if region.cell(r, region.text_fields[0]).open]
        if open_records:
            target = open_records[-1]
    rest: RowFields = {}
    for name, text in fields.items():
        if name in region.text_fields and starts_lowercase(text):
            cell = region.cell(target, name)
            if cell.empty:
                chain = _latest_open_chain(region)
                if chain is not None:
                    for part, line in zip(chain.parts, chain.lines, strict=True):
                        cell.add(part, line)
                    chain.placed = True
                    region.block_field.setdefault(chain.block, name)
            cell.add(text, row.line)
        elif name == "owner" and region.owners and region.owners[-1].record is None and owner_line_continues(
            region.owners[-1].text, text
        ):
            region.owners[-1].text += f" {text}"
            region.owners[-1].record = target
        else:
            rest[name] = text
    builder.current = target
    if rest:
        builder.add_row(rest, row.line, None)


def _latest_open_chain(region: _Region) -> _Chain | None:
    open_chains = [c for c in region.chains if not c.placed and c.open]
    return open_chains[-1] if open_chains else None


def _place_owners(region: _Region) -> None:
    """Owner fragments fill rows in ref order, stacked upwards from one the next row anchored."""
    ordered = region.in_ref_order()
    anchored = [i for i, o in enumerate(region.owners) if o.record is not None]
    if anchored:
        first = anchored[0]
        position = ordered.index(region.owners[first].record)  # type: ignore[arg-type]
        for offset, owner in enumerate(region.owners):
            if owner.record is None:
                owner.record = ordered[max(0, min(len(ordered) - 1, position + offset - first))]
    else:
        lacking = [r for r in ordered if not r.action.owner_lines] or ordered
        for index, owner in enumerate(region.owners):
            owner.record = lacking[min(index, len(lacking) - 1)]
    for owner in region.owners:
        assert owner.record is not None
        owner.record.action.owner_lines.append(owner.text)


def _place_leftover_chains(region: _Region) -> None:
    ordered = region.in_ref_order()
    for chain in region.chains:
        if chain.placed:
            continue
        known = region.block_field.get(chain.block)
        names = [known] if known else region.text_fields
        target: Cell | None = None
        for record in ordered:
            for name in names:
                if region.cell(record, name).empty:
                    target = region.cell(record, name)
                    break
            if target is not None:
                break
        if target is None:
            target = region.cell(ordered[-1], names[0])
        for part, line in zip(chain.parts, chain.lines, strict=True):
            target.add(part, line)
        chain.placed = True


def _finish(region: _Region, first_line: int, last_line: int) -> None:
    builder = region.walk.builder
    ordered = region.in_ref_order()
    start_index = next(i for i, r in enumerate(builder.records) if r in region.records)
    tail = [r for r in builder.records[start_index:] if r not in region.records]
    builder.records[start_index:] = [*ordered, *tail]
    for record in ordered:
        record.low_confidence = True
        builder.note(
            first_line,
            f"rebuilt from a scrambled region (lines {first_line}\u2013{last_line}): the PDF lost the "
            "table layout here; check its text, owners and dates",
            record,
        )


def _similar_to_page_text(walk: _Walk, text: str) -> bool:
    """Page headers repeat text from above the table ("Summary of Recommendations: …")."""
    return any(fuzz.partial_ratio(text.lower(), p.lower()) >= 90 for p in walk.page_lines if p)
