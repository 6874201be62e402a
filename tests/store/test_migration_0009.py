"""Migration 0009 on a store that already holds plans: each plan becomes a scrutiny report holding
its recommendations, and committees named alike become one committee."""

from __future__ import annotations

from sqlalchemy import select, text

from store.db import create_store_engine, make_session_factory, upgrade
from store.models import Committee, Recommendation, ScrutinyReport


def test_existing_plans_become_reports_with_their_committees(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_store_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0008")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO workspaces (team_id, owners_version, delete_on_uninstall, created_at) VALUES ('T1', 0, 0, '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO plans (id, workspace_id, code, title, committee, source_file, imported_at) VALUES "
            "(1, 'T1', 'BR', 'Brent plan', 'Health Scrutiny', 'a.txt', '2026-01-01'), "
            "(2, 'T1', 'HF', 'Hereford plan', 'health  scrutiny', 'b.txt', '2026-01-01'), "
            "(3, 'T1', 'XX', 'No committee', NULL, 'c.txt', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO recommendations (id, workspace_id, plan_id, ref, position, text) VALUES "
            "(1, 'T1', 1, '1', 0, 'a'), (2, 'T1', 1, '2', 1, 'b'), (3, 'T1', 2, '1', 0, 'c'), (4, 'T1', 3, '1', 0, 'd')"))
    upgrade(engine)
    with make_session_factory(engine)() as session:
        reports = {r.plan_id: r for r in session.scalars(select(ScrutinyReport))}
        assert {plan: (r.title, r.committee.name if r.committee else None) for plan, r in reports.items()} == {
            1: ("Brent plan", "Health Scrutiny"), 2: ("Hereford plan", "Health Scrutiny"), 3: ("No committee", None)}
        assert len(list(session.scalars(select(Committee)))) == 1
        assert {r.id: r.report_id for r in session.scalars(select(Recommendation))} == {
            1: reports[1].id, 2: reports[1].id, 3: reports[2].id, 4: reports[3].id}
    engine.dispose()
