"""`scrutiny-bot console`: a terminal chat with the bot, through the same listeners Slack uses.

Lines are dispatched to the real listener functions with a console `ack`/`respond`, so what you
see here is what Slack would show (rendered for the terminal). Piped input works:
    echo '/overdue' | scrutiny-bot console
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from rich.console import Console

from bot.terminal import render_message
from handlers.blocks.action_list import PAGE_ACTION, ListState
from handlers.context import SERVICES_KEY, Services
from handlers.replies import list_reply

CONSOLE_USER = "UCONSOLE"

COMMANDS = ("/actions", "/overdue", "/action")
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
        return self._run_command("/actions", line)

    def _run_command(self, command: str, text: str) -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []

        def ack(**body: Any) -> None:
            if body:
                sent.append(body)

        def respond(**body: Any) -> None:
            sent.append(body)

        payload = {"command": command, "text": text, "team_id": self.workspace_id, "user_id": CONSOLE_USER}
        self._listeners[command](ack=ack, respond=respond, command=payload, context=self.context())
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


def _listeners() -> dict[str, Callable[..., None]]:
    from handlers.commands.action import handle_action_command
    from handlers.commands.actions import handle_actions_command
    from handlers.commands.overdue import handle_overdue_command

    return {
        "/actions": handle_actions_command,
        "/overdue": handle_overdue_command,
        "/action": handle_action_command,
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


def dump(messages: list[dict[str, Any]]) -> str:
    return json.dumps(messages, indent=2)
