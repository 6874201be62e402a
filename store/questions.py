"""Plain questions ("what is overdue for Diane?") read into the /actions query language.

Deterministic on purpose: the same words always give the same query, and the reply shows the
query it ran, so people learn the syntax from their own questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from store.query_language import QuerySyntaxError, parse_action_query

Kind = Literal["actions", "overdue", "action", "help", "owners", "plans"]


@dataclass(frozen=True)
class Question:
    kind: Kind
    query: str = ""  # in /actions syntax; for kind "action", the handle or ref

    @property
    def command(self) -> str:
        """What the person could have typed instead."""
        if self.kind == "help":
            return "/actions help"
        if self.kind in ("owners", "plans"):
            return f"/actions {self.kind}"
        return f"/{self.kind} {self.query}".strip()


_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_HANDLE = re.compile(r"\b([A-Za-z]{1,6}\d?-(?:[A-Za-z]{1,2})?\d[\w.~-]*)\b")
_REF = re.compile(r"(?<![\w/.-])(\d{1,3}(?:\.\d{1,3})+[a-z]?)(?![\w/-]|\.\d)")
_REF_WORD = re.compile(r"\b(?:ref(?:erence)?|recommendation|rec|action|item|number|no\.?)\s+#?(\d{1,3}(?:\.\d{1,3})*[a-z]?)\b", re.I)

_HELP = re.compile(
    r"^(?:help|hi|hello|hey|thanks|thank you|what can you do|how do(?:es)? (?:i|this|you) \w+|"
    r"commands?|usage|what do you do|who are you)\b"
)
_OWNERS = re.compile(r"\b(?:who owns what|list (?:the |all )?owners|(?:which|what) owners|who are the owners|all owners|everyone who owns)\b")
_PLANS = re.compile(r"\b(?:list (?:the |all )?plans|(?:which|what) plans|all plans|plans do (?:we|you) have|show (?:me )?(?:the )?plans)\b")
_DETAIL_WORDS = re.compile(
    r"\b(?:who owns|who is responsible for|who's responsible for|who leads|tell me about|details? (?:of|for|on)|"
    r"status of|what'?s happening with|what is happening with|show me|show|what about|history of|progress on|where are we with|how is|how's)\b"
)
_OVERDUE = re.compile(r"\b(?:overdue|late|behind(?: schedule)?|past (?:its |their )?(?:due|deadline)s?|missed|slipped|running over|past due)\b")
_STALE = re.compile(
    r"\b(?:stale|gone quiet|no updates?|not (?:been )?updated|(?:haven'?t|hasn'?t|have not|has not) been updated|"
    r"nobody has updated|not touched)\b(?:.*?\b(?:for|in|over)\s+(\d+|an?|one|two|three|four|six)\s+(day|week|month)s?)?"
)
_LEADING_VERB = re.compile(r"^(?:please\s+)?(?:list|show(?: me)?|give me|find|get me|get)\b\s*")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
_STATUS_PHRASES = [
    (re.compile(r"\b(?:blocked|stuck)\b"), "blocked"),
    (re.compile(r"\b(?:paused|on hold)\b"), "paused"),
    (re.compile(r"\b(?:awaiting sign[- ]?off|waiting for sign[- ]?off|to sign off|need(?:s)? signing off)\b"), "awaiting-signoff"),
    (re.compile(r"\b(?:partially (?:done|achieved|complete)|part done)\b"), "partial"),
    (re.compile(r"\b(?:in progress|under ?way|being worked on|started)\b"), "in-progress"),
    (re.compile(r"\b(?:not (?:yet )?started|haven'?t started|not begun)\b"), "not-started"),
    (re.compile(r"\b(?:no longer feasible|dropped|abandoned)\b"), "no-longer-feasible"),
    (re.compile(r"\b(?:done|completed?|finish(?:ed)?|closed|implemented|achieved)\b"), "done"),
    (re.compile(r"\b(?:open|outstanding|still to do|pending|left to do|remaining|unfinished|not done)\b"), "open"),
]
_MONTHS = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for m in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WHEN = [
    (re.compile(r"\b(?:due |deadline )?(?:this|the current) month\b"), "this-month"),
    (re.compile(r"\bnext month\b"), "next-month"),
    (re.compile(r"\blast month\b"), "last-month"),
    (re.compile(r"\bthis week\b"), "this-week"),
    (re.compile(r"\bnext week\b"), "next-week"),
    (re.compile(r"\btoday\b"), "today"),
    (re.compile(r"\b(?:due soon|coming up|upcoming|soon)\b"), "next-14-days"),
    (re.compile(r"\b(?:no (?:due )?date|undated|without (?:a )?(?:due )?date|no deadline)\b"), "none"),
]
_NEXT_N = re.compile(r"\b(?:next|within|in the next|over the next|coming)\s+(\d+|two|three|four|six|a|one)\s+(day|week|month)s?\b")
_BEFORE = re.compile(rf"\b(?:before|by|until|ahead of)\s+(?:the end of\s+)?(?:(\d{{4}}-\d{{2}}(?:-\d{{2}})?)|({_MONTH_NAME})(?:\s+(\d{{4}}))?)\b")
_AFTER = re.compile(rf"\b(?:after|from|since)\s+(?:(\d{{4}}-\d{{2}}(?:-\d{{2}})?)|({_MONTH_NAME})(?:\s+(\d{{4}}))?)\b")
_IN_MONTH = re.compile(rf"\b(?:in|during|for)\s+({_MONTH_NAME})(?:\s+(\d{{4}}))?\b")
_PLAN = [
    re.compile(r"\b(?:in|from|on|for|of|under)\s+(?:the\s+)?([\w&' -]{2,40}?)\s+(?:action\s+)?plan\b"),
    re.compile(r"\bplan\s+([A-Za-z0-9]{2,12})\b"),
]
_TOPIC = re.compile(
    r"(?:\b(?:anything|something|actions?|items?|work)\s+on\s+|\b(?:about|regarding|re|mentioning|related to|relating to|to do with|concerning|on the subject of|on the topic of|involving)\s+)(.+)$"
)
_OWNER = [
    re.compile(r"\b(?:owned by|assigned to|belonging to|led by|lead by|owner is|for|does|has|have|with)\s+([a-z][\w'.-]*(?:\s+[a-z][\w'.-]*){0,2}?)(?:'s)?(?=\s+(?:got|have|has|own|need|in|due|this|next|that|which|before|by|after|from|about|on|overdue|late|open|still|left|plate|for)\b|[?.!,]|$)"),
    re.compile(r"\b([a-z][\w.-]*(?:\s+[a-z][\w.-]*)?)'s\s+(?:actions?|items|tasks|work|plate|list|overdue|open|late)\b"),
    re.compile(r"^(?:what|which)\s+(?:actions\s+)?(?:does|has)\s+([a-z][\w.-]*(?:\s+[a-z][\w.-]*)?)\s+(?:got|have|own)\b"),
    re.compile(r"\b(?:is|are)\s+([a-z][\w.-]*(?:\s+[a-z][\w.-]*)?)\s+(?:behind|late|overdue)\b"),
]
# Words that end up in owner or topic slots in ordinary questions but are never a name.
_NOT_NAMES = {
    "me", "us", "we", "you", "it", "them", "this", "that", "these", "those", "the", "a", "an", "any", "anything",
    "everything", "everyone", "anyone", "all", "actions", "action", "items", "things", "what", "which", "who",
    "overdue", "late", "due", "open", "done", "today", "month", "week", "plan", "plans", "now", "time",
    "there", "here", "our", "my", "your", "their", "team", "council", "the council", "us all", "review", "sign",
}
_STOPWORDS = {
    "what", "whats", "what's", "which", "who", "whom", "is", "are", "was", "were", "be", "been", "do", "does", "did",
    "have", "has", "had", "got", "get", "show", "me", "us", "tell", "find", "give", "any", "anything", "all",
    "the", "a", "an", "of", "for", "in", "on", "at", "to", "by", "with", "and", "or", "please", "can", "you", "could",
    "would", "there", "that", "this", "these", "those", "actions", "action", "items", "item", "things", "stuff",
    "still", "yet", "now", "currently", "right", "hi", "hey", "hello", "i", "we", "our", "my", "it", "its", "it's",
    "due", "how", "many", "much", "about", "everything", "anyone", "everyone", "some", "need", "needs", "needed",
    "from", "up", "out", "just", "kindly", "thanks", "ok", "okay", "so", "then", "look", "like", "want", "know",
    "let", "lets", "let's", "see", "view", "check", "whole", "full", "current", "scrutiny", "bot", "scrutiny-bot",
    "doing", "happening", "going", "on", "his", "her", "their", "plate", "desk", "agenda",
}


def read_question(text: str) -> Question:
    """Read a question into the query it asks. Never raises: anything unreadable is a search."""
    cleaned = _MENTION.sub(" ", text)
    cleaned = cleaned.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    cleaned = " ".join(cleaned.split()).strip()
    lower = cleaned.lower().strip(" ?!.")
    if not lower or _HELP.match(lower):
        return Question("help")
    if _OWNERS.search(lower):
        return Question("owners")
    if _PLANS.search(lower):
        return Question("plans")
    handle = _find_handle(cleaned)
    if handle and (_DETAIL_WORDS.search(lower) or len(lower.split()) <= 3):
        return Question("action", handle)

    parts: list[str] = []
    rest = _LEADING_VERB.sub("", lower)
    overdue = bool(_OVERDUE.search(rest))
    rest = _OVERDUE.sub(" ", rest)

    stale = _STALE.search(rest)
    if stale:
        parts.append(f"updated:>{_stale_days(stale)}d")
        rest = rest[: stale.start()] + " " + rest[stale.end():]

    statuses = []
    for pattern, word in _STATUS_PHRASES:
        if pattern.search(rest):
            statuses.append(word)
            rest = pattern.sub(" ", rest)
    if "open" in statuses and len(statuses) > 1:
        statuses.remove("open")

    due, rest = _read_when(rest)
    if due:
        parts.append(f"due:{due}")

    topic = None
    topic_match = _TOPIC.search(rest)
    if topic_match:
        topic = re.sub(r"^(?:the|a|an)\s+", "", topic_match.group(1).strip(" '\""))
        rest = rest[: topic_match.start()]

    plan = None
    for pattern in _PLAN:
        plan_match = pattern.search(rest)
        if plan_match:
            candidate = _clean_phrase(plan_match.group(1))
            if candidate and candidate not in _NOT_NAMES:
                plan = candidate
                rest = rest[: plan_match.start()] + " " + rest[plan_match.end():]
                break

    owner = None
    for pattern in _OWNER:
        owner_match = pattern.search(rest)
        if owner_match:
            candidate = _clean_phrase(owner_match.group(1))
            if candidate and candidate not in _NOT_NAMES and not candidate.split()[0] in _NOT_NAMES:
                owner = candidate
                rest = rest[: owner_match.start()] + " " + rest[owner_match.end():]
                break

    # Numbers in a question can name no real date ("before 2026-13", "in the next 99999999 days");
    # such a filter is dropped rather than handed on as a query that cannot be read.
    parts = [part for part in parts if _reads(part)]
    if plan:
        parts.append(f"plan:{_quote(plan)}")
    if owner:
        parts.insert(0, f"owner:{_quote(owner)}")
    if statuses and not overdue:
        parts.append("status:" + "|".join(dict.fromkeys(statuses)))
    leftover = " ".join(w for w in re.findall(r"[\w'&.-]+", rest) if w not in _STOPWORDS and not w.isdigit())
    if topic:
        parts.append(f"text:{_quote(topic)}")
    elif leftover and not handle:
        parts.append(leftover)
    if handle and not parts and not overdue:
        return Question("action", handle)
    kind: Kind = "overdue" if overdue else "actions"
    if kind == "actions" and not parts:
        parts.append("status:open")
    return Question(kind, " ".join(parts))


# Whether a filter reads does not depend on the day (dates are absolute, counts of days are
# capped), so any day serves to check it.
_ANY_DAY = date(2000, 1, 1)


def _reads(part: str) -> bool:
    try:
        parse_action_query(part, today=_ANY_DAY)
    except QuerySyntaxError:
        return False
    return True


def _find_handle(text: str) -> str | None:
    match = _HANDLE.search(text)
    if match and any(ch.isdigit() for ch in match.group(1)):
        return match.group(1).rstrip(".")
    match = _REF_WORD.search(text)
    if match:
        return match.group(1)
    match = _REF.search(text)
    if match:
        return match.group(1)
    return None


def _stale_days(match: re.Match[str]) -> int:
    amount, unit = match.group(1), match.group(2)
    if not unit:
        return 30
    n = int(amount) if amount and amount.isdigit() else _NUMBER_WORDS.get(amount or "", 1)
    return n * {"day": 1, "week": 7, "month": 30}[unit]


def _read_when(text: str) -> tuple[str | None, str]:
    match = _NEXT_N.search(text)
    if match:
        amount = match.group(1)
        n = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount, 1)
        days = n * {"day": 1, "week": 7, "month": 30}[match.group(2)]
        return f"next-{days}-days", text[: match.start()] + " " + text[match.end():]
    for pattern, word in _WHEN:
        match = pattern.search(text)
        if match:
            return word, text[: match.start()] + " " + text[match.end():]
    for pattern, op in ((_BEFORE, "<"), (_AFTER, ">=")):
        match = pattern.search(text)
        if match:
            iso, month, year = match.groups()
            value = iso or (f"{year}-{_MONTHS[month]:02d}" if year else None)
            if value:
                return f"{op}{value}", text[: match.start()] + " " + text[match.end():]
    match = _IN_MONTH.search(text)
    if match and match.group(2):
        month, year = match.groups()
        return f"{year}-{_MONTHS[month]:02d}", text[: match.start()] + " " + text[match.end():]
    return None, text


def _clean_phrase(phrase: str) -> str:
    words = [w for w in re.findall(r"[\w'&.-]+", phrase.lower()) if w]
    while words and words[0] in _STOPWORDS:
        words.pop(0)
    while words and words[-1] in _STOPWORDS:
        words.pop()
    return " ".join(words).strip("'")


def _quote(value: str) -> str:
    value = value.replace('"', "")
    return f'"{value}"' if " " in value else value
