"""`scrutiny-bot console`: a terminal chat with the bot, through the same listeners Slack uses.

Lines are dispatched to the real listener functions with a console `ack`/`respond`, so what you
see here is what Slack would show (rendered for the terminal). Piped input works:
    echo '/overdue' | scrutiny-bot console
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape as rich_escape

from bot.terminal import render_message
from handlers import catalog
from handlers.payloads import ListState
from handlers.blocks.feedback import build_error
from handlers.catalog import CHOOSE_HANDLE_ACTION, CHOOSE_OWNER_ACTION, PAGE_ACTION, UPDATE_CHOICE_ACTION
from handlers.context import Services
from handlers.failures import failure_reply, log_failure
from handlers.middleware import listener_context
from handlers.replies import list_reply
from store.errors import AmbiguousOwner, UnknownOwner
from store.owners import resolve_owner
from store.permissions import Person

CONSOLE_USER = "UCONSOLE"

COMMANDS = catalog.CONSOLE_COMMANDS
QUIT = {"quit", "exit", ":q", "/quit", "/exit"}
# Buttons the console can press for you when you type their number.
CHOICE_ACTIONS = (CHOOSE_OWNER_ACTION, CHOOSE_HANDLE_ACTION, UPDATE_CHOICE_ACTION)


def slack_commands() -> list[str]:
    """Every slash command the Slack app has, from the catalog the manifest is built from."""
    return list(catalog.COMMAND_NAMES)


class ConsoleChat:
    """One person at a terminal, in one workspace."""

    def __init__(self, services: Services, workspace_id: str, console: Console) -> None:
        self.services = services
        self.workspace_id = workspace_id
        self.console = console
        self.pages: dict[str, ListState] = {}
        self.has_list = False
        self.choices: list[dict[str, Any]] = []
        self.acting_as: Person | None = None
        self._listeners = _listeners()

    def context(self, client: ConsoleClient | None = None) -> dict[str, Any]:
        """What Bolt's context would hold: the same keys the middleware gives Slack's requests."""
        context = {"team_id": self.workspace_id, "user_id": CONSOLE_USER}
        return {**context, **listener_context(self.services, self.workspace_id, CONSOLE_USER, client)}  # type: ignore[arg-type]

    def handle(self, line: str) -> list[dict[str, Any]]:
        """Dispatch one typed line; returns the messages the bot sent (also printed)."""
        line = line.strip()
        if not line or line.startswith("#"):
            return []
        word = line.split()[0].lower()
        if line.isdigit():
            return self._choose(int(line))
        if word in ("next", "more", "prev", "previous", "back"):
            return self._page(forward=word in ("next", "more"))
        if word in ("help", "/help", "?"):
            line = "/actions help"
            word = "/actions"
        if word in ("as", "/as"):
            return self._act_as(line[len(word):].strip())
        if word == "/mine" and self.acting_as is None:
            return self._show(build_error(
                "In the console you are not a Slack user, so no actions are yours yet.",
                ["`as Linda Mann` to act as an owner (then `/mine`)", "`/actions owner:NAME`"],
            ).payload())
        if word in COMMANDS:
            text = line[len(word):].strip()
            return self._run_command(word, text)
        if word in slack_commands():
            why = catalog.command(word).console_note or "it works with Slack accounts and channels."
            return self._show({"text": f":information_source: `{word}` needs Slack: {why}"})
        if word.startswith("/"):
            return self._show({"text": f":warning: I don't know the command `{word}`. Try `/actions help`."})
        return self._ask(line)

    def _act_as(self, name: str) -> list[dict[str, Any]]:
        """`as Linda Mann`: be that owner for `/mine` (and `as officer` to stop)."""
        if not name or name.lower() in ("officer", "me", "myself", "nobody"):
            self.acting_as = None
            return self._show({"text": "You are the console's officer again: you may update any action."})
        with self.services.session_factory() as session:
            try:
                owner = resolve_owner(session, self.workspace_id, name, cache=self.services.owner_cache)
            except (UnknownOwner, AmbiguousOwner) as problem:
                candidates = problem.candidates if isinstance(problem, AmbiguousOwner) else problem.suggestions
                names = ", ".join(f"`as {c.name}`" for c in candidates[:3]) or "`/actions owners` to see who there is"
                return self._show(build_error(f"No one owner is called `{name}`.", [names]).payload())
        self.acting_as = Person(user_id=CONSOLE_USER, name=owner.name, is_officer=True, owner_ids=frozenset({owner.id}))
        return self._show({"text": f"You are now acting as *{owner.name}*: `/mine` lists their open actions. `as officer` to stop."})

    def _choose(self, number: int) -> list[dict[str, Any]]:
        """Press the numbered button of the last "did you mean" or "which one?" message."""
        if not 1 <= number <= len(self.choices):
            if not self.choices:
                return self._show({"text": "There is nothing to choose from: numbers pick from a list of choices."})
            return self._show({"text": f"Choose a number from 1 to {len(self.choices)}."})
        element = self.choices[number - 1]
        sent: list[dict[str, Any]] = []

        def respond(**body: Any) -> None:
            sent.append(body)

        action_id = str(element["action_id"])
        body = {"actions": [{"action_id": action_id, "value": element["value"]}], "user": {"id": CONSOLE_USER},
                "team": {"id": self.workspace_id}}
        client = ConsoleClient()
        call_listener(_choice_listener(action_id), sent, ack=lambda **_: None, body=body, respond=respond, client=client, **self.context(client))
        for reply in sent:
            self._remember_list(reply)
            self._show(reply)
        return sent

    def _ask(self, question: str) -> list[dict[str, Any]]:
        """A plain question, through the same listener as `@scrutiny-bot …` in a channel."""
        from handlers.events.mentions import handle_app_mention

        client = ConsoleClient()
        event = {"type": "app_mention", "text": question, "user": CONSOLE_USER, "channel": "CCONSOLE", "ts": "0"}
        call_listener(handle_app_mention, client.sent, event=event, client=client, **self.context(client))
        for body in client.sent:
            self._remember_list(body)
            self._show(body)
        return client.sent

    def _run_command(self, command: str, text: str) -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []

        def ack(**body: Any) -> None:
            if body:
                sent.append(body)

        def respond(**body: Any) -> None:
            sent.append(body)

        payload = {"command": command, "text": text, "team_id": self.workspace_id, "user_id": CONSOLE_USER}
        if command == "/mine" and self.acting_as is not None:
            respond(**list_reply(self.services, self.workspace_id, "mine", text, viewer=self.acting_as).payload())
        else:
            client = ConsoleClient()
            call_listener(self._listeners[command], sent, ack=ack, respond=respond, command=payload, client=client, **self.context(client))
        for body in sent:
            self._remember_list(body)
            self._show(body)
        return sent

    def _remember_list(self, body: dict[str, Any]) -> None:
        """Keep the paging buttons of the last list, so `next`/`prev` can press them, and its
        choice buttons, so `1`, `2`… can."""
        choices = [
            element
            for block in body.get("blocks") or [] if block.get("type") == "actions"
            for element in block.get("elements", [])
            if str(element.get("action_id", "")).startswith(CHOICE_ACTIONS)
        ]
        if choices or body.get("blocks"):
            self.choices = choices
        pages: dict[str, ListState] = {}
        for block in body.get("blocks") or []:
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                action_id = str(element.get("action_id", ""))
                if action_id.startswith(PAGE_ACTION):
                    pages[action_id.removeprefix(PAGE_ACTION + "_")] = ListState.decode(element["value"])
        if pages or any(b.get("type") == "header" for b in body.get("blocks") or []):
            self.pages = pages
            self.has_list = True

    def _page(self, *, forward: bool) -> list[dict[str, Any]]:
        state = self.pages.get("next" if forward else "previous")
        if state is None:
            where = "the last page" if forward else "the first page"
            return self._show({"text": f"That's {where}." if self.has_list else "Nothing to page through yet: ask with `/actions` first."})
        message = list_reply(self.services, self.workspace_id, state.kind, state.query, state.offset)
        body = message.payload()
        self._remember_list(body)
        return self._show(body)

    def _show(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        render_message(self.console, body)
        if self.choices and any(
            str(e.get("action_id", "")).startswith(CHOICE_ACTIONS)
            for b in body.get("blocks") or [] if b.get("type") == "actions" for e in b.get("elements", [])
        ):
            numbered = "  ".join(f"{i}. {e['text']['text']}" for i, e in enumerate(self.choices, start=1))
            self.console.print(f"[bold]Type a number to choose:[/bold] {rich_escape(numbered)}")
        return [body]


class ConsoleClient:
    """Stands in for the Slack Web API at the terminal: what the bot posts is shown here."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def chat_postEphemeral(self, **body: Any) -> dict[str, Any]:  # noqa: N802 - slack_sdk's name
        self.sent.append(body)
        return {"ok": True}

    chat_postMessage = chat_postEphemeral  # noqa: N815

    def usergroups_list(self, **_: Any) -> dict[str, Any]:
        return {"ok": True, "usergroups": []}

    def users_info(self, **_: Any) -> dict[str, Any]:
        return {"ok": True, "user": {"real_name": "Console"}}


