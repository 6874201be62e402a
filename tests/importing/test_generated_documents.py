"""The reader on documents it has never seen: generated plans in every format, read back and
compared with the plan they came from, action by action.

The issue's target is 97% of actions with exactly the right ref, owners, due date and flags in
every format; the printed table shows it beside each figure. What the test asserts is a floor per
format: what the readers achieved when the floors were last set, rounded down to the nearest 5%,
so that a change that loses ground fails while the readers keep moving. Raise a floor when they
get better. Run with `pytest -s` to see the table, accuracy by ref style, timescale form and number
of owners, and the first failing cases of each format; `bench/import_accuracy.py` measures the same
on more documents and other seeds.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from store.importing.parsed import ParsedAction, ParsedPlan, ParsedRecommendation
from tests.importing.generator import FORMATS, CorpusResult, measure_corpus, random_plan
from tests.importing.generator.corpus import TARGET, document_counts
from tests.importing.generator.plans import GeneratedAction, GeneratedPlan, GeneratedRecommendation
from tests.importing.generator.ref_styles import REF_STYLES, PrintedRef
from tests.importing.generator.scoring import score_document
from tests.importing.generator.timescale_forms import TIMESCALE_FORMS, PrintedTimescale

DOCUMENTS = 520

# Share of actions read exactly right, per format, that must not be lost (see the docstring), set
# from the table this test printed at commit time (every format then read, all at 97% or more on
# this seed). A format the readers do not read at all gets a floor of 0 and "NOT SUPPORTED" in the
# printed table; none did when these were set.
FLOORS: dict[str, float] = {
    "docx": 1.00,
    "pdf (ruled)": 1.00,
    "pdf (unruled)": 0.95,
    "html": 0.95,
    "xlsx": 0.95,
    "csv": 0.95,
    "tsv": 1.00,
    "text: tabs copied from PDF": 0.95,
    "text: tabs, header over two lines": 0.95,
    "text: pipe table": 1.00,
    "text: fixed width": 0.95,
    "text: fixed width, header over two lines": 1.00,
    "text: one cell per line": 1.00,
    "text: one cell per line, blank lines between cells": 1.00,
    "text: one cell per line, header labels over two lines": 1.00,
    "text: Label: value records": 1.00,
    "text: web table, cells run together": 0.95,
    "text: web table, cells joined by ' / '": 1.00,
    "text: pipe export, one cell per line": 1.00,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusResult:
    result = measure_corpus(tmp_path_factory.mktemp("generated"), total=DOCUMENTS)
    print(f"\nGenerated documents read back ({result.documents} documents; target {TARGET:.0%} in every format):")
    print(result.table())
    print("\nAccuracy by what the documents hold:")
    print(result.breakdown_table())
    print("\nFirst failing cases per format:")
    print(result.failure_examples(per_format=3))
    return result


def test_every_format_is_generated_and_together_they_make_at_least_500_documents() -> None:
    counts = document_counts(DOCUMENTS)
    assert set(counts) == {f.name for f in FORMATS} == set(FLOORS)
    assert sum(counts.values()) >= 500
    assert min(counts.values()) >= 10


@pytest.mark.parametrize("name", [f.name for f in FORMATS])
def test_format_reads_at_least_its_floor_of_actions_exactly_right(corpus: CorpusResult, name: str) -> None:
    result = corpus.formats[name]
    assert result.documents >= 10
    assert result.accuracy >= FLOORS[name], (
        f"{name}: {result.accuracy:.1%} of {result.actions} actions right, below its floor of "
        f"{FLOORS[name]:.0%} (target {TARGET:.0%}). First failures:\n"
        + "\n".join(f.describe() for f in result.failures[:5])
    )


def test_the_same_seed_renders_the_same_documents(tmp_path: Path) -> None:
    for document_format in FORMATS:
        if document_format.name.startswith(("csv", "tsv", "text")):
            first, second = tmp_path / "a", tmp_path / "b"
            first.mkdir(exist_ok=True)
            second.mkdir(exist_ok=True)
            one = document_format.render(random_plan(random.Random("same")), random.Random("same"), first, "doc")
            two = document_format.render(random_plan(random.Random("same")), random.Random("same"), second, "doc")
            assert one.read_bytes() == two.read_bytes(), document_format.name


def test_cells_that_only_say_when_work_starts_expect_no_due_date() -> None:
    rnd = random.Random(7)
    for name in ("not before (no deadline)", "starting and ongoing (no deadline)", "blank or TBC"):
        form = TIMESCALE_FORMS[name][0]
        for _ in range(20):
            printed = form(rnd, 2024)
            assert printed.due is None, printed


def test_a_financial_year_is_due_on_the_31st_of_march_that_ends_it() -> None:
    rnd = random.Random(3)
    form = TIMESCALE_FORMS["financial year (2011/12)"][0]
    for _ in range(20):
        printed = form(rnd, 2011)
        start = int(printed.printed.split()[-1][:4])
        assert printed.due == date(start + 1, 3, 31), printed


def test_generated_plans_use_every_ref_style_and_timescale_form() -> None:
    styles: set[str] = set()
    forms: set[str] = set()
    for number in range(300):
        plan = random_plan(random.Random(number))
        styles.add(plan.ref_style)
        forms.update(a.timescale_form for a in plan.actions)
    assert forms == set(TIMESCALE_FORMS)
    assert styles == set(REF_STYLES)


def test_no_generated_document_crashes_the_reader(corpus: CorpusResult) -> None:
    # A document the reader cannot read must get a message naming the file, never a traceback.
    crashes = [p for f in corpus.formats.values() for p in f.problems if p.startswith("CRASH")]
    assert not crashes, crashes[:5]


# -- the measurement itself -------------------------------------------------------------------


def _one_action_plan(ref: PrintedRef, owners: list[str], timescale: PrintedTimescale) -> GeneratedPlan:
    action = GeneratedAction(text="Draft the policy.", owners=owners, timescale=timescale, timescale_form="test")
    recommendation = GeneratedRecommendation(ref=ref, text="Review the policy.", response="Agreed", actions=[action])
    return GeneratedPlan(
        council="Test Council", committee="Panel", title="Review", document_date=date(2024, 1, 1),
        ref_style="test", recommendations=[recommendation],
    )  # fmt: skip


def _parsed(ref: str, *actions: ParsedAction) -> ParsedPlan:
    return ParsedPlan(
        source_file="t.csv", layout="CSV", title="Review",
        recommendations=[ParsedRecommendation(ref=ref, ref_printed=ref, line=1, actions=list(actions))],
    )  # fmt: skip


def test_an_action_read_exactly_counts_right_whatever_the_owners_order_and_case() -> None:
    plan = _one_action_plan(PrintedRef("Rec 3", "3"), ["DoF", "Head of Legal"], PrintedTimescale("March 2025", date(2025, 3, 31)))
    parsed = _parsed("3", ParsedAction(owners=["head of legal", "DoF"], due=date(2025, 3, 31), line=2))
    assert score_document("t", plan, parsed).right == 1


def test_a_ref_kept_exactly_as_printed_also_matches() -> None:
    plan = _one_action_plan(PrintedRef("4.2 (R2)", "4.2"), ["HR"], PrintedTimescale("Ongoing", ongoing=True))
    parsed = _parsed("4.2 (R2)", ParsedAction(owners=["HR"], ongoing=True, line=2))
    assert score_document("t", plan, parsed).right == 1


def test_a_deadline_read_from_a_cell_that_sets_none_is_wrong() -> None:
    plan = _one_action_plan(PrintedRef("R1", "R1"), ["HR"], PrintedTimescale("Not before 1 June 2011"))
    parsed = _parsed("R1", ParsedAction(owners=["HR"], due=date(2011, 6, 1), line=2))
    score = score_document("t", plan, parsed)
    assert score.right == 0 and score.failures[0].fields == ["due"]


def test_an_action_under_another_ref_is_missing_and_the_one_read_is_invented() -> None:
    plan = _one_action_plan(PrintedRef("R1", "R1"), ["HR"], PrintedTimescale("Monthly", recurring=True))
    parsed = _parsed("R2", ParsedAction(owners=["HR"], recurring=True, line=2))
    score = score_document("t", plan, parsed)
    assert (score.right, score.invented, score.failures[0].fields) == (0, 1, ["missing"])
