"""Every Block Kit builder stays inside what Slack accepts, for any action it may be given: long and
non-ASCII text, markup characters that grow when escaped, many owners, long histories.

Each builder's output goes through the same checks as the strict fake (tests/fakes/slack_validation),
over a few hundred generated actions per builder rather than the demo's tidy samples."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from digests.content import Changes, Digest, DigestItem, DigestSection
from handlers.blocks.digest import render_digest
from handlers.blocks.action_detail import build_action_detail
from handlers.blocks.action_list import ActionList, ListState, action_entry, build_action_list
from handlers.blocks.feedback import build_error, build_handle_choices, build_help, build_owner_suggestions
from handlers.blocks.home import build_home
from handlers.blocks.update_modal import TITLES, ModalState, build_update_modal
from store.errors import HandleCandidate, OwnerCandidate
from store.status import Status, rag_rating
from store.summaries import ActionSummary, OwnerRef, UpdateSummary
from tests.fakes.slack_validation import block_problems, message_refusal, view_problems

TODAY = date(2026, 3, 16)
NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
ROUNDS = 150

# Words that are long, non-ASCII, or markup that escaping makes longer (& is five characters escaped).
WORDS = [
    "review", "housing", "Łódź", "zoë", "перевірка", "取り組み", "&", "<b>", "<!channel>", "*bold*", "_x_",
    "`code`", "🏛️", "Ærøskøbing", "a" * 40, "—", "\n", "> quote", "<@U0123ABCD>", "&amp;",
]


def text(rng: random.Random, most: int) -> str:
    length = rng.choice([0, 1, 20, 200, most // 2, most])
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:length]


def summary(rng: random.Random, n: int) -> ActionSummary:
    status = rng.choice(list(Status))
    due = TODAY + timedelta(days=rng.randint(-400, 400)) if rng.random() < 0.8 else None
    slips = rng.choice([0, 0, 1, 3, 12])
    owners = tuple(OwnerRef(i, text(rng, 120) or f"Owner {i}", rng.random() < 0.2, rng.choice([None, "U0OWNER1"]))
                   for i in range(rng.choice([0, 1, 2, 8, 30])))
    handle = f"{rng.choice(['BR', 'NF', 'ST-LONGCODE'])}-{n}.{rng.randint(1, 99)}{rng.choice(['', 'a', '(ii)'])}"
    return ActionSummary(
        id=n, handle=handle, plan_id=1, plan_code="BR", plan_title=text(rng, 300) or "Plan", ref=rng.choice([None, "7.4.3"]),
        text=text(rng, 5000), recommendation=text(rng, 5000), response=None, response_reason=None, owners=owners,
        status=status, status_reason=text(rng, 300) or None, review_date=None, due=due, original_due=due, slip_count=slips,
        ongoing=due is None and rng.random() < 0.5, recurring=rng.random() < 0.2, timescale_raw=text(rng, 200) or None,
        budget=text(rng, 200) or None, last_activity_at=NOW - timedelta(days=rng.randint(0, 90)),
        rag=rag_rating(status=status, due=due, slip_count=slips, last_activity=NOW, review_date=None, today=TODAY, now=NOW),
    )


def update(rng: random.Random) -> UpdateSummary:
    return UpdateSummary(
        at=NOW - timedelta(days=rng.randint(0, 900)), author=text(rng, 120) or "Someone",
        author_slack_id=rng.choice([None, "U0AUTHOR"]), note=text(rng, 2900), status_from=rng.choice([None, *Status]),
        status_to=rng.choice([None, *Status]), due_from=None, due_to=rng.choice([None, TODAY]), reason=text(rng, 1000) or None,
        source=rng.choice(["slack", "document", "cli"]),
    )


def assert_message_accepted(message) -> None:  # type: ignore[no-untyped-def]
    refusal = message_refusal({"text": message.text, "blocks": message.blocks})
    assert refusal is None, refusal.messages[:3]


@pytest.mark.parametrize("seed", range(3))
def test_action_lists_are_accepted_however_the_actions_read(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(ROUNDS // 3):
        items = [summary(rng, n) for n in range(rng.choice([0, 1, 8, 8]))]
        listing = ActionList(
            title=text(rng, 400) or "Actions", items=items, total=len(items) + rng.choice([0, 100]),
            state=ListState(kind=rng.choice(["actions", "overdue", "mine"]), query=text(rng, 500), offset=rng.choice([0, 8, 800])),
            today=TODAY, command="/actions " + text(rng, 500), summary=text(rng, 300), notes=[text(rng, 600) for _ in range(rng.randint(0, 3))],
            group_by_owner=rng.random() < 0.5, empty_hint=text(rng, 400), shared_by=rng.choice([None, "U0SHARER"]),
        )
        assert_message_accepted(build_action_list(listing))


def test_action_details_are_accepted_with_any_history() -> None:
    rng = random.Random(21)
    for n in range(ROUNDS):
        history = [update(rng) for _ in range(rng.choice([0, 1, 5, 40]))]
        assert_message_accepted(build_action_detail(summary(rng, n), history, TODAY))


def test_entries_are_accepted_on_their_own_and_keep_their_block_id_within_255() -> None:
    rng = random.Random(22)
    for n in range(ROUNDS):
        origin = rng.choice([None, ListState(kind="actions", query=text(rng, 500)), ListState(kind="home", query="overdue")])
        blocks = action_entry(summary(rng, n), TODAY, origin=origin)
        assert block_problems(blocks, limit=50, pointer="/blocks") == []


def test_update_modals_are_accepted_in_every_mode() -> None:
    rng = random.Random(23)
    for n in range(ROUNDS):
        item = summary(rng, n)
        mode = rng.choice(sorted(TITLES))
        state = ModalState(handle=item.handle, mode=mode, origin=ListState(kind="actions", query=text(rng, 500)).encode(),
                           response_url="https://hooks.slack.com/actions/T0/1/" + "x" * rng.choice([24, 400]),
                           channel="C0123", link="https://example.slack.com/archives/C0/p1" + "9" * rng.choice([0, 2000]))
        own = [(summary(rng, i).handle, text(rng, 300) or "x") for i in range(rng.choice([0, 3, 150]))] if mode == "message" else None
        if own:
            state.handle = own[0][0]
        view = build_update_modal(None if mode == "message" else item, state, today=TODAY, note=text(rng, 5000), own_actions=own)
        assert view_problems(view) == [], view_problems(view)[:3]


def test_home_tabs_are_accepted_for_any_viewer() -> None:
    rng = random.Random(24)
    for _ in range(ROUNDS // 3):
        pool = [summary(rng, n) for n in range(20)]
        mine, awaiting, overdue = (rng.sample(pool, rng.randint(0, 12)) for _ in range(3))
        view = build_home(linked=rng.random() < 0.8, mine=mine, mine_total=len(mine), officer=rng.random() < 0.6,
                          awaiting=awaiting, awaiting_total=len(awaiting), overdue=overdue, overdue_total=len(overdue),
                          today=TODAY, note=text(rng, 600))
        assert view_problems(view) == [], view_problems(view)[:3]


def test_help_errors_and_suggestions_are_accepted_whatever_was_typed() -> None:
    rng = random.Random(25)
    for _ in range(ROUNDS):
        typed = text(rng, 500) or "x"
        assert_message_accepted(build_error(text(rng, 3000) or "Problem", [text(rng, 300) for _ in range(rng.randint(0, 4))]))
        owners = [OwnerCandidate(i, text(rng, 200) or "Someone", 80.0, rng.randint(0, 99)) for i in range(rng.randint(0, 6))]
        assert_message_accepted(build_owner_suggestions(typed, owners, kind="actions", query_without_owner=text(rng, 500), ambiguous=rng.random() < 0.5))
        handles = [HandleCandidate(i, summary(rng, i).handle, text(rng, 300), text(rng, 3000)) for i in range(rng.randint(0, 9))]
        assert_message_accepted(build_handle_choices(typed, handles, ambiguous=rng.random() < 0.5))
        assert_message_accepted(build_help(owner_example=text(rng, 200) or None, plan_example=text(rng, 100) or None,
                                           word_example=text(rng, 100) or None, handle_example=summary(rng, 1).handle))


def digest_item(rng: random.Random, n: int) -> DigestItem:
    return DigestItem(summary(rng, n), mentions=rng.sample(["U0A", "U0B", "subteam:S0TEAM"], rng.randint(0, 3)),
                      note=text(rng, 2900), note_by=text(rng, 120), moved_from=TODAY - timedelta(days=9), moved_to=TODAY)


def test_digests_are_accepted_whatever_their_filter_and_actions() -> None:
    rng = random.Random(26)
    for _ in range(ROUNDS // 3):
        items = lambda: [digest_item(rng, n) for n in range(rng.choice([0, 1, 10, 25]))]  # noqa: E731
        sections = [DigestSection(key, text(rng, 100) or key, items(), rng.randint(0, 300), "/overdue " + text(rng, 2500))
                    for key in ("overdue", "due_soon", "updated", "stale", "done")]
        digest = Digest(
            workspace_id="T0", subscription_id=1, channel_id="C0", scope=text(rng, 2500) or "all actions",
            query=text(rng, 2500), as_of=NOW, since=NOW - timedelta(days=7), today=TODAY, total=rng.randint(0, 5000),
            done=rng.randint(0, 100), in_progress=rng.randint(0, 100), overdue=rng.choice([0, 3, 999]),
            changes=Changes(items(), items(), items(), items()), sections=sections, updates_this_week=rng.choice([0, 4]),
        )
        assert_message_accepted(render_digest(digest, preview=rng.random() < 0.3))


def test_a_date_is_written_as_day_short_month_and_year_for_every_day_there_is() -> None:
    """fmt_date reads month names from a table: the words strftime's "%b %Y" writes, on any date."""
    from handlers.blocks.text import fmt_date

    day = date(1, 1, 1)
    while day < date(9999, 12, 1):
        assert fmt_date(day) == f"{day.day} {day:%b %Y}"
        day += timedelta(days=97)
    assert fmt_date(date(2026, 5, 3)) == "3 May 2026"
