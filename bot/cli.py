"""`scrutiny-bot`: every run mode and operator command."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.settings import ConfigError, Settings
from store.db import SchemaOutOfDate
from store.response_clock import ResponsePeriod

# The run modes import their heavy parts only when chosen, rich included: `serve` forks its workers
# from this process, so whatever it imports every worker holds too.
if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID
    from slack_sdk import WebClient

    from bot.clock import Clock
    from bot.runtime import Store
    from store.importer import ImportReport


def load_settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic's ValidationError names the variable; show it plainly
        raise click.ClickException(f"Configuration problem: {exc}") from exc


def open_or_exit(settings: Settings, *, create_if_new: bool = False, pool_size: int = 5) -> Store:
    from bot.runtime import open_store

    try:
        return open_store(settings, create_if_new=create_if_new, pool_size=pool_size)
    except SchemaOutOfDate as exc:
        raise click.ClickException(str(exc)) from exc


class _Commands(click.Group):
    """Every command: a store kept busy by another writer past the busy timeout is a plain
    message saying so, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if _store_busy(exc):
                raise click.ClickException(f"Nothing was changed: {STORE_BUSY} Try again in a minute.") from exc
            raise


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """A Slack bot for council scrutiny actions: who owns what, what is overdue, and updates."""


@main.command()
@click.option("--workspace", help="Slack team id to act as (default: SCRUTINY_WORKSPACE or 'local').")
@click.option("--demo/--no-demo", default=None,
              help="Load demo data into an empty workspace. Without it, only the embedded store gets demo data "
                   "(asked when interactive, yes when piped); a DATABASE_URL store never does unless --demo.")
def console(workspace: str | None, demo: bool | None) -> None:
    """Chat with the bot in this terminal (reads piped input too)."""
    from rich.console import Console

    from bot.console import CONSOLE_USER, ConsoleChat, run_console
    from bot.runtime import build_services
    from store.db import transaction
    from store.demo import load_demo, store_is_empty
    from store.workspaces import ensure_workspace

    settings = load_settings()
    out = Console(highlight=False, soft_wrap=False)
    store = open_or_exit(settings, create_if_new=True)
    workspace_id = workspace or settings.scrutiny_workspace
    services = build_services(settings, store)
    # Whoever sits at this terminal runs the store: they may update any action, like an officer.
    services.officer_user_ids = services.officer_user_ids | {f"{workspace_id}:{CONSOLE_USER}"}
    interactive = sys.stdin.isatty()
    if store.created:
        out.print(f"[dim]Created a new store at {store.engine.url.database}.[/dim]")
    with transaction(store.session_factory) as session:
        ensure_workspace(session, workspace_id)
        empty = store_is_empty(session, workspace_id)
    if empty:
        # Invented plans in a real council's database would reach its digests: demo data goes only
        # into the embedded store unless asked for by name.
        embedded = settings.database_url is None
        wanted = demo
        if wanted is None and embedded:
            wanted = click.confirm("The store is empty. Load demo data (a few invented plans)?", default=True) if interactive else True
        if wanted:
            with transaction(store.session_factory) as session:
                n = load_demo(session, workspace_id, now=services.now(), today=services.today())
            out.print(f"[dim]Loaded demo data: {n} actions in invented plans. Type /actions help to start.[/dim]")
        elif demo is None and not embedded:
            out.print(f"[dim]Workspace {workspace_id} has no actions in the store DATABASE_URL names "
                      f"({store.engine.url.render_as_string(hide_password=True)}). Import a plan with "
                      "`scrutiny-bot import FILE`; demo data goes there only if you ask: "
                      "`scrutiny-bot console --demo` or `scrutiny-bot demo`.[/dim]")
        else:
            out.print("[dim]The store is empty: import a plan with `scrutiny-bot import FILE`.[/dim]")
    run_console(ConsoleChat(services, workspace_id, out))


