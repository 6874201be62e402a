"""Recognising a new version of a plan by what it says, over generated families of versions."""

from __future__ import annotations

import random

from store.importing.parsed import ParsedPlan, ParsedRecommendation
from store.models import Plan
from store.plan_matching import comparable_title, same_plan

TOPICS = ["Adult social care", "Housing repairs", "School admissions", "Library services", "Parking enforcement",
          "Homelessness prevention", "Waste and recycling", "Children's mental health", "Highways maintenance",
          "Hospital discharge", "Youth services", "Climate emergency"]
KINDS = ["review action plan", "scrutiny recommendations tracker", "task group action plan", "recommendations monitoring"]
COMMITTEES = ["Health Scrutiny Panel", "Overview and Scrutiny Committee", "Children and Young People Scrutiny",
              "Place Scrutiny Committee", "Resources Scrutiny Panel"]
MONTHS = ["January", "March", "June 2024", "Sept 2025", "Q3", "v2", "updated", "final", "draft 3", "2023/24"]
REF_STYLES = [lambda n: f"R{n}", lambda n: str(n), lambda n: f"Rec {n}", lambda n: f"{n}(a)", lambda n: f"SR (23/24) {n:02d}"]


def plan_version(rnd: random.Random, topic: str, kind: str, committee: str | None, refs: list[str]) -> ParsedPlan:
    title = f"{topic} {kind}"
    if rnd.random() < 0.8:
        title = f"{title} {rnd.choice(MONTHS)}" if rnd.random() < 0.5 else f"{rnd.choice(MONTHS)} {title}"
    if rnd.random() < 0.3:
        title = title.upper()
    return ParsedPlan(
        source_file=f"file{rnd.randrange(10**6)}.docx", layout="test", title=title, committee=committee,
        recommendations=[ParsedRecommendation(ref=r, line=i) for i, r in enumerate(refs)],
    )


def stored(parsed: ParsedPlan) -> Plan:
    return Plan(code="X", title=parsed.title, committee=parsed.committee, council=parsed.council, source_file=parsed.source_file)


def refs_of(parsed: ParsedPlan) -> set[str]:
    return {r.ref for r in parsed.recommendations if r.ref}


def test_version_words_are_left_out_of_titles() -> None:
    assert comparable_title("Adult Social Care Review – Action Plan (March 2024, v2)") == comparable_title("adult social care review action plan")


def test_later_versions_of_a_plan_are_recognised() -> None:
    rnd = random.Random(9)
    for _ in range(300):
        topic, kind, committee, style = rnd.choice(TOPICS), rnd.choice(KINDS), rnd.choice([*COMMITTEES, None]), rnd.choice(REF_STYLES)
        n = rnd.randint(4, 40)
        refs = [style(i) for i in range(1, n + 1)]
        first = plan_version(rnd, topic, kind, committee, refs)
        # Later versions drop a few recommendations (closed) and add a few.
        kept = [r for r in refs if rnd.random() > 0.2] or refs[:1]
        later = plan_version(rnd, topic, kind, committee, kept + [style(i) for i in range(n + 1, n + 1 + rnd.randint(0, 3))])
        assert same_plan(later, refs_of(later), stored(first), refs_of(first)), (first.title, later.title)


def test_other_plans_with_the_same_numbering_are_not_taken_for_versions() -> None:
    rnd = random.Random(10)
    for _ in range(300):
        one, other = rnd.sample(TOPICS, 2)
        style = rnd.choice(REF_STYLES)
        committee = rnd.choice(COMMITTEES)
        refs = [style(i) for i in range(1, rnd.randint(4, 20))]
        # Same committee, same ref numbering (R1, R2…), different subject.
        first = plan_version(rnd, one, rnd.choice(KINDS), committee, refs)
        second = plan_version(rnd, other, rnd.choice(KINDS), committee, refs[: rnd.randint(2, len(refs))])
        assert not same_plan(second, refs_of(second), stored(first), refs_of(first)), (first.title, second.title)
        # Same subject and refs, another committee or council: another body's plan.
        third = plan_version(rnd, one, rnd.choice(KINDS), rnd.choice([c for c in COMMITTEES if c != committee]), refs)
        assert not same_plan(third, refs_of(third), stored(first), refs_of(first))


def test_titles_that_are_only_a_file_name_match_by_their_refs() -> None:
    refs = [f"R{i}" for i in range(1, 9)]
    rnd = random.Random(1)
    january = plan_version(rnd, "", "tracker", None, refs)
    january.title = "tracker January"
    march = plan_version(rnd, "", "tracker", None, refs[1:] + ["R9"])
    march.title = "tracker_March"
    other = plan_version(rnd, "", "tracker", None, ["A", "B", "C"])
    other.title = "tracker March"
    assert same_plan(march, refs_of(march), stored(january), refs_of(january))
    assert not same_plan(other, refs_of(other), stored(january), refs_of(january))
