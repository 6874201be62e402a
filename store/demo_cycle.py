"""The scrutiny cycle in the demo: when each report was agreed and reached the executive, the
responses, assessments and a sign-off officers recorded, and the committees' meetings.

Dates are days from the demo's "today", like the rest of the demo, so `/responses` always has one
report overdue for a response (Housing Repairs, received twelve weeks ago, with 7.8 unanswered) and
one awaiting within the period (Safer Streets After Dark, received under three weeks ago).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from store.calendar import add_meeting
from store.committee_report.tracker import build_tracker_report, keep_snapshot
from store.cycle import (
    Assessment,
    AssessmentRequest,
    ResponseRequest,
    SignoffRequest,
    record_assessment,
    record_response,
    record_signoff,
)
from store.permissions import Person
from store.reports import ReportChange, change_report
from store.status import Response

# (plan code, agreed days ago, received days ago, executive member)
_REPORTS = [
    ("NF", 70, 66, "Cllr Ruth Adeyemi, Adult Social Care"),
    ("EB", 50, 47, "Cllr Joe Linton, Communities"),
    ("ST", 120, 113, "Cllr Farah Iqbal, Children's Services"),
    ("BR", 90, 84, "Cllr Alan Pryce, Housing"),
    ("PK", 40, 36, "Cllr Joe Linton, Communities"),
    ("CS", 30, 18, "Cllr Joe Linton, Communities"),
]

# (recommendation, response, days ago, reasons): responses an officer recorded from the executive's letter.
_RESPONSES = [
    ("EB-3", Response.ACCEPTED, 30, "Sessions to start at the two busiest branches."),
    ("BR-7.4.2", Response.ACCEPTED_IN_PART, 55, "Booked slots agreed; text reminders wait for the new repairs system."),
    ("NF-3.5", Response.REJECTED, 40, "Full assessments are kept: minor works still need an occupational therapist's check for safety."),
    ("BR-7.5", Response.NOTED, 55, "Costs are already in the housing revenue account papers."),
]

# (recommendation, assessment, new date in days from today or None, reason, days ago)
_ASSESSMENTS = [
    ("NF-3.1", Assessment.ON_TRACK, None, "Triage runs every weekday; waiting time down to nine weeks.", 3),
    ("BR-7.6", Assessment.SLIPPED, 45, "The inspection rota waits for a second surveyor, now recruited.", 10),
]

# No Slack account: the history names her rather than mentioning a user Slack does not know.
_OFFICER = Person(user_id="", name="Sarah Quinn (scrutiny officer)", is_officer=True)

_PUBLISHED = ["Housing Scrutiny Committee"]

# (committee, meeting days from today): the calendar, past meetings included.
_MEETINGS = [
    ("Housing Scrutiny Committee", -14), ("Housing Scrutiny Committee", 37),
    ("Communities Scrutiny Committee", 24), ("Communities Scrutiny Committee", 80),
    ("Adult Social Care Scrutiny Panel", 31),
    ("Environment Scrutiny Panel", 52),
]


def load_demo_cycle(session: Session, workspace_id: str, *, now: datetime, today: date) -> None:
    def ago(days: int) -> datetime:
        return now - timedelta(days=days)

    for code, agreed, received, member in _REPORTS:
        change_report(session, workspace_id, ReportChange(plan=code, agreed_on=today - timedelta(days=agreed),
                                                          received_on=today - timedelta(days=received), executive_member=member),
                      today=today)
    for committee, days in _MEETINGS:
        add_meeting(session, workspace_id, committee, today + timedelta(days=days), by=None, now=now)
    # The tracker the Housing Scrutiny Committee had for its last meeting, kept as published before
    # the steps below, so the next report has "what changed since the last report" to show.
    for committee in _PUBLISHED:
        report = build_tracker_report(session, workspace_id, committee, today - timedelta(days=21), timezone=ZoneInfo("Europe/London"))
        keep_snapshot(session, workspace_id, committee, report, now=ago(21))
    for rec, response, days, reason in _RESPONSES:
        record_response(session, workspace_id, _OFFICER, ResponseRequest(rec, response, reason, today - timedelta(days=days)),
                        now=ago(days), today=today, idempotency_key=f"demo:response:{rec}")
    for rec, assessment, new_date, reason, days in _ASSESSMENTS:
        request = AssessmentRequest(rec, assessment, today + timedelta(days=new_date) if new_date is not None else None, reason)
        record_assessment(session, workspace_id, _OFFICER, request, now=ago(days), today=today - timedelta(days=days),
                          idempotency_key=f"demo:assessment:{rec}")
    # Signed off at the last meeting although its one action was only reported done: the committee
    # said so, as the officer confirmed.
    meeting = today - timedelta(days=14)
    record_signoff(session, workspace_id, _OFFICER, SignoffRequest("BR-7.7", meeting, "23", "The committee accepted the executive's reasons."),
                   now=ago(13), today=today, confirmed=True, idempotency_key="demo:signoff:BR-7.7")
