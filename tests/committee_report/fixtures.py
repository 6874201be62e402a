"""A tracker report with a known history, built without a database: two reports' rows."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from store.committee_report.changes import changes_since, count_by_assessment, count_by_response, snapshot_of
from store.committee_report.model import ActionLine, LatestUpdate, RecommendationRow, TrackerReport

ASSESSMENTS = [("achieved", "Complete"), ("on track", "Green"), ("slipped", "Amber"), ("not achieved", "Red"),
               ("superseded", "Closed"), (None, None)]
RESPONSES = ["accepted", "accepted in part", "accepted in principle", "rejected", "noted", None]


def generated_rows(count: int, seed: int = 15) -> list[RecommendationRow]:
    pick = random.Random(seed)
    rows = []
    for n in range(1, count + 1):
        assessment, rag = pick.choice(ASSESSMENTS)
        response = pick.choice(RESPONSES)
        actions = tuple(
            ActionLine(f"PS-{n}{letter}", f"Action {letter} for recommendation {n}.", ("Linda Mann",),
                       date(2026, 1, 31) + timedelta(days=30 * k), date(2026, 1, 31) + timedelta(days=30 * k), 0, "in progress")
            for k, letter in enumerate("ab"[: pick.randint(0, 2)])
        ) if response not in ("rejected", "noted") else ()
        rows.append(RecommendationRow(
            key=str(n), ref=f"R{n}", text=f"Recommendation {n}: the council should review item {n}. More detail.",
            report_title="Review of adult social care", agreed_on=date(2025, 10, 1), response=response,
            response_detail="budget pressures" if response == "rejected" else None, lead_officers=("Linda Mann",),
            executive_member="Cllr Diane Brown", actions=actions,
            latest_update=LatestUpdate(date(2026, 1, 10), "Linda Mann", f"Progress on {n}.") if n % 3 else None,
            assessment=assessment, rag=rag, proposed="on track" if assessment is None else None,
        ))
    return rows


def report_with_history() -> tuple[TrackerReport, dict[str, list[str]]]:
    """The February report of a committee, compared with January's; and the refs each change names."""
    january = generated_rows(12)
    snapshot = snapshot_of(january)
    february = [r for r in january if r.ref != "R12"]
    # R3 slipped: its first action's date moved a month later (or it is assessed slipped).
    r3 = february[2]
    first_due = r3.actions[0].current_due if r3.actions else None
    if first_due is not None:
        moved = replace(r3.actions[0], current_due=first_due + timedelta(days=31), moved=1)
        february[2] = replace(r3, actions=(moved, *r3.actions[1:]), assessment="slipped", rag="Amber")
    else:
        february[2] = replace(r3, assessment="slipped", rag="Amber")
    # R4 was achieved; R5 signed off at the meeting; R13 and R14 are new.
    february[3] = replace(february[3], assessment="achieved", rag="Complete") if february[3].assessment != "achieved" else february[3]
    february[4] = replace(february[4], signed_off_on=date(2026, 2, 2), signed_off_minute="45", assessment="achieved", rag="Complete")
    february += generated_rows(14, seed=99)[12:]
    february = [replace(r, key=f"new{r.ref}") if r.ref in ("R13", "R14") else r for r in february]
    rows = [r for r in february if r.signed_off_on is None]
    signed = [r for r in february if r.signed_off_on is not None]
    changes = changes_since(february, snapshot)
    report = TrackerReport(
        committee="People Scrutiny", as_of=date(2026, 2, 20), rows=tuple(rows), signed_off=tuple(signed),
        changes=tuple(changes), previous_as_of=date(2026, 1, 20), council="Anytown Borough Council",
        meeting=date(2026, 3, 2), papers_deadline=date(2026, 2, 20),
        by_assessment=count_by_assessment(february), by_response=count_by_response(february),
    )
    expected = {
        "new": ["R13", "R14"],
        "slipped": ["R3"],
        "achieved": sorted({"R4", "R5"} - ({"R4"} if january[3].assessment == "achieved" else set())
                           - ({"R5"} if january[4].assessment == "achieved" else set())),
        "signed_off": ["R5"],
    }
    return report, expected
