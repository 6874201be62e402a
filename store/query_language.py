"""The `/actions` query language: forgiving like a search box, exact when you want it.

    owner:"Linda Mann"  owner:linda  status:open|overdue|done|blocked|…  plan:brent
    due:<2004-06-30  due:>=2004-01  due:2004-04  due:this-month  due:next-14-days  due:none
    updated:>30d  updated:<7d  text:"waiting list"  and free words.

Free words that name an owner ("Linda Mann", "linda") list that owner's actions; other free words
are a full-text search. Parsing is pure; `build_filter` resolves names against the store.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from store.errors import OwnerCandidate, StoreError, UnknownOwner, UnknownPlan
from store.handles import find_plan
from store.models import Owner
from store.owners import (
    OwnerDirectoryCache,
    find_owner_exact,
    load_owner_directory,
    match_owner,
    name_key,
    owner_by_id,
    resolve_owner,
)
from store.queries import ActionFilter, Order
from store.search import search_terms
from store.status import CLOSED_STATUSES, OPEN_STATUSES, Status, parse_status

KEYS = ("owner", "status", "plan", "due", "updated", "text")
_KEY_ALIASES = {
    "owner": "owner", "owners": "owner", "who": "owner", "lead": "owner", "by": "owner",
    "status": "status", "is": "status", "state": "status",
    "plan": "plan", "in": "plan",
    "due": "due", "deadline": "due", "by-date": "due",
    "updated": "updated", "update": "updated", "stale": "updated",
    "text": "text", "about": "text", "search": "text",
}
STATUS_WORDS = (
    "open", "overdue", "done", "closed", "not-started", "in-progress", "partial", "blocked",
    "paused", "awaiting-signoff", "no-longer-feasible", "all",
)
DUE_FORMS = (
    "due:<2004-06-30", "due:>=2004-01", "due:2004-04", "due:2004-01..2004-06", "due:today",
    "due:this-week", "due:this-month", "due:next-month", "due:next-14-days", "due:none",
)
UPDATED_FORMS = ("updated:>30d", "updated:<7d", "updated:>4w")


class QuerySyntaxError(StoreError):
    """The query could not be read; `hint` lists the forms that would work."""

    def __init__(self, message: str, hint: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint or []

    def __str__(self) -> str:
        return self.message


class DueRange(BaseModel):
    """Due dates from..to inclusive; either end open. `none` means actions with no due date."""

    start: date | None = None
    end: date | None = None
    none: bool = False
    label: str


class UpdatedRange(BaseModel):
    older_than_days: int | None = None
    within_days: int | None = None
    label: str


class ActionQuery(BaseModel):
    owner: str | None = None
    owner_quoted: bool = False  # a quoted name is meant exactly: a near miss asks "did you mean"
    statuses: list[str] = Field(default_factory=list)
    plan: str | None = None
    due: DueRange | None = None
    updated: UpdatedRange | None = None
    text: str | None = None
    words: str | None = None
    raw: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.owner or self.statuses or self.plan or self.due or self.updated or self.text or self.words)


_TOKEN = re.compile(r'(?P<key>[A-Za-z-]+):(?P<value>"[^"]*"|\'[^\']*\'|\S*)|"(?P<phrase>[^"]*)"|(?P<word>\S+)')


def shown(typed: str) -> str:
    """Typed text quoted back in an error message, as a code span Slack shows exactly as typed.

    Error messages are mrkdwn that every reply (and the digest and /update commands) shows as it
    is, so the typed part is made safe here: escaped `&`, `<` and `>` can't become a mention or a
    link, and a backtick or line break would end the code span and let the rest restyle the text.
    """
    flat = " ".join(typed.split()).replace("`", "'")
    return "`" + flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "`"


def _escaped(text: str) -> str:
    # Notes are shown as mrkdwn too: typed words and imported owner names must not turn into
    # mentions or links there.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _forms(forms: tuple[str, ...] | list[str]) -> list[str]:
    # A hint's `<` could pair with a later hint's `>` ("`due:<2004-06-30`  `due:>=2004-01`") into
    # one Slack link; `<` is the only character that opens one, so it alone is escaped.
    return [f"`{form.replace('<', '&lt;')}`" for form in forms]


def parse_action_query(raw: str, *, today: date) -> ActionQuery:
    """Read a query. Raises QuerySyntaxError naming the bad part and the forms that work."""
    text = _normalise_quotes(raw).strip()
    query = ActionQuery(raw=text)
    words: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.group("phrase") is not None:
            words.append(match.group("phrase"))
            continue
        if match.group("word") is not None:
            words.append(match.group("word"))
            continue
        key_typed = match.group("key").lower()
        value = match.group("value").strip("\"'")
        key = _KEY_ALIASES.get(key_typed)
        if key is None:
            # "http://…" or a ref like "note:" inside free text is not a key we know; treat a
            # known-looking key as a mistake, anything else as plain words.
            if key_typed in ("http", "https", "mailto"):
                words.append(match.group(0))
                continue
            raise QuerySyntaxError(
                f"I don't know the filter `{key_typed}:`.",
                [f"Filters: {', '.join(f'`{k}:`' for k in KEYS)}", "Or just type words to search."],
            )
        if not value.strip():
            raise QuerySyntaxError(f"`{key}:` needs a value.", _examples_for(key))
        if key == "owner":
            query.owner = value
            query.owner_quoted = match.group("value").startswith(("\"", "'"))
        elif key == "status":
            query.statuses.extend(_parse_statuses(value))
        elif key == "plan":
            query.plan = value
        elif key == "due":
            query.due = parse_due(value, today=today)
        elif key == "updated":
            query.updated = parse_updated(value)
        elif key == "text":
            query.text = value
    if words:
        query.words = " ".join(words)
    return query


def _normalise_quotes(text: str) -> str:
    # Slack and phones turn straight quotes into curly ones.
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")


def _examples_for(key: str) -> list[str]:
    return {
        "owner": ['`owner:"Linda Mann"`', "`owner:linda`"],
        "status": [f"`status:{w}`" for w in STATUS_WORDS],
        "plan": ["`plan:brent`", "`plan:BR`"],
        "due": _forms(DUE_FORMS),
        "updated": _forms(UPDATED_FORMS),
        "text": ['`text:"waiting list"`'],
    }[key]


def _parse_statuses(value: str) -> list[str]:
    statuses = []
    for part in re.split(r"[|,]", value):
        word = part.strip().lower().replace("_", "-").replace(" ", "-")
        if not word:
            continue
        if word in ("open", "overdue", "closed", "all", "any"):
            statuses.append("all" if word == "any" else word)
            continue
        status = parse_status(word)
        if status is None:
            raise QuerySyntaxError(
                f"{shown(part)} is not a status I know.", [" ".join(f"`status:{w}`" for w in STATUS_WORDS)]
            )
        statuses.append(status.value)
    return statuses


# "next-N-days" and "updated:>Nd" count at most a hundred years: more is a typo, and would run
# off the calendar. Capping the count (not the date) also makes whether they read independent of
# the day they are read on.
MAX_SPAN_DAYS = 36_525
_COMPARISON = re.compile(r"^(?P<op><=|>=|<|>|=)?(?P<rest>.+)$")
_NEXT_DAYS = re.compile(r"^(?:next|within)-?(?P<n>\d+)-?(?P<unit>days?|d|weeks?|w)$")


def parse_due(value: str, *, today: date) -> DueRange:
    """`<2004-06-30`, `>=2004-01`, `2004-04`, `2004`, `a..b`, `today`, `this-week`,
    `this-month`, `next-month`, `last-month`, `next-14-days`, `overdue`, `none`."""
    try:
        due = _parse_due(value, today)
    except OverflowError:
        # "due:>9999-12" or "due:next-99999999999-days" counts past the last date there is.
        raise QuerySyntaxError(
            f"{shown('due:' + value)} reaches past the years I can count (1 to 9999).", _forms(DUE_FORMS)
        ) from None
    if due.start and due.end and due.start > due.end:
        raise QuerySyntaxError(
            f"{shown('due:' + value)} ends before it starts: put the earlier date first.", ["`due:2004-01..2004-06`"]
        )
    return due


def _parse_due(value: str, today: date) -> DueRange:
    word = value.strip().lower()
    named = _named_due(word, today)
    if named is not None:
        return named
    if ".." in word:
        first, _, last = word.partition("..")
        start = _period(first, value)[0] if first else None
        end = _period(last, value)[1] if last else None
        return DueRange(start=start, end=end, label=f"due {_fmt(start)} to {_fmt(end)}")
    match = _COMPARISON.match(word)
    if match is None:
        # Nothing but spaces or line breaks after the operator: `due:"<\n"`.
        raise QuerySyntaxError(f"I can't read {shown('due:' + value)} as a date.", _forms(DUE_FORMS))
    op, rest = match.group("op") or "=", match.group("rest")
    first, last = _period(rest, value)
    if op == "<":
        return DueRange(end=first - timedelta(days=1), label=f"due before {_fmt(first)}")
    if op == "<=":
        return DueRange(end=last, label=f"due by {_fmt(last)}")
    if op == ">":
        return DueRange(start=last + timedelta(days=1), label=f"due after {_fmt(last)}")
    if op == ">=":
        return DueRange(start=first, label=f"due from {_fmt(first)}")
    return DueRange(start=first, end=last, label=f"due {rest}")


def _named_due(word: str, today: date) -> DueRange | None:
    if word in ("none", "no-date", "undated", "never"):
        return DueRange(none=True, label="with no due date")
    if word == "today":
        return DueRange(start=today, end=today, label="due today")
    if word == "overdue":
        return DueRange(end=today - timedelta(days=1), label="due before today")
    if word in ("this-week", "week"):
        start = today - timedelta(days=today.weekday())
        return DueRange(start=start, end=start + timedelta(days=6), label="due this week")
    if word == "next-week":
        start = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return DueRange(start=start, end=start + timedelta(days=6), label="due next week")
    if word in ("this-month", "month"):
        return DueRange(start=today.replace(day=1), end=_month_end(today.year, today.month), label="due this month")
    if word in ("next-month", "last-month"):
        step = 1 if word == "next-month" else -1
        year, month = today.year, today.month + step
        if month == 13:
            year, month = year + 1, 1
        if month == 0:
            year, month = year - 1, 12
        return DueRange(start=date(year, month, 1), end=_month_end(year, month), label=f"due {word.replace('-', ' ')}")
    if word in ("soon", "due-soon"):
        return DueRange(start=today, end=today + timedelta(days=14), label="due in the next 14 days")
    match = _NEXT_DAYS.match(word)
    if match:
        n = int(match.group("n"))
        days = n * 7 if match.group("unit").startswith("w") else n
        if days > MAX_SPAN_DAYS:
            raise QuerySyntaxError(f"{shown('due:' + word)} is more than a hundred years ahead.", _forms(DUE_FORMS))
        return DueRange(start=today, end=today + timedelta(days=days), label=f"due in the next {days} days")
    return None


def _period(text: str, typed: str) -> tuple[date, date]:
    """The first and last day a typed date names: a day, a month or a year."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            day = date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
            return day, day
        if re.fullmatch(r"\d{4}-\d{1,2}", text):
            year, month = (int(p) for p in text.split("-"))
            return date(year, month, 1), _month_end(year, month)
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day_s, month_s, year_s = text.split("/")
            day = date(int(year_s), int(month_s), int(day_s))
            return day, day
    except ValueError:
        pass
    raise QuerySyntaxError(f"I can't read {shown('due:' + typed)} as a date.", _forms(DUE_FORMS))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fmt(day: date | None) -> str:
    return day.strftime("%d %b %Y").lstrip("0") if day else "any time"


