"""Scrutiny reports: the document a committee sends the executive, and the clock it starts.

Each imported plan gets a report (its title and committee); an officer gives the dates
(`/report BR received:2026-03-10`), and from the date received and the committee's (else the
workspace's, else the statutory) period comes the date a response is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from store.committees import find_or_create_committee, report_period
from store.errors import Form, Problem, Typed, said
from store.handles import find_plan
from store.models import Committee, Plan, Recommendation, ScrutinyReport, utcnow
from store.recommendations import recommendation_handle
from store.response_clock import ResponsePeriod, response_due
from store.typed_dates import read_date


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def report_for_plan(session: Session, plan: Plan) -> ScrutinyReport:
    """The plan's report, made from the plan's title and committee the first time it is asked for;
    recommendations of the plan not yet in a report join it."""
    report = session.scalar(
        select(ScrutinyReport).where(ScrutinyReport.plan_id == plan.id).order_by(ScrutinyReport.id).limit(1)
    )
    if report is None:
        report = ScrutinyReport(workspace_id=plan.workspace_id, plan_id=plan.id, title=plan.title[:400], created_at=utcnow())
        if plan.committee:
            report.committee = find_or_create_committee(session, plan.workspace_id, plan.committee)
        session.add(report)
        session.flush()
    for rec in session.scalars(
        select(Recommendation).where(Recommendation.plan_id == plan.id, Recommendation.report_id.is_(None))
    ):
        rec.report_id = report.id
    session.flush()
    return report


@dataclass
class ReportChange:
    """What `/report PLAN …` asked to change; unset fields stay as they are."""

    plan: str
    received_on: date | None = None
    agreed_on: date | None = None
    committee: str | None = None
    executive_member: str | None = None
    title: str | None = None

    @property
    def changes_anything(self) -> bool:
        return any(v is not None for v in (self.received_on, self.agreed_on, self.committee, self.executive_member, self.title))


_FIELD = re.compile(r'(?P<key>[A-Za-z]+):(?P<value>"[^"]*"|\'[^\']*\'|\S+)')
_KEYS = {
    "received": "received_on", "sent": "received_on", "agreed": "agreed_on", "committee": "committee",
    "member": "executive_member", "executive": "executive_member", "cabinet": "executive_member",
    "portfolio": "executive_member", "title": "title",
}
REPORT_EXAMPLE = 'BR received:2026-03-10 agreed:2026-02-24 committee:"Health Scrutiny" member:"Cllr Ann Lee"'


def parse_report_change(text: str) -> ReportChange:
    text = text.replace("\u201c", '"').replace("\u201d", '"').strip()
    plan, _, rest = text.partition(" ")
    if not plan or ":" in plan:
        raise Problem(said("Start with the plan's code: ", Form(f"/report {REPORT_EXAMPLE}"), "."))
    change = ReportChange(plan=plan)
    leftover = _FIELD.sub(lambda m: _take(change, m), rest).strip()
    if leftover:
        raise Problem(
            said("I don't know what ", Typed(leftover), " is for in a report."),
            [said("Fields: ", Form("received:"), ", ", Form("agreed:"), ", ", Form("committee:"), ", ",
                  Form("member:"), ", ", Form("title:"), ". For example ", Form(f"/report {REPORT_EXAMPLE}"), ".")],
        )
    return change


def _take(change: ReportChange, match: re.Match[str]) -> str:
    key = _KEYS.get(match.group("key").lower())
    if key is None:
        return match.group(0)
    value = match.group("value").strip("\"'").strip()
    if key in ("received_on", "agreed_on"):
        setattr(change, key, read_date(value, field=f"{match.group('key').lower()}:"))
    elif not value:
        raise Problem(said(Form(match.group("key").lower() + ":"), " needs a value."))
    else:
        setattr(change, key, value[:400])
    return ""


def find_one_plan(session: Session, workspace_id: str, typed: str) -> Plan:
    plans = find_plan(session, workspace_id, typed)
    if not plans:
        raise Problem(said("No plan matches ", Typed(typed), "."), [said(Form("/actions plans"), " lists the plans and their codes.")])
    if len(plans) > 1:
        raise Problem(said(Typed(typed), " matches several plans; use the code: ",
                           *[p for plan in plans[:6] for p in (Form(plan.code), " ")]))
    return plans[0]


def change_report(session: Session, workspace_id: str, change: ReportChange, *, today: date) -> ScrutinyReport:
    """Apply `change` to the plan's report and rework its response due date. Dates after today,
    and a report received before it was agreed, are refused; nothing changes then."""
    plan = find_one_plan(session, workspace_id, change.plan)
    report = report_for_plan(session, plan)
    received = change.received_on or report.received_on
    agreed = change.agreed_on or report.agreed_on
    for label, day in (("received", change.received_on), ("agreed", change.agreed_on)):
        if day is not None and day > today:
            raise Problem(said(f"The date {label} ({_day(day)}) is after today; give the day it happened."))
    if received is not None and agreed is not None and received < agreed:
        raise Problem(
            said(f"The executive can't receive the report ({_day(received)}) before the committee agreed it "
                 f"({_day(agreed)})."),
            [said("Give both dates: ", Form(f"/report {plan.code} agreed:{agreed.isoformat()} received:{agreed.isoformat()}"), ".")],
        )
    earliest_response = session.scalar(
        select(Recommendation.responded_on)
        .where(Recommendation.report_id == report.id, Recommendation.responded_on.is_not(None))
        .order_by(Recommendation.responded_on).limit(1)
    )
    if earliest_response is not None and received is not None and received > earliest_response:
        raise Problem(said(f"A response to this report was recorded on {_day(earliest_response)}, before "
                           f"{_day(received)}: the report was received by then."))
    if change.committee is not None:
        report.committee = find_or_create_committee(session, workspace_id, change.committee)
    if change.executive_member is not None:
        report.executive_member = change.executive_member
    if change.title is not None:
        report.title = change.title
    report.received_on, report.agreed_on = received, agreed
    report.response_due_on = response_due(received, report_period(session, report)) if received else None
    session.flush()
    return report


@dataclass(frozen=True)
class ReportView:
    id: int
    plan_code: str
    title: str
    committee: str | None
    agreed_on: date | None
    received_on: date | None
    response_due: date | None
    executive_member: str | None
    period: ResponsePeriod
    recommendations: int
    responded: int


def view_report(session: Session, report: ScrutinyReport) -> ReportView:
    recs = list(session.scalars(select(Recommendation).where(Recommendation.report_id == report.id)))
    return ReportView(
        id=report.id,
        plan_code=report.plan.code if report.plan else "",
        title=report.title,
        committee=report.committee.name if report.committee else None,
        agreed_on=report.agreed_on,
        received_on=report.received_on,
        response_due=report.response_due_on,
        executive_member=report.executive_member,
        period=report_period(session, report),
        recommendations=len(recs),
        responded=sum(1 for r in recs if r.response is not None),
    )


@dataclass(frozen=True)
class Awaiting:
    """One report's recommendations still waiting for the executive."""

    plan_code: str
    title: str
    committee: str | None
    executive_member: str | None
    received_on: date
    response_due: date | None
    recommendations: tuple[tuple[str, str], ...]  # (handle, text)

    def overdue_days(self, today: date) -> int:
        return (today - self.response_due).days if self.response_due and self.response_due < today else 0


