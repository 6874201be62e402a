"""Nothing typed or imported can mention, link or restyle in a reply.

Slack reads `<!channel>`, `<!here>`, `<!everyone>`, `<@U…>`, `<#C…>`, `<!subteam^S…>` and
`<https://…|…>` in mrkdwn, in plain text and in the top-level `text` fallback alike. Every place
the bot echoes what someone typed (queries, names, handles, notes, questions) or what a file said
(recommendations, actions, owners, timescales, titles) must show it with `&`, `<` and `>` escaped.
The bot's own mentions (`Shared by <@U0001>`, an update's author) come from Slack user ids; the
hostile strings use ids that never occur legitimately, so any `<` left in a reply that is not one
of the bot's own mentions was smuggled in.
"""

from __future__ import annotations

import json
import re
from handlers import catalog
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from handlers.blocks.text import escape, literal, plain
from handlers.replies import list_reply
from store.models import Base, Update
from tests.conftest import NOW, OFFICER, PRIYA, TODAY, WORKSPACE, ActionSpec, Database, parsed_plan
from tests.fakes import slack_requests as sr
from tests.properties.strategies import SLACK_SPECIAL, SQL_SHAPED, filters

HOSTILE = (
    "<!channel> <!here> <!everyone> <@U0EVIL> <#C0EVIL|general> <!subteam^S0EVIL|@admins> "
    "<https://evil.example|click me> & *bold* `tick`"
)
# An escaped bracket in a reply: proof that the hostile text was echoed, not dropped.
ECHOED = "&lt;"
# The only angle brackets a reply may carry: mentions of the Slack users in these tests.
_OWN_MENTIONS = re.compile(rf"<@(?:{PRIYA}|{OFFICER}|{sr.USER_ID}|U0LINDA)>")
_SLACK_SEQUENCE = re.compile(r"<[^<>]*>?")


