"""Slash commands: one module per command, registered in one place."""

import re

from slack_bolt import App

from handlers.commands.action import handle_action_command
from handlers.commands.actions import handle_actions_command
from handlers.commands.digest import handle_digest_command
from handlers.commands.import_ import handle_import_command
from handlers.commands.link import handle_link_command
from handlers.commands.mine import handle_mine_command
from handlers.commands.overdue import handle_overdue_command
from handlers.commands.reminders import handle_reminders_command
from handlers.commands.update import UPDATE_CHOICE_ACTION, handle_update_choice, handle_update_command


def register(app: App) -> None:
    app.command("/actions")(handle_actions_command)
    app.command("/overdue")(handle_overdue_command)
    app.command("/action")(handle_action_command)
    app.command("/update")(handle_update_command)
    app.command("/mine")(handle_mine_command)
    app.command("/link")(handle_link_command)
    app.command("/digest")(handle_digest_command)
    app.command("/reminders")(handle_reminders_command)
    app.command("/import")(handle_import_command)
    app.action(re.compile(rf"^{UPDATE_CHOICE_ACTION}_\d+$"))(handle_update_choice)
