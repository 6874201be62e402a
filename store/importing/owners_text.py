"""Reading owner cells: who is named, one name each, spelled one way per document.

An owner cell can hold several people and teams with or without delimiters ("Diane Brown Linda
Mann"), a name broken over two printed lines ("Gaby" / "Napolitani"), "As above", typos, and
extraction noise. Nothing here knows any particular document's names: splitting uses delimiters,
conjunctions, capitalised First Last pairs, names written out elsewhere in the same document and a
vocabulary of words that mark a team or a role.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

# Words that make a name a team, a body or a role rather than a person.
TEAM_WORDS = frozenset(
    """
    board boards group groups team teams service services partnership partnerships managers
    manager management resources department departments directorate directorates unit units
    panel panels committee committees officers officer staff network networks forum forums
    council councils trust trusts authority authorities agency agencies division section sections
    office offices commissioning commissioners commissioner finance housing legal procurement
    operations executive executives cabinet leadership directors director head heads chief
    assistant lead leads coordinator co-ordinator chair chairs clerk members member secretariat
    centre centres hub providers provider sector colleagues workforce care health safety
    organisation organisations steering project programme nhs pct ccg all
    """.split()
)
# Lower-case words that may sit inside a name without breaking it.
_NAME_CONNECTORS = frozenset("and of for the & de van von da di le la du st".split())
_AS_ABOVE = re.compile(r"^\W*(?:as\s+(?:per\s+)?above|ditto|see\s+above|same\s+as\s+above)\W*$", re.I)
_CONJUNCTION = re.compile(r"\s+(?:and|&)\s+", re.I)
_LEADING_CONJUNCTION = re.compile(r"^(?:and|&|\+)\s+", re.I)
_DELIMITERS = re.compile(r"\s*(?:;|,|/|\+|\n)\s*")


def is_as_above(text: str) -> bool:
    """ "As above" (or "ditto") in an owner or timescale cell: the row above's value applies."""
    return bool(_AS_ABOVE.match(text))


def is_role_code(word: str) -> bool:
    """Short capitalised codes boards use for roles and teams: "IT", "HR", "DoF", "CEO", "MD"."""
    return bool(re.fullmatch(r"[A-Z](?:[a-z]?[A-Z]){1,3}", word))


def _words(text: str) -> list[str]:
    return text.split()


def has_team_word(name: str) -> bool:
    return any(w.strip(".,'()").lower() in TEAM_WORDS for w in _words(name))


def is_team_name(name: str) -> bool:
    """A team, body or role ("Human Resources", "ICES Operational Group", "IT", "DoN") rather
    than a person; a single word is never a person's full name in these plans."""
    words = _words(name)
    if has_team_word(name) or len(words) == 1:
        return True
    return all(is_role_code(w) or w in _NAME_CONNECTORS for w in words)


def looks_like_person(name: str) -> bool:
    """First Last (or First Middle Last): capitalised words, no team words, no digits."""
    words = _words(name)
    if not 2 <= len(words) <= 4 or has_team_word(name) or re.search(r"\d", name):
        return False
    if any(len(w.strip(".,")) == 1 and not w.endswith(".") for w in words[-1:]):
        return False
    return all(re.fullmatch(r"[A-Z][a-zA-Z'\-]*\.?|[A-Z]\.", w) for w in words)


def reads_as_owner(name: str) -> bool:
    """Whether text can be an owner at all; garbled extraction ("Emaa mam") and stray letters
    ("D") cannot, because names and team names are written with capitals."""
    words = _words(name)
    if not words or not re.search(r"[A-Za-z]{2,}", name):
        return False
    if len(words) == 1 and len(words[0].strip(".,")) < 2:
        return False
    if has_team_word(name):
        return True
    return all(
        w.lower() in _NAME_CONNECTORS or (w[0].isupper() and not re.search(r"\d", w)) for w in words
    )


