"""Building a committee's tracker report from the store, as of a day, and keeping its snapshot.

A committee's recommendations are those of its scrutiny reports (`scrutiny_reports.committee_id`)
and, where a report names no committee, those of plans whose committee is printed with its name.
Updates and sign-offs after the end of `as_of` are left out (statuses, dates and assessments are
as they stand now), and "what changed" compares with the latest report kept before that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, selectinload

from store.calendar import next_meeting, require_committee
from store.committees import committee_key
from store.models import Action, ActionOwner, Committee, Plan, Recommendation, ReportSnapshot, ScrutinyReport, Update
from store.committee_report.changes import changes_since, count_by_assessment, count_by_response, snapshot_of
from store.committee_report.model import ActionLine, LatestUpdate, RecommendationRow, TrackerReport
from store.recommendations import propose_assessment
from store.status import Assessment

# The RAG each of the committee's terms reads as, in words.
RAG_WORDS = {
    Assessment.ACHIEVED: "Complete",
    Assessment.ON_TRACK: "Green",
    Assessment.SLIPPED: "Amber",
    Assessment.NOT_ACHIEVED: "Red",
    Assessment.SUPERSEDED: "Closed",
}


def committee_recommendations(session: Session, committee: Committee) -> list[Recommendation]:
    """The committee's recommendations, in the order of their plans and places in them."""
    plans_by_name = select(Plan.id).where(Plan.workspace_id == committee.workspace_id, Plan.committee.is_not(None))
    named = [pid for pid, name in session.execute(
        select(Plan.id, Plan.committee).where(Plan.id.in_(plans_by_name))) if name and committee_key(name) == committee.name_key]
    reports = select(ScrutinyReport.id).where(ScrutinyReport.committee_id == committee.id)
    # A report that names no committee leaves it to the plan's printed committee.
    unassigned = select(ScrutinyReport.id).where(ScrutinyReport.workspace_id == committee.workspace_id, ScrutinyReport.committee_id.is_(None))
    return list(session.scalars(
        select(Recommendation)
        .where(Recommendation.workspace_id == committee.workspace_id,
               or_(Recommendation.report_id.in_(reports),
                   Recommendation.plan_id.in_(named) & or_(Recommendation.report_id.is_(None), Recommendation.report_id.in_(unassigned))))
        .options(selectinload(Recommendation.actions).selectinload(Action.owner_links).selectinload(ActionOwner.owner),
                 selectinload(Recommendation.report), selectinload(Recommendation.plan))
        .order_by(Recommendation.plan_id, Recommendation.position)
    ))


def build_tracker_report(session: Session, workspace_id: str, committee_name: str, as_of: date, *,
                         timezone: ZoneInfo, council: str | None = None) -> TrackerReport:
    committee = require_committee(session, workspace_id, committee_name)
    end_of_day = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=timezone)
    recommendations = committee_recommendations(session, committee)
    latest = _latest_updates(session, [r.id for r in recommendations], end_of_day)
    every = [_row(r, latest.get(r.id), as_of, timezone) for r in recommendations]
    previous = session.execute(
        select(ReportSnapshot.as_of, ReportSnapshot.rows_json)
        .where(ReportSnapshot.committee_id == committee.id, ReportSnapshot.kind == "report", ReportSnapshot.as_of < as_of)
        .order_by(ReportSnapshot.as_of.desc()).limit(1)
    ).first()
    meeting = next_meeting(session, committee, as_of)
    council = council or next((r.plan.council for r in recommendations if r.plan.council), None)
    return TrackerReport(
        committee=committee.name, as_of=as_of,
        rows=tuple(r for r in every if r.signed_off_on is None),
        signed_off=tuple(r for r in every if r.signed_off_on is not None),
        changes=tuple(changes_since(every, previous.rows_json if previous else None)),
        previous_as_of=previous.as_of if previous else None, council=council,
        meeting=meeting.meeting_on if meeting else None, papers_deadline=meeting.papers_due_on if meeting else None,
        by_assessment=count_by_assessment(every), by_response=count_by_response(every),
    )


def keep_snapshot(session: Session, workspace_id: str, committee_name: str, report: TrackerReport, *, kind: str = "report",
                  round_id: int | None = None, now: datetime) -> None:
    """Keep the report's rows for the next report to compare with (one per committee, day and kind)."""
    committee = require_committee(session, workspace_id, committee_name)
    session.execute(delete(ReportSnapshot).where(
        ReportSnapshot.committee_id == committee.id, ReportSnapshot.as_of == report.as_of, ReportSnapshot.kind == kind))
    session.add(ReportSnapshot(workspace_id=workspace_id, committee_id=committee.id, as_of=report.as_of, kind=kind,
                               round_id=round_id, rows_json=snapshot_of([*report.rows, *report.signed_off]), created_at=now))
    session.flush()


def _latest_updates(session: Session, recommendation_ids: list[int], before: datetime) -> dict[int, Update]:
    latest: dict[int, Update] = {}
    for chunk in _chunks(recommendation_ids, 500):
        for update in session.scalars(
            select(Update).where(Update.recommendation_id.in_(chunk), Update.created_at < before, Update.note != "")
            .order_by(Update.created_at, Update.id)
        ):
            latest[update.recommendation_id] = update  # ordered, so the last one stays
    return latest


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _row(recommendation: Recommendation, update: Update | None, as_of: date, timezone: ZoneInfo) -> RecommendationRow:
    report = recommendation.report
    actions = recommendation.actions
    owners: list[str] = []
    for action in actions:
        for owner in action.owners:
            if owner.name not in owners:
                owners.append(owner.name)
    assessment = recommendation.assessment
    signed = recommendation.signed_off_on if recommendation.signed_off_on and recommendation.signed_off_on <= as_of else None
    return RecommendationRow(
        key=str(recommendation.id),
        ref=recommendation.ref or f"{recommendation.plan.code}-{recommendation.position + 1}",
        text=recommendation.text,
        report_title=report.title if report else recommendation.plan.title,
        agreed_on=report.agreed_on if report else None,
        response=recommendation.response.label if recommendation.response else None,
        response_detail=recommendation.response_reason,
        lead_officers=tuple(owners),
        executive_member=recommendation.executive_member or (report.executive_member if report else None),
        actions=tuple(ActionLine(a.handle, a.text, tuple(o.name for o in a.owners), a.original_due_date or a.due_date, a.due_date,
                                 a.slip_count, a.status.label, "Ongoing" if a.ongoing else a.timescale_raw) for a in actions),
        latest_update=LatestUpdate(update.created_at.astimezone(timezone).date(), update.author_name, update.note) if update else None,
        assessment=assessment.label if assessment else None,
        rag=RAG_WORDS[assessment] if assessment else None,
        assessment_note=_assessment_note(recommendation),
        proposed=None if assessment else _proposed(actions, as_of),
        signed_off_on=signed,
        signed_off_minute=recommendation.signoff_minute if signed else None,
    )


def _assessment_note(recommendation: Recommendation) -> str | None:
    if recommendation.assessment == Assessment.SLIPPED and recommendation.assessment_date:
        reason = f" ({recommendation.assessment_reason})" if recommendation.assessment_reason else ""
        return f"now expected by {recommendation.assessment_date:%d/%m/%Y}{reason}"
    return recommendation.assessment_reason or None


def _proposed(actions: list[Action], as_of: date) -> str | None:
    """What the actions suggest (store.recommendations' roll-up), for one not yet assessed."""
    proposal = propose_assessment(actions, as_of)
    return proposal.assessment.label if proposal.assessment else None
