"""Hostile and plausible input for the property tests: what people type, paste and import."""

from __future__ import annotations

from hypothesis import strategies as st

from store.query_language import KEYS

# Sequences Slack reads as mentions, links or formatting, with ids that never occur legitimately.
SLACK_SPECIAL = [
    "<!channel>", "<!here>", "<!everyone>", "<@U0EVIL>", "<@U0EVIL|boss>", "<#C0EVIL>", "<#C0EVIL|general>",
    "<!subteam^S0EVIL>", "<!subteam^S0EVIL|@admins>", "<https://evil.example|click me>", "<mailto:x@evil.example|mail>",
    "<!date^1392734382^{date}|Feb 18>", "&lt;!channel&gt;", "&", "<", ">", "*bold*", "_it_", "~gone~", "`code`",
    "```block```", "> quoted", ":skull:",
]  # fmt: skip
SQL_SHAPED = [
    "'; DROP TABLE actions; --", '" OR 1=1 --', "' OR '1'='1", "1); DELETE FROM owners; --", "%", "_", "\\",
    "$$", "E'\\x00'", "/* */", "actions_fts", "rank", "bm25(actions_fts)",
]  # fmt: skip
FTS_SYNTAX = ['"', "'", "*", "-", "+", "^", ":", "(", ")", "NEAR", "NEAR(", "OR", "AND", "NOT", "\x00", "{", "}", "!", "&", "|", "<->"]  # fmt: skip
UNICODE = ["é", "ß", "İ", "ﬁ", "Ω", "😀", "\u200b", "\u202e", "\ufeff", "\u2028", "١٢", "１２", "\U0001f3f3\ufe0f\u200d\U0001f308"]

KEY_WORDS = [*KEYS, "owners", "who", "lead", "by", "is", "state", "in", "deadline", "by-date", "update", "stale",
             "about", "search", "http", "https", "mailto", "colour", "note", "Owner", "DUE"]  # fmt: skip
VALUE_WORDS = [
    "<2004-06-30", ">=2004-01", "2004-04", "2004-01..2004-06", "..", "..2004", "2004..", "<", ">=", "<=", "=", "9999",
    ">9999-12", "<0001-01-01", "0001", "0000", "2004-13", "31/02/2024", "next-99999999999-days", "next-0-days",
    "within-3w", ">30d", "<7d", ">99999999999d", "99999999999m", "open|", "|", ",", "blocked|paused", "none", "today",
    "this-month", "all", "priya", '"Priya Raman"', "'Helen Marsh'", '" "', '"\n"', '"a', "BR", "brent",
    "accepted|none", "in-part", "in-principle", "noted", "red|amber", "green", ">1", "2", ">=2", "<0", "=0", "yes",
    "Linda Mann", "Owen", "parking review", "housing repairs",
]  # fmt: skip
# Bare words that are filters, negations and counts.
QUERY_WORDS = ["ongoing", "recurring", "slipped", "-slipped", "-ongoing", "count", "count by plan", "count by owner",
               "count by colour", "-status:done", "-owner:linda", "-plan:BR", "-due:today", "-rag:red", "Mann", "-"]  # fmt: skip

words = st.one_of(
    st.sampled_from(SLACK_SPECIAL + SQL_SHAPED + FTS_SYNTAX + UNICODE + QUERY_WORDS),
    st.text(max_size=12),
)
filters = st.builds(lambda key, value: f"{key}:{value}", st.sampled_from(KEY_WORDS), st.one_of(st.sampled_from(VALUE_WORDS), words))
# Queries as typed: filters and words mixed, and plain arbitrary text.
queries = st.one_of(st.lists(st.one_of(filters, words), max_size=6).map(" ".join), st.text(max_size=60))
