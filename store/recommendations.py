"""Recommendations as the committee sees them: found by the name people type, with their report,
response, assessment, sign-off, actions and history, and the assessment their actions suggest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from store.errors import Form, Problem, Typed, said
from store.handles import ref_for_handle
from store.models import Action, ActionOwner, Plan, Recommendation, RecommendationEvent
from store.status import CAN_BE_OVERDUE, Assessment, Response, Status


def recommendation_handle(code: str, ref: str | None, position: int) -> str:
    """What to type for a recommendation: the plan's code and its printed ref (`BR-7.4`), or its
    place in the plan (`BR-#3`) when the document printed no ref."""
    clean = ref_for_handle(ref)
    return f"{code}-{clean}" if clean else f"{code}-#{position + 1}"


def handle_of(rec: Recommendation) -> str:
    return recommendation_handle(rec.plan.code, rec.ref, rec.position)


GENERIC_HANDLE = "PLAN-REF"  # what to type when the workspace has no recommendation to show


def example_handle(session: Session, workspace_id: str) -> str | None:
    """A real recommendation to show in a hint: one still waiting for the executive's response if
    there is one (what an officer is most likely to type next), else the first; None when empty."""
    for waiting in (True, False):
        query = select(Plan.code, Recommendation.ref, Recommendation.position).join(Plan, Plan.id == Recommendation.plan_id).where(
            Recommendation.workspace_id == workspace_id)
        if waiting:
            query = query.where(Recommendation.response.is_(None), Recommendation.signed_off_on.is_(None))
        row = session.execute(query.order_by(Recommendation.plan_id, Recommendation.position).limit(1)).first()
        if row is not None:
            return recommendation_handle(*row)
    return None


def nearest_handles(session: Session, workspace_id: str, typed: str, limit: int = 3) -> list[str]:
    """Recommendations close to a mistyped one, looked for within the plan its code names (a plan
    has at most a few hundred, so this stays cheap however large the workspace)."""
    from rapidfuzz import fuzz, process

    code, dash, _ref = typed.strip().partition("-")
    if not dash:
        return []
    rows = session.execute(
        select(Plan.code, Recommendation.ref, Recommendation.position).join(Plan, Plan.id == Recommendation.plan_id)
        .where(Recommendation.workspace_id == workspace_id, func.lower(Plan.code) == code.lower())
        .order_by(Recommendation.position)
    ).all()
    handles = [recommendation_handle(*row) for row in rows]
    close = process.extract(typed.strip().lower(), [h.lower() for h in handles], scorer=fuzz.ratio, score_cutoff=70, limit=limit)
    return [handles[index] for _text, _score, index in close]


def find_recommendation(session: Session, workspace_id: str, typed: str) -> Recommendation:
    """The recommendation someone named: `BR-7.4` (plan code and ref), one of its actions' handles
    (`BR-7.4a`), `BR-#3` (the third in plan BR), or a bare ref printed in only one plan. Raises
    Problem saying what to type when it names none or several."""
    text = typed.replace("\x00", "").strip().strip("`*_")
    if not text:
        raise Problem(said("Name the recommendation: its plan code and ref, like ",
                           Form(example_handle(session, workspace_id) or GENERIC_HANDLE), "."))
    action = session.scalar(
        select(Action).options(joinedload(Action.recommendation)).where(
            Action.workspace_id == workspace_id, Action.handle_key == text.lower()
        )
    )
    if action is not None:
        return _loaded(session, action.recommendation_id)
    code, dash, ref = text.partition("-")
    if dash and ref:
        plan = session.scalar(select(Plan).where(Plan.workspace_id == workspace_id, func.lower(Plan.code) == code.lower()))
        if plan is not None:
            recs = list(session.scalars(select(Recommendation).where(Recommendation.plan_id == plan.id)))
            if ref.startswith("#") and ref[1:].isdigit():
                chosen = [r for r in recs if r.position == int(ref[1:]) - 1]
            else:
                chosen = [r for r in recs if ref_for_handle(r.ref).lower() == ref_for_handle(ref).lower() != ""]
            if len(chosen) >= 1:
                return _loaded(session, chosen[0].id)
    by_ref = list(
        session.scalars(
            select(Recommendation).options(joinedload(Recommendation.plan))
            .where(Recommendation.workspace_id == workspace_id, Recommendation.ref == text)
            .order_by(Recommendation.plan_id, Recommendation.position)
        )
    )
    if len(by_ref) == 1:
        return _loaded(session, by_ref[0].id)
    if by_ref:
        choices = [handle_of(r) for r in by_ref[:6]]
        raise Problem(
            said(Typed(typed), " is a recommendation in more than one plan. Say which: ", *_or_forms(choices), "."),
        )
    near = nearest_handles(session, workspace_id, text)
    if near:
        raise Problem(said("No recommendation is called ", Typed(typed), ". Did you mean ", *_or_forms(near), "?"))
    example = example_handle(session, workspace_id)
    if example is None:
        raise Problem(said("No recommendation is called ", Typed(typed), ": there are no plans here yet."),
                      [said(Form("/import"), " brings in a tracker or action plan; its recommendations then have handles like ",
                            Form(GENERIC_HANDLE), " (the plan's code and the ref as printed).")])
    raise Problem(
        said("No recommendation is called ", Typed(typed), "."),
        [said("Type the plan's code and the recommendation's ref, like ", Form(example),
              ", or the handle of one of its actions. ", Form("/actions plans"), " lists the plans.")],
    )


def _or_forms(handles: list[str]) -> list[str | Form]:
    parts: list[str | Form] = []
    for i, handle in enumerate(handles):
        if i:
            parts.append(" or " if i == len(handles) - 1 else ", ")
        parts.append(Form(handle))
    return parts


def _loaded(session: Session, rec_id: int) -> Recommendation:
    rec = session.scalar(
        select(Recommendation)
        .options(
            joinedload(Recommendation.plan),
            joinedload(Recommendation.report),
            selectinload(Recommendation.actions).selectinload(Action.owner_links).joinedload(ActionOwner.owner),
        )
        .where(Recommendation.id == rec_id)
    )
    assert rec is not None
    return rec


def lock_recommendation(session: Session, rec: Recommendation) -> None:
    """Hold the recommendation's row until the transaction ends (as store.updates.lock_action does
    for actions): two officers' sign-offs then apply one after the other."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Recommendation.id).where(Recommendation.id == rec.id).with_for_update())
    else:
        from sqlalchemy import update

        session.execute(update(Recommendation).where(Recommendation.id == rec.id).values(position=Recommendation.position))
    session.refresh(rec)


