"""Block actions: buttons and menus on the bot's messages."""

import re

from slack_bolt import App

from handlers import catalog
from handlers.actions.cycle import handle_respond_button, handle_signoff_anyway, handle_signoff_cancel
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

def register(app: App) -> None:
    app.action(re.compile(rf"^({catalog.NEXT_PAGE_ACTION}|{catalog.PREVIOUS_PAGE_ACTION})$"))(handle_page)
    app.action(catalog.SHARE_ACTION)(handle_share)
    app.action(catalog.DETAILS_ACTION)(handle_details)
    app.action(catalog.numbered_ids(catalog.CHOOSE_OWNER_ACTION))(handle_choose_owner)
    app.action(catalog.numbered_ids(catalog.CHOOSE_HANDLE_ACTION))(handle_choose_handle)
    app.action(catalog.UPDATE_ACTION)(handle_update_button)
    app.action(catalog.MENU_ACTION)(handle_action_menu)
    app.action(catalog.SIGNOFF_ACTION)(handle_signoff)
    app.action(catalog.SEND_BACK_ACTION)(handle_send_back)
    app.action(catalog.LINK_SUGGESTION_ACTION)(handle_link_suggestion)
    app.action(catalog.LIST_OVERDUE_ACTION)(handle_digest_list)
    app.action(catalog.CLAIM_CONFIRM_ACTION)(handle_claim_decision)
    app.action(catalog.CLAIM_REJECT_ACTION)(handle_claim_decision)
    app.action(catalog.IMPORT_ACTION)(handle_import_confirm)
    app.action(catalog.CANCEL_IMPORT_ACTION)(handle_import_cancel)
    # The scrutiny cycle (issue 14).
    app.action(catalog.RESPOND_ACTION)(handle_respond_button)
    app.action(catalog.SIGNOFF_ANYWAY_ACTION)(handle_signoff_anyway)
    app.action(catalog.SIGNOFF_CANCEL_ACTION)(handle_signoff_cancel)
