"""Modal submissions."""

from slack_bolt import App

from handlers import catalog
from handlers.views.response import handle_response_submission
from handlers.views.update import handle_update_submission


def register(app: App) -> None:
    app.view(catalog.UPDATE_VIEW)(handle_update_submission)
    app.view(catalog.RESPONSE_VIEW)(handle_response_submission)