_UPDATED = re.compile(r"^(?P<op>[<>])?(?P<n>\d+)(?P<unit>d|days?|w|weeks?|m|months?)?$")


def parse_updated(value: str) -> UpdatedRange:
    word = value.strip().lower().replace(" ", "")
    if word in ("never", "none"):
        return UpdatedRange(older_than_days=0, label="never updated")
    match = _UPDATED.match(word)
    if not match:
        raise QuerySyntaxError(f"I can't read {shown('updated:' + value)}.", _forms(UPDATED_FORMS))
    n = int(match.group("n"))
    unit = (match.group("unit") or "d")[0]
    days = n * {"d": 1, "w": 7, "m": 30}[unit]
    if days > MAX_SPAN_DAYS:
        raise QuerySyntaxError(
            f"{shown('updated:' + value)} is more than a hundred years; count in days, weeks or months.",
            _forms(UPDATED_FORMS),
        )
    if match.group("op") == "<":
        return UpdatedRange(within_days=days, label=f"updated in the last {days} days")
    return UpdatedRange(older_than_days=days, label=f"not updated for over {days} days")


@dataclass
class ResolvedQuery:
    """A query turned into a store filter, with a plain description of what it asks."""

    filter: ActionFilter
    description: list[str] = field(default_factory=list)
    status_words: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    owner_name: str | None = None
    plan_codes: list[str] = field(default_factory=list)


