"""Full-text search over recommendation and action text, in each database's own engine.

SQLite uses the FTS5 table `actions_fts`, PostgreSQL the generated `actions.search_vector`;
both are created by the first migration and kept current by the database itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnClause, ColumnElement, FromClause, column, func, literal, literal_column, select, table
from sqlalchemy.orm import Session

from store.models import Action

_WORD = re.compile(r"\w+", re.UNICODE)
_FTS = table("actions_fts", column("rowid"), column("rank"))
_FTS_TABLE: ColumnClause[Any] = literal_column("actions_fts")


@dataclass
class TextMatch:
    condition: ColumnElement[bool]
    rank: ColumnElement[float]
    # SQLite ranks through a join with the FTS table; PostgreSQL reads the rank off the row.
    join: tuple[FromClause, ColumnElement[bool]] | None = None


# Words both engines should ignore; PostgreSQL's English configuration drops them already, so
# leaving them out of SQLite's query makes a search mean the same on both.
_STOPWORDS = frozenset("a an and are as at be by for from has he in is it its of on or that the to was were will with".split())


def search_terms(typed: str) -> list[str]:
    """The words of a search, without the punctuation each engine would read as syntax."""
    words = _WORD.findall(typed.lower())
    kept = [w for w in words if w not in _STOPWORDS]
    return kept or words


def full_text_match(session: Session, typed: str) -> TextMatch:
    """A condition matching actions containing every word (stemmed), and a rank, higher = better."""
    terms = search_terms(typed)
    if not terms:
        return TextMatch(condition=literal(False), rank=literal(0.0))
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL's parser reads the words as typed ("9.2" stays one token, as it was indexed);
        # plainto_tsquery treats everything as plain words, never as query syntax.
        query = func.plainto_tsquery("english", typed.replace("\x00", " "))
        vector: ColumnClause[Any] = literal_column("actions.search_vector")
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