def call_listener(listener: Callable[..., None], sent: list[dict[str, Any]], **available: Any) -> None:
    """Call a listener as Bolt does: with the arguments it names, out of those available; and
    answer a failure as app.error does in Slack."""
    wanted = inspect.signature(listener).parameters
    try:
        listener(**{name: value for name, value in available.items() if name in wanted})
    except Exception as error:  # noqa: BLE001 - answered as app.error answers it in Slack
        log_failure(error)
        sent.append(failure_reply(error).payload())


def _listeners() -> dict[str, Callable[..., None]]:
    """The same listeners Slack's commands reach, for the commands the console answers."""
    from handlers.commands import LISTENERS

    return {command.name: listener for command, listener in LISTENERS.items() if command.in_console}


def _choice_listener(action_id: str) -> Callable[..., None]:
    from handlers.actions.lists import handle_choose_handle, handle_choose_owner
    from handlers.commands.update import handle_update_choice

    if action_id.startswith(UPDATE_CHOICE_ACTION):
        return handle_update_choice
    if action_id.startswith(CHOOSE_HANDLE_ACTION):
        return handle_choose_handle
    return handle_choose_owner


def run_console(chat: ConsoleChat, lines: Iterable[str] | None = None, *, stdin: TextIO | None = None) -> None:
    stdin = stdin or sys.stdin
    interactive = lines is None and stdin.isatty()
    console = chat.console
    if interactive:
        console.print("[bold]scrutiny-bot console[/bold] — ask like you would in Slack. "
                      "[dim]/actions help · next · 1, 2… to choose · as NAME to act as an owner · quit[/dim]")
    source = lines if lines is not None else _read_lines(stdin, console, interactive)
    for line in source:
        if line.strip().lower() in QUIT:
            break
        chat.handle(line)


def _read_lines(stdin: TextIO, console: Console, interactive: bool) -> Iterable[str]:
    while True:
        if interactive:
            try:
                line = console.input("[bold cyan]you ›[/bold cyan] ")
            except (EOFError, KeyboardInterrupt):
                console.print()
                return
        else:
            line = stdin.readline()
            if not line:
                return
        yield line