@main.command(name="import")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--workspace", help="Slack team id to import into (default: SCRUTINY_WORKSPACE or 'local').")
@click.option("--plan", "plan_code", help="Import into the plan with this code (updating it), or create it with this code, e.g. BR.")
@click.option("--as-new-plan", is_flag=True, help="Store the file as a plan of its own even if it looks like a new version of one already stored.")
@click.option("--column", "columns", multiple=True, metavar="FIELD=HEADER", help="Map a field to a column by header text or number, e.g. owner='By whom' or timescale=4. Repeatable.")
@click.option("--document-date", type=click.DateTime(formats=["%Y-%m-%d"]), help="The document's date, when the file does not say (used for two-digit years and update dates).")
@click.option("--title", help="The plan's title, when the file's own heading is missing or unhelpful.")
@click.option("--council", help="The council or health board, e.g. 'Brent' (used for the plan code).")
@click.option("--preview", is_flag=True, help="Show what would be imported (plan, counts, owners, dates, columns, rows to check) and write nothing.")
@click.option("--dry-run", is_flag=True, help="Read and report, but store nothing.")
@click.option("--undo", is_flag=True, help="Undo the last import (of --plan CODE, or of the workspace) instead of importing.")
@click.option("--yes", is_flag=True, help="With --undo: do not ask for confirmation.")
def import_(files: tuple[Path, ...], workspace: str | None, plan_code: str | None, as_new_plan: bool, columns: tuple[str, ...], document_date: datetime | None, title: str | None, council: str | None, preview: bool, dry_run: bool, undo: bool, yes: bool) -> None:
    """Import action plans (PDF text, CSV, XLSX, pipe or fixed-width tables). Each file imports whole or not at all.

    A new version of a plan already stored (same title and committee, mostly the same refs) updates
    that plan in place, whatever the file is called; --as-new-plan or --plan CODE choose otherwise.
    """
    from rich.console import Console

    from bot.runtime import build_services
    from store.db import transaction
    from store.errors import Problem
    from store.importer import import_plan, preview_import
    from store.importing import read_document
    from store.importing.parsed import COLUMN_FIELDS, ColumnOverrides, ImportProblem, NotAnActionPlan

    if undo:
        if files:
            raise click.UsageError("--undo takes no files: it undoes the last import.")
        _undo_last_import(workspace, plan_code, yes)
        return
    if not files:
        raise click.UsageError("Give one or more files to import, e.g. scrutiny-bot import tracker.docx")
    settings = load_settings()
    out = Console(highlight=False, stderr=False)
    overrides = _parse_columns(columns, COLUMN_FIELDS)
    store = open_or_exit(settings, create_if_new=True)
    services = build_services(settings, store)
    workspace_id = workspace or settings.scrutiny_workspace
    failed = 0
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            out.print(f"[red]✗ {path}: cannot be read ({exc.strerror}). Nothing imported from it.[/red]")
            failed += 1
            continue
        with _progress(out) as progress:
            task = progress.add_task(f"Reading {path.name}", total=None)

            def advance(done: int, total: int, task: TaskID = task) -> None:
                progress.update(task, completed=done, total=total)

            try:
                parsed = read_document(
                    path,
                    columns=ColumnOverrides(columns=overrides) if overrides else None,
                    document_date=document_date.date() if document_date else None,
                    progress=advance,
                )
            except NotAnActionPlan as exc:
                progress.stop()
                out.print(f"[yellow]✗ {exc}[/yellow]\n  Nothing imported from it.")
                failed += 1
                continue
            except ImportProblem as exc:
                progress.stop()
                out.print(f"[red]✗ {exc}[/red]\n  Nothing imported from it.")
                failed += 1
                continue
            if title:
                parsed.title = title
            if council:
                parsed.council = council
            # A fresh task: the reading phase's speed would otherwise make the ETA read 0:00:00.
            progress.reset(task, description=f"Storing {path.name}", total=2 * max(1, len(parsed.recommendations)), completed=0)
            try:
                if preview or dry_run:
                    # Reading only: a preview never takes the write lock, so it neither waits on
                    # nor blocks an import or an update running at the same time.
                    with store.session_factory() as session:
                        report = preview_import(session, workspace_id, parsed, code=plan_code, as_new_plan=as_new_plan, progress=advance)
                else:
                    with transaction(store.session_factory) as session:
                        report = import_plan(
                            session,
                            workspace_id,
                            parsed,
                            now=services.now(),
                            code=plan_code,
                            as_new_plan=as_new_plan,
                            source_sha256=hashlib.sha256(data).hexdigest(),
                            imported_by="cli",
                            progress=advance,
                        )
            except Problem as exc:
                progress.stop()
                out.print(f"[red]✗ {path.name}: {exc}[/red]\n  Nothing imported from it.")
                failed += 1
                continue
            except Exception as exc:  # noqa: BLE001 - one file failing to store must not stop the others
                progress.stop()
                if _store_busy(exc):
                    out.print(f"[red]✗ {path.name}: {STORE_BUSY}[/red]\n  Nothing imported from it; run the same command again in a minute.")
                else:
                    out.print(f"[red]✗ {path}: could not be stored ({type(exc).__name__}: {exc}). Nothing imported from it.[/red]")
                failed += 1
                continue
        if preview:
            _print_preview(out, path, report)
        else:
            _print_report(out, path, report, dry_run)
    if failed:
        sys.exit(1)


STORE_BUSY = "the store is busy (another import or command is writing to it)."


