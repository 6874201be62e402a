"""The `/actions` query language: forgiving like a search box, exact when you want it.

    owner:"Linda Mann"  owner:Linda Mann  owner:linda  owner:none  status:open|overdue|done|…
    plan:brent  plan:parking review  due:<2004-06-30  due:>=2004-01  due:2004-04  due:this-month
    due:next-14-days  due:none  updated:>30d  updated:<7d  text:"waiting list"
    response:accepted|in-part|in-principle|rejected|noted|none|awaiting|overdue  rag:red|amber|green
    assessment:achieved|on-track|slipped|not-achieved|superseded|none|signed-off
    ongoing  recurring  slipped  slipped:>1  -status:done  -owner:linda  count by plan|owner|status
    and free words.

An unquoted `owner:`/`plan:` value runs on over the following words for as long as they continue
a name the workspace knows (longest first); the rest are free words. Free words that name an owner
("Linda Mann", "linda") list that owner's actions; other free words are a full-text search.
Parsing is pure given the workspace's Vocabulary; `build_filter` resolves names against the store.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from store.errors import Form, OwnerCandidate, StoreError, Typed, UnknownOwner, UnknownPlan, Words, Worded, said
from store.handles import find_plan
from store.models import Owner
from store.owners import (
    OwnerDirectoryCache,
    load_owner_directory,
    match_owner,
    match_owner_named,
    name_key,
    owner_by_id,
)
from store.queries import ActionFilter, Order
from store.search import search_terms
from store.status import CLOSED_STATUSES, OPEN_STATUSES, Assessment, Rag, Response, Status, parse_status
from store.vocabulary import Vocabulary

KEYS = ("owner", "status", "plan", "due", "updated", "text", "response", "assessment", "rag", "slipped")
FLAG_WORDS = ("ongoing", "recurring", "slipped")
COUNT_BY = ("plan", "owner", "status")
RESPONSE_WORDS = {
    "accepted": Response.ACCEPTED,
    "in-part": Response.ACCEPTED_IN_PART,
    "in-principle": Response.ACCEPTED_IN_PRINCIPLE,
    "rejected": Response.REJECTED,
    "noted": Response.NOTED,
    "none": None,
}
# Not a response but the lack of one, against the statutory clock: a received report's
# recommendation with no response, still within its period (awaiting) or past it (overdue).
PENDING_RESPONSE_WORDS = ("awaiting", "overdue")
ASSESSMENT_WORDS: dict[str, Assessment | None] = {
    "achieved": Assessment.ACHIEVED,
    "on-track": Assessment.ON_TRACK,
    "slipped": Assessment.SLIPPED,
    "not-achieved": Assessment.NOT_ACHIEVED,
    "superseded": Assessment.SUPERSEDED,
    "none": None,
}
SIGNED_OFF_WORD = "signed-off"
_ASSESSMENT_SPELLINGS = {
    "ontrack": "on-track", "track": "on-track", "met": "achieved", "complete": "achieved", "late": "slipped",
    "delayed": "slipped", "notachieved": "not-achieved", "not-met": "not-achieved", "unassessed": "none",
    "signed": "signed-off", "signedoff": "signed-off", "signoff": "signed-off", "sign-off": "signed-off",
    "closed": "signed-off",
}
_RESPONSE_SPELLINGS = {
    "accept": "accepted", "agreed": "accepted", "yes": "accepted", "partial": "in-part", "part": "in-part",
    "accepted-in-part": "in-part", "partly": "in-part", "partially-accepted": "in-part", "principle": "in-principle",
    "accepted-in-principle": "in-principle", "reject": "rejected", "refused": "rejected", "declined": "rejected",
    "not-accepted": "rejected", "no": "rejected", "note": "noted", "no-response": "none", "missing": "none",
    "waiting": "awaiting", "pending": "awaiting", "due": "awaiting", "late": "overdue",
}
RAG_WORDS = ("red", "amber", "green")
_KEY_ALIASES = {
    "owner": "owner", "owners": "owner", "who": "owner", "lead": "owner", "by": "owner",
    "status": "status", "is": "status", "state": "status",
    "plan": "plan", "in": "plan",
    "due": "due", "deadline": "due", "by-date": "due",
    "updated": "updated", "update": "updated", "stale": "updated",
    "text": "text", "about": "text", "search": "text",
    "response": "response", "responses": "response", "executive": "response", "decision": "response",
    "assessment": "assessment", "assessed": "assessment", "assess": "assessment",
    "rag": "rag", "colour": "rag", "color": "rag",
    "slipped": "slipped", "slips": "slipped", "moved": "slipped",
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


class QuerySyntaxError(Worded):
    """The query could not be read: `words` say why, quoting what was typed; `hint` lists the forms that would work."""


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
    owner_none: bool | None = None  # owner:none (True), -owner:none (False)
    statuses: list[str] = Field(default_factory=list)
    plan: str | None = None
    due: DueRange | None = None
    updated: UpdatedRange | None = None
    text: str | None = None
    words: str | None = None
    responses: list[str] = Field(default_factory=list)
    rags: list[str] = Field(default_factory=list)
    ongoing: bool | None = None
    recurring: bool | None = None
    slipped_at_least: int | None = None
    slipped_at_most: int | None = None
    not_owners: list[str] = Field(default_factory=list)
    not_plans: list[str] = Field(default_factory=list)
    not_statuses: list[str] = Field(default_factory=list)
    not_responses: list[str] = Field(default_factory=list)
    not_rags: list[str] = Field(default_factory=list)
    assessments: list[str] = Field(default_factory=list)
    not_assessments: list[str] = Field(default_factory=list)
    count_by: str | None = None
    raw: str = ""


_TOKEN = re.compile(
    r'(?P<neg>-)?(?P<key>[A-Za-z][A-Za-z-]*):(?P<value>"[^"]*"|\'[^\']*\'|\S*)|"(?P<phrase>[^"]*)"|(?P<word>\S+)'
)
_COUNT = re.compile(r"^\s*(?:count|counts|how many)(?:\s+(?:by|per|in each|for each|each)\s+(?P<by>\w+))?(?=\s|$)", re.I)
_COUNT_ALIASES = {"plan": "plan", "plans": "plan", "owner": "owner", "owners": "owner", "person": "owner",
                  "people": "owner", "who": "owner", "status": "status", "statuses": "status", "state": "status"}


def _forms(forms: tuple[str, ...] | list[str]) -> list[Words]:
    return [said(Form(form)) for form in forms]


def _joined(parts: list[Form], separator: str) -> list[str | Form]:
    out: list[str | Form] = []
    for part in parts:
        out += [separator, part] if out else [part]
    return out


def _choices(key: str, words: tuple[str, ...]) -> Words:
    """`status:open status:done …` as one line of forms."""
    parts: list[str | Typed | Form] = []
    for word in words:
        parts += [" ", Form(f"{key}:{word}")] if parts else [Form(f"{key}:{word}")]
    return tuple(parts)


def parse_action_query(raw: str, *, today: date, vocabulary: Vocabulary | None = None) -> ActionQuery:
    """Read a query. Raises QuerySyntaxError naming the bad part and the forms that work.

    With the workspace's vocabulary, an unquoted `owner:`/`plan:` value takes the following
    words for as long as they continue a name the workspace knows."""
    text = _normalise_quotes(raw).strip()
    query = ActionQuery(raw=text)
    count = _COUNT.match(text)
    if count:
        by = (count.group("by") or "status").lower()
        if by not in _COUNT_ALIASES:
            raise QuerySyntaxError(
                said("I can count by plan, owner or status, not ", Typed(by), "."), [said(Form(f"count by {b}")) for b in COUNT_BY]
            )
        query.count_by = _COUNT_ALIASES[by]
        text = text[count.end():]
    tokens = list(_TOKEN.finditer(text))
    words: list[str] = []
    i = 0
    while i < len(tokens):
        match = tokens[i]
        i += 1
        if match.group("phrase") is not None:
            words.append(match.group("phrase"))
            continue
        if match.group("word") is not None:
            word = match.group("word")
            flag = word.lower().lstrip("-")
            if flag in FLAG_WORDS:
                _set_flag(query, flag, negated=word.startswith("-"))
                continue
            words.append(word)
            continue
        key_typed = match.group("key").lower()
        negated = match.group("neg") is not None
        quoted = match.group("value").startswith(("\"", "'"))
        value = match.group("value").strip("\"'")
        key = _KEY_ALIASES.get(key_typed)
        if key is None:
            # "http://…" or a ref like "note:" inside free text is not a key we know; treat a
            # known-looking key as a mistake, anything else as plain words.
            if key_typed in ("http", "https", "mailto"):
                words.append(match.group(0))
                continue
            raise QuerySyntaxError(
                said("I don't know the filter ", Typed(f"{key_typed}:"), "."),
                [said("Filters: ", *_joined([Form(f"{k}:") for k in KEYS], ", ")), said("Or just type words to search.")],
            )
        if not value.strip():
            raise QuerySyntaxError(said(Form(f"{key}:"), " needs a value."), _examples_for(key))
        if key in ("owner", "plan") and not quoted and vocabulary is not None:
            value, taken = _longest_name(value, tokens[i:], vocabulary, key)
            i += taken
        if key == "owner":
            if value.strip().lower() in ("none", "nobody", "no-one", "noone"):
                query.owner_none = not negated
            elif negated:
                query.not_owners.append(value)
            else:
                query.owner = value
                query.owner_quoted = quoted
        elif key == "status":
            (query.not_statuses if negated else query.statuses).extend(_parse_statuses(value))
        elif key == "plan":
            if negated:
                query.not_plans.append(value)
            else:
                query.plan = value
        elif key == "response":
            (query.not_responses if negated else query.responses).extend(_parse_responses(value))
        elif key == "rag":
            (query.not_rags if negated else query.rags).extend(_parse_rags(value))
        elif key == "assessment":
            (query.not_assessments if negated else query.assessments).extend(_parse_assessments(value))
        elif key == "slipped":
            _parse_slipped(query, value, negated=negated)
        elif negated:
            raise QuerySyntaxError(
                said(Form(f"-{key}:"), " can't be negated."), _forms(["-status:done", "-owner:linda", "-plan:EB", "-rag:green"])
            )
        elif key == "due":
            query.due = parse_due(value, today=today)
        elif key == "updated":
            query.updated = parse_updated(value)
        elif key == "text":
            query.text = value
    if words:
        query.words = " ".join(words)
    return query


def quote_known_names(raw: str, vocabulary: Vocabulary) -> str:
    """The query with each unquoted `owner:`/`plan:` value that runs on over a known name quoted,
    so that it reads the same later without the vocabulary (a digest's stored filter)."""
    text = _normalise_quotes(raw).strip()
    tokens = list(_TOKEN.finditer(text))
    pieces: list[str] = []
    i = 0
    while i < len(tokens):
        match = tokens[i]
        i += 1
        key = _KEY_ALIASES.get((match.group("key") or "").lower())
        value = match.group("value") or ""
        if key in ("owner", "plan") and value and not value.startswith(("\"", "'")):
            name, taken = _longest_name(value, tokens[i:], vocabulary, key)
            if taken:
                i += taken
                pieces.append(f'{match.group("neg") or ""}{match.group("key")}:"{name}"')
                continue
        pieces.append(match.group(0))
    return " ".join(pieces)


def _longest_name(
    value: str, following: list[re.Match[str]], vocabulary: Vocabulary, key: str
) -> tuple[str, int]:
    """The value and how many following plain words continue it into a known name."""
    plain: list[str] = []
    for token in following[:6]:
        if token.group("word") is None or token.group("word").lower().lstrip("-") in FLAG_WORDS:
            break
        plain.append(token.group("word"))
    known = vocabulary.continues_owner if key == "owner" else vocabulary.continues_plan
    for n in range(len(plain), 0, -1):
        candidate = " ".join([value, *plain[:n]])
        if known(name_key(candidate)):
            return candidate, n
    return value, 0


def _set_flag(query: ActionQuery, flag: str, *, negated: bool) -> None:
    if flag == "ongoing":
        query.ongoing = not negated
    elif flag == "recurring":
        query.recurring = not negated
    elif negated:
        query.slipped_at_most = 0
    else:
        query.slipped_at_least = 1


_SLIPPED = re.compile(r"^(?P<op>>=|<=|>|<|=)?(?P<n>\d{1,4})$")


def _parse_slipped(query: ActionQuery, value: str, *, negated: bool) -> None:
    word = value.strip().lower()
    if word in ("yes", "any", "true"):
        _set_flag(query, "slipped", negated=negated)
        return
    if word in ("no", "none", "never", "false"):
        _set_flag(query, "slipped", negated=not negated)
        return
    match = _SLIPPED.match(word)
    if match is None:
        raise QuerySyntaxError(said("I can't read ", Typed("slipped:" + value), "."), _forms(["slipped", "slipped:>1", "slipped:2"]))
    op, n = match.group("op") or ">=", int(match.group("n"))
    low, high = {">": (n + 1, None), ">=": (n, None), "<": (None, n - 1), "<=": (None, n), "=": (n, n)}[op]
    if negated:
        # -slipped:>1 is "moved at most once"; "not exactly n" is no single range.
        if low is not None and high is None:
            high, low = low - 1, None
        elif high is not None and low is None:
            low, high = high + 1, None
        else:
            raise QuerySyntaxError(
                said("I can't negate ", Typed("slipped:" + value), "; use ", Form("slipped:<n"), " or ", Form("slipped:>n"), "."),
                _forms(["-slipped", "slipped:<2"]),
            )
    if high is not None and high < 0:
        raise QuerySyntaxError(said(Typed("slipped:" + value), " can never match: a deadline moves 0 or more times."), _forms(["slipped:>1"]))
    query.slipped_at_least, query.slipped_at_most = low, high


def _parse_responses(value: str) -> list[str]:
    found = []
    for part in re.split(r"[|,]", value):
        word = "-".join(part.strip().lower().replace("_", "-").split())
        word = _RESPONSE_SPELLINGS.get(word, word)
        if not word:
            continue
        if word not in RESPONSE_WORDS and word not in PENDING_RESPONSE_WORDS:
            raise QuerySyntaxError(
                said(Typed(part), " is not an executive response I know."),
                [_choices("response", (*RESPONSE_WORDS, *PENDING_RESPONSE_WORDS))],
            )
        found.append(word)
    return found


def _parse_assessments(value: str) -> list[str]:
    found = []
    for part in re.split(r"[|,]", value):
        word = "-".join(part.strip().lower().replace("_", "-").split())
        word = _ASSESSMENT_SPELLINGS.get(word, word)
        if not word:
            continue
        if word not in ASSESSMENT_WORDS and word != SIGNED_OFF_WORD:
            raise QuerySyntaxError(
                said(Typed(part), " is not an assessment I know."),
                [_choices("assessment", (*ASSESSMENT_WORDS, SIGNED_OFF_WORD))],
            )
        found.append(word)
    return found


def _parse_rags(value: str) -> list[str]:
    found = []
    for part in re.split(r"[|,]", value):
        word = part.strip().lower()
        if not word:
            continue
        if word not in RAG_WORDS:
            raise QuerySyntaxError(said(Typed(part), " is not a RAG colour."), [_choices("rag", RAG_WORDS)])
        found.append(word)
    return found


def _normalise_quotes(text: str) -> str:
    # Slack and phones turn straight quotes into curly ones.
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")


def _examples_for(key: str) -> list[Words]:
    return {
        "owner": _forms(['owner:"Linda Mann"', "owner:linda"]),
        "status": _forms([f"status:{w}" for w in STATUS_WORDS]),
        "plan": _forms(["plan:brent", "plan:BR"]),
        "due": _forms(DUE_FORMS),
        "updated": _forms(UPDATED_FORMS),
        "text": _forms(['text:"waiting list"']),
        "response": _forms([f"response:{w}" for w in [*RESPONSE_WORDS, *PENDING_RESPONSE_WORDS]]),
        "assessment": _forms([f"assessment:{w}" for w in [*ASSESSMENT_WORDS, SIGNED_OFF_WORD]]),
        "rag": _forms([f"rag:{w}" for w in RAG_WORDS]),
        "slipped": _forms(["slipped", "slipped:>1"]),
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
                said(Typed(part), " is not a status I know."), [_choices("status", STATUS_WORDS)]
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
            said(Typed("due:" + value), " reaches past the years I can count (1 to 9999)."), _forms(DUE_FORMS)
        ) from None
    if due.start and due.end and due.start > due.end:
        raise QuerySyntaxError(
            said(Typed("due:" + value), " ends before it starts: put the earlier date first."), _forms(["due:2004-01..2004-06"])
        )
    return due


def _parse_due(value: str, today: date) -> DueRange:
    word = value.strip().lower()
    named = _named_due(word, today)
    if named is not None:
        return named
    if ".." in word:
        from_text, _, to_text = word.partition("..")
        start = _period(from_text, value)[0] if from_text else None
        end = _period(to_text, value)[1] if to_text else None
        return DueRange(start=start, end=end, label=f"due {_fmt(start)} to {_fmt(end)}")
    match = _COMPARISON.match(word)
    if match is None:
        # Nothing but spaces or line breaks after the operator: `due:"<\n"`.
        raise QuerySyntaxError(said("I can't read ", Typed("due:" + value), " as a date."), _forms(DUE_FORMS))
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
            raise QuerySyntaxError(said(Typed("due:" + word), " is more than a hundred years ahead."), _forms(DUE_FORMS))
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
    raise QuerySyntaxError(said("I can't read ", Typed("due:" + typed), " as a date."), _forms(DUE_FORMS))


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
        raise QuerySyntaxError(said("I can't read ", Typed("updated:" + value), "."), _forms(UPDATED_FORMS))
    n = int(match.group("n"))
    unit = (match.group("unit") or "d")[0]
    days = n * {"d": 1, "w": 7, "m": 30}[unit]
    if days > MAX_SPAN_DAYS:
        raise QuerySyntaxError(
            said(Typed("updated:" + value), " is more than a hundred years; count in days, weeks or months."),
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
    notes: list[Words] = field(default_factory=list)
    owner_name: str | None = None


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
        owner = match_owner_named(session, workspace_id, query.owner, cache=cache)
        if query.owner_quoted and not owner.exact:
            raise UnknownOwner(query.owner, [OwnerCandidate(owner_id=owner.id, name=owner.name, score=100.0)])
        flt.owner_ids = [owner.id]
        resolved.owner_name = owner.name
        resolved.description.append(f"owned by {owner.name}")
        if name_key(query.owner) != name_key(owner.name):
            resolved.notes.append(said(f"'{query.owner}' read as {owner.name}."))
    if query.plan:
        plans = find_plan(session, workspace_id, query.plan)
        if not plans:
            raise UnknownPlan(query.plan)
        flt.plan_ids = [p.id for p in plans]
        resolved.description.append("in " + ", ".join(f"{p.code} ({p.title})" for p in plans))
    if query.owner_none is not None:
        flt.has_owner = not query.owner_none
        resolved.description.append("with no owner named" if query.owner_none else "with an owner named")
    for typed in query.not_owners:
        owner = match_owner_named(session, workspace_id, typed, cache=cache)
        flt.not_owner_ids = [*(flt.not_owner_ids or []), owner.id]
        resolved.description.append(f"not owned by {owner.name}")
    for typed in query.not_plans:
        plans = find_plan(session, workspace_id, typed)
        if not plans:
            raise UnknownPlan(typed)
        flt.not_plan_ids = [*(flt.not_plan_ids or []), *(p.id for p in plans)]
        resolved.description.append("not in " + ", ".join(p.code for p in plans))
    statuses = query.statuses or ([default_statuses] if default_statuses == "open" else [])
    _apply_statuses(flt, resolved, statuses, today)
    _apply_other_filters(flt, resolved, query, today, now)
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
        named = None if query.owner else _owner_named_by(session, workspace_id, query.words, cache)
        if named is not None:
            flt.owner_ids = [named.id]
            resolved.owner_name = named.name
            resolved.description.append(f"owned by {named.name}")
            resolved.notes.append(said(
                f"'{query.words}' read as the owner {named.name}. To search the text instead, type ",
                Form(f'text:"{query.words}"'), ".",
            ))
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


def _apply_other_filters(flt: ActionFilter, resolved: ResolvedQuery, query: ActionQuery, today: date, now: datetime) -> None:
    """The filters that need no lookup: negated statuses, responses, RAG, slips, ongoing, recurring."""
    for word in query.not_statuses:
        if word == "all":
            continue
        if word == "overdue":
            flt.not_overdue_on = today
            resolved.description.append("not overdue")
            continue
        group = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}.get(word, {Status(word)} if word in Status._value2member_map_ else set())
        flt.not_statuses = sorted({*(flt.not_statuses or []), *group}, key=lambda s: s.value)
        resolved.description.append(f"not {word if word in ('open', 'closed') else Status(word).label}")
    if query.responses:
        words = list(dict.fromkeys(query.responses))
        flt.responses = [RESPONSE_WORDS[w] for w in words if w in RESPONSE_WORDS]
        flt.responses_pending = [w for w in words if w in PENDING_RESPONSE_WORDS] or None
        flt.response_today = today
        resolved.description.append(_response_phrase(words, negated=False))
    if query.not_responses:
        words = list(dict.fromkeys(query.not_responses))
        flt.not_responses = [RESPONSE_WORDS[w] for w in words if w in RESPONSE_WORDS]
        flt.not_responses_pending = [w for w in words if w in PENDING_RESPONSE_WORDS] or None
        flt.response_today = today
        resolved.description.append(_response_phrase(words, negated=True))
    if query.assessments:
        words = list(dict.fromkeys(query.assessments))
        flt.assessments = [ASSESSMENT_WORDS[w] for w in words if w in ASSESSMENT_WORDS] or None
        flt.signed_off = True if SIGNED_OFF_WORD in words else None
        resolved.description.append("where the recommendation is " + " or ".join(_assessment_label(w) for w in words))
    if query.not_assessments:
        words = list(dict.fromkeys(query.not_assessments))
        flt.not_assessments = [ASSESSMENT_WORDS[w] for w in words if w in ASSESSMENT_WORDS] or None
        if SIGNED_OFF_WORD in words:
            flt.not_signed_off = True
        resolved.description.append("where the recommendation is not " + " or ".join(_assessment_label(w) for w in words))
    if query.rags or query.not_rags:
        flt.rag_today, flt.rag_now = today, now
        if query.rags:
            flt.rags = [Rag(w) for w in dict.fromkeys(query.rags)]
            resolved.description.append("rated " + " or ".join(dict.fromkeys(query.rags)))
        if query.not_rags:
            flt.not_rags = [Rag(w) for w in dict.fromkeys(query.not_rags)]
            resolved.description.append("not rated " + " or ".join(dict.fromkeys(query.not_rags)))
    if query.ongoing is not None:
        flt.ongoing = query.ongoing
        resolved.description.append("ongoing" if query.ongoing else "not ongoing")
    if query.recurring is not None:
        flt.recurring = query.recurring
        resolved.description.append("recurring" if query.recurring else "not recurring")
    low, high = query.slipped_at_least, query.slipped_at_most
    if low is not None or high is not None:
        flt.slipped_at_least, flt.slipped_at_most = low, high
        resolved.description.append(_slip_label(low, high))


def _response_label(word: str) -> str:
    return {
        "none": "not recorded", "in-part": "accepted in part", "in-principle": "accepted in principle",
        "awaiting": "still awaited", "overdue": "overdue",
    }.get(word, word)


def _response_phrase(words: list[str], *, negated: bool) -> str:
    recorded = [w for w in words if w not in PENDING_RESPONSE_WORDS]
    pending = [w for w in words if w in PENDING_RESPONSE_WORDS]
    parts = []
    if recorded:
        parts.append("where the executive's response was " + ("not " if negated else "") + " or ".join(_response_label(w) for w in recorded))
    if pending:
        parts.append(("where a response is not " if negated else "where a response is ") + " or ".join(_response_label(w) for w in pending))
    return "; or ".join(parts) if not negated else "; and ".join(parts)


def _assessment_label(word: str) -> str:
    return {"none": "not yet assessed", SIGNED_OFF_WORD: "signed off by the committee"}.get(word, word.replace("-", " "))


def _slip_label(low: int | None, high: int | None) -> str:
    if high == 0:
        return "never moved"
    if low is not None and high is None:
        return "deadline moved" if low == 1 else f"deadline moved {low} or more times"
    if low is None:
        return f"deadline moved at most {high} times"
    return f"deadline moved {low} times" if low == high else f"deadline moved {low} to {high} times"


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
    directory = cache.get(session, workspace_id) if cache is not None else load_owner_directory(session, workspace_id)
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
