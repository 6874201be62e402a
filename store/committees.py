"""Committees and response periods: how long the executive has to respond, per workspace and
per committee (a committee's own period wins over the workspace's; neither set means the
statutory two months)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.errors import Form, Problem, Typed, said
from store.models import Committee, ScrutinyReport, Workspace, utcnow
from store.response_clock import (
    MAX_DAYS,
    MAX_MONTHS,
    ResponsePeriod,
    period_for,
    response_due,
)

MAX_NAME = 300


def committee_key(name: str) -> str:
    """A committee's name folded for matching: case, spacing and punctuation do not matter."""
    return " ".join(re.sub(r"[^\w&]+", " ", name.casefold()).split())[:MAX_NAME]


def find_committee(session: Session, workspace_id: str, name: str) -> Committee | None:
    key = committee_key(name)
    if not key:
        return None
    return session.scalar(select(Committee).where(Committee.workspace_id == workspace_id, Committee.name_key == key))


def find_or_create_committee(session: Session, workspace_id: str, name: str) -> Committee:
    """The workspace's committee of that name, created the first time it is named."""
    existing = find_committee(session, workspace_id, name)
    if existing is not None:
        return existing
    key = committee_key(name)
    if not key:
        raise Problem(said("A committee needs a name: ", Form('committee:"Health Scrutiny Committee"'), "."))
    # NUL cannot be stored in PostgreSQL text; nobody means it (see store.handles.find_action).
    committee = Committee(workspace_id=workspace_id, name=" ".join(name.replace("\x00", "").split())[:MAX_NAME], name_key=key,
                          created_at=utcnow())
    session.add(committee)
    session.flush()
    return committee


_PERIOD = re.compile(r"^\s*(?P<n>\d{1,4})\s*(?P<unit>d|days?|w|weeks?|m|months?)\s*$", re.IGNORECASE)


def parse_period(text: str) -> ResponsePeriod:
    """`28d`, `28 days`, `8w` (56 days), `2m`, `2 months`. Raises Problem saying what to type."""
    match = _PERIOD.match(text)
    if match is None:
        raise Problem(
            said("I can't read ", Typed(text), " as a response period."),
            [said("Type a number of days, weeks or months: ", Form("28d"), ", ", Form("8w"), " or ", Form("2m"), ".")],
        )
    n, unit = int(match.group("n")), match.group("unit")[0].lower()
    days = n * 7 if unit == "w" else n if unit == "d" else None
    if days is not None:
        if not 1 <= days <= MAX_DAYS:
            raise Problem(said("A response period in days is between 1 and ", str(MAX_DAYS), ": ", Typed(text), " is not."))
        return ResponsePeriod(days=days)
    if not 1 <= n <= MAX_MONTHS:
        raise Problem(said("A response period in months is between 1 and ", str(MAX_MONTHS), ": ", Typed(text), " is not."))
    return ResponsePeriod(months=n)


def workspace_period(session: Session, workspace_id: str) -> ResponsePeriod:
    workspace = session.get(Workspace, workspace_id)
    return period_for(None, (workspace.response_days, workspace.response_months) if workspace else None)


def report_period(session: Session, report: ScrutinyReport) -> ResponsePeriod:
    workspace = session.get(Workspace, report.workspace_id)
    committee = report.committee
    return period_for(
        (committee.response_days, committee.response_months) if committee else None,
        (workspace.response_days, workspace.response_months) if workspace else None,
    )


def set_workspace_period(session: Session, workspace_id: str, period: ResponsePeriod | None) -> int:
    """Set (None: back to the statutory two months) the workspace's period; reworks the due dates
    of its reports and returns how many changed."""
    workspace = session.get(Workspace, workspace_id)
    if workspace is None:
        raise Problem(said("There is no workspace ", Typed(workspace_id), "."))
    workspace.response_days = period.days if period else None
    workspace.response_months = period.months if period else None
    session.flush()
    return rework_due_dates(session, workspace_id)


def set_committee_period(session: Session, workspace_id: str, name: str, period: ResponsePeriod | None) -> tuple[Committee, int]:
    """Set (None: use the workspace's) a committee's period, creating the committee if need be."""
    committee = find_or_create_committee(session, workspace_id, name)
    committee.response_days = period.days if period else None
    committee.response_months = period.months if period else None
    session.flush()
    return committee, rework_due_dates(session, workspace_id, committee_id=committee.id)


def rework_due_dates(session: Session, workspace_id: str, *, committee_id: int | None = None) -> int:
    """Recompute stored response due dates after a period changed."""
    statement = select(ScrutinyReport).where(
        ScrutinyReport.workspace_id == workspace_id, ScrutinyReport.received_on.is_not(None)
    )
    if committee_id is not None:
        statement = statement.where(ScrutinyReport.committee_id == committee_id)
    changed = 0
    for report in session.scalars(statement):
        assert report.received_on is not None
        due = response_due(report.received_on, report_period(session, report))
        if due != report.response_due_on:
            report.response_due_on = due
            changed += 1
    session.flush()
    return changed
