"""The one presenter of domain errors: their words as Slack mrkdwn, escaped here and only here.

The store raises errors as data (store.errors.Words: plain words, what was typed, forms to type).
What was typed is quoted back as a code span showing exactly what was typed; forms to type are
code spans too; plain words (which carry owner and plan names) are escaped, so nothing typed or
imported can become a mention or a link."""

from __future__ import annotations

from store.errors import Form, StoreError, Typed, Words, Worded
from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message
from handlers.blocks.text import escape, literal


def as_mrkdwn(words: Words | str) -> str:
    if isinstance(words, str):
        return escape(words)
    return "".join(_part(p) for p in words)


def _part(part: str | Typed | Form) -> str:
    if isinstance(part, Typed):
        # A line break or backtick would end the code span and let the rest restyle the text.
        return literal(" ".join(part.text.split()))
    if isinstance(part, Form):
        # `<` is what opens a Slack link or mention (a hint's `<` could pair with a later `>`);
        # `>` stays readable, as in `updated:>30d`.
        flat = " ".join(part.text.split()).replace("`", "'")
        return "`" + escape(flat, keep_gt=True) + "`"
    return escape(part)


def problem_text(problem: Exception) -> str:
    """What went wrong, as mrkdwn: a worded domain error's words, anything else's text escaped."""
    if isinstance(problem, Worded):
        return as_mrkdwn(problem.words)
    return escape(str(problem))


def hint_lines(hint: list[Words]) -> list[str]:
    return [as_mrkdwn(line) for line in hint]


def build_problem(problem: StoreError, also_try: list[str] | None = None) -> Message:
    """The error reply for a domain error: what is wrong, then what to type instead."""
    hint = hint_lines(problem.hint) if isinstance(problem, Worded) else []
    return build_error(problem_text(problem), hint + (also_try or []))
