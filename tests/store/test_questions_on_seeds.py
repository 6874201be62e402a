"""Plain questions on the seed action plans, read with the vocabulary their import gives."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from store.db import create_store_engine, make_session_factory
from store.questions import read_question
from store.vocabulary import Vocabulary, load_vocabulary
from store.workspaces import ensure_workspace
from tests.conftest import SEEDS

ACTION_PLANS = ("000", "001", "002")


@pytest.fixture(scope="module")
def seeds_vocabulary(_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS} (they live in the sibling ../shared)")
    from store.importer import import_plan
    from store.importing import read_document

    path = tmp_path_factory.mktemp("seeds") / "store.db"
    shutil.copyfile(_sqlite_template, path)
    engine = create_store_engine(f"sqlite:///{path}")
    session_factory = make_session_factory(engine)
    now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with session_factory.begin() as session:
        ensure_workspace(session, "TSEEDS", "Seeds")
        for prefix in ACTION_PLANS:
            import_plan(session, "TSEEDS", read_document(next(SEEDS.glob(f"{prefix}_*.txt"))), now=now)
    with session_factory() as session:
        vocabulary = load_vocabulary(session, "TSEEDS")
    engine.dispose()
    return vocabulary


SEED_PHRASINGS = [
    # owners as officers type them: misspelt, possessive without an apostrophe, followed by a verb
    ("actions for Tonny Parkinson", '/actions owner:"Tony Parkinson"'),
    ("Erik Scollays actions", '/actions owner:"Erik Scollay"'),
    ("Gaby's bits", '/actions owner:"Gaby Napolitani"'),
    ("what does Barbara Stoker lead on", '/actions owner:"Barbara Stoker"'),
    ("what is overdue for Diane?", '/overdue owner:"Diane Brown"'),
    ("what has Diane Browm got", '/actions owner:"Diane Brown"'),
    ("Linda Mann", '/actions owner:"Linda Mann"'),
    ("what's on Linda's desk", '/actions owner:"Linda Mann" status:open'),
    ("Lindas late actions", '/overdue owner:"Linda Mann"'),
    ("Christabel's open actions", '/actions owner:"Christabel Shawcross" status:open'),
    ("Christabel Shawcros overdue", '/overdue owner:"Christabel Shawcross"'),
    ("what does Janet Palmer have", '/actions owner:"Janet Palmer"'),
    ("Ken Scott overdue", '/overdue owner:"Ken Scott"'),
    ("is Mike Bibby behind", '/overdue owner:"Mike Bibby"'),
    ("what does Spencer Randolph manage", '/actions owner:"Spencer Randolph"'),
    ("Steve Wilsons actions", '/actions owner:"Steve Wilson"'),
    ("what has Tony got done", '/actions owner:"Tony Parkinson" status:done'),
    ("is Erik behind", '/overdue owner:"Erik Scollay"'),
    ("what's Barbara working on", '/actions owner:"Barbara Stoker"'),
    ("Napolitani's actions in progress", '/actions owner:"Gaby Napolitani" status:in-progress'),
    ("what have Human Resources got", '/actions owner:"Human Resources"'),
    ("the IT team", "/actions owner:IT"),
    ("what are the operational managers doing", '/actions owner:"Operational Managers"'),
    ("priority action groups", '/actions owner:"Priority Action Groups"'),
    ("what is the ICES operational group doing", '/actions owner:"ICES Operational Group"'),
    # plans by code, council and subject
    ("what's in the Brent plan", "/actions plan:BR"),
    ("late in Brent", "/overdue plan:BR"),
    ("occupational therapy in Brent", "/actions plan:BR"),
    ("integrated occupational therapy", "/actions plan:CAIO"),
    ("the integrated therapy services plan", "/actions plan:CAIO"),
    ("what's done in the BR plan", "/actions plan:BR status:done"),
    ("overdue in CAIO", "/overdue plan:CAIO"),
    ("the occupational therapy plan", '/actions plan:"occupational therapy"'),
    # several parts at once
    ("Linda Mann's overdue in brent", '/overdue owner:"Linda Mann" plan:BR'),
    ("what's still open in the Brent plan for Diane", '/actions owner:"Diane Brown" plan:BR status:open'),
    ("anything on equipment in the Brent plan", "/actions plan:BR text:equipment"),
    ("anything about waiting lists for Linda", '/actions owner:"Linda Mann" text:"waiting lists"'),
    ("what has Diane not begun in Brent", '/actions owner:"Diane Brown" plan:BR status:not-started'),
    ("has Linda changed anything in the last few days", '/actions owner:"Linda Mann" updated:<7d'),
    ("what's red for Diane", '/actions owner:"Diane Brown" rag:red'),
    ("how many overdue for Linda by plan", '/actions count by plan owner:"Linda Mann" status:overdue'),
    # the new filters
    ("which recommendations did cabinet reject?", "/actions response:rejected"),
    ("what has no owner?", "/actions owner:none"),
    ("what's red?", "/actions rag:red"),
    ("what has slipped more than once?", "/actions slipped:>1"),
    ("what's ongoing?", "/actions ongoing"),
    ("how many overdue in each plan?", "/actions count by plan status:overdue"),
    ("how many actions each owner has", "/actions count by owner"),
    ("ongoing work in Brent", "/actions plan:BR ongoing"),
    ("what's recurring for Linda", '/actions owner:"Linda Mann" recurring'),
    ("rejected recommendations in Brent", "/actions plan:BR response:rejected"),
    ("what was accepted in principle", "/actions response:in-principle"),
]


@pytest.mark.parametrize("question, command", SEED_PHRASINGS)
def test_a_question_on_the_seeds_reads_as_the_query_a_person_would_type(
    seeds_vocabulary: Vocabulary, question: str, command: str
) -> None:
    assert read_question(question, seeds_vocabulary).command == command


def test_there_are_at_least_fifty_seed_phrasings() -> None:
    assert len(SEED_PHRASINGS) >= 50