def _store_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" after its busy timeout: another writer held on too long."""
    from sqlalchemy.exc import OperationalError

    return isinstance(exc, OperationalError) and any(
        word in str(exc.orig).lower() for word in ("database is locked", "database is busy")
    )


def _undo_last_import(workspace: str | None, plan_code: str | None, yes: bool) -> None:
    from bot.runtime import build_services
    from store.db import transaction
    from store.errors import Problem
    from store.models import Plan
    from store.plan_history import last_import, undo_last_import

    settings = load_settings()
    store = open_or_exit(settings)
    services = build_services(settings, store)
    workspace_id = workspace or settings.scrutiny_workspace
    try:
        with store.session_factory() as session:
            record = last_import(session, workspace_id, plan_code)
            plan = session.get(Plan, record.plan_id)
            what = f"the import of {record.source_file} into plan {plan.code if plan else '?'} ({record.imported_at:%d %b %Y %H:%M} UTC)"
        if not yes:
            click.confirm(f"Undo {what}?", abort=True)
        with transaction(store.session_factory) as session:
            result = undo_last_import(session, workspace_id, now=services.now(), code=plan_code)
    except Problem as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:
        if _store_busy(exc):
            raise click.ClickException(f"Nothing undone: {STORE_BUSY} Try again in a minute.") from exc
        raise
    click.echo(result.describe())


def _parse_columns(columns: tuple[str, ...], fields: tuple[str, ...]) -> dict[str, str | int]:
    mapping: dict[str, str | int] = {}
    for item in columns:
        name, sep, header = item.partition("=")
        name = name.strip().lower()
        if not sep or name not in fields or not header.strip():
            raise click.BadParameter(
                f"{item!r}: use FIELD=HEADER, where FIELD is one of {', '.join(fields)}; e.g. owner='By whom' or timescale=4",
                param_hint="--column",
            )
        header = header.strip()
        mapping[name] = int(header) if header.isdigit() else header
    return mapping


def _progress(out: Console) -> Progress:
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=out,
        transient=True,
    )


def _print_report(out: Console, path: Path, report: ImportReport, dry_run: bool) -> None:
    verb = "Would import" if dry_run else "Imported"
    plan = f"{report.plan_code} · {report.plan_title}"
    how = "new plan" if report.created_plan else f"updated in place: {report.matched_by}"
    out.print(f"[green]✓ {verb} {path.name}[/green] as plan [bold]{plan}[/bold] ({report.layout}, {how})")
    out.print(
        f"  {report.rows_imported} actions: {report.actions_created} new, {report.actions_updated} updated "
        f"({report.actions_changed} changed), {report.actions_kept} kept as people updated them; "
        f"{report.updates_added} progress notes added."
    )
    if report.owners_merged:
        merged = ", ".join(f"{variant!r} → {name}" for variant, name in sorted(report.owners_merged.items()))
        out.print(f"  Owners merged: {merged}")
    if report.actions_missing:
        out.print(f"  [yellow]No longer in the file (kept, with their history): {', '.join(report.actions_missing)}[/yellow]")
    _print_disagreements(out, report)
    _print_review(out, report)


def _print_disagreements(out: Console, report: ImportReport) -> None:
    from rich.table import Table

    if not report.disagreements:
        return
    table = Table(title=f"{len(report.disagreements)} places where the document and owners' updates disagree", title_justify="left")
    for column in ("action", "what", "document", "owner's update", "kept"):
        table.add_column(column)
    for d in report.disagreements:
        kept = f"{d.document} (the document is newer)" if d.kept == "document" else f"{d.posted} (the update is newer)"
        table.add_row(d.handle, d.field, d.document, d.posted, kept)
    out.print(table)


def _print_review(out: Console, report: ImportReport) -> None:
    from rich.table import Table

    if not report.review:
        return
    table = Table(title=f"{len(report.review)} rows to check", title_justify="left", show_lines=False)
    table.add_column("where", justify="right")
    table.add_column("ref")
    table.add_column("cell")
    table.add_column("why")
    for item in report.review:
        table.add_row(review_place(item), item.ref or "", str(getattr(item, "cell", None) or ""), item.reason)
    out.print(table)


def review_place(item: Any) -> str:
    # Readers of paged formats (PDF, Word) say the page too; text formats only the line.
    page = getattr(item, "page", None)
    return f"page {page}, line {item.line}" if page else f"line {item.line}"


