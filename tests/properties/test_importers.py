"""Any file reads as a plan or a clear ImportProblem: raw bytes, CSV with quoting and odd
encodings, and pipe tables. (tests/importing/test_properties.py covers UTF-8 text documents.)"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from store.importing import ImportProblem, ParsedPlan, read_document
from tests.properties.strategies import SLACK_SPECIAL

HEADERS = [
    "Ref", "No.", "Recommendation", "Proposed action", "Agreed action", "Owner", "Lead Officer", "By whom", "Timescale",
    "Deadline", "Target date", "Revised date", "Status", "Comments", "Progress", "RAG", "Executive response", "Budget",
]  # fmt: skip
CELLS = [
    "1.1", "2", "7.4.3a", "4.2 (R2)", "As above", "Linda Mann", "Diane Browm & IT", "TBC", "April 04", "Q3 2019/20",
    "2011/12", "31/02/2024", "32.13.2020", "31.12.9999", "01.01.0000", "Ongoing", "Completed", "Every 6 months", "Red",
    "Accepted", "Update:", "Action:", "Ref: 1.2", "|", "\\|", "<br>", '"', "=cmd|' /C calc'!A0", "\x00", "\r", "\u2028",
    "\ufeff", "", *SLACK_SPECIAL,
]  # fmt: skip
# Most generated headers name too few columns to be a table; the usual one makes readable plans too.
USUAL = ["Ref", "Recommendation", "Proposed action", "Owner", "Timescale", "Status"]
headers = st.one_of(st.just(USUAL), st.lists(st.sampled_from(HEADERS), max_size=8))
cells = st.one_of(st.sampled_from(CELLS), st.text(max_size=20))
rows = st.lists(st.lists(cells, max_size=9), max_size=10)


def _csv(header: list[str], body: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerows([header, *body] if header else body)
    return out.getvalue()


def _pipe_table(header: list[str], body: list[list[str]], rule: bool) -> str:
    lines = ["| " + " | ".join(header) + " |"]
    if rule:
        lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(" ".join(c.split()) for c in row) + " |" for row in body]
    return "\n".join(lines)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


csv_files = st.builds(
    _encode,
    st.builds(_csv, headers, rows, st.sampled_from([",", ";", "\t", "|"])),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
# A real tracker with arbitrary rows after it: the rows reach the reader's deeper paths, and
# bytes past the first few kilobytes are not sniffed for binary content.
TRACKER = (Path(__file__).parents[1] / "importing" / "samples" / "tracker.csv").read_text(encoding="utf-8")
tracker_files = st.builds(
    _encode,
    st.builds(lambda padding, body: TRACKER + padding + _csv([], body, ","), st.sampled_from(["", "\n" * 5000]), rows),
    st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
pipe_files = st.builds(_pipe_table, headers.filter(bool), rows, st.booleans()).map(str.encode)
# Bytes with the signatures `open_source` looks for (zip, PDF, OLE, byte-order marks) in front.
any_bytes = st.one_of(
    st.binary(max_size=300),
    st.builds(bytes.__add__, st.sampled_from([b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]), st.binary(max_size=200)),
)


def _read(data: bytes, suffix: str) -> ParsedPlan | ImportProblem:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan{suffix}"
        path.write_bytes(data)
        try:
            return read_document(path)
        except ImportProblem as problem:
            return problem


def _is_a_plan_or_a_named_problem(outcome: ParsedPlan | ImportProblem) -> bool:
    if isinstance(outcome, ImportProblem):
        return bool(outcome.file and outcome.message.strip())
    # PostgreSQL text cannot hold NUL: a plan that carries one could be read but never stored.
    return isinstance(outcome, ParsedPlan) and bool(outcome.recommendations) and "\\u0000" not in outcome.model_dump_json()


@settings(max_examples=300, deadline=None)
@given(any_bytes, st.sampled_from([".txt", ".csv", ".md", ".xlsx", ""]))
def test_any_bytes_read_as_a_plan_or_an_import_problem(data: bytes, suffix: str) -> None:
    assert _is_a_plan_or_a_named_problem(_read(data, suffix))


@settings(max_examples=200, deadline=None)
@given(csv_files, st.sampled_from([".csv", ".tsv", ".txt"]))
def test_any_delimited_export_in_any_encoding_reads_as_a_plan_or_an_import_problem(data: bytes, suffix: str) -> None:
    assert _is_a_plan_or_a_named_problem(_read(data, suffix))


@settings(max_examples=200, deadline=None)
@given(tracker_files)
def test_a_tracker_with_any_rows_added_reads_as_a_plan_or_an_import_problem(data: bytes) -> None:
    assert _is_a_plan_or_a_named_problem(_read(data, ".csv"))


@settings(max_examples=200, deadline=None)
@given(pipe_files, st.sampled_from([".md", ".txt"]))
def test_any_pipe_table_reads_as_a_plan_or_an_import_problem(data: bytes, suffix: str) -> None:
    assert _is_a_plan_or_a_named_problem(_read(data, suffix))
