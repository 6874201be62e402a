"""Plain questions, read by recognising the workspace's own names, into the /actions language.

The demo tables run on the demo workspace's vocabulary (built from store.demo's plans exactly as
the importer would name them); tests/store/test_questions_on_seeds.py does the same on the seeds.
"""

from __future__ import annotations

import pytest

from store.demo import _PLANS, demo_plans
from store.questions import read_question
from store.vocabulary import Vocabulary
from tests.conftest import TODAY


def demo_vocabulary() -> Vocabulary:
    owners: dict[str, int] = {}
    teams: set[str] = set()
    plans = []
    for plan_id, (parsed, (code, *_)) in enumerate(zip(demo_plans(TODAY), _PLANS, strict=True), start=1):
        teams.update(parsed.teams)
        plans.append((plan_id, code, parsed.title, parsed.council, parsed.committee))
        for recommendation in parsed.recommendations:
            for action in recommendation.actions:
                for name in action.owners:
                    owners.setdefault(name, len(owners) + 1)
    return Vocabulary.build([(i, name, name in teams) for name, i in owners.items()], [], plans)


DEMO = demo_vocabulary()

# (question, the command it reads as). Written as officers ask, with the names in the demo data.
OWNERS = [
    ("what is overdue for Diane?", '/overdue owner:"Diane Brown"'),
    ("<@U0BOT> what's overdue for diane", '/overdue owner:"Diane Brown"'),
    ("late actions for Linda", '/overdue owner:"Linda Mann"'),
    ("is priya behind?", '/overdue owner:"Priya Raman"'),
    ("Is Tom Okafor behind schedule", '/overdue owner:"Tom Okafor"'),
    ("show me Linda's actions", '/actions owner:"Linda Mann"'),
    ("Linda Mann", '/actions owner:"Linda Mann"'),
    ("linda mann", '/actions owner:"Linda Mann"'),
    ("what has tom got on his plate", '/actions owner:"Tom Okafor" status:open'),
    ("what's on Helen's desk", '/actions owner:"Helen Marsh" status:open'),
    ("what's on her desk, Helen Marsh", '/actions owner:"Helen Marsh" status:open'),
    ("what does Owen Price lead on", '/actions owner:"Owen Price"'),
    ("what does Martin Kowalski look after", '/actions owner:"Martin Kowalski"'),
    ("which actions does Sam Achebe own", '/actions owner:"Sam Achebe"'),
    ("what is Grace Whitfield responsible for", '/actions owner:"Grace Whitfield"'),
    ("what does diane brown handle", '/actions owner:"Diane Brown"'),
    ("Dianes actions", '/actions owner:"Diane Brown"'),
    ("Marshs overdue items", '/overdue owner:"Helen Marsh"'),
    ("Kowalskis late stuff", '/overdue owner:"Martin Kowalski"'),
    ("Priyas open work", '/actions owner:"Priya Raman" status:open'),
    ("Gaby's bits", "/actions owner:gaby"),
    ("Grace's bits", '/actions owner:"Grace Whitfield"'),
    ("actions for Lynda Man", '/actions owner:"Linda Mann"'),
    ("actions for Linda Man", '/actions owner:"Linda Mann"'),
    ("what's late for Dianne Brown", '/overdue owner:"Diane Brown"'),
    ("anything for Helen Marshe", '/actions owner:"Helen Marsh"'),
    ("Martin Kowalsky's actions", '/actions owner:"Martin Kowalski"'),
    ("Priya Ramen's list", '/actions owner:"Priya Raman"'),
    ("Tom Okafur overdue", '/overdue owner:"Tom Okafor"'),
    ("what is Samuel Achebe doing", '/actions owner:"Sam Achebe"'),
    ("what has the Finance team got", '/actions owner:"Finance Team"'),
    ("what's the finance team got on", '/actions owner:"Finance Team"'),
    ("what does the repairs team have open", '/actions owner:"Repairs Team" status:open'),
    ("overdue for the IT Services team", '/overdue owner:"IT Services"'),
    ("is IT Services behind", '/overdue owner:"IT Services"'),
    ("digital services actions", '/actions owner:"Digital Services"'),
    ("what's with the Libraries Team", '/actions owner:"Libraries Team"'),
    ("what's overdue for libraries", '/overdue owner:"Libraries Team"'),
    ("Transport Planning Team", '/actions owner:"Transport Planning Team"'),
    ("what does the housing options team own", '/actions owner:"Housing Options Team"'),
    ("blocked actions for IT", '/actions owner:"IT Services" status:blocked'),
    ("Priya Raman overdue", '/overdue owner:"Priya Raman"'),
    ("what's due next week for Linda Mann", '/actions owner:"Linda Mann" due:next-week'),
    ("what does Linda Mann have due next week", '/actions owner:"Linda Mann" due:next-week'),
    ("what's coming up for Helen", '/actions owner:"Helen Marsh" due:next-14-days'),
    ("what's partially done for priya", '/actions owner:"Priya Raman" status:partial'),
    ("what is Diane Brown blocked on", '/actions owner:"Diane Brown" status:blocked'),
    ("what has grace not started", '/actions owner:"Grace Whitfield" status:not-started'),
    ("Linda's done actions", '/actions owner:"Linda Mann" status:done'),
    ("has sam finished anything", '/actions owner:"Sam Achebe" status:done'),
]

