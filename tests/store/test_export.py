"""Exporting actions one per line."""

import csv
import io
import json

from store.export import EXPORT_FIELDS, write_csv, write_jsonl
from tests.conftest import OTHER_WORKSPACE, WORKSPACE


def test_jsonl_has_one_action_per_line_with_the_agreed_fields(demo) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with demo.session() as session:
        n = write_jsonl(session, WORKSPACE, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(rows) == 34
    assert set(EXPORT_FIELDS) <= set(rows[0])
    first = next(r for r in rows if r["handle"] == "NF-3.1a")
    assert (first["workspace"], first["ref"], first["owners"], first["status"], first["update_count"]) == (
        WORKSPACE, "3.1", ["Priya Raman"], "in_progress", 2)
    assert [u["author"] for u in first["updates"]] == ["Priya Raman", "Priya Raman"]


def test_undated_actions_export_due_as_null(demo) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with demo.session() as session:
        write_jsonl(session, WORKSPACE, out)
    ongoing = next(json.loads(line) for line in out.getvalue().splitlines() if json.loads(line)["handle"] == "NF-3.3b")
    assert (ongoing["due"], ongoing["ongoing"]) == (None, True)


def test_csv_has_a_header_and_joins_owners(demo) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with demo.session() as session:
        write_csv(session, WORKSPACE, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert next(r for r in rows if r["handle"] == "NF-3.6b")["owners"] == "Priya Raman; IT Services"


def test_an_export_holds_only_its_workspace(demo) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with demo.session() as session:
        assert write_jsonl(session, OTHER_WORKSPACE, out) == 0
