"""Full-text search over recommendation and action text, in each database's own engine.

SQLite uses the FTS5 table `actions_fts`, PostgreSQL the generated `actions.search_vector`;
both are created by the first migration and kept current by the database itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from store.models import Action

_WORD = re.compile(r"\w+", re.UNICODE)
_FTS = table("actions_fts", column("rowid"), column("rank"))
_FTS_TABLE = literal_column("actions_fts")


@dataclass
class TextMatch:
    condition: ColumnElement[bool]
    rank: ColumnElement[float]
    # SQLite ranks through a join with the FTS table; PostgreSQL reads the rank off the row.
    join: tuple[object, ColumnElement[bool]] | None = None


def search_terms(typed: str) -> list[str]:
    """The words of a search, without the punctuation each engine would read as syntax."""
    return _WORD.findall(typed.lower())


def full_text_match(session: Session, typed: str) -> TextMatch:
    """A condition matching actions containing every word (stemmed), and a rank, higher = better."""
    terms = search_terms(typed)
    if not terms:
        return TextMatch(condition=literal_column("1") == literal_column("0"), rank=literal_column("0"))
    if session.get_bind().dialect.name == "postgresql":
        query = func.plainto_tsquery("english", " ".join(terms))
        vector = literal_column("actions.search_vector")
        return TextMatch(condition=vector.op("@@")(query), rank=func.ts_rank_cd(vector, query))
    fts_query = " ".join(f'"{term}"' for term in terms)
    matches = _FTS_TABLE.op("MATCH")(fts_query)
    # FTS5's hidden `rank` column is bm25() (lower is better), computed once per match when the
    # FTS table is joined; a correlated bm25() lookup would re-run the search for every row.
    return TextMatch(
        condition=Action.id.in_(select(_FTS.c.rowid).where(matches)),
        rank=-_FTS.c.rank,
        join=(_FTS, (_FTS.c.rowid == Action.id) & matches),
    )
