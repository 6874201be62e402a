"""Shortcuts: actions people start from a message's menu."""

from slack_bolt import App

from handlers.shortcuts.message_update import MESSAGE_UPDATE_SHORTCUT, handle_message_update_shortcut


def register(app: App) -> None:
    app.shortcut(MESSAGE_UPDATE_SHORTCUT)(handle_message_update_shortcut)
