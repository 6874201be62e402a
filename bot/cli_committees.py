"""`scrutiny-bot committee …` and `scrutiny-bot report …`: the committee calendar and the
committee-ready tracker from the command line (attached to the main group in bot/cli.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bot.runtime import Store
    from handlers.context import Services
    from store.papers_deadline import PapersRule

WORKSPACE_HELP = "Slack team id (default: SCRUTINY_WORKSPACE or 'local')."


def _day(value: str, hint: str) -> date:
    from store.calendar import read_date

    day = read_date(value)
    if day is None:
        raise click.BadParameter(f"{value!r} is not a date; write it as 2026-03-02 or 02/03/2026", param_hint=hint)
    return day


def _rule(clear_days: int, calendar_days: bool) -> PapersRule:
    from store.papers_deadline import PapersRule

    return PapersRule(clear_days=clear_days, working_days=not calendar_days)


def _open(workspace: str | None) -> tuple[Store, Services, str]:
    from bot.cli import load_settings, open_or_exit
    from bot.runtime import build_services

    settings = load_settings()
    store = open_or_exit(settings)
    return store, build_services(settings, store), workspace or settings.scrutiny_workspace


def _problem(exc: Exception) -> click.ClickException:
    from store.errors import Worded, as_plain_text

    return click.ClickException(as_plain_text(exc.words) if isinstance(exc, Worded) else str(exc))


_clear_days = click.option("--clear-days", default=5, show_default=True, help="Clear days between publishing the papers and the meeting.")
_calendar_days = click.option("--calendar-days", is_flag=True, help="Count every day, not only working days (England's bank holidays and weekends left out by default).")


@click.command(name="add")
@click.argument("name")
@click.argument("meeting")
@_clear_days
@_calendar_days
@click.option("--workspace", help=WORKSPACE_HELP)
def committee_add(name: str, meeting: str, clear_days: int, calendar_days: bool, workspace: str | None) -> None:
    """Add a meeting: scrutiny-bot committee add "People Scrutiny" 2026-03-02"""
    from store.calendar import add_meeting
    from store.db import transaction
    from store.errors import StoreError
    from store.workspaces import ensure_workspace

    day = _day(meeting, "MEETING")
    store, services, workspace_id = _open(workspace)
    try:
        with transaction(store.session_factory) as session:
            ensure_workspace(session, workspace_id)
            added = add_meeting(session, workspace_id, name, day, rule=_rule(clear_days, calendar_days), by="cli", now=services.now())
            committee_name, papers = added.meeting.committee.name, added.meeting.papers_due_on
    except StoreError as exc:
        raise _problem(exc) from exc
    said = "added" if added.created else "already in the calendar"
    click.echo(f"{committee_name}: meeting {day:%A %d %B %Y} {said}; papers by {papers:%A %d %B %Y}.")


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_clear_days
@_calendar_days
@click.option("--workspace", help=WORKSPACE_HELP)
def committee_import(file: Path, clear_days: int, calendar_days: bool, workspace: str | None) -> None:
    """Add a year of dates from a CSV file with `committee` and `meeting` columns (whole or not at all)."""
    from store.calendar import import_meetings_csv
    from store.db import transaction
    from store.errors import StoreError
    from store.workspaces import ensure_workspace

    store, services, workspace_id = _open(workspace)
    text = file.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        with transaction(store.session_factory) as session:
            ensure_workspace(session, workspace_id)
            result = import_meetings_csv(session, workspace_id, text, rule=_rule(clear_days, calendar_days), by="cli", now=services.now())
    except StoreError as exc:
        raise _problem(exc) from exc
    for name, day, papers in result.added:
        click.echo(f"{name}\t{day.isoformat()}\tpapers by {papers.isoformat()}")
    click.echo(f"{len(result.added)} meetings added, {len(result.already)} already in the calendar.")


@click.command(name="list")
@click.argument("name", required=False)
@click.option("--all", "everything", is_flag=True, help="Past meetings too.")
@click.option("--workspace", help=WORKSPACE_HELP)
def committee_list(name: str | None, everything: bool, workspace: str | None) -> None:
    """Meetings ahead (of one committee, or all) with their papers deadlines."""
    from store.calendar import meetings
    from store.errors import StoreError

    store, services, workspace_id = _open(workspace)
    try:
        with store.session_factory() as session:
            found = [(m.meeting_on, m.committee.name, m.papers_due_on)
                     for m in meetings(session, workspace_id, name, from_day=None if everything else services.today())]
    except StoreError as exc:
        raise _problem(exc) from exc
    if not found:
        click.echo('No meetings in the calendar: add one with scrutiny-bot committee add "People Scrutiny" 2026-03-02')
    for day, committee_name, papers in found:
        click.echo(f"{day.isoformat()}\t{committee_name}\tpapers by {papers.isoformat()}")


@click.command(name="remove")
@click.argument("name")
@click.argument("meeting")
@click.option("--workspace", help=WORKSPACE_HELP)
def committee_remove(name: str, meeting: str, workspace: str | None) -> None:
    """Take a meeting out of the calendar."""
    from store.calendar import remove_meeting
    from store.db import transaction
    from store.errors import StoreError

    day = _day(meeting, "MEETING")
    store, _services, workspace_id = _open(workspace)
    try:
        with transaction(store.session_factory) as session:
            remove_meeting(session, workspace_id, name, day)
    except StoreError as exc:
        raise _problem(exc) from exc
    click.echo(f"Removed {name}'s meeting on {day.isoformat()}.")


# Attached to the `scrutiny-bot committee` group (issue 14's, which also sets response periods).
def calendar_commands() -> list[click.Command]:
    return [committee_add, committee_import, committee_list, committee_remove]


@click.command()
@click.option("--committee", "committee_name", required=True, help='The committee, e.g. "People Scrutiny".')
@click.option("--as-of", "as_of", help="The position on this day (default: today).")
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx", "html"]), default="docx", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Where to write it (default: a name from the committee and date, here).")
@click.option("--publish", is_flag=True, help="Keep it as the report the committee gets: the next report says what changed since this one.")
@click.option("--workspace", help=WORKSPACE_HELP)
def report(committee_name: str, as_of: str | None, fmt: str, output: Path | None, publish: bool, workspace: str | None) -> None:
    """The committee-ready tracker report as Word, Excel or a web page."""
    from store.db import transaction
    from store.errors import StoreError
    from store.committee_report.files import produce_report

    store, services, workspace_id = _open(workspace)
    day = _day(as_of, "--as-of") if as_of else services.today()
    try:
        with transaction(store.session_factory) as session:
            made = produce_report(session, workspace_id, committee_name, day, fmt=fmt, timezone=services.timezone, publish=publish,
                                  now=services.now())
    except StoreError as exc:
        raise _problem(exc) from exc
    target = output or Path(made.filename)
    target.write_bytes(made.content)
    changes = (f"{len(made.report.changes)} changes since {made.report.previous_as_of.isoformat()}" if made.report.previous_as_of
               else "the first report (nothing to compare with)")
    click.echo(f"Wrote {target}: {len(made.report.rows)} open and {len(made.report.signed_off)} signed-off recommendations; {changes}."
               + (" Kept as the published report." if publish else ""))
