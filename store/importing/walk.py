"""The state of reading one table's body: its columns, the plan being built and what was seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from store.importing.assembly import PlanBuilder
from store.importing.columns import ColumnMap
from store.importing.table import GridLayout


@dataclass
class Walk:
    layout: GridLayout
    mapping: ColumnMap
    builder: PlanBuilder
    document_date: date | None
    header_texts: set[str] = field(default_factory=set)
    page_lines: list[str] = field(default_factory=list)
    # The user's column flags fix the columns for the whole document.
    overridden: bool = False
