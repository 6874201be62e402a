"""Importing a tracker from Slack: a file dropped into a DM (or named in `/import`) is fetched
with the bot token, previewed with Import / Cancel, and imported after the click."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers.blocks.import_preview import CANCEL_IMPORT_ACTION, IMPORT_ACTION
from handlers.blocks.limits import MAX_BUTTON_VALUE
from store.importing import read_document
from store.importing.parsed import ImportProblem
from store.models import Action, Plan
from tests.conftest import OFFICER
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import blocks_text

DM = "D0OFFICER"
HEADER = "Ref,Recommendation,Agreed action,Lead officer,Deadline\n"
JANUARY = HEADER + (
    "R1,Publish the register rules,Put the rules online,Sam Achebe,31/05/2026\n"
    "R2,Reply to letters faster,Set a ten day target,Helen Marsh,30/06/2026\n"
    "R3,Train the front desk,Run two sessions,Helen Marsh,31/07/2026\n"
)
MARCH = JANUARY.replace("Put the rules online", "Put the rules online and in print") + (
    "R4,Survey tenants,Send the survey,Priya Raman,30/09/2026\n"
)


@pytest.fixture
def files_readable(slack_api):  # type: ignore[no-untyped-def]
    slack_api.scopes += ",files:read"
    return slack_api


def drop(slack_app, name: str, content: bytes, *, user: str = OFFICER) -> dict:  # type: ignore[no-untyped-def]
    """The officer drags a file into their DM with the bot: Slack's `message` event, subtype file_share."""
    file = slack_app.slack.add_file(name, content, user=user)
    event = sr.message_event("", user=user, channel=DM, channel_type="im", subtype="file_share",
                             files=[{"id": file["id"], "name": name, "mode": "hosted"}])
    assert slack_app.event(event).status == 200
    return file


def posted(slack_app, count: int = 1) -> dict:  # type: ignore[no-untyped-def]
    call = slack_app.slack.wait_for("chat.postMessage", count=count)[count - 1]
    return {"text": call.body["text"], "blocks": call.arg("blocks")}


def button_value(message: dict, action_id: str) -> str:
    return next(e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id)