def _print_preview(out: Console, path: Path, report: ImportReport) -> None:
    from rich.table import Table

    out.print(f"[bold]Preview of {path.name}[/bold] — nothing has been written.")
    out.print(f"  Plan: [bold]{report.plan_code} · {report.plan_title}[/bold] ({report.layout})")
    if report.created_plan:
        out.print(f"  Would be a new plan ({report.matched_by}).")
    else:
        out.print(f"  This file {report.summary()} (recognised as {report.matched_by}).")
        out.print("  (Use --as-new-plan to keep it as a separate plan, or --plan CODE to choose the plan.)")
    actions = report.actions_created + report.actions_updated + report.actions_kept
    out.print(f"  {report.recommendations} recommendations, {actions} actions, {len(report.owners)} owners.")
    if report.owners:
        created = set(report.owners_created)
        names = ", ".join(f"{name} (new)" if name in created else name for name in report.owners)
        out.print(f"  Owners: {names}")
    if report.owners_merged:
        out.print("  Spellings merged: " + ", ".join(f"{v!r} → {n}" for v, n in sorted(report.owners_merged.items())))
    if report.due_dates:
        first, last = report.due_dates[0], report.due_dates[-1]
        out.print(f"  Due dates: {len(report.due_dates)} distinct, from {first:%d %b %Y} to {last:%d %b %Y}.")
    else:
        out.print("  Due dates: none read.")
    if report.columns_chosen:
        table = Table(title="Columns chosen", title_justify="left")
        for column in ("field", "header", "column", "why"):
            table.add_column(column)
        for chosen in report.columns_chosen:
            table.add_row(*(str(_attr(chosen, name)) for name in ("field", "header", "column", "reason")))
        out.print(table)
    if report.actions_missing:
        out.print(f"  [yellow]No longer listed (would be kept, with their history): {', '.join(report.actions_missing)}[/yellow]")
    _print_disagreements(out, report)
    _print_review(out, report)


def _attr(chosen: Any, name: str) -> object:
    # The readers' column choice may be a model or a plain tuple (field, header, column, reason).
    if isinstance(chosen, (tuple, list)):
        index = ("field", "header", "column", "reason").index(name)
        return chosen[index] if index < len(chosen) else ""
    if isinstance(chosen, dict):
        return chosen.get(name, "")
    return getattr(chosen, name, "") or ""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file instead of standard output.")
@click.option("--workspace", help="Slack team id to export (default: SCRUTINY_WORKSPACE or 'local').")
def export(fmt: str, output: Path | None, workspace: str | None) -> None:
    """Write every action (and, in JSON Lines, its updates), one per line."""
    from store.export import write_csv, write_jsonl

    settings = load_settings()
    store = open_or_exit(settings)
    workspace_id = workspace or settings.scrutiny_workspace
    writer = write_jsonl if fmt == "jsonl" else write_csv
    with store.session_factory() as session:
        if output:
            with output.open("w", encoding="utf-8", newline="") as handle:
                n = writer(session, workspace_id, handle)
            click.echo(f"Wrote {n} actions to {output}", err=True)
        else:
            writer(session, workspace_id, sys.stdout)


@main.group()
def db() -> None:
    """The database schema."""


@db.command()
def upgrade() -> None:
    """Create or migrate the tables to this version's schema."""
    from store.db import create_store_engine, current_revision, upgrade as run_upgrade

    settings = load_settings()
    engine = create_store_engine(settings.resolved_database_url())
    before = current_revision(engine)
    run_upgrade(engine)
    after = current_revision(engine)
    where = engine.url.render_as_string(hide_password=True)
    click.echo(f"{where}: schema {before or 'none'} → {after}" if before != after else f"{where}: already at {after}")


@db.command()
def current() -> None:
    """Show the schema version the database is at and the one this code needs."""
    from store.db import create_store_engine, current_revision, head_revision

    settings = load_settings()
    engine = create_store_engine(settings.resolved_database_url())
    click.echo(f"database: {current_revision(engine) or 'none'}; code needs: {head_revision()}")


@main.command(name="demo")
@click.option("--workspace", help="Slack team id to load the demo into (default: SCRUTINY_WORKSPACE or 'local').")
def demo_(workspace: str | None) -> None:
    """Load the three invented demo plans into a workspace."""
    from bot.runtime import build_services
    from store.db import transaction
    from store.demo import load_demo
    from store.workspaces import ensure_workspace

    settings = load_settings()
    store = open_or_exit(settings, create_if_new=True)
    services = build_services(settings, store)
    workspace_id = workspace or settings.scrutiny_workspace
    with transaction(store.session_factory) as session:
        ensure_workspace(session, workspace_id)
        n = load_demo(session, workspace_id, now=services.now(), today=services.today())
    click.echo(f"Demo data loaded: {workspace_id} now has {n} actions.")