def rendered(node: Any) -> Iterator[str]:
    """Every string Slack renders in a message, view or API body: each `text` at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from rendered(value)
    elif isinstance(node, list):
        for item in node:
            yield from rendered(item)


def smuggled(texts: Iterable[str]) -> list[str]:
    """Angle-bracket sequences Slack would act on that the bot did not put there itself."""
    return [seq for t in texts for seq in _SLACK_SEQUENCE.findall(_OWN_MENTIONS.sub("", t))]


def api_texts(slack_app) -> list[str]:  # type: ignore[no-untyped-def]
    """What every recorded Web API call and response_url post would show."""
    texts: list[str] = []
    for call in slack_app.slack.calls:
        body = {key: call.arg(key) for key in ("text", "blocks", "view", "attachments") if key in call.body}
        texts.extend(rendered(body))
    return texts


def assert_clean(slack_app, *replies: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    """The replies and every Web API call so far smuggle nothing, and did echo the hostile text."""
    texts = [t for reply in replies for t in rendered(reply)] + api_texts(slack_app)
    assert smuggled(texts) == []
    assert any(ECHOED in t for t in texts), "the hostile text was not echoed, so nothing was checked"


def command(slack_app, name: str, typed: str, *, user: str = sr.USER_ID) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command(name, typed, user=user)
    assert reply.status == 200
    return reply.json


@pytest.fixture
def hostile_plan(demo: Database) -> Database:
    """The demo store plus a plan whose every text field carries Slack control sequences."""
    from store.importer import import_plan

    plan = parsed_plan(
        f"Evil plan {HOSTILE}",
        [
            ActionSpec("9.1", f"Do {HOSTILE} things.", ["<!channel> Mallory", "Team <#C0EVIL>"], due=TODAY - timedelta(days=5),
                       timescale=f"<!here> March {TODAY.year}", recommendation=f"Recommend {HOSTILE}"),
            ActionSpec("9.2", f"Then {HOSTILE}.", ["<!channel> Mallory"], due=TODAY + timedelta(days=3)),
        ],
        council="Evil <!here> Council",
        teams=["Team <#C0EVIL>"],
    )  # fmt: skip
    with demo.session_factory.begin() as session:
        import_plan(session, WORKSPACE, plan, now=NOW, code="EV")
    return demo


# Escaping helpers: the properties the rest relies on.


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_text_has_no_angle_brackets_and_unescapes_to_what_was_typed(typed: str) -> None:
    escaped = escape(typed)
    assert "<" not in escaped and ">" not in escaped
    assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == typed


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_a_literal_is_one_code_span_with_no_backtick_or_angle_bracket_inside(typed: str) -> None:
    shown = literal(typed)
    assert shown.startswith("`") and shown.endswith("`") and len(shown) >= 2
    assert "`" not in shown[1:-1] and "<" not in shown and ">" not in shown


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_plain_text_has_no_angle_brackets(typed: str) -> None:
    assert "<" not in plain(typed) and ">" not in plain(typed)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.lists(st.one_of(filters, st.sampled_from(SLACK_SPECIAL)), min_size=1, max_size=4).map(" ".join))
def test_any_list_reply_carries_no_mention_or_link_it_was_not_given(services, demo: Database, typed: str) -> None:  # type: ignore[no-untyped-def]
    for kind in ("actions", "overdue"):
        message = list_reply(services, WORKSPACE, kind, typed)
        assert smuggled(rendered({"text": message.text, "blocks": message.blocks})) == []


# Each place text is echoed, through the real HTTP app. Each test sends several commands: every
# test costs a server start and stop, and the folder has a time budget.


def test_actions_echoes_typed_words_owners_plans_text_and_filters_escaped(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    for typed in [
        HOSTILE, f'owner:"{HOSTILE}"', "owner:<@U0EVIL>", 'owner:"Priya <!channel>"', f'plan:"{HOSTILE}"',
        f'text:"{HOSTILE}"', f"library {HOSTILE}", "status:<!channel>", "status:open|<!here>", "due:<!channel>",
        'due:"<!here>..<!channel>"', "updated:<!channel>",
    ]:  # fmt: skip
        assert_clean(slack_app, command(slack_app, "/actions", typed))


def test_overdue_echoes_a_typed_owner_escaped(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    for typed in [f'owner:"{HOSTILE}"', "owner:<@U0EVIL>", 'owner:"Martin <!channel>"', "owner:martin plan:<!channel>"]:
        assert_clean(slack_app, command(slack_app, "/overdue", typed))


def test_action_echoes_a_typed_handle_escaped(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    for typed in [HOSTILE, "<@U0EVIL>", "NF-<!channel>", "3.1 <!here>"]:
        assert_clean(slack_app, command(slack_app, "/action", typed))


def test_update_echoes_what_it_cannot_read_escaped(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    for typed in [HOSTILE, "NF-3.1a <!here>: done", "NF-3.1a due <!channel>: soon", "<@U0EVIL> done: x"]:
        assert_clean(slack_app, command(slack_app, "/update", typed, user=PRIYA))


def test_update_notes_are_escaped_in_the_confirmation_and_the_history(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    replies = [
        command(slack_app, "/update", f"NF-3.1a blocked: {HOSTILE}", user=PRIYA),
        command(slack_app, "/update", f"NF-3.1b {HOSTILE}", user=PRIYA),
        command(slack_app, "/update", f"NF-3.1a due 2026-12-01: {HOSTILE}", user=PRIYA),
    ]
    detail = command(slack_app, "/action", "NF-3.1a")
    assert "*Updates*" in "".join(rendered(detail))
    assert_clean(slack_app, *replies, detail)


def test_a_note_typed_in_the_update_form_is_escaped_in_the_history_and_the_sign_off_request(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    listing, _ = slack_app.command("/actions", 'owner:"Priya Raman"', user=PRIYA)
    entry = next(b for b in listing.json["blocks"] if b["type"] == "actions" and '"h":"NF-3.1a"' in b.get("block_id", ""))
    slack_app.click(catalog.UPDATE_ACTION, "NF-3.1a", block_id=entry["block_id"], user=PRIYA)
    slack_app.submit(slack_app.opened_view(), {"status": "done", "note": HOSTILE}, user=PRIYA)
    slack_app.slack.wait_for("chat.postMessage", where=lambda body: body.get("channel") == OFFICER)
    assert_clean(slack_app, listing.json, command(slack_app, "/action", "NF-3.1a"))


def test_mention_and_direct_message_questions_are_echoed_escaped(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    questions = [
        f"<@U0BOT> {HOSTILE}", "<@U0BOT> what is overdue for <!channel>?", "<@U0BOT> anything about <!here> <@U0EVIL>?",
        "<@U0BOT> who owns <#C0EVIL> 3.1?", "<@U0BOT> what has <!subteam^S0EVIL> got in the <!here> plan?",
    ]  # fmt: skip
    for count, question in enumerate(questions, start=1):
        slack_app.event(sr.app_mention_event(question))
        slack_app.slack.wait_for("chat.postEphemeral", count=count)
    slack_app.event(sr.message_event(f"anything about {HOSTILE}", channel="D0001", channel_type="im"))
    slack_app.slack.wait_for("chat.postMessage")
    assert_clean(slack_app)


def test_imported_text_is_escaped_in_every_reply_that_shows_it(slack_app, hostile_plan) -> None:  # type: ignore[no-untyped-def]
    for name, typed in [
        # The demo's own overdue actions fill /overdue's first page, so the owner is named.
        ("/actions", "plan:EV"), ("/overdue", "owner:mallory"), ("/action", "EV-9.1"), ("/actions", "owners"), ("/actions", "plans"),
        ("/actions", "owner:mallory"), ("/actions", "mallory"), ("/actions", "owner:mallroy"), ("/overdue", "plan:evil"),
        ("/actions", "things"), ("/action", "9.2"),
    ]:  # fmt: skip
        assert_clean(slack_app, command(slack_app, name, typed))
    with hostile_plan.session_factory.begin() as session:
        # Help takes its example owner from the workspace: make the hostile one the first person.
        session.execute(text("UPDATE owners SET name = 'A <!channel> Mallory' WHERE name = '<!channel> Mallory'"))
    assert_clean(slack_app, command(slack_app, "/actions", "help"))


def test_imported_text_is_escaped_in_questions_details_sharing_the_update_form_and_home(slack_app, hostile_plan) -> None:  # type: ignore[no-untyped-def]
    slack_app.event(sr.app_mention_event("<@U0BOT> what is overdue for mallroy?"))  # "did you mean" the hostile owner
    listing = command(slack_app, "/actions", "plan:EV", user=OFFICER)
    share = next(e for b in listing["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == catalog.SHARE_ACTION)
    _, shared = slack_app.click(catalog.SHARE_ACTION, share["value"], user=OFFICER)
    _, details = slack_app.click(catalog.DETAILS_ACTION, "EV-9.1", user=OFFICER)
    entry = next(b for b in listing["blocks"] if b["type"] == "actions" and '"h":"EV-9.1"' in b.get("block_id", ""))
    slack_app.click(catalog.UPDATE_ACTION, "EV-9.1", block_id=entry["block_id"], user=OFFICER)
    slack_app.event(sr.app_home_opened_event(user=OFFICER))
    slack_app.slack.wait_for("chat.postEphemeral")
    slack_app.slack.wait_for_responses(shared, 2)
    slack_app.slack.wait_for_responses(details, 1)
    slack_app.slack.wait_for("views.open")
    slack_app.slack.wait_for("views.publish")
    assert_clean(slack_app, listing)


def test_imported_owner_names_are_escaped_when_an_update_is_refused(slack_app, hostile_plan) -> None:  # type: ignore[no-untyped-def]
    assert_clean(slack_app, command(slack_app, "/update", "EV-9.1 note: mine now", user=sr.USER_ID))


# SQL-shaped input is text like any other: every query path leaves the store as it was.


def _row_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


def test_sql_shaped_input_through_every_query_path_leaves_the_store_intact(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    before = _row_counts(linked)
    for count, typed in enumerate(SQL_SHAPED, start=1):
        for name, query in [
            ("/actions", typed), ("/actions", f'owner:"{typed}"'), ("/actions", f'plan:"{typed}"'),
            ("/actions", f'text:"{typed}"'), ("/overdue", f'owner:"{typed}"'), ("/action", typed),
            ("/update", f"{typed} done: x"), ("/mine", typed),
        ]:  # fmt: skip
            reply, _ = slack_app.command(name, query, user=PRIYA)
            assert reply.status == 200 and "went wrong" not in reply.blocks_text, (name, query, reply.blocks_text)
        slack_app.event(sr.app_mention_event(f"<@U0BOT> anything about {typed} for {typed}?"))
        slack_app.slack.wait_for("chat.postEphemeral", count=count)
        assert "went wrong" not in json.dumps(slack_app.slack.calls_to("chat.postEphemeral")[-1].body)
    command(slack_app, "/update", f"NF-3.1a note: {SQL_SHAPED[0]}", user=PRIYA)
    after = _row_counts(linked)
    # Only the one update saved, and the events the mentions recorded, are new.
    assert after == {**before, "updates": before["updates"] + 1, "slack_events": before["slack_events"] + len(SQL_SHAPED)}
    with linked.session() as session:
        assert session.scalar(select(Update.note).order_by(Update.id.desc()).limit(1)) == SQL_SHAPED[0]


# NUL is the one character PostgreSQL cannot hold or compare: typed, it must read as text, never
# reach the database and be mistaken for an outage ("the actions store isn't answering").


def test_a_nul_typed_in_a_query_or_an_update_is_read_as_text(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    for name, typed in [
        ("/actions", "pri\x00ya"), ("/actions", 'owner:"pri\x00ya"'), ("/actions", 'plan:"b\x00r"'), ("/actions", 'text:"a\x00b"'),
        ("/overdue", "owner:x\x00"), ("/mine", "a\x00"), ("/update", "NF-3.1a note: a\x00b"), ("/update", "N\x00F-3.1a done: x"),
    ]:  # fmt: skip
        reply, _ = slack_app.command(name, typed, user=PRIYA)
        assert "isn't answering" not in reply.blocks_text and "went wrong" not in reply.blocks_text, (name, typed)


def test_a_nul_typed_in_a_handle_is_an_unknown_handle(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/action", "NF\x003.1a")
    assert "No action has the handle" in reply.blocks_text


def test_sql_shaped_and_nul_input_to_the_scrutiny_cycle_commands_is_read_as_text(slack_app, linked) -> None:  # type: ignore[no-untyped-def]
    """The cycle's and the calendar's commands take typed names and refs into queries too: any
    of them, typed with SQL or a NUL, gets an answer, never "went wrong" or a false outage."""
    from tests.conftest import OFFICER

    for typed in [*SQL_SHAPED, "b\x00r", "NF-3.\x001"]:
        for name, line in [
            ("/responses", typed), ("/respond", f"{typed} accepted: fine"), ("/respond", f"NF-3.1 rejected: {typed}"),
            ("/assess", f"{typed} on track"), ("/signoff", f"{typed} meeting:2026-03-02 minute:{typed}"),
            ("/reopen", f"{typed}: {typed}"), ("/report", f"{typed} received:2026-03-10"),
            ("/report", f'committee:"{typed}"'), ("/committee", f'list "{typed}"'), ("/round", f'status committee:"{typed}"'),
            ("/round", f'open committee:"{typed}" meeting:2027-03-02 due:2027-02-16'),
        ]:  # fmt: skip
            reply, _ = slack_app.command(name, line, user=OFFICER)
            assert reply.status == 200, (name, line)
            assert "went wrong" not in reply.blocks_text and "isn't answering" not in reply.blocks_text, (name, line, reply.blocks_text)
