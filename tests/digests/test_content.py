"""What a digest says, and how it reads in Slack."""

from handlers import catalog
from datetime import timedelta

import pytest

from digests.content import build_digest
from handlers.blocks.digest import render_digest
from digests.schedule import Schedule
from digests.subscriptions import subscribe
from handlers.blocks.limits import MAX_BLOCKS, MAX_SECTION_TEXT
from store.handles import find_action
from store.status import Status
from store.updates import UpdateRequest, record_update
from tests.conftest import NOW, PRIYA, TODAY, WORKSPACE, ActionSpec
from tests.fakes.running_app import blocks_text

WEEK = timedelta(days=7)


def make_subscription(db, query=""):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        return subscribe(session, WORKSPACE, "C0DIGEST", query=query, schedule=Schedule(), quiet_weeks="line", created_by="U0001", now=NOW - WEEK)


def digest_for(db, subscription, *, as_of=NOW, previous=None):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return build_digest(session, subscription, as_of=as_of, previous=previous)


def post(db, handle, when, **request):  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as session:
        record_update(session, find_action(session, WORKSPACE, handle), UpdateRequest(**request), author_name="Priya Raman",
                      author_slack_id=PRIYA, now=when, today=when.date(), source="slack")


def test_headline_counts_cover_the_subscriptions_actions(demo) -> None:  # type: ignore[no-untyped-def]
    digest = digest_for(demo, make_subscription(demo, "plan:NF"))
    assert (digest.total, digest.done, digest.overdue) == (9, 1, 4)


def test_overdue_is_most_overdue_first(demo) -> None:  # type: ignore[no-untyped-def]
    items = digest_for(demo, make_subscription(demo)).section("overdue").items
    assert [i.action.handle for i in items][:3] == ["ST-T1", "NF-3.6a", "NF-3.1a"]


def test_owners_are_mentioned_where_linked(linked) -> None:  # type: ignore[no-untyped-def]
    items = digest_for(linked, make_subscription(linked, "plan:NF")).section("overdue").items
    priya = next(i for i in items if i.action.handle == "NF-3.1a")
    assert priya.mentions == [PRIYA]
    assert f"<@{PRIYA}>" in blocks_text(render_digest(digest_for(linked, make_subscription(linked, "plan:NF"))).payload())


def test_changes_since_the_previous_digest_lead(demo) -> None:  # type: ignore[no-untyped-def]
    post(demo, "NF-3.6b", NOW - timedelta(days=2), new_due=TODAY + timedelta(days=120), reason="Licence delayed")
    post(demo, "NF-3.3a", NOW - timedelta(days=1), status=Status.DONE, note="Letter changed")
    digest = digest_for(demo, make_subscription(demo, "plan:NF"), previous=NOW - WEEK)
    assert [i.action.handle for i in digest.changes.slipped] == ["NF-3.6b"]
    assert [i.action.handle for i in digest.changes.closed] == ["NF-3.3a"]
    assert {i.action.handle for i in digest.changes.first_updates} == {"NF-3.6b", "NF-3.3a"}
    assert [i.action.handle for i in digest.changes.newly_overdue] == ["NF-3.4"]
    text = blocks_text(render_digest(digest).payload())
    assert text.index("What changed since the last digest") < text.index("*Overdue*")


def test_updated_this_week_shows_the_latest_note(demo) -> None:  # type: ignore[no-untyped-def]
    post(demo, "NF-3.2", NOW - timedelta(days=3), note="First draft of the form shared.")
    post(demo, "NF-3.2", NOW - timedelta(days=1), note="Wards agreed the form.")
    item = digest_for(demo, make_subscription(demo)).section("updated").items[0]
    assert (item.action.handle, item.note) == ("NF-3.2", "Wards agreed the form.")


def test_a_quiet_week_is_one_line(demo) -> None:  # type: ignore[no-untyped-def]
    digest = digest_for(demo, make_subscription(demo, "plan:EB"), as_of=NOW + 3 * WEEK, previous=NOW + 2 * WEEK)
    assert digest.quiet
    message = render_digest(digest)
    assert len(message.blocks) == 1 and "Quiet week for" in message.blocks[0]["text"]["text"]


def test_long_sections_are_cut_with_a_count_and_the_command_to_see_them(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    add_plan("Big plan", [ActionSpec(f"{n}", f"Action number {n}.", ["Linda Mann"], due=TODAY - timedelta(days=n)) for n in range(1, 31)], code="BG")
    digest = digest_for(db, make_subscription(db, "plan:BG"))
    text = blocks_text(render_digest(digest).payload())
    assert "_and 25 more:_ `/overdue plan:BG`" in text


def test_the_message_keeps_within_slacks_limits(db, add_plan) -> None:  # type: ignore[no-untyped-def]
    long_text = "A very long action text that goes on. " * 40
    add_plan("Huge plan", [ActionSpec(f"{n}", long_text, ["Linda Mann"], due=TODAY - timedelta(days=n)) for n in range(1, 80)], code="HG")
    message = render_digest(digest_for(db, make_subscription(db)))
    assert len(message.blocks) <= MAX_BLOCKS
    assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in message.blocks if b["type"] == "section")


def test_the_progress_bar_shows_done_in_progress_and_overdue(demo) -> None:  # type: ignore[no-untyped-def]
    text = blocks_text(render_digest(digest_for(demo, make_subscription(demo))).payload())
    assert "% done*" in text and "█" in text and "▒" in text


def test_a_button_lists_everything_overdue(demo) -> None:  # type: ignore[no-untyped-def]
    message = render_digest(digest_for(demo, make_subscription(demo, "plan:NF")))
    [button] = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == catalog.LIST_OVERDUE_ACTION and '"q":"plan:NF"' in button["value"]


@pytest.mark.parametrize("query", ["owner:priya", "plan:ST status:open"])
def test_a_subscription_filter_narrows_every_section(demo, query) -> None:  # type: ignore[no-untyped-def]
    digest = digest_for(demo, make_subscription(demo, query))
    handles = {i.action.handle for s in digest.sections for i in s.items}
    assert handles and all(h.startswith(("NF", "EB", "ST")) for h in handles)
    if query.startswith("plan:ST"):
        assert all(h.startswith("ST") for h in handles)