@main.command()
@click.option("--port", type=int, help="Port to listen on (default: $PORT or 3000).")
@click.option("--host", default="0.0.0.0", show_default=True)  # noqa: S104 - a platform routes to the dyno on every interface
@click.option("--workers", type=int, help="Worker processes (default: $WEB_CONCURRENCY or 2).")
@click.option("--threads", type=int, help="Threads per worker (default: $WEB_THREADS or 8).")
def serve(port: int | None, host: str, workers: int | None, threads: int | None) -> None:
    """Serve Slack over HTTP at /slack/events (production server, gunicorn)."""
    from bot.web import serve_with_gunicorn

    settings = load_settings()
    _require(settings.require_http_mode)
    open_or_exit(settings).engine.dispose()  # refuse an out-of-date schema before forking workers
    click.echo(f"scrutiny-bot serving Slack on http://{host}:{port or settings.port}/slack/events", err=True)
    serve_with_gunicorn(
        lambda: build_wsgi(settings),
        port=port or settings.port,
        host=host,
        workers=workers or settings.web_concurrency,
        threads=threads or settings.web_threads,
    )


def build_wsgi(settings: Settings) -> Callable[..., Iterable[bytes]]:
    """The WSGI application for one worker process."""
    from bot.app import create_app
    from bot.runtime import build_services, open_store
    from bot.web import create_wsgi_app

    store = open_store(settings, pool_size=settings.web_threads)
    services = build_services(settings, store)
    from bot.logs import logged, setup_logging

    setup_logging(settings.log_format)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    return logged(create_wsgi_app(create_app(settings, services, engine=store.engine), store.session_factory, signing_secret=secret))