def stored(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_tracker_dropped_into_a_dm_is_previewed_with_import_and_cancel(slack_app, files_readable, db) -> None:  # type: ignore[no-untyped-def]
    drop(slack_app, "tracker_January.csv", JANUARY.encode())
    preview = posted(slack_app)
    text = blocks_text(preview)
    assert "A new plan *TJ*" in text or "A new plan" in text, text
    assert "3 recommendations, 3 actions, 2 owners" in text and "Helen Marsh (new)" in text
    assert len(button_value(preview, IMPORT_ACTION)) < MAX_BUTTON_VALUE
    [download] = files_readable.calls_to("files:download")
    assert download.headers["authorization"] == "Bearer xoxb-test-token"
    assert stored(db, Action) == 0


def test_the_import_button_imports_after_the_ack_and_posts_the_result(slack_app, files_readable, db) -> None:  # type: ignore[no-untyped-def]
    drop(slack_app, "tracker_January.csv", JANUARY.encode())
    reply, url = slack_app.click(IMPORT_ACTION, button_value(posted(slack_app), IMPORT_ACTION), user=OFFICER)
    assert reply.status == 200
    result = files_readable.wait_for_responses(url, count=2)[-1]
    assert "Imported tracker_January.csv as the new plan" in blocks_text(result)
    assert stored(db, Action) == 3


def test_cancel_imports_nothing(slack_app, files_readable, db) -> None:  # type: ignore[no-untyped-def]
    drop(slack_app, "tracker.csv", JANUARY.encode())
    _, url = slack_app.click(CANCEL_IMPORT_ACTION, button_value(posted(slack_app), CANCEL_IMPORT_ACTION), user=OFFICER)
    assert "nothing was imported" in blocks_text(files_readable.wait_for_responses(url)[-1])
    assert stored(db, Plan) == 0


def test_only_officers_may_import(slack_app, files_readable, db) -> None:  # type: ignore[no-untyped-def]
    drop(slack_app, "tracker.csv", JANUARY.encode(), user="U0001")
    assert "Only scrutiny officers can import plans" in posted(slack_app)["text"]
    assert files_readable.calls_to("files:download") == []
    _, url = slack_app.click(IMPORT_ACTION, '{"f":"F0000000001","p":"","n":0}', user="U0001")
    assert "Only scrutiny officers" in files_readable.wait_for_responses(url, count=2)[-1]["text"]
    assert stored(db, Plan) == 0


def test_a_new_version_dropped_later_updates_its_plan_in_place(slack_app, files_readable, db) -> None:  # type: ignore[no-untyped-def]
    drop(slack_app, "tracker_January.csv", JANUARY.encode())
    _, url = slack_app.click(IMPORT_ACTION, button_value(posted(slack_app), IMPORT_ACTION), user=OFFICER)
    files_readable.wait_for_responses(url, count=2)
    drop(slack_app, "tracker_March.csv", MARCH.encode())
    preview = posted(slack_app, 2)
    assert "Updates plan JAN: 1 new, 1 changed, 0 no longer listed" in blocks_text(preview), blocks_text(preview)
    _, url = slack_app.click(IMPORT_ACTION, button_value(preview, IMPORT_ACTION), user=OFFICER)
    assert "updated in place" in blocks_text(files_readable.wait_for_responses(url, count=2)[-1])
    assert (stored(db, Plan), stored(db, Action)) == (1, 4)


def test_an_unreadable_file_gets_the_same_message_as_the_command_line(slack_app, files_readable, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    content = b"PK\x03\x04 not really a workbook"
    (tmp_path / "broken.xlsx").write_bytes(content)
    with pytest.raises(ImportProblem) as problem:
        read_document(tmp_path / "broken.xlsx")
    drop(slack_app, "broken.xlsx", content)
    message = posted(slack_app)
    assert str(problem.value) in message["text"] and "Nothing was imported" in message["text"]


def test_one_upload_announced_twice_is_previewed_once(slack_app, files_readable) -> None:  # type: ignore[no-untyped-def]
    file = drop(slack_app, "tracker.csv", JANUARY.encode())
    slack_app.event({"type": "file_shared", "channel_id": DM, "file_id": file["id"], "user_id": OFFICER,
                     "file": {"id": file["id"]}, "event_ts": "1700000000.000200"})
    posted(slack_app)
    time.sleep(0.5)
    assert len(files_readable.calls_to("chat.postMessage")) == 1


def test_without_files_read_the_officer_is_told_what_permission_is_missing(slack_app, slack_api) -> None:  # type: ignore[no-untyped-def]
    drop(slack_app, "tracker.csv", JANUARY.encode())
    assert "files:read" in posted(slack_app)["text"]


def test_import_with_a_file_link_previews_that_file(slack_app, files_readable) -> None:  # type: ignore[no-untyped-def]
    file = files_readable.add_file("tracker.csv", JANUARY.encode(), user=OFFICER)
    acked, name = slack_app.command("/import", f"{file['permalink']} plan:hr", user=OFFICER)
    assert "Working on it" in acked.blocks_text  # the download happens after the ack
    [preview] = slack_app.slack.wait_for_responses(name)
    assert preview["replace_original"] is True and "A new plan *HR*" in blocks_text(preview)


def test_import_without_a_file_says_how_to_import(slack_app) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/import", "", user=OFFICER)
    assert "direct message" in reply.blocks_text and "/import <file link>" in reply.blocks_text


def test_clicking_import_twice_imports_once(slack_app, files_readable, db) -> None:  # type: ignore[no-untyped-def]
    drop(slack_app, "tracker.csv", JANUARY.encode())
    value = button_value(posted(slack_app), IMPORT_ACTION)
    message = {"type": "message", "ts": "1700000000.000300", "text": "preview"}
    _, first = slack_app.click(IMPORT_ACTION, value, user=OFFICER, message_ts="1700000000.000300", message=message)
    _, second = slack_app.click(IMPORT_ACTION, value, user=OFFICER, message_ts="1700000000.000300", message=message)
    files_readable.wait_for_responses(first, count=2)
    time.sleep(0.5)
    assert files_readable.responses_to(second) == []
    assert len(files_readable.calls_to("files:download")) == 2  # the preview's, and one import's
