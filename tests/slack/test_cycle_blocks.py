"""The scrutiny cycle's Block Kit builders, called directly: what they say, and that Slack accepts
them for any recommendation (long and hostile text, many actions, long histories)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from handlers.blocks.action_list import ActionList, ListState, build_action_list
from handlers.blocks.cycle import (
    build_recommendation,
    build_report,
    build_response_modal,
    build_responses,
    build_signoff_question,
    response_phrase,
)
from store.recommendations import (
    ActionLine,
    EventSummary,
    Proposal,
    RecommendationSummary,
)
from handlers.payloads import ResponseFormState, SignoffChoice
from store.reports import Awaiting, ReportView, ResponseWatch
from store.response_clock import ResponsePeriod
from store.status import Assessment, Response, Status
from tests.fakes.slack_validation import message_refusal, view_problems
from tests.slack.test_block_kit_builders import summary, text

TODAY = date(2026, 3, 16)
NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


def recommendation(rng: random.Random | None = None, **changes: object) -> RecommendationSummary:
    rng = rng or random.Random(0)
    fields: dict[str, object] = {
        "id": 1, "handle": "PK-2", "plan_code": "PK", "plan_title": "Parking Review", "ref": "2", "text": "Review evening controls.",
        "report_title": "Parking Review", "committee": "Place Scrutiny Committee", "agreed_on": date(2026, 2, 24),
        "received_on": date(2026, 3, 10), "response_due": date(2026, 5, 9), "executive_member": "Cllr Ann Lee",
        "response": None, "response_reason": None, "responded_on": None, "assessment": None, "assessment_date": None,
        "assessment_reason": None, "signed_off_on": None, "signoff_minute": None,
        "proposal": Proposal(Assessment.SLIPPED, "1 action overdue"),
        "actions": (ActionLine("PK-2a", "Survey residents.", Status.IN_PROGRESS, date(2026, 2, 1), ("Diane Brown",)),
                 ActionLine("PK-2b", "Report the survey.", Status.NOT_STARTED, date(2026, 9, 30), ("Diane Brown",))),
    }
    fields.update(changes)
    return RecommendationSummary(**fields)  # type: ignore[arg-type]


def random_recommendation(rng: random.Random) -> RecommendationSummary:
    day = TODAY - timedelta(days=rng.randint(0, 400))
    return recommendation(
        rng, handle=text(rng, 40) or "PK-1", plan_title=text(rng, 400) or "Plan", text=text(rng, 5000),
        report_title=text(rng, 400) or None, committee=text(rng, 300) or None, executive_member=text(rng, 200) or None,
        response=rng.choice([None, *Response]), response_reason=text(rng, 2000) or None, responded_on=rng.choice([None, day]),
        assessment=rng.choice([None, *Assessment]), assessment_reason=text(rng, 2000) or None,
        signed_off_on=rng.choice([None, day]), signoff_minute=text(rng, 60) or "1",
        actions=tuple(ActionLine(text(rng, 40) or "X-1", text(rng, 3000), rng.choice(list(Status)), rng.choice([None, day]),
                                 tuple(text(rng, 100) for _ in range(rng.randint(0, 5)))) for _ in range(rng.choice([0, 1, 3, 40]))),
        history=tuple(EventSummary(rng.choice(["response", "assessment", "signoff", "reopen"]), NOW, text(rng, 200) or "Olive",
                                   rng.choice([None, "U0OFFICER"]), rng.choice([None, *Response]), day, rng.choice([None, *Assessment]),
                                   day, text(rng, 60), text(rng, 2000)) for _ in range(rng.choice([0, 2, 30]))),
    )


def test_an_unanswered_recommendation_says_when_its_response_is_due() -> None:
    assert response_phrase(recommendation(), TODAY) == ":hourglass_flowing_sand: Awaiting a response, due 9 May 2026 (due in 54 days)"


def test_a_recommendation_past_its_deadline_says_the_response_is_overdue() -> None:
    phrase = response_phrase(recommendation(received_on=date(2025, 12, 31), response_due=date(2026, 2, 28)), TODAY)
    assert "*Response overdue*" in phrase and "16 days overdue" in phrase


def test_the_card_lists_each_action_under_the_recommendation_once() -> None:
    message = build_recommendation(recommendation(), TODAY)
    text_ = "\n".join(b.get("text", {}).get("text", "") for b in message.blocks if b["type"] == "section")
    assert text_.count("Review evening controls.") == 1
    assert "*PK-2a* Survey residents." in text_ and "*PK-2b* Report the survey." in text_


def test_the_card_offers_the_response_form_only_while_no_response_is_recorded() -> None:
    def buttons(rec: RecommendationSummary) -> list[str]:
        return [e["action_id"] for b in build_recommendation(rec, TODAY).blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons(recommendation()) == ["cycle_respond"]
    assert buttons(recommendation(response=Response.ACCEPTED)) == []


def test_the_sign_off_question_carries_the_sign_off_in_its_button() -> None:
    choice = SignoffChoice(rec="PK-2", meeting="2026-03-02", minute="46")
    message = build_signoff_question(choice, list(recommendation().actions), TODAY)
    [anyway, _cancel] = next(b for b in message.blocks if b["type"] == "actions")["elements"]
    assert SignoffChoice.decode(anyway["value"]) == choice
    assert "`/signoff PK-2 meeting:2026-03-02 minute:46 anyway`" in message.blocks[-1]["elements"][0]["text"]


def test_an_empty_response_watch_says_nothing_is_waiting() -> None:
    message = build_responses(ResponseWatch(), TODAY)
    assert "Nothing is waiting for an executive response" in str(message.blocks)


def test_a_list_names_a_recommendation_once_above_its_actions() -> None:
    rng = random.Random(1)
    base = summary(rng, 1)
    items = [
        replace(base, id=n, handle=f"PK-2{c}", text=f"Action {c}.", recommendation="Review evening controls.",
                recommendation_id=7, recommendation_handle="PK-2")
        for n, c in enumerate("ab")
    ]
    listing = ActionList(title="Actions", items=items, total=2, state=ListState(kind="actions", query=""), today=TODAY, command="/actions")
    contexts = [e["text"] for b in build_action_list(listing).blocks if b["type"] == "context" for e in b["elements"]]
    assert sum("Review evening controls." in c for c in contexts) == 1


@pytest.mark.parametrize("seed", range(3))
def test_cycle_messages_and_the_form_are_accepted_however_the_recommendation_reads(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        rec = random_recommendation(rng)
        for message in (
            build_recommendation(rec, TODAY, headline=text(rng, 300), notes=[(text(rng, 500),)]),
            build_signoff_question(SignoffChoice(rec=rec.handle, meeting="2026-03-02", minute=text(rng, 60) or "1", note=text(rng, 2000)), list(rec.actions), TODAY),
        ):
            assert message_refusal({"text": message.text, "blocks": message.blocks}) is None
        assert view_problems(build_response_modal(rec, ResponseFormState(rec=rec.handle, channel="C0CHANNEL"), TODAY)) == []


@pytest.mark.parametrize("seed", range(2))
def test_response_lists_and_reports_are_accepted_however_they_read(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(30):
        def awaiting() -> Awaiting:
            return Awaiting(text(rng, 16) or "PK", text(rng, 400), text(rng, 300) or None, text(rng, 200) or None,
                            TODAY - timedelta(days=rng.randint(0, 300)), rng.choice([None, TODAY - timedelta(days=rng.randint(-60, 200))]),
                            tuple((text(rng, 40) or "PK-1", text(rng, 3000)) for _ in range(rng.choice([1, 3, 30]))))
        watch = ResponseWatch([awaiting() for _ in range(rng.choice([0, 2, 15]))], [awaiting() for _ in range(rng.choice([0, 2, 15]))],
                              [text(rng, 16) or "X" for _ in range(rng.choice([0, 3]))])
        message = build_responses(watch, TODAY, scope=text(rng, 400))
        assert message_refusal({"text": message.text, "blocks": message.blocks}) is None
        view = ReportView(1, text(rng, 16) or "PK", text(rng, 400) or "R", text(rng, 300) or None, None, TODAY, TODAY,
                          text(rng, 200) or None, ResponsePeriod(months=2), rng.randint(0, 50), 0)
        report = build_report(view, TODAY, headline=text(rng, 200))
        assert message_refusal({"text": report.text, "blocks": report.blocks}) is None

