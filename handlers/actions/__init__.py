"""Block actions: buttons and menus on the bot's messages."""

import re

from slack_bolt import App

from handlers.actions.imports import handle_import_cancel, handle_import_confirm
from handlers.actions.links import handle_claim_decision, handle_link_suggestion
from handlers.actions.lists import (
    handle_choose_handle,
    handle_choose_owner,
    handle_details,
    handle_digest_list,
    handle_page,
    handle_share,
)
from handlers.actions.updates import (
    handle_action_menu,
    handle_send_back,
    handle_signoff,
    handle_update_button,
)
from handlers.blocks.action_list import (
    DETAILS_ACTION,
    MENU_ACTION,
    PAGE_ACTION,
    SEND_BACK_ACTION,
    SHARE_ACTION,
    SIGNOFF_ACTION,
    UPDATE_ACTION,
)
from handlers.blocks.feedback import CHOOSE_HANDLE_ACTION, CHOOSE_OWNER_ACTION
from handlers.blocks.import_preview import CANCEL_IMPORT_ACTION, IMPORT_ACTION
from handlers.blocks.digest import LIST_OVERDUE_ACTION
from handlers.commands.link import CLAIM_CONFIRM_ACTION, CLAIM_REJECT_ACTION, LINK_SUGGESTION_ACTION


def register(app: App) -> None:
    app.action(re.compile(rf"^{PAGE_ACTION}_(next|previous)$"))(handle_page)
    app.action(SHARE_ACTION)(handle_share)
    app.action(DETAILS_ACTION)(handle_details)
    app.action(re.compile(rf"^{CHOOSE_OWNER_ACTION}_\d+$"))(handle_choose_owner)
    app.action(re.compile(rf"^{CHOOSE_HANDLE_ACTION}_\d+$"))(handle_choose_handle)
    app.action(UPDATE_ACTION)(handle_update_button)
    app.action(MENU_ACTION)(handle_action_menu)
    app.action(SIGNOFF_ACTION)(handle_signoff)
    app.action(SEND_BACK_ACTION)(handle_send_back)
    app.action(LINK_SUGGESTION_ACTION)(handle_link_suggestion)
    app.action(LIST_OVERDUE_ACTION)(handle_digest_list)
    app.action(CLAIM_CONFIRM_ACTION)(handle_claim_decision)
    app.action(CLAIM_REJECT_ACTION)(handle_claim_decision)
    app.action(IMPORT_ACTION)(handle_import_confirm)
    app.action(CANCEL_IMPORT_ACTION)(handle_import_cancel)