@dataclass(frozen=True)
class Proposal:
    """The assessment the actions suggest, and why. The officer decides."""

    assessment: Assessment | None
    why: str


def propose_assessment(actions: list[Action], today: date) -> Proposal:
    """Roll the actions up into the committee's terms: every action closed and at least one done
    → achieved; none done and all closed → not achieved; any open action overdue or moved later →
    slipped; otherwise on track."""
    if not actions:
        return Proposal(None, "it has no actions to judge by")
    closed = [a for a in actions if a.status.is_closed]
    done = [a for a in closed if a.status is Status.DONE]
    if len(closed) == len(actions):
        if done:
            return Proposal(Assessment.ACHIEVED, f"{_n(len(done), 'action')} done, every action closed")
        return Proposal(Assessment.NOT_ACHIEVED, "every action was closed as no longer feasible")
    open_ = [a for a in actions if not a.status.is_closed]
    overdue = [a for a in open_ if a.due_date is not None and a.due_date < today and a.status in CAN_BE_OVERDUE]
    moved = [a for a in open_ if a.slip_count > 0]
    if overdue:
        return Proposal(Assessment.SLIPPED, f"{_n(len(overdue), 'action')} overdue")
    if moved:
        return Proposal(Assessment.SLIPPED, f"{_n(len(moved), 'deadline')} moved later")
    return Proposal(Assessment.ON_TRACK, f"{_n(len(open_), 'action')} open, none overdue")


def _n(n: int, noun: str) -> str:
    return f"1 {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class EventSummary:
    kind: str
    at: datetime
    author: str
    author_slack_id: str | None
    response: Response | None
    responded_on: date | None
    assessment: Assessment | None
    on_date: date | None
    minute: str | None
    note: str


@dataclass(frozen=True)
class ActionLine:
    handle: str
    text: str
    status: Status
    due: date | None
    owners: tuple[str, ...]


@dataclass(frozen=True)
class RecommendationSummary:
    """A recommendation, its report and its state, taken while the session is open."""

    id: int
    handle: str
    plan_code: str
    plan_title: str
    ref: str | None
    text: str
    report_title: str | None
    committee: str | None
    agreed_on: date | None
    received_on: date | None
    response_due: date | None
    executive_member: str | None
    response: Response | None
    response_reason: str | None
    responded_on: date | None
    assessment: Assessment | None
    assessment_date: date | None
    assessment_reason: str | None
    signed_off_on: date | None
    signoff_minute: str | None
    proposal: Proposal
    actions: tuple[ActionLine, ...] = ()
    history: tuple[EventSummary, ...] = field(default_factory=tuple)

    @property
    def open_actions(self) -> list[ActionLine]:
        return [a for a in self.actions if not a.status.is_closed]

    @property
    def signed_off(self) -> bool:
        return self.signed_off_on is not None

    def awaiting_response(self) -> bool:
        return self.response is None and self.received_on is not None

    def response_overdue(self, today: date) -> bool:
        return self.awaiting_response() and self.response_due is not None and self.response_due < today


def summarise_recommendation(session: Session, rec: Recommendation, *, today: date, with_history: bool = True) -> RecommendationSummary:
    report = rec.report
    history: tuple[EventSummary, ...] = ()
    if with_history:
        events = session.scalars(
            select(RecommendationEvent)
            .where(RecommendationEvent.recommendation_id == rec.id)
            .order_by(RecommendationEvent.created_at, RecommendationEvent.id)
        )
        history = tuple(
            EventSummary(e.kind, e.created_at, e.author_name, e.author_slack_id, e.response, e.responded_on,
                         e.assessment, e.on_date, e.minute, e.note)
            for e in events
        )
    return RecommendationSummary(
        id=rec.id,
        handle=handle_of(rec),
        plan_code=rec.plan.code,
        plan_title=rec.plan.title,
        ref=rec.ref,
        text=rec.text,
        report_title=report.title if report else None,
        committee=report.committee.name if report and report.committee else rec.plan.committee,
        agreed_on=report.agreed_on if report else None,
        received_on=report.received_on if report else None,
        response_due=report.response_due_on if report else None,
        executive_member=rec.executive_member or (report.executive_member if report else None),
        response=rec.response,
        response_reason=rec.response_reason,
        responded_on=rec.responded_on,
        assessment=rec.assessment,
        assessment_date=rec.assessment_date,
        assessment_reason=rec.assessment_reason,
        signed_off_on=rec.signed_off_on,
        signoff_minute=rec.signoff_minute,
        proposal=propose_assessment(list(rec.actions), today),
        actions=tuple(
            ActionLine(a.handle, a.text, a.status, a.due_date, tuple(o.name for o in a.owners)) for a in rec.actions
        ),
        history=history,
    )
