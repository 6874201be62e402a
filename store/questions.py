"""Plain questions ("what is overdue for Diane?") read into the /actions query language.

A question is read by recognising the workspace's own vocabulary in it (owners, their aliases
and teams; plan codes, title words, councils and subjects: see store.vocabulary) plus a few
phrase rules for statuses, dates, staleness, responses, RAG, slips and counts. Words that are
neither a known name nor a function word become search text. The result is the same query a
person could type after `/actions`, and the reply shows it, so people learn the syntax from
their own questions. Deterministic: the same words and names always give the same query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from store.query_language import QuerySyntaxError, parse_action_query
from store.vocabulary import EMPTY, FUZZY_SCORE, GENERIC_WORDS, ORDINARY_WORDS, OwnerHit, PlanHit, Vocabulary

Kind = Literal["actions", "overdue", "action", "help", "owners", "plans", "choose"]


@dataclass(frozen=True)
class Question:
    kind: Kind
    query: str = ""  # in /actions syntax; for kind "action", the handle or ref
    # For kind "choose": the readings to pick from, as (what it means, the question it becomes).
    choices: tuple[tuple[str, Question], ...] = ()
    # A word in an owner's place ("for Diane") that names no owner the workspace has.
    unknown_owner: str | None = None

    @property
    def command(self) -> str:
        """What the person could have typed instead."""
        if self.kind == "help":
            return "/actions help"
        if self.kind in ("owners", "plans"):
            return f"/actions {self.kind}"
        if self.kind == "choose":
            return " or ".join(q.command for _, q in self.choices)
        return f"/{self.kind} {self.query}".strip()


_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>", re.I)
_HANDLE = re.compile(r"\b([A-Za-z]{1,6}\d?-(?:[A-Za-z]{1,2})?\d[\w.~-]*)\b")
_REF = re.compile(r"(?<![\w/.-])(\d{1,3}(?:\.\d{1,3})+[a-z]?)(?![\w/-]|\.\d)")
_REF_WORD = re.compile(r"\b(?:ref(?:erence)?|recommendation|rec|action|item|number|no\.?)\s+#?(\d{1,3}(?:\.\d{1,3})*[a-z]?)\b", re.I)

_HELP = re.compile(
    r"^(?:help|hi|hello|hey|thanks|thank you|what can you do|how do(?:es)? (?:i|this|you) \w+|"
    r"commands?|usage|what do you do|who are you)\b"
)
_GREETING = re.compile(r"^(?:(?:hi|hello|hey|hiya|morning|good (?:morning|afternoon)|thanks|thank you|cheers|please|ok|okay)\b[\s,!.:-]*)+")
_TRAILING_COURTESY = re.compile(r"(?:[\s,]+(?:please|pls|plz|thanks|thank you|cheers|ta)\b|[^\w\s'\".&)-]+|\s+)+$")
_OWNERS = re.compile(r"\b(?:who owns what|list (?:the |all )?owners|(?:which|what) owners|who are the owners|all owners|everyone who owns)\b")
_PLANS = re.compile(r"\b(?:list (?:the |all )?plans|(?:which|what) plans|all plans|plans do (?:we|you) have|show (?:me )?(?:the )?plans)\b")
_DETAIL_WORDS = re.compile(
    r"\b(?:who owns|who is responsible for|who's responsible for|who leads|tell me about|details? (?:of|for|on)|"
    r"status of|what'?s happening with|what is happening with|show me|show|what about|history of|progress on|where are we with|how is|how's)\b"
)
_LEADING_VERB = re.compile(r"^(?:please\s+)?(?:list|show(?: me)?|give me|find|get me|get)\b\s*")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "few": 7, "couple of": 3, "several": 10}
_AMOUNT = r"(\d+|an?|one|two|three|four|five|six|few|couple of|several)"

# Phrase rules: each is (pattern, what it sets). They run in this order and each removes the words
# it read, so later rules and the name reader never see them again.
_COUNT_BY = re.compile(
    r"\b(?:how many|count|counts|number of|totals?|breakdown|break down|broken down|split|tally)\b(?P<what>.*?)\b(?:in each|for each|per|by|each|across)\s+"
    r"(?P<by>plan|owner|person|officer|team|status|state)s?\b"
)
# The response clock: a received report's recommendations the executive has not answered yet.
_RESPONSE_PENDING = [
    (re.compile(r"\b(?:overdue|late|past (?:the |its |their )?(?:deadline|due date)) (?:for |with )?(?:an? |the |its |their )?(?:executive |cabinet )?(?:response|reply|answer)s?\b"
                r"|\b(?:executive |cabinet )?(?:response|reply|answer)s? (?:is |are |now )?(?:overdue|late)\b"
                r"|\bnot responded to in time\b"), ("overdue",)),
    (re.compile(r"\b(?:still )?(?:waiting|awaiting|waiting on|waiting for) (?:for )?(?:an? |the |its |their )?(?:executive |cabinet )?(?:response|reply|answer)s?\b"
                r"|\bno (?:executive |cabinet )?(?:response|reply) yet\b|\bnot (?:been )?responded to yet\b"), ("awaiting", "overdue")),
]
# The committee's own terms for a recommendation: assessments and sign-off.
_ASSESSMENT = [
    (re.compile(r"\b(?:been )?signed off (?:by (?:the )?committee|at (?:a |the )?(?:committee|meeting))\b|\bcommittee (?:has |have )?signed off\b"), "signed-off"),
    (re.compile(r"\b(?:assessed|rated|judged|marked) (?:as )?on track\b"), "on-track"),
    (re.compile(r"\b(?:assessed|rated|judged|marked) (?:as )?slipped\b"), "slipped"),
    (re.compile(r"\b(?:assessed|rated|judged|marked) (?:as )?achieved\b"), "achieved"),
    (re.compile(r"\bnot achieved\b"), "not-achieved"),
    (re.compile(r"\bsuperseded\b"), "superseded"),
    (re.compile(r"\bnot (?:yet )?(?:been )?assessed\b|\bno assessment\b"), "none"),
]
_RESPONSE = [
    (re.compile(r"\b(?:accepted|agreed) in part\b|\bpart(?:ly|ially)? accepted\b"), "in-part"),
    (re.compile(r"\baccepted in principle\b|\bin principle\b"), "in-principle"),
    (re.compile(r"\b(?:rejected|reject|turned down|turn(?:ed)? (?:\w+ )?down|(?:say|said|says) no to|refused|declined|said no to|not accepted)\b"), "rejected"),
    (re.compile(r"\b(?:only )?noted\b"), "noted"),
    (re.compile(r"\bno (?:executive |cabinet )?(?:response|decision|reply)\b|\bnot (?:yet )?responded to\b"), "none"),
    (re.compile(r"\b(?:did|were|was|has|have) (?:the )?(?:cabinet|executive)\s+(?:accept|agree)(?:ed)?\b|\b(?:were|was) accepted\b"), "accepted"),
]
_OWNER_NONE = re.compile(
    r"\b(?:no owner(?: named)?|(?:has|have|with)(?:n't| not)? (?:got )?no owners?|without (?:an? )?owners?|unowned|unassigned|"
    r"nobody owns?|no one owns?|no-one owns?|(?:nobody|no one|no-one) assigned|not assigned(?: to anyone)?|(?:has|have)n'?t (?:got )?an owner|nobody(?:'s| is) responsible)\b"
)
_RAG = re.compile(r"\b(?:rag\s+)?(?:rated\s+|flagged\s+|showing\s+|at\s+)?(red|amber|green)(?:\s+rag)?\b")
_SLIPPED_MORE = re.compile(
    r"\b(?:slipped|moved|been moved|been pushed back|pushed back|delayed|been delayed|(?:deadlines?|due dates?) (?:been )?(?:changed|extended|moved)|changed|extended)\s+"
    r"(?:more than once|twice|two or more times|(?:several|many|multiple|2\+?) times|again and again|repeatedly)\b"
    r"|\b(?:slipped|moved|delayed) (?:over and over|again)\b"
)
_SLIPPED = re.compile(
    r"\b(?:slipped|slipping|slippage|been pushed back|pushed back|been delayed|delayed|deadlines? (?:moved|changed|extended)|"
    r"moved (?:its|their|the) deadlines?|(?:had|have|has) (?:its|their|a) (?:due )?dates? (?:moved|changed|extended))\b"
)
_ONGOING = re.compile(r"\b(?:ongoing|continuous|continuing|no end date|never ends?)\b")
_RECURRING = re.compile(r"\b(?:recurring|recurrent|repeating|repeats?|regular(?:ly)?|every (?:month|quarter|year)|monthly|quarterly|annual(?:ly)?)\b")
_RECENT = re.compile(
    r"\b(?:changed?|changes|updated|moved|touched|happened|progressed|progress|news|updates?|activity)\b.*?"
    r"\b(?:in|over|during|within)?\s*(?:the\s+)?(?:last|past)\s+" + _AMOUNT + r"?\s*(day|week|month)s?\b"
    r"|\b(?:changed|updated|moved|touched|progressed) (?:recently|lately|this week|today|yesterday)\b|\brecent (?:changes|updates|activity)\b"
    r"|\bwhat'?s new\b|\banything new\b"
)
_STALE = re.compile(
    r"\b(?:stale|gone quiet|no updates?|not (?:been )?updated|(?:haven'?t|hasn'?t|have not|has not) been (?:updated|touched)|"
    r"nobody has updated|not touched|untouched|neglected|forgotten)\b"
    r"(?:.*?\b(?:for|in|over)\s+(?:the\s+)?(?:last\s+|past\s+)?" + _AMOUNT + r"?\s*(day|week|month)s?\b)?"
)
_OVERDUE = re.compile(r"\b(?:running late|overdue|late|behind(?: schedule)?|past (?:its |their )?(?:due(?: date)?|deadline)s?|missed (?:its |their |the )?(?:deadlines?|due dates?)|missed|running over|past due)\b")
_ON_NAMED_DESK = re.compile(r"\bon\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?'s)\s+(?:desk|plate|list|to-?do list|books|in-?tray|radar)\b")
_ON_DESK = re.compile(
    r"\b(?:on (?:his|her|their|my|your|our|the) (?:desk|plate|list|books|to-?do list|in-?tray|radar)|"
    r"(?:his|her|their|my|your|our) (?:workload|in-?tray|to-?do list|caseload)|in (?:his|her|their|my|your) (?:court|in-?tray))\b"
)
_STATUS_PHRASES = [
    (re.compile(r"\b(?:blocked|stuck|held up)\b"), "blocked"),
    (re.compile(r"\b(?:paused|on hold)\b"), "paused"),
    (re.compile(r"\b(?:awaiting sign[- ]?off|waiting for sign[- ]?off|to sign off|need(?:s)? signing off|ready for sign[- ]?off)\b"), "awaiting-signoff"),
    (re.compile(r"\b(?:partially (?:done|achieved|complete)|part done|partly done|half done)\b"), "partial"),
    (re.compile(r"\b(?:not (?:yet )?(?:started|begun|commenced)|(?:haven'?t|hasn'?t|have not|has not) (?:yet )?(?:started|begun|been started)|yet to (?:start|begin)|untouched|not kicked off)\b"), "not-started"),
    (re.compile(r"\b(?:in progress|under ?way|being worked on|started|in hand|on the go)\b"), "in-progress"),
    (re.compile(r"\b(?:no longer feasible|dropped|abandoned|infeasible)\b"), "no-longer-feasible"),
    (re.compile(r"\b(?:done|completed?|finish(?:ed)?|closed|implemented|achieved|delivered)\b"), "done"),
    (re.compile(r"\b(?:open|outstanding|still to do|pending|left to do|remaining|unfinished|not done|live|active)\b"), "open"),
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
_NEXT_N = re.compile(r"\b(?:next|within|in the next|over the next|coming)\s+" + _AMOUNT + r"\s+(day|week|month)s?\b")
_BEFORE = re.compile(rf"\b(?:before|by|until|ahead of)\s+(?:the end of\s+)?(?:(\d{{4}}-\d{{2}}(?:-\d{{2}})?)|({_MONTH_NAME})(?:\s+(\d{{4}}))?)\b")
_AFTER = re.compile(rf"\b(?:after|from|since)\s+(?:(\d{{4}}-\d{{2}}(?:-\d{{2}})?)|({_MONTH_NAME})(?:\s+(\d{{4}}))?)\b")
_IN_MONTH = re.compile(rf"\b(?:in|during|for)\s+({_MONTH_NAME})(?:\s+(\d{{4}}))?\b")
_PLAN_SLOT = [
    # The name may not itself hold a linking word: "on recycling in the waste plan" names "waste".
    re.compile(
        r"\b(?:in|from|on|for|of|under|within|across)\s+(?:the\s+)?"
        r"((?:(?!\b(?:in|from|on|for|of|under|within|across|about)\b)[\w&' -]){2,60}?)\s+(?:action\s+)?plan\b"
    ),
    re.compile(r"\bplan\s+([A-Za-z0-9]{2,12})\b"),
]
# "anything on recycling", "about the waiting list": everything up to the next linking word.
_TOPIC = re.compile(
    r"(?:\b(?:anything|something|actions?|items?|work|stuff)\s+on\s+|\b(?:about|regarding|re|mentioning|related to|relating to|"
    r"to do with|concerning|on the subject of|on the topic of|involving)\s+)"
    r"(?P<topic>.+?)(?=\s+\b(?:for|by|from|owned|assigned|that|which|due|in|under|led)\b|$)"
)
# Where a name usually stands in a question: after these words, or before 's.
_OWNER_SLOT = re.compile(
    r"\b(?:owned by|assigned to|belonging to|led by|lead by|owner is|for|does|has|have|is|are)\s+"
    r"(?P<name>[a-z][\w.-]*(?:\s+[a-z][\w.-]*)?)(?:'s)?\s*$"
)
_POSSESSIVE_SLOT = re.compile(r"\b(?P<name>[a-z][\w.-]*)'s\b")
_OWNER_PREPOSITIONS = {"for", "by", "to", "with", "does", "has", "have", "is", "are", "did", "got"}
_PLAN_PREPOSITIONS = {"in", "under", "within", "across", "from"}
_OWNER_FOLLOWERS = {"team", "got", "has", "have", "own", "owns", "lead", "leads", "handle", "handles", "manage", "manages",
                    "look", "looks", "doing", "working", "work", "responsible", "deal", "deals"}

# Function words: never a name, never search text.
_STOPWORDS = (ORDINARY_WORDS | {
    "s", "ve", "re", "ll", "d", "t", "am", "she", "he", "they", "them", "him", "hers", "theirs", "mine", "yours",
    "off", "as", "if", "but", "not", "no", "too", "very", "really", "ever", "even", "quite", "pretty", "anybody",
    "somebody", "someone", "something", "nothing", "nowhere", "everywhere", "anywhere", "here", "across", "within",
    "whether", "while", "though", "although", "because", "should", "shall", "will", "must", "might", "may", "won't",
    "can't", "don't", "doesn't", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "hadn't", "didn't",
    "i'm", "i've", "we're", "they're", "what's", "who's", "where's", "that's", "there's", "it's", "let's", "whats",
    "whos", "thats", "theres", "lot", "lots", "bunch", "kind", "sort", "sorts", "kinds", "type", "types", "one",
    "ones", "anymore", "etc", "plz", "pls", "cheers", "ta", "mate", "guys", "folks", "everybody", "on", "at",
    "tell", "looks", "got", "gotten", "getting", "bits", "pieces", "piece", "load", "loads", "outstanding",
    "deadline", "deadlines", "date", "dates", "scrutiny", "bot", "scrutiny-bot", "report", "reports",
    "programme", "programmes", "project", "projects", "scheme", "happens", "happen", "change", "changes",
}) - {"list"}  # "waiting list" is something people search for


@dataclass
class _Reading:
    """The filters read so far, in the order the reply shows them."""

    count_by: str | None = None
    owner: str | None = None
    owner_exact: bool = False
    plan: str | None = None
    statuses: list[str] = field(default_factory=list)
    due: str | None = None
    updated: str | None = None
    responses: list[str] = field(default_factory=list)
    assessments: list[str] = field(default_factory=list)
    rag: str | None = None
    slipped: str | None = None
    ongoing: bool = False
    recurring: bool = False
    owner_none: bool = False
    text: str | None = None
    words: list[str] = field(default_factory=list)
    overdue: bool = False

    def query(self) -> str:
        parts = []
        if self.count_by:
            parts.append(f"count by {self.count_by}")
        if self.owner:
            parts.append(f"owner:{_quote(self.owner)}")
        if self.owner_none:
            parts.append("owner:none")
        if self.plan:
            parts.append(f"plan:{_quote(self.plan)}")
        statuses = list(dict.fromkeys(self.statuses))
        if self.overdue and self.count_by:
            statuses = ["overdue"]
        if statuses and not (self.overdue and not self.count_by):
            parts.append("status:" + "|".join(statuses))
        if self.due and _reads(f"due:{self.due}"):
            parts.append(f"due:{self.due}")
        if self.updated and _reads(f"updated:{self.updated}"):
            parts.append(f"updated:{self.updated}")
        if self.responses:
            parts.append("response:" + "|".join(dict.fromkeys(self.responses)))
        if self.assessments:
            parts.append("assessment:" + "|".join(dict.fromkeys(self.assessments)))
        if self.rag:
            parts.append(f"rag:{self.rag}")
        if self.slipped:
            parts.append(self.slipped)
        if self.ongoing:
            parts.append("ongoing")
        if self.recurring:
            parts.append("recurring")
        if self.text:
            parts.append(f"text:{_quote(self.text)}")
        elif self.words:
            parts.append(" ".join(self.words))
        return " ".join(parts)

    @property
    def kind(self) -> Kind:
        return "overdue" if self.overdue and not self.count_by else "actions"


def read_question(text: str, vocabulary: Vocabulary | None = None) -> Question:
    """Read a question into the query it asks. Never raises: anything unreadable is a search."""
    vocabulary = vocabulary or EMPTY
    cleaned = _MENTION.sub(" ", text)
    cleaned = cleaned.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    cleaned = " ".join(cleaned.replace("\x00", " ").split()).strip()
    lower = cleaned.lower().strip(" ?!.")
    # "hi, what's late for Owen?" is the question after the greeting; "hi" alone asks for help.
    lower = _GREETING.sub("", lower).strip(" ?!.,") or lower
    if not lower or _HELP.match(lower):
        return Question("help")
    if _OWNERS.search(lower):
        return Question("owners")
    if _PLANS.search(lower):
        return Question("plans")
    handle = _find_handle(cleaned)
    if handle and (_DETAIL_WORDS.search(lower) or len(lower.split()) <= 3):
        return Question("action", handle)
    upper_words = {w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", cleaned)}

    reading = _Reading()
    rest = " " + _LEADING_VERB.sub("", lower) + " "
    if handle:
        rest = rest.replace(handle.lower(), " ")
    rest = _read_phrases(rest, reading)
    rest = _read_explicit_plan(rest, reading, vocabulary, upper_words)
    rest = _read_topic(rest, reading)
    leftover, choices = _read_names(rest, reading, vocabulary, upper_words)
    if choices:
        return Question("choose", choices=choices)
    unknown = _unknown_owner(leftover, reading, vocabulary)
    reading.words = [
        w for w in (_strip_possessive(t) for t in re.findall(r"[\w'&.-]+", " ".join(leftover)))
        if w and w not in _STOPWORDS and not w.isdigit() and len(w.strip("'.-")) > 1
        and not (reading.owner and w in ("list", "lists"))  # "Priya's list" is her actions
    ]
    if handle and not reading.query() and not reading.overdue:
        return Question("action", handle)
    if reading.kind == "actions" and not reading.query():
        reading.statuses.append("open")
    return Question(reading.kind, reading.query(), unknown_owner=unknown)


def _read_phrases(rest: str, reading: _Reading) -> str:
    count = _COUNT_BY.search(rest)
    if count:
        by = count.group("by")
        reading.count_by = {"person": "owner", "officer": "owner", "team": "owner", "state": "status"}.get(by, by)
        rest = rest[: count.start()] + " " + count.group("what") + " " + rest[count.end():]
    for pattern, pending in _RESPONSE_PENDING:
        if pattern.search(rest):
            reading.responses.extend(pending)
            rest = pattern.sub(" ", rest)
    for pattern, assessment in _ASSESSMENT:
        if pattern.search(rest):
            reading.assessments.append(assessment)
            rest = pattern.sub(" ", rest)
    for pattern, response in _RESPONSE:
        if pattern.search(rest):
            reading.responses.append(response)
            rest = pattern.sub(" ", rest)
    if _OWNER_NONE.search(rest):
        reading.owner_none = True
        rest = _OWNER_NONE.sub(" ", rest)
    rag = _RAG.search(rest)
    if rag:
        reading.rag = rag.group(1)
        rest = rest[: rag.start()] + " " + rest[rag.end():]
    if _SLIPPED_MORE.search(rest):
        reading.slipped = "slipped:>1"
        rest = _SLIPPED_MORE.sub(" ", rest)
    elif _SLIPPED.search(rest):
        reading.slipped = "slipped"
        rest = _SLIPPED.sub(" ", rest)
    if _ONGOING.search(rest):
        reading.ongoing = True
        rest = _ONGOING.sub(" ", rest)
    if _RECURRING.search(rest):
        reading.recurring = True
        rest = _RECURRING.sub(" ", rest)
    stale = _STALE.search(rest)
    if stale:
        reading.updated = f">{_days(stale.group(1), stale.group(2), default=30)}d"
        rest = rest[: stale.start()] + " " + rest[stale.end():]
    recent = None if reading.updated else _RECENT.search(rest)
    if recent:
        days = _days(recent.group(1), recent.group(2), default=7)
        days = 2 if "yesterday" in recent.group(0) else 1 if "today" in recent.group(0) else days
        reading.updated = f"<{days}d"
        rest = rest[: recent.start()] + " " + rest[recent.end():]
    if _OVERDUE.search(rest):
        reading.overdue = True
        rest = _OVERDUE.sub(" ", rest)
    if _ON_NAMED_DESK.search(rest):
        reading.statuses.append("open")
        rest = _ON_NAMED_DESK.sub(r" \1 ", rest)
    if _ON_DESK.search(rest):
        reading.statuses.append("open")
        rest = _ON_DESK.sub(" ", rest)
    for pattern, word in _STATUS_PHRASES:
        if pattern.search(rest):
            reading.statuses.append(word)
            rest = pattern.sub(" ", rest)
    if "open" in reading.statuses and len(set(reading.statuses)) > 1:
        reading.statuses = [s for s in reading.statuses if s != "open"]
    due, rest = _read_when(rest)
    reading.due = due
    return rest


def _read_explicit_plan(rest: str, reading: _Reading, vocabulary: Vocabulary, upper_words: set[str]) -> str:
    """"in the waste plan", "plan EB": the plan is named outright."""
    for pattern in _PLAN_SLOT:
        match = pattern.search(rest)
        if not match:
            continue
        words = [w for w in re.findall(r"[\w&]+", match.group(1)) if w not in _STOPWORDS or w in vocabulary.plan_codes]
        if not words:
            continue
        hit = _best_plan_in(words, vocabulary, upper_words)
        reading.plan = vocabulary.plan_value(hit) if hit else " ".join(words)
        return rest[: match.start()] + " " + rest[match.end():]
    return rest


def _best_plan_in(words: list[str], vocabulary: Vocabulary, upper_words: set[str]) -> PlanHit | None:
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            span = words[i : i + n]
            hit = vocabulary.plan_hit(span, [w.upper() if w in upper_words else w for w in span])
            if hit:
                return hit
    return None


def _read_topic(rest: str, reading: _Reading) -> str:
    match = _TOPIC.search(rest)
    if not match:
        return rest
    topic = re.sub(r"^(?:the|a|an)\s+", "", match.group("topic").strip(" '\""))
    # Politeness and punctuation at the end are not part of the topic: "the waiting list please 🙏".
    topic = _TRAILING_COURTESY.sub("", topic)
    words = re.findall(r"[\w&'.-]+", topic)
    if words and not all(w in _STOPWORDS for w in words):
        # The topic as typed ("A&E", "S.106", even "<!here>"): the search reads its words, and the
        # reply shows it escaped.
        reading.text = " ".join(topic.split())
        return rest[: match.start()] + " " + rest[match.end():]
    return rest


def _read_names(
    rest: str, reading: _Reading, vocabulary: Vocabulary, upper_words: set[str]
) -> tuple[list[str], tuple[tuple[str, Question], ...]]:
    """Find the owner and plan the remaining words name; returns the words left over, and the
    readings to choose from when one span could be either."""
    tokens = re.findall(r"[\w&]+(?:'[\w]*)?", rest)
    words = [_strip_possessive(t) for t in tokens]
    used = [False] * len(words)
    plan_ids: frozenset[int] = frozenset()
    for n in range(min(5, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            if any(used[i : i + n]):
                continue
            span = words[i : i + n]
            whole_name = n > 1 and " ".join(span) in vocabulary.owner_by_key  # "it services", typed in lower case
            if not whole_name and (
                (span[0] in _STOPWORDS and span[0] not in upper_words)
                or (span[-1] in _STOPWORDS and span[-1] not in ("team", "teams") and span[-1] not in upper_words)
            ):
                continue
            if reading.owner and reading.plan:
                break
            owner = None if reading.owner else _owner_hit(span, vocabulary, typed_upper=n == 1 and span[0] in upper_words)
            plan = None if reading.plan and len(plan_ids) < 2 else vocabulary.plan_hit(span, [w.upper() if w in upper_words else w for w in span])
            if plan and reading.plan:
                # "occupational therapy in Brent": a second name narrows the plans the first found.
                narrowed = plan.plan_ids & plan_ids
                if narrowed and owner is None:
                    plan_ids = narrowed
                    reading.plan = vocabulary.plan_value(PlanHit(narrowed, reading.plan, plan.score))
                    for j in range(i, i + n):
                        used[j] = True
                    continue
                plan = None
            if owner and plan:
                before = words[i - 1] if i else ""
                after = words[i + n] if i + n < len(words) else ""
                possessive = tokens[i + n - 1].endswith("'s")
                if before in _PLAN_PREPOSITIONS or after == "plan":
                    owner = None
                elif before in _OWNER_PREPOSITIONS or possessive or after in _OWNER_FOLLOWERS:
                    plan = None
                elif owner.exact and n > 1 and plan.score < 100:
                    plan = None
                elif owner.score <= FUZZY_SCORE:
                    owner = None
                else:
                    return [], _choices(reading, vocabulary, owner, plan, " ".join(span))
            if owner:
                reading.owner = vocabulary.owner_value(owner, " ".join(span))
                reading.owner_exact = len(owner.owner_ids) == 1
            elif plan:
                reading.plan = vocabulary.plan_value(plan)
                plan_ids = plan.plan_ids
            else:
                continue
            for j in range(i, i + n):
                used[j] = True
    # "library modernisation" names "Library Services Modernisation": the plan's other words in
    # the question belong to its name, not to a search.
    named = vocabulary.plan_label_words(plan_ids)
    return [t for t, u, w in zip(tokens, used, words, strict=True) if not u and w not in named], ()


def _owner_hit(span: list[str], vocabulary: Vocabulary, *, typed_upper: bool = False) -> OwnerHit | None:
    hit = vocabulary.owner_hit(span, typed_upper=typed_upper)
    if hit is None and span[-1].endswith("s") and len(span[-1]) > 3:
        # "Erik Scollays actions": a possessive without its apostrophe.
        hit = vocabulary.owner_hit([*span[:-1], span[-1][:-1]])
    return hit


def _choices(
    reading: _Reading, vocabulary: Vocabulary, owner: OwnerHit, plan: PlanHit, typed: str
) -> tuple[tuple[str, Question], ...]:
    as_owner = _copy(reading)
    as_owner.owner = vocabulary.owner_value(owner, typed)
    as_plan = _copy(reading)
    as_plan.plan = vocabulary.plan_value(plan)
    plan_label = ", ".join(vocabulary.plan_labels[p] for p in sorted(plan.plan_ids))
    return (
        (f"the owner {as_owner.owner}", Question(as_owner.kind, as_owner.query())),
        (f"the plan {plan_label}", Question(as_plan.kind, as_plan.query())),
    )


def _copy(reading: _Reading) -> _Reading:
    return _Reading(**{k: (list(v) if isinstance(v, list) else v) for k, v in reading.__dict__.items()})


def _unknown_owner(leftover: list[str], reading: _Reading, vocabulary: Vocabulary) -> str | None:
    """A name where an owner's name stands ("for Diane", "Diane's") that no owner has: the
    reply says so and suggests who there is, rather than quietly searching the text."""
    if reading.owner or reading.owner_none or not leftover:
        return None
    text = " ".join(leftover)
    for pattern in (_OWNER_SLOT, _POSSESSIVE_SLOT):
        match = pattern.search(text)
        if not match:
            continue
        name = " ".join(w for w in match.group("name").split() if w not in _STOPWORDS)
        words = name.split()
        if not words or any(w in GENERIC_WORDS or w in _STOPWORDS or not w.isalpha() for w in words):
            continue
        if vocabulary.plan_hit(words, words) is not None:
            continue
        reading.owner = name
        leftover[:] = [t for t in leftover if _strip_possessive(t) not in words]
        return name
    return None


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


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


def _days(amount: str | None, unit: str | None, *, default: int) -> int:
    if not unit:
        return default
    amount = (amount or "").strip()
    n = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount, 1)
    if amount == "few" and unit != "day":
        n = 3
    return min(n * {"day": 1, "week": 7, "month": 30}[unit], 36_500)


def _read_when(text: str) -> tuple[str | None, str]:
    match = _NEXT_N.search(text)
    if match:
        days = _days(match.group(1), match.group(2), default=14)
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


def _quote(value: str) -> str:
    value = value.replace('"', "")
    return f'"{value}"' if " " in value or ":" in value else value