def build_filter(
    session: Session,
    workspace_id: str,
    query: ActionQuery,
    *,
    today: date,
    now: datetime,
    cache: OwnerDirectoryCache | None = None,
    default_statuses: Literal["open", "all"] = "all",
) -> ResolvedQuery:
    """Resolve owners and plans against the store. Raises UnknownOwner/AmbiguousOwner/UnknownPlan."""
    flt = ActionFilter()
    resolved = ResolvedQuery(filter=flt)
    if query.owner:
        owner = resolve_owner(session, workspace_id, query.owner, cache=cache)
        if query.owner_quoted and find_owner_exact(session, workspace_id, query.owner) is None:
            raise UnknownOwner(query.owner, [OwnerCandidate(owner_id=owner.id, name=owner.name, score=100.0)])
        flt.owner_ids = [owner.id]
        resolved.owner_name = owner.name
        resolved.description.append(f"owned by {owner.name}")
        if name_key(query.owner) != owner.name_key:
            resolved.notes.append(f"'{_escaped(query.owner)}' read as {_escaped(owner.name)}.")
    if query.plan:
        plans = find_plan(session, workspace_id, query.plan)
        if not plans:
            raise UnknownPlan(query.plan)
        flt.plan_ids = [p.id for p in plans]
        resolved.plan_codes = [p.code for p in plans]
        resolved.description.append("in " + ", ".join(f"{p.code} ({p.title})" for p in plans))
    statuses = query.statuses or ([default_statuses] if default_statuses == "open" else [])
    _apply_statuses(flt, resolved, statuses, today)
    if query.due:
        if query.due.none:
            flt.has_due_date = False
        else:
            flt.due_from, flt.due_to = query.due.start, query.due.end
        resolved.description.append(query.due.label)
    if query.updated:
        if query.updated.older_than_days is not None:
            flt.not_updated_since = now - timedelta(days=query.updated.older_than_days)
        if query.updated.within_days is not None:
            flt.updated_since = now - timedelta(days=query.updated.within_days)
        resolved.description.append(query.updated.label)
    text = query.text
    if query.words:
        owner = None if query.owner else _owner_named_by(session, workspace_id, query.words, cache)
        if owner is not None:
            flt.owner_ids = [owner.id]
            resolved.owner_name = owner.name
            resolved.description.append(f"owned by {owner.name}")
            search_instead = shown(f'text:"{query.words}"')
            resolved.notes.append(
                f"'{_escaped(query.words)}' read as the owner {_escaped(owner.name)}. "
                f"To search the text instead, type {search_instead}."
            )
        else:
            text = f"{text} {query.words}" if text else query.words
    if text:
        flt.text = text
        # Text with no words (":", "*", a lone quote) matches nothing, and has no rank to sort by:
        # the search engines' rank would be a constant, which SQL reads as a column number.
        if search_terms(text):
            flt.order = Order.RELEVANCE
        resolved.description.append(f"mentioning “{text}”")
    return resolved