_ROLE_OPENING = re.compile(
    r"^(?:Head|Director|Assistant\s+Director|Deputy\s+Director|Executive\s+Director|Strategic\s+Director"
    r"|Corporate\s+Director|Chief|Deputy\s+Chief)\b(?:\s+(?:of|for)\s+[A-Z][\w'\-]*(?:\s+(?:and|&)\s+[A-Z][\w'\-]*)?"
    r"(?:\s+[A-Z][\w'\-]*){0,3})?$|^(?:[A-Z][\w'\-]*\s+){0,3}(?:Officer|Manager|Executive|Lead|Adviser|Advisor"
    r"|Co-?ordinator|Commissioner|Clerk|Solicitor|Accountant|Director)$"
)


def looks_like_role(text: str) -> bool:
    """A post rather than a person: "Head of Revenues", "Director of Place", "Monitoring Officer"."""
    return bool(_ROLE_OPENING.match(text.strip()))


def _complete_owner(text: str, known: set[str]) -> bool:
    words = _words(text)
    if not words:
        return False
    return (
        text in known
        or looks_like_person(text)
        or looks_like_role(text)
        or words[-1].strip(".,").lower() in TEAM_WORDS
        or all(is_role_code(w) for w in words)
    )


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" \t.;:-")
    # A conjunction left at either end once the names beside it were taken out.
    text = re.sub(r"^(?:and|&)\s+|\s+(?:and|&)$", "", text, flags=re.I).strip()
    # All-capital names ("LINDA MANN") are read as written in title case.
    words = _words(text)
    if len(words) >= 2 and all(w.isupper() and len(w) >= 3 for w in words) and not has_team_word(text):
        text = " ".join(w.capitalize() for w in words)
    return text


def join_owner_lines(lines: list[str]) -> list[str]:
    """Put back together the entries of an owner cell that the PDF broke over printed lines.

    A lone first name waits for its surname on the next line ("Gaby" / "Napolitani"); a team name
    continues while the next line is a team word ("H & S Care" / "Partnership" / "Board"); a line
    opening with "and" or "&" starts a new entry ("Linda Mann" / "and IT"); a trailing comma ends one;
    a person's whole name followed by lines that make a team's name is two owners.
    """
    entries: list[str] = []
    for index, raw in enumerate(lines):
        fragment = re.sub(r"\s+", " ", raw).strip()
        if not fragment:
            continue
        forced_new = bool(_LEADING_CONJUNCTION.match(fragment))
        fragment = _LEADING_CONJUNCTION.sub("", fragment)
        if entries and not forced_new and owner_line_continues(entries[-1], fragment, lines[index + 1 :]):
            entries[-1] = f"{entries[-1]} {fragment}"
        else:
            entries.append(fragment)
    return entries


def owner_line_continues(previous: str, fragment: str, following: Sequence[str] = ()) -> bool:
    """Whether the next printed line of an owner cell carries on the entry above it; `following`
    are the lines printed after that one in the same cell, when they are known."""
    if previous.endswith(","):
        return False
    if re.search(r"(?:\s(?:and|of|for|the)|&)$", previous, re.I):
        return True
    words = _words(fragment)
    if not words:
        return False
    if words[0][:1].islower() and words[0].lower() not in ("and", "or"):
        # "of Legal" under "Head": the post goes on.
        return True
    # The entry being written is what follows the last delimiter ("Housing" in "Director of
    # Public Health, Housing").
    pieces = re.compile(r"\s*(?:[,;/+]|\s(?:and|&)\s)\s*")
    tail = pieces.split(previous)[-1].strip()
    head = re.sub(r"\s*(?:&|\band)$", "", pieces.split(fragment)[0].strip())
    head_alone = len(_words(head)) >= 2 and _complete_owner(head, set()) or is_role_code(head)
    tail_alone = len(_words(tail)) >= 2 and _complete_owner(tail, set()) or is_role_code(tail)
    if looks_like_person(tail) and _opens_team_name(fragment, following):
        # "Dana Kell" / "Human" / "Resources": a person, then a team whose name the next lines
        # finish, not a three-word person followed by a stray team word.
        return False
    if (
        tail
        and head[:1].isupper()
        and (not tail_alone or not head_alone)
        and not (tail_alone and head_alone)
        and _complete_owner(f"{tail} {head}", set())
    ):
        # A lone word waiting for the rest of its owner: "Mohammed" / "Hollingsworth",
        # "Housing" / "Options Team", "Chief" / "Executive".
        return True
    if len(words) != 1:
        return False
    word = words[0].rstrip(",")
    single_previous = len(_words(tail)) == 1
    if single_previous and re.fullmatch(r"[A-Z][a-z'\-]+", tail) and re.fullmatch(r"[A-Z][a-z'\-]+", word):
        return True
    if word.lower() in TEAM_WORDS and not looks_like_person(tail) and not single_previous:
        return True
    return False