@main.command()
def socket() -> None:
    """Connect to Slack over Socket Mode (no public URL needed)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    from bot.app import TOKEN_REFUSED, create_app
    from bot.runtime import build_services

    settings = load_settings()
    _require(settings.require_socket_mode)
    store = open_or_exit(settings)
    app = create_app(settings, build_services(settings, store), engine=store.engine)
    assert settings.slack_app_token is not None
    from bot.logs import setup_logging

    setup_logging(settings.log_format)
    click.echo("scrutiny-bot connecting to Slack over Socket Mode", err=True)
    try:
        SocketModeHandler(app, settings.slack_app_token.get_secret_value()).start()
    except SlackApiError as error:
        code = error.response.get("error")
        raise click.ClickException(
            f"Slack refused SLACK_APP_TOKEN ({code}): create an app-level token with the connections:write "
            "scope under Basic Information → App-Level Tokens, and turn Socket Mode on."
            if code in TOKEN_REFUSED else f"Slack would not open a Socket Mode connection ({code})."
        ) from None
    except OSError as error:  # refused connections, DNS failures and timeouts
        raise click.ClickException(
            f"Slack cannot be reached at {app.client.base_url} ({getattr(error, 'reason', None) or error}): "
            "check the network, a proxy, or SLACK_API_URL."
        ) from None


@main.command()
@click.option("--url", help="The public https URL of your server, e.g. https://scrutiny.example.gov.uk")
@click.option("--socket-mode", is_flag=True, help="A manifest for Socket Mode (no request URLs).")
@click.option("--name", default="scrutiny-bot", show_default=True)
def manifest(url: str | None, socket_mode: bool, name: str) -> None:
    """Print the Slack app manifest to paste into api.slack.com/apps → Create New App."""
    import json

    from bot.manifest import build_manifest

    if not url and not socket_mode:
        raise click.UsageError("Give --url https://your.server (where Slack can reach `scrutiny-bot serve`) or --socket-mode.")
    if url and not url.startswith("https://"):
        click.echo("Warning: Slack only sends requests to https URLs.", err=True)
    try:
        manifest = build_manifest(url, name=name, socket_mode=socket_mode)
    except ValueError as problem:
        raise click.BadParameter(str(problem), param_hint="--name") from None
    click.echo(json.dumps(manifest, indent=2))


@main.command()
@click.argument("user_id", required=False)
@click.argument("owner_name", required=False)
@click.option("--workspace", help="Slack team id (default: SCRUTINY_WORKSPACE or 'local').")
@click.option("--suggest", is_flag=True, help="Propose links by matching Slack real names to owner names.")
@click.option("--apply", "apply_", is_flag=True, help="With --suggest: save the proposed links.")
def link(user_id: str | None, owner_name: str | None, workspace: str | None, suggest: bool, apply_: bool) -> None:
    """Link owners to Slack users: `link U0123ABC "Linda Mann"`, or `link --suggest [--apply]`."""
    from rich.console import Console
    from rich.table import Table

    from bot.app import create_web_client
    from bot.runtime import build_services
    from handlers.commands.link import slack_people
    from store.db import transaction
    from store.links import LinkProblem, link_user, linked_users, replaced_by_link, slack_user_id, suggest_links
    from store.owners import resolve_owner

    settings = load_settings()
    store = open_or_exit(settings)
    services = build_services(settings, store)
    workspace_id = workspace or settings.scrutiny_workspace
    if suggest:
        _require(settings.require_web_api)
        token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
        people = slack_people(create_web_client(settings, token))
        with transaction(store.session_factory) as session:
            suggestions = suggest_links(session, workspace_id, people)
            table = Table(title=f"{len(suggestions)} suggested links" + (" (saved)" if apply_ else ""), title_justify="left")
            for column in ("Slack user", "Slack name", "owner", "score"):
                table.add_column(column)
            for s in suggestions:
                table.add_row(s.user_id, s.real_name, s.owner_name, f"{s.score:.0f}")
                if apply_:
                    owner = resolve_owner(session, workspace_id, s.owner_name)
                    link_user(session, workspace_id, owner, s.user_id, by="cli", now=services.now())
        Console().print(table)
        if suggestions and not apply_:
            click.echo("Nothing saved: add --apply to save these links.")
        return
    if not (user_id and owner_name):
        raise click.UsageError('Give a Slack user id and an owner name, e.g. link U0123ABC "Linda Mann"; or --suggest.')
    try:
        user_id = slack_user_id(user_id)
    except LinkProblem as problem:
        raise click.BadParameter(str(problem), param_hint="USER_ID") from None
    with transaction(store.session_factory) as session:
        try:
            owner = resolve_owner(session, workspace_id, owner_name)
        except Exception as exc:
            raise click.ClickException(str(exc)) from exc
        replaced = replaced_by_link(session, workspace_id, owner, user_id)
        already = user_id in linked_users(session, workspace_id, [owner.id]).get(owner.id, [])
        link_user(session, workspace_id, owner, user_id, by="cli", now=services.now())
    if already:
        click.echo(f"{user_id} was already linked to {owner.name} in {workspace_id}; nothing changed.")
    else:
        click.echo(f"Linked {user_id} to {owner.name} in {workspace_id}."
                   + (f" This replaces the link to {', '.join(replaced)}." if replaced else ""))


@main.command()
@click.argument("change", type=click.Choice(["add", "remove", "list"]))
@click.argument("user_ids", nargs=-1)
@click.option("--workspace", help="Slack team id (default: SCRUTINY_WORKSPACE or 'local').")
def officers(change: str, user_ids: tuple[str, ...], workspace: str | None) -> None:
    """Scrutiny officers of a workspace (besides OFFICER_USER_IDS): add, remove or list Slack user ids."""
    from bot.runtime import build_services
    from store.db import transaction
    from store.links import LinkProblem, add_officer, officer_ids, remove_officer, slack_user_id

    settings = load_settings()
    store = open_or_exit(settings)
    services = build_services(settings, store)
    workspace_id = workspace or settings.scrutiny_workspace
    if change == "add":
        try:
            user_ids = tuple(slack_user_id(user) for user in user_ids)
        except LinkProblem as problem:
            raise click.BadParameter(str(problem), param_hint="USER_IDS") from None
    with transaction(store.session_factory) as session:
        for user in user_ids:
            if change == "add":
                add_officer(session, workspace_id, user, by="cli", now=services.now())
            elif change == "remove":
                remove_officer(session, workspace_id, user)
        current = officer_ids(session, workspace_id)
    from_env = services.configured_officers(workspace_id)
    click.echo(f"Officers of {workspace_id}: {', '.join(current) or 'none in the database'}"
               + (f"; from OFFICER_USER_IDS: {', '.join(from_env)}" if from_env else ""))
    ignored = [e for e in settings.officer_user_ids if ":" not in e] if services.multi_workspace else []
    if ignored:
        click.echo(f"Ignored in OFFICER_USER_IDS: {', '.join(ignored)}. With many workspaces, name the workspace: "
                   f"{workspace_id}:{ignored[0]}.", err=True)


def build_clock(settings: Settings) -> Clock:
    from datetime import timedelta

    from bot.app import slack_api_url
    from bot.clock import Clock
    from digests.delivery import pass_connections
    from handlers.slack_poster import SlackPoster, plain_client

    # Every build and post thread of a pass may hold a connection at once, with the heartbeat
    # and the reminder pass besides: a smaller pool makes threads time out waiting for one.
    store = open_or_exit(settings, pool_size=pass_connections(settings.digest_workers) + 2)
    base_url = slack_api_url(settings)
    timeout = settings.slack_timeout_seconds
    if settings.oauth_enabled:
        from bot.install import bot_token_lookup, installation_store

        token_for = bot_token_lookup(installation_store(settings, store.engine))

        def client_for(workspace_id: str) -> WebClient:
            return plain_client(base_url, token_for(workspace_id), timeout)
    else:
        token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
        client = plain_client(base_url, token, timeout)

        def client_for(workspace_id: str) -> WebClient:
            return client
    return Clock(store.session_factory, SlackPoster(client_for), settings.timezone, per_minute=settings.digest_posts_per_minute,
                 workers=settings.digest_workers, lease=timedelta(seconds=settings.digest_lease_seconds))


@main.command()
def clock() -> None:
    """Run the scheduler: weekly digests and owner reminders (run exactly one of these)."""
    from bot.clock import run_forever

    settings = load_settings()
    _require(settings.require_web_api)
    from bot.logs import setup_logging

    setup_logging(settings.log_format)
    run_forever(build_clock(settings))


@main.group()
def digest() -> None:
    """Weekly digests."""


@digest.command(name="run")
@click.option("--as-of", "as_of", help="Run the pass as of this moment (ISO 8601, e.g. 2026-03-16T09:00:00+00:00). Default: now.")
def digest_run(as_of: str | None) -> None:
    """Run one delivery pass (digests due, reminders owed), exactly what the clock does each tick."""
    from datetime import UTC, datetime

    settings = load_settings()
    _require(settings.require_web_api)
    moment = datetime.fromisoformat(as_of) if as_of else datetime.now(UTC)
    if moment.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-03-16T09:00:00+00:00", param_hint="--as-of")
    clock = build_clock(settings)
    digests, reminders = clock.tick(moment)
    click.echo(
        f"As of {moment.isoformat()}: {digests.claimed} digests due, {digests.sent} sent, {digests.skipped_quiet} quiet weeks skipped, "
        f"{digests.left_for_retry} left for the next pass, {len(digests.paused)} paused; "
        f"{reminders.reminders} reminders in {reminders.messages} messages; "
        f"{clock.last_rounds.sent} update-round messages ({clock.last_rounds.settled_from_history} found already sent)."
    )
    for subscription_id, error in digests.paused:
        click.echo(f"  paused digest #{subscription_id}: {error}")


@main.group(name="plan")
def plan_() -> None:
    """Plans in the store: list them, remove one, undo the last import."""


@plan_.command(name="list")
@click.option("--workspace", help="Slack team id (default: SCRUTINY_WORKSPACE or 'local').")
def plan_list(workspace: str | None) -> None:
    """Every plan with its code, title, file and number of actions."""
    from sqlalchemy import func, select

    from store.models import Action, Plan

    settings = load_settings()
    store = open_or_exit(settings)
    workspace_id = workspace or settings.scrutiny_workspace
    with store.session_factory() as session:
        rows = session.execute(
            select(Plan.code, Plan.title, Plan.source_file, func.count(Action.id))
            .outerjoin(Action, Action.plan_id == Plan.id)
            .where(Plan.workspace_id == workspace_id)
            .group_by(Plan.id, Plan.code, Plan.title, Plan.source_file)
            .order_by(Plan.code)
        ).all()
    if not rows:
        click.echo(f"No plans in {workspace_id} yet: import one with `scrutiny-bot import FILE`.")
    for code, title, source, n in rows:
        click.echo(f"{code}\t{title}\t{source}\t{n} actions")


@plan_.command(name="remove")
@click.argument("code")
@click.option("--workspace", help="Slack team id (default: SCRUTINY_WORKSPACE or 'local').")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def plan_remove(code: str, workspace: str | None, yes: bool) -> None:
    """Delete a plan with its actions and their history. Irreversible."""
    from store.db import transaction
    from store.errors import Problem
    from store.plan_history import count_actions, plan_by_code, remove_plan

    settings = load_settings()
    store = open_or_exit(settings)
    workspace_id = workspace or settings.scrutiny_workspace
    try:
        with store.session_factory() as session:
            plan = plan_by_code(session, workspace_id, code)
            question = (
                f"Delete plan {plan.code} ({plan.title}) with its {count_actions(session, plan)} actions "
                "and their history? This cannot be undone"
            )
        if not yes:
            click.confirm(question, abort=True)
        with transaction(store.session_factory) as session:
            removed = remove_plan(session, workspace_id, code)
    except Problem as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:
        if _store_busy(exc):
            raise click.ClickException(f"Nothing removed: {STORE_BUSY} Try again in a minute.") from exc
        raise
    click.echo(f"Removed plan {removed.code} ({removed.title}) and its {removed.actions} actions.")


@plan_.command(name="undo")
@click.argument("code", required=False)
@click.option("--workspace", help="Slack team id (default: SCRUTINY_WORKSPACE or 'local').")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def plan_undo(code: str | None, workspace: str | None, yes: bool) -> None:
    """Undo the last import (of plan CODE, or of the workspace): the plan goes back to how it was, or away if that import created it."""
    _undo_last_import(workspace, code, yes)


@main.group()
def workspace() -> None:
    """A workspace's own settings and data."""


