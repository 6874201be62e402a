"""Short names people type in chat for plans and actions: `BR` and `BR-7.4.3`."""

from __future__ import annotations

import re
import string

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from store.errors import AmbiguousHandle, HandleCandidate, UnknownHandle
from store.models import Action, Plan, Recommendation

# Words that say what kind of document it is, not which one; they make poor plan codes.
GENERIC_WORDS = {
    "a", "an", "and", "the", "of", "for", "to", "in", "on", "by", "with", "at",
    "action", "actions", "plan", "plans", "scrutiny", "review", "panel", "committee",
    "recommendation", "recommendations", "report", "update", "updated", "summary", "appendix",
    "council", "borough", "county", "city", "district", "london", "metropolitan", "services",
    "service", "social", "v1", "version", "draft", "final", "tracker",
}
_REF_CHARS = re.compile(r"[^A-Za-z0-9.]+")
MAX_CODE = 4


def plan_code(title: str, council: str | None, taken: set[str]) -> str:
    """A short, unused code for a plan: letters of the council's name, else the title's initials."""
    base = _council_letters(council) or _title_initials(title) or "P"
    code = base
    n = 2
    while code.upper() in taken:
        code = f"{base}{n}"
        n += 1
    return code.upper()


def _council_letters(council: str | None) -> str:
    if not council:
        return ""
    words = [w for w in re.findall(r"[A-Za-z]+", council) if w.lower() not in GENERIC_WORDS]
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:2].upper()
    return "".join(w[0] for w in words[:MAX_CODE]).upper()


def _title_initials(title: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", title) if w.lower() not in GENERIC_WORDS]
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:3].upper()
    return "".join(w[0] for w in words[:MAX_CODE]).upper()


def ref_for_handle(ref: str | None) -> str:
    """The printed ref in a form safe to type: "4.2 (R2)" was already normalised to "4.2"."""
    if not ref:
        return ""
    return _REF_CHARS.sub("", ref).strip(".")


def action_handle(code: str, ref: str | None, index: int, siblings: int, taken: set[str]) -> str:
    """`CODE-REF` for a recommendation's only action; `CODE-REFa`, `CODE-REFb`… when it has several;
    `CODE-N` (the first free number) when the document printed no ref."""
    clean = ref_for_handle(ref)
    if clean:
        if siblings > 1:
            suffix = _letters(index) if clean[-1].isdigit() else f"-{index + 1}"
            candidate = f"{code}-{clean}{suffix}"
        else:
            candidate = f"{code}-{clean}"
        return _first_free(candidate, taken)
    return _first_number(code, taken, 1)


def _first_number(code: str, taken: set[str], start: int) -> str:
    n = start
    while f"{code}-{n}".lower() in taken:
        n += 1
    return f"{code}-{n}"


class HandleAllocator:
    """Hands out new action handles for one plan during an import. Remembers where the search
    for a free `CODE-N` stopped, so a plan of thousands of unnumbered rows stays linear."""

    def __init__(self, code: str, taken: set[str]) -> None:
        self.code = code
        self.taken = taken
        self._next_number = 1

    def allocate(self, ref: str | None, index: int, siblings: int) -> str:
        if ref_for_handle(ref):
            handle = action_handle(self.code, ref, index, siblings, self.taken)
        else:
            handle = _first_number(self.code, self.taken, self._next_number)
            self._next_number = int(handle.rsplit("-", 1)[1]) + 1
        self.taken.add(handle.lower())
        return handle


def _letters(index: int) -> str:
    """a, b, … z, aa, ab, … zz, aaa, …: as spreadsheet columns count, with no upper bound
    (a recommendation may have more than 702 actions)."""
    letters = string.ascii_lowercase
    out = ""
    n = index + 1
    while n > 0:
        n, rest = divmod(n - 1, len(letters))
        out = letters[rest] + out
    return out


def _first_free(candidate: str, taken: set[str]) -> str:
    if candidate.lower() not in taken:
        return candidate
    n = 2
    while f"{candidate}~{n}".lower() in taken:
        n += 1
    return f"{candidate}~{n}"


