"""Slash commands: one module per command, registered in one place."""

from slack_bolt import App

from handlers.commands.action import handle_action_command
from handlers.commands.actions import handle_actions_command
from handlers.commands.overdue import handle_overdue_command


def register(app: App) -> None:
    app.command("/actions")(handle_actions_command)
    app.command("/overdue")(handle_overdue_command)
    app.command("/action")(handle_action_command)
