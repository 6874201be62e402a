"""Block actions: buttons and menus on the bot's messages."""

import re

from slack_bolt import App

from handlers.actions.lists import (
    handle_choose_handle,
    handle_choose_owner,
    handle_details,
    handle_page,
    handle_share,
)
from handlers.blocks.action_list import DETAILS_ACTION, PAGE_ACTION, SHARE_ACTION
from handlers.blocks.feedback import CHOOSE_HANDLE_ACTION, CHOOSE_OWNER_ACTION


def register(app: App) -> None:
    app.action(re.compile(rf"^{PAGE_ACTION}_(next|previous)$"))(handle_page)
    app.action(SHARE_ACTION)(handle_share)
    app.action(DETAILS_ACTION)(handle_details)
    app.action(re.compile(rf"^{CHOOSE_OWNER_ACTION}_\d+$"))(handle_choose_owner)
    app.action(re.compile(rf"^{CHOOSE_HANDLE_ACTION}_\d+$"))(handle_choose_handle)
