"""Events API listeners."""

from slack_bolt import App

from handlers.events.files import handle_file_share, handle_file_shared
from handlers.events.home import handle_app_home_opened
from handlers.events.lifecycle import handle_app_uninstalled, handle_tokens_revoked
from handlers.events.mentions import handle_app_mention, handle_direct_message, is_direct_message


def register(app: App) -> None:
    app.event("app_mention")(handle_app_mention)
    app.event("app_home_opened")(handle_app_home_opened)
    app.event("app_uninstalled")(handle_app_uninstalled)
    app.event("tokens_revoked")(handle_tokens_revoked)
    # Before the DM listener: Bolt runs the first listener that matches.
    app.event({"type": "message", "subtype": "file_share"})(handle_file_share)
    app.event("file_shared")(handle_file_shared)
    # Bolt matches an event dict on its type and subtype only, so channel_type is checked here.
    app.event("message", matchers=[is_direct_message])(handle_direct_message)
    # Other messages in channels the bot is in are not for us; acknowledge them quietly.
    app.event("message")(lambda: None)
