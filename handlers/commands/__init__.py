"""Slash commands: one module per command, each attached to the name the catalog gives it."""

from collections.abc import Callable

from slack_bolt import App

from handlers import catalog
from handlers.commands.action import handle_action_command
from handlers.commands.actions import handle_actions_command
from handlers.commands.digest import handle_digest_command
from handlers.commands.import_ import handle_import_command
from handlers.commands.link import handle_link_command
from handlers.commands.mine import handle_mine_command
from handlers.commands.overdue import handle_overdue_command
from handlers.commands.reminders import handle_reminders_command
from handlers.commands.update import handle_update_choice, handle_update_command
from handlers.commands.cycle import (
    handle_assess_command,
    handle_reopen_command,
    handle_respond_command,
    handle_responses_command,
    handle_signoff_command,
)
# The committee calendar, update rounds and the committee-ready report (issue 15). /report is
# shared with issue 14: handlers.commands.report sends `committee:` lines to the tracker and the
# rest to the scrutiny report's dates (handlers.commands.cycle).
from handlers.commands.committee import handle_committee_command
from handlers.commands.report import handle_report_command
from handlers.commands.round_ import handle_round_command

LISTENERS: dict[catalog.SlashCommand, Callable[..., None]] = {
    catalog.ACTIONS: handle_actions_command,
    catalog.OVERDUE: handle_overdue_command,
    catalog.ACTION: handle_action_command,
    catalog.UPDATE: handle_update_command,
    catalog.MINE: handle_mine_command,
    catalog.LINK: handle_link_command,
    catalog.DIGEST: handle_digest_command,
    catalog.REMINDERS: handle_reminders_command,
    catalog.IMPORT: handle_import_command,
    # The scrutiny cycle (issue 14).
    catalog.RESPONSES: handle_responses_command,
    catalog.RESPOND: handle_respond_command,
    catalog.ASSESS: handle_assess_command,
    catalog.SIGNOFF: handle_signoff_command,
    catalog.REOPEN: handle_reopen_command,
    catalog.REPORT: handle_report_command,  # issue 14's and 15's, see above
    # issue 15
    catalog.COMMITTEE: handle_committee_command,
    catalog.ROUND: handle_round_command,
}


def register(app: App) -> None:
    # Every command the manifest declares has a listener: a KeyError here, not a silent 404 in Slack.
    for command in catalog.COMMANDS:
        app.command(command.name)(LISTENERS[command])
    app.action(catalog.numbered_ids(catalog.UPDATE_CHOICE_ACTION))(handle_update_choice)
