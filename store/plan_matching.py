"""Which stored plan a document is a version of: by its file name, else by what it says.

Councils save each month's tracker under a new name ("tracker_March.docx" after
"tracker_January.docx"), so the file name alone would make every new version a second plan with
every action duplicated. A document updates a plan when its title (dates and version words aside)
and its committee or council agree with the plan's and most of its refs are the plan's refs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.importing.parsed import ParsedPlan
from store.models import Plan, Recommendation
from store.handles import GENERIC_WORDS
from store.owners import name_key

TITLE_SCORE = 85  # rapidfuzz token_set_ratio of the titles, version words removed
REF_SHARE = 0.6  # of the smaller set of refs, how many the two documents must share
_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,15}$")
_VERSION_WORDS = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|"
    r"nov(ember)?|dec(ember)?|spring|summer|autumn|winter|q[1-4]|v\d+|version|draft|final|updated?|"
    r"revised|copy|\d{1,4})\b"
)


@dataclass
class PlanMatch:
    """The plan a document updates (None: a new plan with `new_code`), and why."""

    plan: Plan | None
    new_code: str
    reason: str


def valid_code(code: str) -> bool:
    return bool(_CODE.match(code))


def comparable_title(title: str) -> str:
    """A title without the words that change between versions of one plan (months, years, v2)
    or that every plan's title has ("scrutiny", "action plan", "tracker"): what it is about."""
    words = _without_versions(title).split()
    return " ".join(w for w in words if w not in GENERIC_WORDS and len(w) > 1)


def _without_versions(title: str) -> str:
    # File names join words with underscores ("tracker_March"): they are words all the same.
    return " ".join(_VERSION_WORDS.sub(" ", name_key(title.replace("_", " "))).split())


def same_plan(parsed: ParsedPlan, refs: set[str], plan: Plan, plan_refs: set[str]) -> str | None:
    """Why `parsed` is a new version of `plan`, or None when it is not."""
    for mine, theirs in ((parsed.council, plan.council), (parsed.committee, plan.committee)):
        if mine and theirs and fuzz.ratio(name_key(mine), name_key(theirs)) < 90:
            return None  # another council's or committee's plan, however alike the titles
    mine, theirs = comparable_title(parsed.title), comparable_title(plan.title)
    if not mine and not theirs:
        # Titles that say nothing but "Tracker – March" (taken from the file name): compare them
        # as they are, version words aside, and let the refs decide.
        mine, theirs = _without_versions(parsed.title), _without_versions(plan.title)
    # token_sort, not token_set: "housing" alone must not match "housing repairs and voids".
    title = fuzz.token_sort_ratio(mine, theirs) if mine and theirs else 0.0
    same_body = bool(
        (parsed.committee and plan.committee) or (parsed.council and plan.council)
    )
    shared = len(refs & plan_refs)
    share = shared / min(len(refs), len(plan_refs)) if refs and plan_refs else 0.0
    # Refs alone prove little (most plans number R1, R2…); the title must agree as well.
    if title >= TITLE_SCORE and share >= REF_SHARE:
        return f"same title, {shared} of {len(refs)} refs in common"
    distinctive = min(len(mine.split()), len(theirs.split())) >= 2
    if title >= 95 and distinctive and (share >= 0.3 or not (refs and plan_refs)) and (same_body or refs):
        return f"same title, {shared} of {len(refs)} refs in common" if refs else "same title and committee"
    if title >= 70 and share >= 0.9 and same_body and len(refs) >= 5:
        return f"same {'committee' if parsed.committee and plan.committee else 'council'}, {shared} of {len(refs)} refs in common"
    return None


def match_plan(session: Session, workspace_id: str, parsed: ParsedPlan, new_code: str) -> PlanMatch:
    by_file = session.scalar(
        select(Plan)
        .where(Plan.workspace_id == workspace_id, Plan.source_file == parsed.source_file)
        .order_by(Plan.imported_at.desc(), Plan.id.desc())
        .limit(1)
    )
    if by_file is not None:
        return PlanMatch(by_file, new_code, "same file name")
    plans = list(session.scalars(select(Plan).where(Plan.workspace_id == workspace_id).order_by(Plan.id)))
    if not plans:
        return PlanMatch(None, new_code, "new plan")
    plan_refs: dict[int, set[str]] = defaultdict(set)
    for plan_id, ref in session.execute(
        select(Recommendation.plan_id, Recommendation.ref).where(
            Recommendation.workspace_id == workspace_id, Recommendation.ref.is_not(None)
        )
    ):
        if ref is not None:  # the query leaves them out; this says so to the type checker
            plan_refs[plan_id].add(ref)
    refs = {r.ref for r in parsed.recommendations if r.ref}
    found = [(plan, why) for plan in plans if (why := same_plan(parsed, refs, plan, plan_refs[plan.id]))]
    if not found:
        return PlanMatch(None, new_code, "new plan")
    # Several candidates: the one sharing most refs, then the latest imported.
    plan, why = max(found, key=lambda item: (len(refs & plan_refs[item[0].id]), item[0].imported_at, item[0].id))
    return PlanMatch(plan, new_code, f"a new version of {plan.code} ({why})")