def taken_handles(session: Session, workspace_id: str) -> set[str]:
    return set(session.scalars(select(Action.handle_key).where(Action.workspace_id == workspace_id)))


def as_typed_handle(typed: str) -> str:
    """A handle as someone typed it, without the formatting Slack or habit wrap it in; its lower
    case is the action's handle_key."""
    # NUL cannot be stored or compared in PostgreSQL text; nobody means it.
    return typed.replace("\x00", "").strip().strip("`*_").lstrip("#")


def find_action(session: Session, workspace_id: str, typed: str) -> Action:
    """The action someone named: a handle (`BR-7.4.3`, any case) or a bare printed ref (`7.4.3`)
    when only one plan has it. Raises AmbiguousHandle or UnknownHandle."""
    text = as_typed_handle(typed)
    if not text:
        raise UnknownHandle(typed)
    action = session.scalar(
        _with_context(select(Action)).where(
            Action.workspace_id == workspace_id, Action.handle_key == text.lower()
        )
    )
    if action is not None:
        return action
    by_ref = list(
        session.scalars(
            _with_context(select(Action))
            .join(Recommendation, Action.recommendation_id == Recommendation.id)
            .where(Recommendation.workspace_id == workspace_id, Recommendation.ref == text)
            .order_by(Action.plan_id, Action.position)
        ).unique()
    )
    if len(by_ref) == 1:
        return by_ref[0]
    if by_ref:
        raise AmbiguousHandle(typed, [_candidate(a) for a in by_ref[:10]])
    raise UnknownHandle(typed, _similar_handles(session, workspace_id, text))


def _with_context(statement: Select[Action]) -> Select[Action]:
    return statement.options(joinedload(Action.plan), joinedload(Action.recommendation))


def _candidate(action: Action) -> HandleCandidate:
    return HandleCandidate(
        action_id=action.id, handle=action.handle, plan_title=action.plan.title, text=action.text
    )


def _similar_handles(session: Session, workspace_id: str, text: str) -> list[HandleCandidate]:
    """Handles close to a mistyped one, looked for within the plan its code names (a plan has
    at most a few hundred actions, so this stays cheap however large the workspace)."""
    from rapidfuzz import fuzz, process

    code, _, ref = text.partition("-")
    if not ref:
        return []
    plan_id = session.scalar(
        select(Plan.id).where(Plan.workspace_id == workspace_id, func.lower(Plan.code) == code.lower())
    )
    if plan_id is None:
        return []
    handles = dict(session.execute(select(Action.id, Action.handle_key).where(Action.plan_id == plan_id)).all())
    close = process.extract(text.lower(), handles, scorer=fuzz.ratio, score_cutoff=75, limit=3)
    ids = [action_id for _key, _score, action_id in close]
    actions = {a.id: a for a in session.scalars(_with_context(select(Action)).where(Action.id.in_(ids))).unique()}
    return [_candidate(actions[i]) for i in ids if i in actions]


def find_plan(session: Session, workspace_id: str, typed: str) -> list[Plan]:
    """Plans matching a code or words of a title/council ("brent", "BR", "occupational")."""
    from rapidfuzz import fuzz, process

    # NUL cannot be compared in PostgreSQL text (see find_action); nobody means it.
    key = typed.replace("\x00", "").strip().lower()
    if not key:
        return []
    # A code is what is typed most (and by every plan digest): found without loading every plan.
    exact = list(session.scalars(
        select(Plan).where(Plan.workspace_id == workspace_id, func.lower(Plan.code) == key).order_by(Plan.id)
    ))
    if exact:
        return exact
    plans = list(session.scalars(select(Plan).where(Plan.workspace_id == workspace_id)))
    contains = [
        p for p in plans
        if key in p.title.lower() or key in (p.council or "").lower() or key in (p.committee or "").lower()
    ]
    if contains:
        return contains
    labels = {p.id: f"{p.code} {p.council or ''} {p.title}".lower() for p in plans}
    scored = process.extract(key, labels, scorer=fuzz.partial_ratio, score_cutoff=80, limit=5)
    by_id = {p.id: p for p in plans}
    return [by_id[plan_id] for _label, _score, plan_id in scored]
