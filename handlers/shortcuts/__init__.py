"""Shortcuts: actions people start from a message's menu."""

from slack_bolt import App

from handlers import catalog
from handlers.shortcuts.message_update import handle_message_update_shortcut


def register(app: App) -> None:
    app.shortcut(catalog.MESSAGE_UPDATE.callback_id)(handle_message_update_shortcut)