PLANS = [
    ("what's due this month in the EB plan?", "/actions plan:EB due:this-month"),
    ("overdue in plan NF", "/overdue plan:NF"),
    ("what's past its deadline in the Housing plan", "/overdue plan:BR"),
    ("actions in the libraries plan", "/actions plan:EB"),
    ("actions in the library plan", "/actions plan:EB"),
    ("the parking review", "/actions plan:PK"),
    ("parking review actions", "/actions plan:PK"),
    ("what's in the parking plan", "/actions plan:PK"),
    ("late in housing", "/overdue plan:BR"),
    ("late in housing repairs", "/overdue plan:BR"),
    ("what is late in parking", "/overdue plan:PK"),
    ("anything overdue in transport", "/overdue plan:ST"),
    ("what's late in school transport", "/overdue plan:ST"),
    ("home adaptations", "/actions plan:NF"),
    ("home adaptations overdue", "/overdue plan:NF"),
    ("equipment review blocked", "/actions plan:NF status:blocked"),
    ("the modernisation programme", "/actions plan:EB"),
    ("library modernisation done", "/actions plan:EB status:done"),
    ("what's open in the Brentwick plan", "/actions plan:BR status:open"),
    ("Brentwick overdue", "/overdue plan:BR"),
    ("the Northfield plans", "/actions plan:northfield"),
    ("overdue in Eastbrook", "/overdue plan:eastbrook"),
    ("what did the Housing Scrutiny Committee ask for", "/actions plan:BR"),
    ("Environment Scrutiny Panel actions", "/actions plan:PK"),
    ("adult social care panel", "/actions plan:NF"),
    ("what's blocked in NF", "/actions plan:NF status:blocked"),
    ("BR overdue", "/overdue plan:BR"),
    ("PK stuff due next month", "/actions plan:PK due:next-month"),
    ("in plan ST what is done", "/actions plan:ST status:done"),
    ("adaptaions overdue", "/overdue plan:NF"),
    ("modernisaton", "/actions plan:EB"),
]

SEVERAL_PARTS = [
    ("what's still open in the housing plan for the repairs team", '/actions owner:"Repairs Team" plan:BR status:open'),
    ("anything on damp in the housing plan", "/actions plan:BR text:damp"),
    ("anything on permits in the parking plan", "/actions plan:PK text:permits"),
    ("anything on recycling in the home adaptations plan", "/actions plan:NF text:recycling"),
    ("what's overdue for Linda in the housing plan", '/overdue owner:"Linda Mann" plan:BR'),
    ("Linda's late actions in housing", '/overdue owner:"Linda Mann" plan:BR'),
    ("what's Helen got due this month in the library plan", '/actions owner:"Helen Marsh" plan:EB due:this-month'),
    ("what's due this month in the EB plan for Helen", '/actions owner:"Helen Marsh" plan:EB due:this-month'),
    ("is Priya behind on home adaptations", '/overdue owner:"Priya Raman" plan:NF'),
    ("blocked actions for IT Services in the NF plan", '/actions owner:"IT Services" plan:NF status:blocked'),
    ("what has Digital Services got in parking", '/actions owner:"Digital Services" plan:PK'),
    ("Grace Whitfield in school transport", '/actions owner:"Grace Whitfield" plan:ST'),
    ("open actions about adaptations", "/actions status:open text:adaptations"),
    ("anything about the waiting list for Priya", '/actions owner:"Priya Raman" text:"waiting list"'),
    ("Owen Price's parking actions due before June 2099", '/actions owner:"Owen Price" plan:PK due:<2099-06'),
    ("what did the repairs team change in the last 2 weeks", '/actions owner:"Repairs Team" updated:<14d'),
    ("finance team stuff in the parking review not begun", '/actions owner:"Finance Team" plan:PK status:not-started'),
    ("has Diane slipped in housing", '/actions owner:"Diane Brown" plan:BR slipped'),
    ("red actions for Linda", '/actions owner:"Linda Mann" rag:red'),
    ("how many overdue for Linda in each plan", '/actions count by plan owner:"Linda Mann" status:overdue'),
]