def _apply_statuses(flt: ActionFilter, resolved: ResolvedQuery, words: list[str], today: date) -> None:
    chosen: set[Status] = set()
    labels: list[str] = []
    for word in words:
        if word == "all":
            return
        if word == "overdue":
            flt.overdue_on = today
            labels.append("overdue")
            continue
        group = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}.get(word)
        if group is not None:
            chosen |= group
            labels.append(word)
            continue
        status = Status(word)
        chosen.add(status)
        labels.append(status.label)
    if chosen:
        flt.statuses = sorted(chosen, key=lambda s: s.value)
    resolved.status_words = labels


def _owner_named_by(
    session: Session, workspace_id: str, words: str, cache: OwnerDirectoryCache | None
) -> Owner | None:
    """The owner free words name, if they clearly name one; otherwise they are a text search.

    Only an exact name or alias, a person's unique first name or surname, or a close spelling of
    a full name counts, so `/actions transport` searches text rather than picking a team.
    """
    directory = cache.get(session, workspace_id) if cache else load_owner_directory(session, workspace_id)
    key = name_key(words)
    if not key:
        return None
    tokens = key.split()
    if len(tokens) == 1 and key not in directory.by_key:
        people = {oid for oid in directory.by_token.get(key, set()) if oid in directory.people}
        if len(people) != 1:
            return None
        return owner_by_id(session, workspace_id, next(iter(people)))
    try:
        owner_id = match_owner(directory, words)
    except StoreError:
        return None
    return owner_by_id(session, workspace_id, owner_id)