def _opens_team_name(fragment: str, following: Sequence[str]) -> bool:
    """Whether a line that is not a whole owner on its own starts a team's name that the next
    printed lines finish with a team word ("Human" / "Resources", "Customer" / "Services" / "Team")."""
    words = _words(fragment)
    if not words or has_team_word(fragment) or re.search(r"[,;/+]|\d", fragment):
        return False
    for line in following[:3]:
        more = _words(line)
        if not more or re.search(r"[,;/+]|\d", line) or _LEADING_CONJUNCTION.match(line.strip()):
            return False
        words = [*words, *more]
        if not all(w[:1].isupper() or w.lower() in _NAME_CONNECTORS for w in words):
            return False
        if words[-1].strip(".,").lower() in TEAM_WORDS:
            return True
    return False


@dataclass
class OwnerReading:
    """One owner cell read: the names it gives and anything left out as unreadable."""

    names: list[str] = field(default_factory=list)
    as_above: bool = False
    dropped: list[str] = field(default_factory=list)
    unsplit: list[str] = field(default_factory=list)


def owner_entries(lines: list[str]) -> list[str]:
    """Entries of a cell after joining lines and cutting at delimiters, before name splitting."""
    entries: list[str] = []
    for entry in join_owner_lines(lines):
        for part in _DELIMITERS.split(entry):
            part = _clean(part)
            if part:
                entries.extend(_split_conjunctions(part))
    return entries


def _split_conjunctions(text: str) -> list[str]:
    """Cut at "and"/"&" only where both sides are whole owners: "Linda Mann and IT" is two,
    "Health and Wellbeing Board" and "H & S Care Partnership Board" are one. Of the ways to
    cut, the one whose parts all read as whole owners wins, a conjunction inside a team name
    ("Revenues and Benefits Team") being likelier than one inside a post."""
    pieces = _CONJUNCTION.split(text)
    joiners = _CONJUNCTION.findall(text)
    if 1 < len(pieces) <= 8:
        best: tuple[float, list[str]] | None = None
        for mask in range(1 << (len(pieces) - 1)):
            parts = [pieces[0]]
            for index, (joiner, piece) in enumerate(zip(joiners, pieces[1:], strict=True)):
                if mask >> index & 1:
                    parts.append(piece)
                else:
                    parts[-1] = f"{parts[-1]}{joiner}{piece}"
            score = 0.0
            for part in parts:
                value = _whole_owner_value(part)
                if value is None:
                    break
                score += value
            else:
                if best is None or score > best[0]:
                    best = (score, parts)
        if best is not None:
            return [_clean(r) for r in best[1] if _clean(r)]
    result = [pieces[0]]
    for joiner, piece in zip(joiners, pieces[1:], strict=True):
        result[-1] = f"{result[-1]}{joiner}{piece}"
    return [_clean(r) for r in result if _clean(r)]


def _whole_owner_value(part: str) -> float | None:
    """How surely a piece is one whole owner (None: it is not one)."""
    words = _words(part)
    if is_role_code(part) or (len(words) >= 2 and _complete_owner(part, set())):
        inner = _CONJUNCTION.search(part) is not None
        if inner and not has_team_word(part):
            return 0.5
        return 1.0
    return None