STATES = [
    ("what's not begun", "/actions status:not-started"),
    ("what hasn't started yet", "/actions status:not-started"),
    ("which actions are yet to begin", "/actions status:not-started"),
    ("what changed in the last few days", "/actions updated:<7d"),
    ("what's been updated in the past 2 weeks", "/actions updated:<14d"),
    ("what moved in the last month", "/actions updated:<30d"),
    ("anything updated recently", "/actions updated:<7d"),
    ("what got updated yesterday", "/actions updated:<2d"),
    ("what changed today", "/actions updated:<1d"),
    ("what's new", "/actions updated:<7d"),
    ("anything new in housing", "/actions plan:BR updated:<7d"),
    ("what's on her desk", "/actions status:open"),
    ("what's on his plate", "/actions status:open"),
    ("what's on my to-do list", "/actions status:open"),
    ("what's stale", "/actions updated:>30d"),
    ("what hasn't been updated for two months", "/actions updated:>60d"),
    ("not updated in 6 weeks", "/actions updated:>42d"),
    ("what's gone quiet", "/actions updated:>30d"),
    ("what's blocked", "/actions status:blocked"),
    ("what is stuck", "/actions status:blocked"),
    ("what is paused", "/actions status:paused"),
    ("anything on hold?", "/actions status:paused"),
    ("anything awaiting sign-off?", "/actions status:awaiting-signoff"),
    ("which actions are done", "/actions status:done"),
    ("what's been completed", "/actions status:done"),
    ("what is in progress", "/actions status:in-progress"),
    ("what's underway", "/actions status:in-progress"),
    ("what's half done", "/actions status:partial"),
    ("what has been dropped", "/actions status:no-longer-feasible"),
    ("what's still outstanding", "/actions status:open"),
    ("what's overdue", "/overdue"),
    ("how many actions are overdue", "/overdue"),
    ("what's running late", "/overdue"),
    ("what missed its deadline", "/overdue"),
    ("what's going on?", "/actions status:open"),
]

DATES = [
    ("what's due this month", "/actions due:this-month"),
    ("what's due next month", "/actions due:next-month"),
    ("what is due this week", "/actions due:this-week"),
    ("what's due today", "/actions due:today"),
    ("what's coming up", "/actions due:next-14-days"),
    ("what's due in the next 2 weeks", "/actions due:next-14-days"),
    ("anything due within 10 days", "/actions due:next-10-days"),
    ("what is due before March 2027", "/actions due:<2027-03"),
    ("what is due by 2026-10", "/actions due:<2026-10"),
    ("what's due after June 2026", "/actions due:>=2026-06"),
    ("what's due in December 2026", "/actions due:2026-12"),
    ("which actions have no due date", "/actions due:none"),
    ("what has no deadline", "/actions due:none"),
    ("overdue actions due before 2026-10", "/overdue due:<2026-10"),
]