UNDATED_NAMED = 15  # reports with no date received named in a reply


@dataclass
class ResponseWatch:
    overdue: list[Awaiting] = field(default_factory=list)
    awaiting: list[Awaiting] = field(default_factory=list)
    # Reports with recommendations and no response whose date received nobody has given yet.
    undated: list[str] = field(default_factory=list)

    @property
    def recommendation_count(self) -> int:
        return sum(len(a.recommendations) for a in [*self.overdue, *self.awaiting])


class Unanswered(NamedTuple):
    """One recommendation of a received report that the executive has not answered."""

    plan_id: int
    plan_code: str
    position: int
    ref: str | None
    text: str
    executive_member: str | None
    report_id: int
    report_title: str
    committee: str | None
    report_executive_member: str | None
    received_on: date
    response_due: date | None


def received_unanswered(session: Session, workspace_id: str, plan_ids: list[int] | None = None) -> list[Unanswered]:
    """The recommendations of received reports still waiting for a response, by plan and position."""
    # Only received reports are read whole: a workspace whose trackers printed no responses has
    # thousands of unanswered recommendations in reports nobody has dated, and those are only named.
    # The received reports are found first and their recommendations through the report index: a
    # join ordered by plan walked every recommendation of the workspace (a million, from disk).
    received = list(session.scalars(
        select(ScrutinyReport.id).where(ScrutinyReport.workspace_id == workspace_id, ScrutinyReport.received_on.is_not(None))
    ))
    if not received:
        return []
    conditions = [Recommendation.report_id.in_(received), Recommendation.workspace_id == workspace_id, Recommendation.response.is_(None)]
    if plan_ids is not None:
        conditions.append(Recommendation.plan_id.in_(plan_ids))
    rows = list(session.execute(
        select(Recommendation.plan_id, Plan.code, Recommendation.position, Recommendation.ref, Recommendation.text,
               Recommendation.executive_member, ScrutinyReport.id, ScrutinyReport.title, Committee.name,
               ScrutinyReport.executive_member, ScrutinyReport.received_on, ScrutinyReport.response_due_on, Recommendation.id)
        .join(ScrutinyReport, Recommendation.report_id == ScrutinyReport.id)
        .join(Plan, Plan.id == Recommendation.plan_id)
        .outerjoin(Committee, Committee.id == ScrutinyReport.committee_id)
        .where(*conditions)
    ))
    rows.sort(key=lambda r: (r[0], r[2], r[-1]))  # by plan and position, sorted here so no index order is forced
    return [Unanswered._make(row[:-1]) for row in rows]