def split_owner_entry(entry: str, known: set[str]) -> list[str]:
    """Split a run of names with no delimiter: names known from elsewhere in the document first,
    then a team name ending in a team word, then capitalised First Last pairs."""
    words = _words(entry)
    if len(words) <= 2 or entry in known:
        return [entry]
    for name in sorted(known, key=lambda k: -len(k)):
        if len(_words(name)) < 2 or name == entry:
            continue
        match = re.search(rf"(?:^|\s){re.escape(name)}(?=\s|$)", entry)
        if match:
            before = entry[: match.start()].strip()
            after = entry[match.end() :].strip()
            parts = [*(_split_rest(before, known)), name, *(_split_rest(after, known))]
            return [p for p in parts if p]
    for index, word in enumerate(words[:-2]):
        rest = " ".join(words[index + 1 :])
        if word.lower() in TEAM_WORDS and _all_capitalised_names(rest):
            return [" ".join(words[: index + 1]), *split_owner_entry(rest, known)]
    if _all_capitalised_names(entry) and len(words) % 2 == 0:
        return [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    return [entry]


def _split_rest(text: str, known: set[str]) -> list[str]:
    text = _clean(text)
    return split_owner_entry(text, known) if text else []


def _all_capitalised_names(text: str) -> bool:
    words = _words(text)
    return len(words) >= 2 and not has_team_word(text) and all(
        re.fullmatch(r"[A-Z][a-z'\-]+", w) for w in words
    )


def read_owner_cell(lines: list[str], known: set[str]) -> OwnerReading:
    """Every owner an owner cell names, in printed order, with unreadable text set aside."""
    reading = OwnerReading()
    for entry in owner_entries(lines):
        if is_as_above(entry):
            reading.as_above = True
            continue
        for name in split_owner_entry(entry, known):
            if not reads_as_owner(name):
                if re.search(r"[A-Za-z]", name):
                    reading.dropped.append(name)
                continue
            if len(_words(name)) >= 5 and not has_team_word(name):
                reading.unsplit.append(name)
            if name not in reading.names:
                reading.names.append(name)
    return reading


def names_known_in(cells: list[list[str]]) -> set[str]:
    """People written out on their own somewhere in the document ("Diane Brown" as a whole
    entry), used to split runs of names elsewhere in it."""
    known: set[str] = set()
    for lines in cells:
        for entry in owner_entries(lines):
            if looks_like_person(entry) and len(_words(entry)) == 2:
                known.add(entry)
    return known


@dataclass
class OwnerBook:
    """Every owner name read from one document, so typos can be merged into one spelling."""

    counts: Counter[str] = field(default_factory=Counter)
    order: list[str] = field(default_factory=list)

    def add(self, name: str) -> None:
        if name not in self.counts:
            self.order.append(name)
        self.counts[name] += 1

    def aliases(self) -> dict[str, str]:
        """Variant spelling -> canonical spelling; the more frequent spelling wins, then the
        first printed."""
        ranked = sorted(self.order, key=lambda n: (-self.counts[n], self.order.index(n)))
        canonical_of: dict[str, str] = {}
        for position, name in enumerate(ranked):
            if name in canonical_of:
                continue
            for variant in ranked[position + 1 :]:
                if variant not in canonical_of and same_owner_misspelt(name, variant):
                    canonical_of[variant] = name
        return canonical_of

    def teams(self, aliases: dict[str, str]) -> list[str]:
        return sorted({aliases.get(n, n) for n in self.order if is_team_name(aliases.get(n, n))})


def same_owner_misspelt(one: str, other: str) -> bool:
    """Whether two spellings are one owner with a typo ("Diane Browm" / "Diane Brown"). Short
    words must match exactly, so "Jon Smith" and "Jan Smith" stay two people."""
    if one.casefold() == other.casefold():
        return True
    a, b = _words(one), _words(other)
    if len(a) != len(b) or is_team_name(one) != is_team_name(other):
        return False
    if fuzz.ratio(one.casefold(), other.casefold()) < 85:
        return False
    for x, y in zip(a, b, strict=True):
        if x.casefold() == y.casefold():
            continue
        if min(len(x), len(y)) < 5 or fuzz.ratio(x.casefold(), y.casefold()) < 75:
            return False
    return True
