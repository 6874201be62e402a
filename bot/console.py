"""`scrutiny-bot console`: a terminal chat with the bot, through the same listeners Slack uses.

Lines are dispatched to the real listener functions with a console `ack`/`respond`, so what you
see here is what Slack would show (rendered for the terminal). Piped input works:
    echo '/overdue' | scrutiny-bot console
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from rich.console import Console

from bot.terminal import render_message
from handlers.blocks.action_list import PAGE_ACTION, ListState
from handlers.context import SERVICES_KEY, Services
from handlers.replies import list_reply

CONSOLE_USER = "UCONSOLE"

COMMANDS = ("/actions", "/overdue", "/action", "/update", "/mine")
QUIT = {"quit", "exit", ":q", "/quit", "/exit"}


class ConsoleChat:
    """One person at a terminal, in one workspace."""

    def __init__(self, services: Services, workspace_id: str, console: Console) -> None:
        self.services = services
        self.workspace_id = workspace_id
        self.console = console
        self.pages: dict[str, ListState] = {}
        self.has_list = False
        self._listeners = _listeners()

    def context(self) -> dict[str, Any]:
        return {SERVICES_KEY: self.services, "team_id": self.workspace_id, "user_id": CONSOLE_USER}

    def handle(self, line: str) -> list[dict[str, Any]]:
        """Dispatch one typed line; returns the messages the bot sent (also printed)."""
        line = line.strip()
        if not line or line.startswith("#"):
            return []
        word = line.split()[0].lower()
        if word in ("next", "more", "prev", "previous", "back"):
            return self._page(forward=word in ("next", "more"))
        if word in ("help", "/help", "?"):
            line = "/actions help"
            word = "/actions"
        if word in COMMANDS:
            text = line[len(word):].strip()
            return self._run_command(word, text)
        if word.startswith("/"):
            return self._show({"text": f":warning: I don't know the command `{word}`. Try `/actions help`."})
        return self._ask(line)

    def _ask(self, question: str) -> list[dict[str, Any]]:
        """A plain question, through the same listener as `@scrutiny-bot …` in a channel."""
        from handlers.events.mentions import handle_app_mention

        client = ConsoleClient()
        event = {"type": "app_mention", "text": question, "user": CONSOLE_USER, "channel": "CCONSOLE", "ts": "0"}
        handle_app_mention(event=event, client=client, context=self.context())  # type: ignore[arg-type]
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
        listener = self._listeners[command]
        extra = {"client": ConsoleClient()} if command in ("/update", "/mine") else {}
        listener(ack=ack, respond=respond, command=payload, context=self.context(), **extra)
        for body in sent:
            self._remember_list(body)
            self._show(body)
        return sent

    def _remember_list(self, body: dict[str, Any]) -> None:
        """Keep the paging buttons of the last list, so `next`/`prev` can press them."""
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


def _listeners() -> dict[str, Callable[..., None]]:
    from handlers.commands.action import handle_action_command
    from handlers.commands.actions import handle_actions_command
    from handlers.commands.mine import handle_mine_command
    from handlers.commands.overdue import handle_overdue_command
    from handlers.commands.update import handle_update_command

    return {
        "/actions": handle_actions_command,
        "/overdue": handle_overdue_command,
        "/action": handle_action_command,
        "/update": handle_update_command,
        "/mine": handle_mine_command,
    }


def run_console(chat: ConsoleChat, lines: Iterable[str] | None = None, *, stdin: TextIO | None = None) -> None:
    stdin = stdin or sys.stdin
    interactive = lines is None and stdin.isatty()
    console = chat.console
    if interactive:
        console.print("[bold]scrutiny-bot console[/bold] — ask like you would in Slack. "
                      "[dim]/actions help · next · quit[/dim]")
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
