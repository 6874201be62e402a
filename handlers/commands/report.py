"""`/report committee:"People Scrutiny" [format:docx|xlsx|html] [as-of:2026-02-20] [publish]`: the
committee-ready tracker, uploaded to whoever asked as a file in a direct message (Slack's upload
API through slack_sdk's files_upload_v2; the `files:write` scope)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.blocks.message import Message
from handlers.blocks.problems import build_problem
from handlers.blocks.tracker import (
    build_tracker_help,
    build_tracker_needs_a_file,
    build_tracker_refused,
    build_tracker_sent,
    tracker_usage,
)
from handlers.commands.cycle import handle_report_command as cycle_report
from handlers.commands.committee import committee_named, example_for, option_date, read_options
from handlers.context import Services
from handlers.people import known
from handlers.respond import answer_command
from store.db import transaction
from store.errors import StoreError
from store.permissions import Person, check_is_officer
from store.calendar import require_committee
from store.committee_report.files import ReportFile, check_format, produce_report



def usage(services: Services, workspace: str) -> list[str]:
    """The forms to type, with one of the workspace's own committees in them."""
    return tracker_usage(example_for(services, workspace).committee, services.today())


def handle_report_command(ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], client: WebClient,
                          services: Services, workspace: str, person: Person) -> None:
    """`/report committee:"…"` is the tracker; anything else is a scrutiny report's dates (issue 14)."""
    text = str(command.get("text") or "").strip()
    if not asks_for_tracker(text):
        cycle_report(ack, respond, command, client, services, workspace, person)
        return
    answer_command(ack, respond, services, lambda: report_reply(services, client, workspace, person, text))


def asks_for_tracker(text: str) -> bool:
    """A scrutiny report's line starts with its plan's code (`/report BR received:…`); the tracker's
    with an option or `publish` (`/report committee:"People Scrutiny"`), and plain `/report` or
    `/report help` explains both."""
    words = text.split()
    if not words:
        return True
    first = words[0].lower()
    return ":" in first or first in ("publish", "help", "?")


def report_reply(services: Services, client: WebClient, workspace: str, person: Person, text: str) -> Message:
    user = person.user_id
    rest, options = read_options(text)
    words = rest.lower().split()
    publish = "publish" in words
    committee = committee_named(" ".join(w for w in rest.split() if w.lower() != "publish"), options)
    if not committee.strip() or rest.lower() in ("help", "?"):
        return build_tracker_help()
    try:
        as_of = option_date(options, "as-of", "2026-02-20") or services.today()
        if not isinstance(client, WebClient):
            # The console has no Slack to upload to: the same report from the command line, once
            # what was typed is known to make one.
            fmt = check_format(options.get("format", "docx"))
            with services.session_factory() as session:
                name = require_committee(session, workspace, committee).name
            return build_tracker_needs_a_file(name, as_of=as_of, fmt=fmt, publish=publish)
        if publish:
            check_is_officer(known(person), "publish a committee's report")
        with transaction(services.session_factory) as session:
            made = produce_report(session, workspace, committee, as_of, fmt=options.get("format", "docx"), timezone=services.timezone,
                                  publish=publish, now=services.now())
    except StoreError as problem:
        return build_problem(problem, usage(services, workspace))
    try:
        upload(client, user, made)
    except SlackApiError as refused:
        return build_tracker_refused(made, str(refused.response.get("error", "unknown_error")))
    return build_tracker_sent(made, published=publish)


def upload(client: WebClient, user: str, made: ReportFile) -> None:
    """The file into the bot's DM with `user` (files.getUploadURLExternal, the upload, then
    files.completeUploadExternal with the DM's channel id)."""
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.files_upload_v2(content=made.content, filename=made.filename, title=made.title, channel=channel,
                           initial_comment=f"{made.report.title}: {made.report.subtitle}.")
