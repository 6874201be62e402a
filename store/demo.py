"""Demo data for trying the bot without any real documents: five invented action plans.

Everything here is invented (councils, people, text). Due dates are set relative to the day
the demo is loaded, so "overdue", "due soon" and "stale" always have something to show.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.demo_cycle import load_demo_cycle
from store.handles import find_action
from store.importer import import_plan
from store.importing.parsed import ParsedAction, ParsedPlan, ParsedRecommendation, Timescale
from store.models import Action
from store.status import Response, Status
from store.updates import UpdateRequest, record_update

# (ref, recommendation, response, [(action text, owners, due offset in days | None, flags)])
# flags: "ongoing", "recurring", or a Status value for where the document says it stands.
_Row = tuple[str, str, Response | None, list[tuple[str, list[str], int | None, str]]]

_HOME_ADAPTATIONS: list[_Row] = [
    ("3.1", "Cut the wait for a home adaptations assessment to eight weeks by triaging urgent cases within two working days.", Response.ACCEPTED, [
        ("Introduce a telephone triage slot each morning for urgent referrals.", ["Priya Raman"], -41, "in_progress"),
        ("Publish the waiting time for assessments on the council website every month.", ["Priya Raman", "Digital Services"], 9, "recurring"),
    ]),
    ("3.2", "Agree a single referral form with the hospital discharge team so that nobody is assessed twice.", Response.ACCEPTED, [
        ("Draft the shared referral form and test it with two discharge wards.", ["Tom Okafor"], -12, ""),
    ]),
    ("3.3", "Recycle more returned equipment by collecting it within ten days of it no longer being needed.", Response.ACCEPTED_IN_PRINCIPLE, [
        ("Add a collection request to the end-of-service letter.", ["Grace Whitfield"], 4, ""),
        ("Report the recycling rate to the panel each quarter.", ["Grace Whitfield"], None, "ongoing"),
    ]),
    ("3.4", "Give every applicant a named contact and a date for the works to start.", Response.ACCEPTED, [
        ("Add the named contact and start date to the approval letter template.", ["Housing Options Team"], -3, ""),
    ]),
    ("3.5", "Review whether minor adaptations under one thousand pounds can be approved without a full assessment.", Response.REJECTED, [
        ("Explain the reasons for keeping full assessments in the next panel report.", ["Tom Okafor"], 30, "done"),
    ]),
    ("3.6", "Replace the equipment ordering spreadsheet with the case management system's ordering module.", Response.ACCEPTED, [
        ("Confirm funding for the ordering module licence.", ["IT Services"], -60, "blocked"),
        ("Train occupational therapists on electronic ordering.", ["Priya Raman", "IT Services"], 75, ""),
    ]),
]

_LIBRARIES: list[_Row] = [
    ("1", "Keep all branch libraries open while the modernisation programme consults residents.", Response.ACCEPTED, [
        ("Set up a residents' reference group for each of the four districts.", ["Sam Achebe"], -20, "done"),
        ("Run drop-in consultation sessions in every branch.", ["Sam Achebe", "Libraries Team"], 13, "in_progress"),
    ]),
    ("2", "Extend self-service opening hours at the three largest branches.", Response.ACCEPTED_IN_PRINCIPLE, [
        ("Trial self-service evening opening at the Market Street branch.", ["Helen Marsh"], -7, "partially_done"),
        ("Agree a safeguarding protocol for unstaffed hours with the community safety team.", ["Helen Marsh", "Priya Raman"], 2, ""),
    ]),
    ("3", "Offer digital skills sessions for older residents in partnership with voluntary groups.", Response.ACCEPTED, [
        ("Hold digital skills sessions every month at two branches.", ["Libraries Team"], None, "recurring"),
    ]),
    ("4", "Report the use of library buildings by other services, such as health checks and advice surgeries.", Response.ACCEPTED, [
        ("Add a building-use measure to the quarterly performance report.", ["Helen Marsh"], 45, ""),
    ]),
    ("5", "Move the mobile library timetable online with live updates.", Response.ACCEPTED, [
        ("Publish the mobile library timetable as open data.", ["Digital Services"], 100, "paused"),
    ]),
]

_TRANSPORT: list[_Row] = [
    ("T1", "Check every home-to-school transport route against the walking distance rules this year.", Response.ACCEPTED, [
        ("Audit the routes for pupils living within three miles of their school.", ["Martin Kowalski"], -95, "in_progress"),
    ]),
    ("T2", "Tell parents the outcome of a transport application within twenty working days.", Response.ACCEPTED, [
        ("Set up a tracker for applications and their decision dates.", ["Transport Planning Team"], -30, "done"),
        ("Send parents an acknowledgement with the expected decision date.", ["Martin Kowalski"], 6, ""),
    ]),
    ("T3", "Work with bus operators on safer pick-up points near rural schools.", Response.ACCEPTED_IN_PRINCIPLE, [
        ("Survey pick-up points with the road safety team.", ["Grace Whitfield", "Transport Planning Team"], 21, ""),
        ("Review the survey findings with operators every six months.", ["Transport Planning Team"], None, "recurring"),
    ]),
    ("T4", "Publish the cost per pupil of each transport contract.", Response.REJECTED, [
        ("Explain to the committee why contract prices are commercially sensitive.", ["Martin Kowalski"], -2, ""),
    ]),
]

# The README's examples (Linda Mann, Diane, BR-7.4.3) live in this one, so a newcomer can type
# them as written. It also has an action with no owner, each kind of executive response, and
# deadlines that moved (see _DUE_MOVES).
_HOUSING_REPAIRS: list[_Row] = [
    ("7.4.1", "Answer repair calls faster by putting more staff on at the busiest hours.", Response.ACCEPTED, [
        ("Rota two extra call handlers on Monday mornings.", ["Repairs Team"], -25, "in_progress"),
    ]),
    ("7.4.2", "Give tenants a date for their repair when they first report it.", Response.ACCEPTED_IN_PART, [
        ("Offer a booked appointment slot for every routine repair.", ["Linda Mann"], -15, ""),
        ("Text tenants a reminder the day before their appointment.", ["Linda Mann", "Digital Services"], 20, ""),
    ]),
    ("7.4.3", "Rewrite the letter sent after a repair so that it says how to complain.", Response.ACCEPTED, [
        ("Revise the standard letter with comments from the tenants' panel.", ["Linda Mann"], -5, ""),
    ]),
    ("7.5", "Publish what responsive repairs cost per home each year.", Response.NOTED, [
        ("Add repair costs per home to the annual housing report.", ["Finance Team"], 60, ""),
    ]),
    ("7.6", "Inspect every damp and mould report within ten working days.", Response.ACCEPTED, [
        ("Set up a damp and mould inspection rota.", ["Diane Brown"], -40, ""),
        ("Go through every open damp case with a surveyor.", [], 10, ""),
    ]),
    ("7.7", "Move the repairs contract to a schedule of rates.", Response.REJECTED, [
        ("Report to the committee why the current contract is kept.", ["Diane Brown"], None, "done"),
    ]),
    ("7.8", "Ask tenants how satisfied they were after every repair.", None, [
        ("Send a short survey after each completed job.", ["Repairs Team"], None, "ongoing"),
    ]),
]

_PARKING: list[_Row] = [
    ("P1", "Let residents renew parking permits online.", Response.ACCEPTED, [
        ("Move permit renewals into the residents' online account.", ["Digital Services"], 30, "in_progress"),
    ]),
    ("P2", "Look again at the price of visitor permits.", Response.ACCEPTED_IN_PRINCIPLE, [
        ("Consult residents on visitor permit prices.", ["Owen Price"], -10, ""),
        ("Report the consultation results to the panel.", ["Owen Price", "Finance Team"], 50, "not_started"),
    ]),
]

# Recommendations the executive has not answered yet, and so no actions: the report reached the
# executive a few weeks ago, so `/responses` has something awaiting within the period.
_COMMUNITY_SAFETY: list[_Row] = [
    ("1", "Light the footpaths between the two estates and the railway station.", None, []),
    ("2", "Give neighbourhood wardens a single number residents can text at night.", None, []),
    ("3", "Report antisocial behaviour figures by ward, not only by district.", None, []),
]

_PLANS = [
    ("NF", "Home Adaptations and Equipment Review", "Adult Social Care Scrutiny Panel", "Northfield Borough Council", -70, _HOME_ADAPTATIONS),
    ("EB", "Library Services Modernisation", "Communities Scrutiny Committee", "Eastbrook County Council", -50, _LIBRARIES),
    ("ST", "Home to School Transport", "Children's Services Task and Finish Group", "Northfield Borough Council", -120, _TRANSPORT),
    ("BR", "Housing Repairs Review", "Housing Scrutiny Committee", "Brentwick Borough Council", -90, _HOUSING_REPAIRS),
    ("PK", "Residents' Parking Review", "Environment Scrutiny Panel", "Eastbrook County Council", -40, _PARKING),
    ("CS", "Safer Streets After Dark", "Communities Scrutiny Committee", "Eastbrook County Council", -30, _COMMUNITY_SAFETY),
]

# (handle, days ago, author, days the deadline moves by, reason): deadlines moved by their owners.
_DUE_MOVES = [
    ("BR-7.4.1", 50, "Repairs Team", 14, "Recruitment of call handlers took longer than planned."),
    ("BR-7.4.1", 20, "Repairs Team", 21, "Second round of interviews needed."),
    ("BR-7.6a", 30, "Diane Brown", 10, "Surveyor on leave."),
]

# (handle, days ago, author, status or "", note): progress posted by owners since the plans were agreed.
_UPDATES = [
    ("NF-3.1a", 38, "Priya Raman", "in_progress", "Triage slot running on Mondays and Thursdays; five days to go."),
    ("NF-3.1a", 3, "Priya Raman", "", "Now every weekday morning. Urgent cases are seen within two days."),
    ("NF-3.6a", 25, "IT Services", "blocked", "Licence cost not in this year's budget; waiting for a decision from finance."),
    ("EB-1a", 22, "Sam Achebe", "done", "All four reference groups have met once."),
    ("EB-2a", 5, "Helen Marsh", "partially_done", "Evening opening trialled on Tuesdays; footfall report due next month."),
    ("ST-T1", 60, "Martin Kowalski", "in_progress", "Half of the routes audited; the rest need school term data."),
    ("ST-T2a", 31, "Transport Planning Team", "done", "Tracker live and shared with the admissions team."),
]


def demo_plans(today: date) -> list[ParsedPlan]:
    plans = []
    for code, title, committee, council, age_days, rows in _PLANS:
        recommendations = []
        line = 1
        for ref, text, response, actions in rows:
            parsed_actions = []
            for action_text, owners, offset, flags in actions:
                due = today + timedelta(days=offset) if offset is not None else None
                raw = due.strftime("%d %B %Y") if due else ("Ongoing" if flags == "ongoing" else "Monthly" if flags == "recurring" else "")
                parsed_actions.append(
                    ParsedAction(
                        text=action_text,
                        owners=owners,
                        timescale=Timescale(raw=raw, deadlines=[due] if due else []),
                        due=due,
                        ongoing=flags == "ongoing",
                        recurring=flags == "recurring",
                        status=Status(flags) if flags in Status._value2member_map_ else None,
                        line=line,
                    )
                )
                line += 1
            recommendations.append(
                ParsedRecommendation(ref=ref, ref_printed=ref, text=text, line=line, response=response, actions=parsed_actions)
            )
        plans.append(
            ParsedPlan(
                source_file=f"demo-{code.lower()}.tsv",
                layout="demo",
                title=title,
                committee=committee,
                council=council,
                document_date=today + timedelta(days=age_days),
                recommendations=recommendations,
                teams=["Digital Services", "Housing Options Team", "IT Services", "Libraries Team", "Transport Planning Team",
                       "Repairs Team", "Finance Team"],
                rows_read=line,
            )
        )
    return plans


def load_demo(session: Session, workspace_id: str, *, now: datetime, today: date) -> int:
    """Load the demo plans into a workspace; returns how many actions it now has."""
    for parsed, (code, *_details) in zip(demo_plans(today), _PLANS, strict=True):
        # Actions were agreed when the plan was published, so their history starts then.
        agreed = now - (today - (parsed.document_date or today))
        import_plan(session, workspace_id, parsed, now=agreed, code=code)
    for handle, days_ago, author, status, note in _UPDATES:
        action = find_action(session, workspace_id, handle)
        when = now - timedelta(days=days_ago)
        record_update(
            session,
            action,
            UpdateRequest(status=Status(status) if status else None, note=note),
            author_name=author,
            author_slack_id=None,
            now=when,
            today=when.date(),
            source="demo",
            idempotency_key=f"demo:{handle}:{days_ago}",
        )
    for handle, days_ago, author, days_later, reason in _DUE_MOVES:
        action = find_action(session, workspace_id, handle)
        when = now - timedelta(days=days_ago)
        record_update(
            session,
            action,
            UpdateRequest(new_due=(action.due_date or today) + timedelta(days=days_later), reason=reason),
            author_name=author,
            author_slack_id=None,
            now=when,
            today=when.date(),
            source="demo",
            idempotency_key=f"demo:{handle}:due:{days_ago}",
        )
    load_demo_cycle(session, workspace_id, now=now, today=today)
    return session.scalar(select(func.count()).select_from(Action).where(Action.workspace_id == workspace_id)) or 0


def store_is_empty(session: Session, workspace_id: str) -> bool:
    return session.scalar(select(Action.id).where(Action.workspace_id == workspace_id).limit(1)) is None
