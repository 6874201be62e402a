"""`/report committee:"…"` in Block Kit: the committee tracker sent as a file, why it could not
be, and how to use it."""

from __future__ import annotations

from datetime import date

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message, header, section
from handlers.blocks.text import escape, fmt_date
from store.committee_report.files import ReportFile


def build_tracker_sent(made: ReportFile, *, published: bool) -> Message:
    report = made.report
    kept = " It is kept as the published report: the next one says what changed since." if published else ""
    lines = [f":page_facing_up: *{escape(report.title)}* ({made.format}), position at {fmt_date(report.as_of)}, is in your direct messages.",
             f"{len(report.rows)} open, {len(report.signed_off)} signed off; {len(report.changes)} changes since "
             + (f"the report of {fmt_date(report.previous_as_of)}." if report.previous_as_of else "— this is the first report.") + kept]
    return Message(text=f"{report.title}: sent to you as {made.filename}", blocks=[section("\n".join(lines))])


def build_tracker_refused(made: ReportFile, error: str) -> Message:
    """Slack would not take the file; `error` is Slack's error code."""
    advice = "The app needs the `files:write` scope: reinstall it from the manifest." if error == "missing_scope" else "Try again in a minute."
    return build_error(f"The report is ready but Slack would not take the file (`{escape(error)}`). {advice}",
                       [f"`scrutiny-bot report --committee \"{escape(made.report.committee)}\" --format {made.format}`"])


def build_tracker_needs_a_file(committee: str, *, as_of: date, fmt: str, publish: bool) -> Message:
    """Where files cannot be sent (the console): the same report from the command line, for a
    committee and format already checked."""
    line = f'scrutiny-bot report --committee "{escape(committee)}" --as-of {as_of.isoformat()} --format {fmt}' + (" --publish" if publish else "")
    return build_error("The tracker comes as a file, which this chat cannot send; the same report from the command line:", [f"`{line}`"])


def tracker_usage(committee: str, today: date) -> list[str]:
    """The forms to type, with one of the workspace's own committees in them."""
    name = escape(committee)
    return [f'`/report committee:"{name}"`', f'`/report committee:"{name}" format:xlsx as-of:{today.isoformat()}`']


def build_tracker_help() -> Message:
    lines = [
        '`/report committee:"People Scrutiny"` — the committee-ready tracker as a Word file, sent to you',
        "`format:xlsx` or `format:html` for Excel or a web page; `as-of:2026-02-20` for the position on another day",
        "`publish` (officers) — keep it as the report the committee gets: the next report says what changed since it",
        "`/report BR received:2026-03-10` — a scrutiny report's own dates (starts with its plan's code): when the executive received it, and so when a response is due",
    ]
    return Message(text="How to use /report", blocks=[header("Committee tracker report"), section("\n".join(lines))])
