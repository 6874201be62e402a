"""`/report committee:"People Scrutiny" [format:docx|xlsx|html] [as-of:2026-02-20] [publish]`: the
committee-ready tracker, uploaded to whoever asked as a file in a direct message (Slack's upload
API through slack_sdk's files_upload_v2; the `files:write` scope)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message, header, section
from handlers.blocks.problems import build_problem
from handlers.blocks.text import escape, fmt_date
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
    name = escape(example_for(services, workspace).committee)
    return [f'`/report committee:"{name}"`', f'`/report committee:"{name}" format:xlsx as-of:{services.today().isoformat()}`']


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
        return _help()
    try:
        as_of = option_date(options, "as-of", "2026-02-20") or services.today()
        if not isinstance(client, WebClient):
            # The console has no Slack to upload to: the same report from the command line, once
            # what was typed is known to make one.
            fmt = check_format(options.get("format", "docx"))
            with services.session_factory() as session:
                name = require_committee(session, workspace, committee).name
            line = f'scrutiny-bot report --committee "{escape(name)}" --as-of {as_of.isoformat()} --format {fmt}' + (" --publish" if publish else "")
            return build_error("The tracker comes as a file, which this chat cannot send; the same report from the command line:", [f"`{line}`"])
        if publish:
            check_is_officer(known(person), "publish a committee's report")
        with transaction(services.session_factory) as session:
            made = produce_report(session, workspace, committee, as_of, fmt=options.get("format", "docx"), timezone=services.timezone,
                                  publish=publish, now=services.now())
    except ValueError as problem:
        return build_error(str(problem), usage(services, workspace))
    except StoreError as problem:
        return build_problem(problem, usage(services, workspace))
    try:
        upload(client, user, made)
    except SlackApiError as refused:
        error = str(refused.response.get("error", "unknown_error"))
        advice = "The app needs the `files:write` scope: reinstall it from the manifest." if error == "missing_scope" else "Try again in a minute."
        return build_error(f"The report is ready but Slack would not take the file (`{escape(error)}`). {advice}",
                           [f"`scrutiny-bot report --committee \"{escape(made.report.committee)}\" --format {made.format}`"])
    report = made.report
    published = " It is kept as the published report: the next one says what changed since." if publish else ""
    lines = [f":page_facing_up: *{escape(report.title)}* ({made.format}), position at {fmt_date(report.as_of)}, is in your direct messages.",
             f"{len(report.rows)} open, {len(report.signed_off)} signed off; {len(report.changes)} changes since "
             + (f"the report of {fmt_date(report.previous_as_of)}." if report.previous_as_of else "— this is the first report.") + published]
    return Message(text=f"{report.title}: sent to you as {made.filename}", blocks=[section("\n".join(lines))])


def upload(client: WebClient, user: str, made: ReportFile) -> None:
    """The file into the bot's DM with `user` (files.getUploadURLExternal, the upload, then
    files.completeUploadExternal with the DM's channel id)."""
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.files_upload_v2(content=made.content, filename=made.filename, title=made.title, channel=channel,
                           initial_comment=f"{made.report.title}: {made.report.subtitle}.")


def _help() -> Message:
    lines = [
        '`/report committee:"People Scrutiny"` — the committee-ready tracker as a Word file, sent to you',
        "`format:xlsx` or `format:html` for Excel or a web page; `as-of:2026-02-20` for the position on another day",
        "`publish` (officers) — keep it as the report the committee gets: the next report says what changed since it",
        "`/report BR received:2026-03-10` — a scrutiny report's own dates (starts with its plan's code): when the executive received it, and so when a response is due",
    ]
    return Message(text="How to use /report", blocks=[header("Committee tracker report"), section("\n".join(lines))])
