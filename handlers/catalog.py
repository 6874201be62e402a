"""Everything Slack can call us by, in one place: slash commands, shortcuts, interaction ids.

The routing (handlers/*/__init__.py), the manifest (bot/manifest.py), the console and the tests
all read this. To add a slash command: a SlashCommand here, one listener, one builder.
Plain data: no Slack import, so the manifest and the console can read it without loading Bolt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SlashCommand:
    name: str
    description: str
    usage_hint: str
    # Slack only turns @mentions into user ids in a command's text when escaping is on.
    escaped: bool = False
    # Whether `scrutiny-bot console` answers it (the rest need Slack itself).
    in_console: bool = False
    # What the console says a Slack-only command is for, so it can say what to do instead.
    console_note: str = ""


ACTIONS = SlashCommand("/actions", "Find scrutiny actions by owner, plan, status, date or words", "owner:linda status:open due:this-month", in_console=True)
OVERDUE = SlashCommand("/overdue", "Overdue actions, most overdue first", "[owner:name] [plan:code]", in_console=True)
ACTION = SlashCommand("/action", "One action in full, with its history", "BR-7.4.3", in_console=True)
UPDATE = SlashCommand("/update", "Post an update on an action", "BR-7.4.3 done: standard letter revised", in_console=True)
MINE = SlashCommand("/mine", "Your own open actions", "[status:all] [due:this-month]", in_console=True)
LINK = SlashCommand(
    "/link", "Link owners in the plans to people in Slack", 'me "Your Name"', escaped=True,
    console_note="it links Slack accounts to owners. Here, type `as NAME` to act as an owner.",
)
DIGEST = SlashCommand(
    "/digest", "A weekly digest for this channel", "subscribe [plan:…] [every monday 09:00]",
    console_note="it posts a weekly digest into a Slack channel. Run `scrutiny-bot clock` with Slack set up.",
)
REMINDERS = SlashCommand("/reminders", "Reminders before your deadlines", "off | on")
IMPORT = SlashCommand("/import", "Import an action plan or tracker (officers)", "<file link> [plan:CODE] [new]")

COMMANDS: tuple[SlashCommand, ...] = (ACTIONS, OVERDUE, ACTION, UPDATE, MINE, LINK, DIGEST, REMINDERS, IMPORT)

# The scrutiny cycle (issue 14): reports and responses on the statutory clock, assessments, sign-off.
RESPONSES = SlashCommand("/responses", "What is awaiting an executive response, and what is overdue", "[plan]", in_console=True)
RESPOND = SlashCommand("/respond", "Record the executive's response to a recommendation (officers)", "BR-7.4 accepted in part: the reasons", in_console=True)
ASSESS = SlashCommand("/assess", "Assess a recommendation: achieved, on track, slipped… (officers)", "BR-7.4 on track", in_console=True)
SIGNOFF = SlashCommand("/signoff", "Sign a recommendation off as the committee agreed (officers)", "BR-7.4 meeting:2026-03-02 minute:45", in_console=True)
REOPEN = SlashCommand("/reopen", "Re-open a signed-off recommendation (officers)", "BR-7.4: the reason", in_console=True)
# One /report for both issues: `/report BR received:…` is a scrutiny report's dates (issue 14);
# `/report committee:"…"` is the committee-ready tracker as a file (issue 15).
REPORT = SlashCommand(
    "/report", "A scrutiny report's dates, or a committee's tracker as a file", 'BR received:2026-03-10 | committee:"People Scrutiny"', in_console=True,
)
COMMANDS += (RESPONSES, RESPOND, ASSESS, SIGNOFF, REOPEN, REPORT)

# The committee calendar and update rounds (issue 15).
COMMITTEE = SlashCommand(
    "/committee", "Committee meeting dates and papers deadlines", 'add "People Scrutiny" meeting:2026-03-02 | list', in_console=True,
)
ROUND = SlashCommand(
    "/round", "Ask owners for updates before a committee meeting (officers)", 'open committee:"People Scrutiny" meeting:2026-03-02 due:2026-02-16',
    in_console=True,
)
COMMANDS += (COMMITTEE, ROUND)
COMMAND_NAMES: tuple[str, ...] = tuple(c.name for c in COMMANDS)
CONSOLE_COMMANDS: tuple[str, ...] = tuple(c.name for c in COMMANDS if c.in_console)


@dataclass(frozen=True)
class Shortcut:
    callback_id: str
    name: str  # Slack caps a shortcut's name at 24 characters
    description: str
    type: str = "message"


MESSAGE_UPDATE = Shortcut(
    "add_update_from_message", "Add as action update", "Turn this message into a progress note on one of your actions"
)
SHORTCUTS: tuple[Shortcut, ...] = (MESSAGE_UPDATE,)

# Modal callback ids.
UPDATE_VIEW = "update_action"

# Block action ids. PAGE_ACTION is followed by `_next` / `_previous`; the CHOOSE_ ids and
# UPDATE_CHOICE_ACTION by `_<n>`, one button per candidate (Slack wants ids unique in a message).
PAGE_ACTION = "list_page"
SHARE_ACTION = "list_share"
DETAILS_ACTION = "action_details"
UPDATE_ACTION = "action_update"
MENU_ACTION = "action_menu"
SIGNOFF_ACTION = "signoff_confirm"
SEND_BACK_ACTION = "signoff_back"
LIST_OVERDUE_ACTION = "digest_list_overdue"
CHOOSE_OWNER_ACTION = "choose_owner"
CHOOSE_HANDLE_ACTION = "choose_handle"
UPDATE_CHOICE_ACTION = "update_choose_handle"
IMPORT_ACTION = "import_confirm"
CANCEL_IMPORT_ACTION = "import_cancel"
LINK_SUGGESTION_ACTION = "link_suggestion"
CLAIM_CONFIRM_ACTION = "link_claim_confirm"
CLAIM_REJECT_ACTION = "link_claim_reject"

# The scrutiny cycle (issue 14).
RESPONSE_VIEW = "record_response"
RESPOND_ACTION = "cycle_respond"  # opens the response form for the recommendation in its value
SIGNOFF_ANYWAY_ACTION = "cycle_signoff_anyway"
SIGNOFF_CANCEL_ACTION = "cycle_signoff_cancel"

NEXT_PAGE_ACTION = f"{PAGE_ACTION}_next"
PREVIOUS_PAGE_ACTION = f"{PAGE_ACTION}_previous"


def numbered(prefix: str, n: int | str) -> str:
    """The action id of the n-th choice button."""
    return f"{prefix}_{n}"


def numbered_ids(prefix: str) -> re.Pattern[str]:
    """What the routing matches for every `numbered(prefix, n)`."""
    return re.compile(rf"^{re.escape(prefix)}_\d+$")


def command(name: str) -> SlashCommand:
    return next(c for c in COMMANDS if c.name == name)