@workspace.command(name="purge")
@click.option("--workspace", "workspace_id", required=True, help="Slack team id whose data to delete.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def workspace_purge(workspace_id: str, yes: bool) -> None:
    """Delete a workspace's plans, actions, history, links, digests and installation. Irreversible."""
    from store.db import transaction
    from store.workspaces import purge_workspace

    settings = load_settings()
    store = open_or_exit(settings)
    if not yes:
        click.confirm(f"Delete everything stored for {workspace_id}? This cannot be undone", abort=True)
    with transaction(store.session_factory) as session:
        found = purge_workspace(session, workspace_id)
    click.echo(f"Deleted all data of {workspace_id}." if found else f"Nothing was stored for {workspace_id}.")


@workspace.command(name="set")
@click.option("--workspace", "workspace_id", help="Slack team id (default: SCRUTINY_WORKSPACE or 'local').")
@click.option("--two-stage-close/--one-stage-close", default=None, help="Whether an owner's 'done' waits for an officer's sign-off.")
@click.option("--on-uninstall", type=click.Choice(["keep", "delete"]), help="Keep or delete the workspace's data when the app is uninstalled.")
@click.option("--name", help="The workspace's display name.")
@click.option("--response-period", help="How long the executive has to respond to a report: 28d, 8w, 2m; 'statutory' for two months.")
def workspace_set(workspace_id: str | None, two_stage_close: bool | None, on_uninstall: str | None, name: str | None,
                  response_period: str | None) -> None:
    """Change a workspace's settings."""
    from store.committees import set_workspace_period, workspace_period
    from store.db import transaction
    from store.workspaces import ensure_workspace

    settings = load_settings()
    store = open_or_exit(settings)
    team = workspace_id or settings.scrutiny_workspace
    with transaction(store.session_factory) as session:
        row = ensure_workspace(session, team)
        if two_stage_close is not None:
            row.two_stage_close = two_stage_close
        if on_uninstall is not None:
            row.delete_on_uninstall = on_uninstall == "delete"
        if name:
            row.name = name
        reworked = 0
        if response_period is not None:
            reworked = set_workspace_period(session, team, _period_or_exit(response_period))
        stages = "default (TWO_STAGE_CLOSE)" if row.two_stage_close is None else ("on" if row.two_stage_close else "off")
        keep = "delete" if row.delete_on_uninstall else "keep"
        period = workspace_period(session, team).label
    click.echo(f"{team}: two-stage close {stages}; on uninstall: {keep} its data; responses due {period} after a report is received"
               + (f" ({reworked} reports' due dates changed)" if reworked else ""))


def _period_or_exit(typed: str) -> ResponsePeriod | None:
    """A response period from the command line; None for 'statutory' or 'default'."""
    from store.committees import parse_period
    from store.errors import Problem, as_plain_text

    if typed.strip().lower() in ("statutory", "default", "none"):
        return None
    try:
        return parse_period(typed)
    except Problem as problem:
        raise click.ClickException(" ".join([problem.message, *(as_plain_text(h) for h in problem.hint)])) from None


@main.group()
def committee() -> None:
    """Committees: their own response periods, and their calendar of meetings and papers deadlines."""


@committee.command(name="period")
@click.argument("name")
@click.argument("period")
@click.option("--workspace", "workspace_id", help="Slack team id (default: SCRUTINY_WORKSPACE or 'local').")
def committee_period(name: str, period: str, workspace_id: str | None) -> None:
    """Set committee NAME's response period: 28d, 8w, 2m, or 'default' for the workspace's."""
    from store.committees import set_committee_period
    from store.db import transaction
    from store.workspaces import ensure_workspace

    chosen = _period_or_exit(period)
    settings = load_settings()
    store = open_or_exit(settings)
    team = workspace_id or settings.scrutiny_workspace
    with transaction(store.session_factory) as session:
        ensure_workspace(session, team)
        row, reworked = set_committee_period(session, team, name, chosen)
        label = chosen.label if chosen else "the workspace's period"
        click.echo(f"{row.name}: responses due {label} after a report is received ({reworked} reports' due dates changed)")


def _require(check: Callable[[], object]) -> None:
    try:
        check()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


# The committee calendar and the committee-ready report (issue 15).
from bot.cli_committees import calendar_commands, report as _report_command  # noqa: E402

for _calendar_command in calendar_commands():
    committee.add_command(_calendar_command)
main.add_command(_report_command)


if __name__ == "__main__":
    main()