def awaiting_of(unanswered: list[Unanswered], today: date) -> tuple[list[Awaiting], list[Awaiting]]:
    """(overdue, awaiting): each report's unanswered recommendations, overdue first (most overdue
    first), then by due date."""
    by_report: dict[int, list[Unanswered]] = {}
    for rec in unanswered:
        by_report.setdefault(rec.report_id, []).append(rec)
    overdue: list[Awaiting] = []
    awaiting: list[Awaiting] = []
    for recs in by_report.values():
        report = recs[0]
        members = {r.executive_member for r in recs if r.executive_member}
        item = Awaiting(
            plan_code=report.plan_code,
            title=report.report_title,
            committee=report.committee,
            executive_member=report.report_executive_member or (members.pop() if len(members) == 1 else None),
            received_on=report.received_on,
            response_due=report.response_due,
            recommendations=tuple((recommendation_handle(r.plan_code, r.ref, r.position), r.text) for r in recs),
        )
        (overdue if item.overdue_days(today) else awaiting).append(item)
    overdue.sort(key=lambda a: (a.response_due or today, a.plan_code))
    awaiting.sort(key=lambda a: (a.response_due or date.max, a.plan_code))
    return overdue, awaiting


def awaiting_responses(session: Session, workspace_id: str, *, today: date, plan_ids: list[int] | None = None) -> ResponseWatch:
    """What is waiting for an executive response: received reports with unanswered
    recommendations, overdue first (most overdue first), then by due date."""
    overdue, awaiting = awaiting_of(received_unanswered(session, workspace_id, plan_ids), today)
    watch = ResponseWatch(overdue, awaiting)
    unanswered = [Recommendation.workspace_id == workspace_id, Recommendation.response.is_(None)]
    if plan_ids is not None:
        unanswered.append(Recommendation.plan_id.in_(plan_ids))
    # Probed report by report (the report index): an IN list of every unanswered recommendation's
    # report read the whole recommendations table.
    watch.undated = list(session.scalars(
        select(Plan.code).join(ScrutinyReport, ScrutinyReport.plan_id == Plan.id)
        .where(ScrutinyReport.workspace_id == workspace_id, ScrutinyReport.received_on.is_(None),
               exists().where(Recommendation.report_id == ScrutinyReport.id, *unanswered))
        .order_by(Plan.code).limit(UNDATED_NAMED)
    ))
    return watch
