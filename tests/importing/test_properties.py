"""Whatever text arrives, reading it ends in a plan or a clear `ImportProblem`, never a crash."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from store.importing import ImportProblem, ParsedPlan, read_document
from store.importing.timescales import parse_timescale

TABLE_WORDS = [
    "Ref", "Recommendation", "Action", "Owner", "Lead Officer", "Timescale", "Deadline", "Status",
    "Comments", "Update:", "As above", "1.1", "2.3 (R4)", "5.4.0", "April 04", "Q3 2019/20",
    "2011/12", "Ongoing", "Completed", "31/02/2024", "Nia Rees & IT", "Gaby", "Napolitani", "TBC",
    "V1 – 12/11/2008", "------", "HEADING", "the council will", "|", "---", "", "  ",
]  # fmt: skip
cells = st.one_of(st.sampled_from(TABLE_WORDS), st.text(max_size=25))
lines = st.builds(
    lambda parts, joiner: joiner.join(parts),
    st.lists(cells, max_size=6),
    st.sampled_from(["\t", ",", ";", " | ", "  ", "\n"]),
)
documents = st.lists(lines, max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1))))
def test_parse_timescale_never_fails_and_keeps_the_raw_text(raw: str, document_date: date | None) -> None:
    reading = parse_timescale(raw, document_date)
    assert reading.raw == raw
    assert len(reading.deadlines) == len(set(reading.deadlines))


@settings(max_examples=150, deadline=None)
@given(st.one_of(documents, st.text(max_size=400)), st.sampled_from([".txt", ".csv", ".md"]))
def test_any_text_file_reads_as_a_plan_or_an_import_problem(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"document{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            plan = read_document(path)
        except ImportProblem as problem:
            assert problem.file and problem.message
        else:
            assert isinstance(plan, ParsedPlan) and plan.recommendations