NEW_FILTERS = [
    ("which recommendations did cabinet reject?", "/actions response:rejected"),
    ("what did the executive turn down", "/actions response:rejected"),
    ("rejected recommendations", "/actions response:rejected"),
    ("what was accepted in principle", "/actions response:in-principle"),
    ("which were accepted in part", "/actions response:in-part"),
    ("what was partly accepted", "/actions response:in-part"),
    ("which recommendations were only noted", "/actions response:noted"),
    ("which recommendations were accepted", "/actions response:accepted"),
    ("recommendations with no response", "/actions response:none"),
    ("what has no owner?", "/actions owner:none"),
    ("which actions are unassigned", "/actions owner:none"),
    ("what does nobody own", "/actions owner:none"),
    ("actions without an owner in housing", "/actions owner:none plan:BR"),
    ("what's red?", "/actions rag:red"),
    ("what is amber", "/actions rag:amber"),
    ("anything rated green in parking", "/actions plan:PK rag:green"),
    ("what has slipped more than once?", "/actions slipped:>1"),
    ("what has been pushed back twice", "/actions slipped:>1"),
    ("which deadlines moved more than once", "/actions slipped:>1"),
    ("what has slipped", "/actions slipped"),
    ("what's been delayed", "/actions slipped"),
    ("what's ongoing?", "/actions ongoing"),
    ("ongoing work in plan EB", "/actions plan:EB ongoing"),
    ("what's recurring", "/actions recurring"),
    ("what happens every quarter", "/actions recurring"),
    ("how many overdue in each plan?", "/actions count by plan status:overdue"),
    ("how many actions per owner", "/actions count by owner"),
    ("count of actions by status", "/actions count by status"),
    ("how many open in each plan", "/actions count by plan status:open"),
    ("overdue count per plan", "/actions count by plan status:overdue"),
    ("breakdown of open actions by owner", "/actions count by owner status:open"),
    ("tally of blocked actions by plan", "/actions count by plan status:blocked"),
    ("how many actions has each owner", "/actions count by owner"),
    ("what did the executive say no to", "/actions response:rejected"),
    ("actions with nobody assigned", "/actions owner:none"),
    ("which deadlines changed more than once", "/actions slipped:>1"),
    ("number of blocked actions per team", "/actions count by owner status:blocked"),
]

OTHER = [
    ("who owns 7.4.3?", "/action 7.4.3"),
    ("who is responsible for 3.1", "/action 3.1"),
    ("status of BR-7.4.3", "/action BR-7.4.3"),
    ("tell me about NF-3.1a", "/action NF-3.1a"),
    ("NF-3.2", "/action NF-3.2"),
    ("recommendation 3.4", "/action 3.4"),
    ("anything about transport?", "/actions text:transport"),
    ("anything on the waiting list", '/actions text:"waiting list"'),
    ("waiting list", "/actions waiting list"),
    ("help", "/actions help"),
    ("hi", "/actions help"),
    ("what can you do", "/actions help"),
    ("who owns what", "/actions owners"),
    ("list plans", "/actions plans"),
]

ALL = OWNERS + PLANS + SEVERAL_PARTS + STATES + DATES + NEW_FILTERS + OTHER


@pytest.mark.parametrize("question, command", ALL)
def test_a_question_on_the_demo_reads_as_the_query_a_person_would_type(question: str, command: str) -> None:
    assert read_question(question, DEMO).command == command


def test_the_demo_tables_hold_well_over_a_hundred_phrasings() -> None:
    assert len(ALL) >= 150 and len(set(q for q, _ in ALL)) == len(ALL)


def test_curly_apostrophes_read_like_straight_ones() -> None:
    assert read_question("what\u2019s overdue for Diane?", DEMO).command == '/overdue owner:"Diane Brown"'


@pytest.mark.parametrize("question", ["transport stuff", "transport"])
def test_an_owner_and_a_plan_named_the_same_are_offered_as_a_choice(question: str) -> None:
    reading = read_question(question, DEMO)
    assert reading.kind == "choose"
    assert [q.command for _, q in reading.choices] == ['/actions owner:"Transport Planning Team"', "/actions plan:ST"]


def test_a_preposition_settles_an_owner_and_a_plan_named_the_same() -> None:
    assert read_question("what's late in transport", DEMO).command == "/overdue plan:ST"
    assert read_question("what's late for transport", DEMO).command == '/overdue owner:"Transport Planning Team"'


@pytest.mark.parametrize(
    "question, name",
    [("what is overdue for Bob?", "bob"), ("what's late for Zebedee", "zebedee"), ("Ruperts's actions", "ruperts")],
)
def test_a_name_no_owner_has_is_kept_as_an_owner_so_the_reply_can_say_so(question: str, name: str) -> None:
    reading = read_question(question, DEMO)
    assert reading.unknown_owner == name and f"owner:{name}" in reading.query


def test_ordinary_words_are_not_taken_for_names_by_a_near_spelling() -> None:
    # "late" is near "Kate", "done" near "Dona", "open" near "Owen": none of them is a name.
    vocabulary = Vocabulary.build([(1, "Kate Long", False), (2, "Dona Price", False), (3, "Owen Open", False)], [], [])
    assert read_question("what's late and not done", vocabulary).command == "/overdue"


def test_without_a_vocabulary_a_question_still_reads() -> None:
    assert read_question("what's blocked in the brent plan").command == "/actions plan:brent status:blocked"
