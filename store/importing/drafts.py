"""Rows being put back together, before they are read into the pydantic models of `parsed`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from store.importing.cell_text import is_echo, is_open_text
from store.importing.refs import Ref


@dataclass
class Cell:
    """One table cell's text, gathered from however many printed lines it spanned."""

    parts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, text: str, line: int) -> None:
        text = text.strip()
        if not text:
            return
        if self.parts and is_echo(text, self.parts[-1]):
            return
        self.parts.append(text)
        self.lines.append(line)

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    @property
    def empty(self) -> bool:
        return not self.parts

    @property
    def open(self) -> bool:
        return bool(self.parts) and is_open_text(self.parts[-1])


@dataclass
class DraftAction:
    line: int
    text: Cell = field(default_factory=Cell)
    owner_lines: list[str] = field(default_factory=list)
    timescale: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    comments: Cell = field(default_factory=Cell)
    budget: Cell = field(default_factory=Cell)
    context_year: int | None = None
    review: list[str] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return bool(
            self.text.parts or self.owner_lines or self.timescale or self.revised or self.status
            or self.comments.parts or self.budget.parts
        )


@dataclass
class DraftUpdate:
    line: int
    note: Cell = field(default_factory=Cell)
    dated: date | None = None


@dataclass
class DraftRecord:
    ref: Ref | None
    line: int
    text: Cell = field(default_factory=Cell)
    response: Cell = field(default_factory=Cell)
    executive_member: Cell = field(default_factory=Cell)
    actions: list[DraftAction] = field(default_factory=list)
    updates: list[DraftUpdate] = field(default_factory=list)
    review: list[tuple[int, str]] = field(default_factory=list)
    low_confidence: bool = False

    @property
    def action(self) -> DraftAction:
        if not self.actions:
            self.actions.append(DraftAction(line=self.line))
        return self.actions[-1]
