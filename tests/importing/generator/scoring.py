"""Comparing what the reader got out of a document with the plan it was rendered from.

An action is right only when everything the issue names is exactly right: its recommendation's
ref, its owners (as a set, compared after trimming and case-folding, as the answer keys do), its
due date (and, where a revised date was printed, the original one too) and its ongoing and
recurring flags. Actions are matched by ref and by their order within the recommendation; an
action the reader invented is counted separately, and a missing one is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from store.importing.parsed import ParsedAction, ParsedPlan
from tests.importing.generator.plans import GeneratedAction, GeneratedPlan
from tests.importing.generator.ref_styles import PrintedRef


def _ref_key(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "").casefold()


def ref_matches(parsed_ref: str | None, expected: PrintedRef) -> bool:
    """The reader may keep the identifying part ("3" for "Rec 3") or the ref exactly as printed."""
    key = _ref_key(parsed_ref)
    return bool(key) and key in (_ref_key(expected.expected), _ref_key(expected.printed))


def _owner_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Reading:
    """The fields scored, as expected or as read."""

    ref: str | None
    owners: tuple[str, ...]
    due: date | None
    original_due: date | None
    ongoing: bool
    recurring: bool

    def differences(self, other: Reading) -> list[str]:
        names = ("owners", "due", "original_due", "ongoing", "recurring")
        mine = {"owners": sorted(self.owners), **{n: getattr(self, n) for n in names[1:]}}
        theirs = {"owners": sorted(other.owners), **{n: getattr(other, n) for n in names[1:]}}
        return [n for n in names if mine[n] != theirs[n]]


def expected_reading(ref: PrintedRef, action: GeneratedAction) -> Reading:
    return Reading(
        ref=ref.printed,
        owners=tuple(sorted(_owner_key(o) for o in action.owners)),
        due=action.expected_due,
        original_due=action.expected_original_due,
        ongoing=action.timescale.ongoing,
        recurring=action.timescale.recurring,
    )


def parsed_reading(ref: str | None, action: ParsedAction) -> Reading:
    return Reading(
        ref=ref,
        owners=tuple(sorted({_owner_key(o) for o in action.owners})),
        due=action.due,
        original_due=action.original_due,
        ongoing=action.ongoing,
        recurring=action.recurring,
    )


@dataclass
class Failure:
    """One action read wrongly: what was expected and what came back."""

    document: str
    ref: str
    action: int
    expected: Reading | None
    got: Reading | None
    fields: list[str]
    timescale_printed: str = ""
    problem: str | None = None

    def describe(self) -> str:
        if self.problem is not None:
            return f"{self.document}: not read: {self.problem}"
        where = f"{self.document} ref {self.ref!r} action {self.action + 1}"
        if self.got is None:
            return f"{where}: missing (expected {self.expected})"
        parts = [
            f"{name} expected {getattr(self.expected, name)!r} got {getattr(self.got, name)!r}" for name in self.fields
        ]
        printed = f" [timescale printed {self.timescale_printed!r}]" if self.timescale_printed else ""
        return f"{where}: " + "; ".join(parts) + printed


@dataclass
class DocumentScore:
    document: str
    expected_actions: int
    right: int = 0
    invented: int = 0
    failures: list[Failure] = field(default_factory=list)
    problem: str | None = None
    # (timescale form, number of owners, right?) per expected action, for breakdowns.
    outcomes: list[tuple[str, int, bool]] = field(default_factory=list)


def score_document(document: str, plan: GeneratedPlan, parsed: ParsedPlan) -> DocumentScore:
    score = DocumentScore(document, expected_actions=len(plan.actions))
    used: set[int] = set()
    for rec in plan.recommendations:
        matches = [i for i, p in enumerate(parsed.recommendations) if i not in used and ref_matches(p.ref, rec.ref)]
        used.update(matches)
        got = [(parsed.recommendations[i].ref, a) for i in matches for a in parsed.recommendations[i].actions]
        for index, action in enumerate(rec.actions):
            expected = expected_reading(rec.ref, action)
            if index >= len(got):
                score.failures.append(Failure(document, rec.ref.printed, index, expected, None, ["missing"]))
                score.outcomes.append((action.timescale_form, len(action.owners), False))
                continue
            reading = parsed_reading(*got[index])
            wrong = expected.differences(reading)
            score.outcomes.append((action.timescale_form, len(action.owners), not wrong))
            if wrong:
                score.failures.append(
                    Failure(document, rec.ref.printed, index, expected, reading, wrong, action.timescale.printed)
                )
            else:
                score.right += 1
        score.invented += max(0, len(got) - len(rec.actions))
    score.invented += sum(len(p.actions) for i, p in enumerate(parsed.recommendations) if i not in used)
    return score


def unread_document(document: str, plan: GeneratedPlan, problem: str) -> DocumentScore:
    """A document the reader refused or failed on: every action in it is wrong."""
    score = DocumentScore(document, expected_actions=len(plan.actions), problem=problem)
    score.failures.append(Failure(document, "", 0, None, None, [], problem=problem))
    return score
