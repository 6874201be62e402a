"""Modal submissions."""

from slack_bolt import App

from handlers.blocks.update_modal import UPDATE_VIEW
from handlers.views.update import handle_update_submission


def register(app: App) -> None:
    app.view(UPDATE_VIEW)(handle_update_submission)
