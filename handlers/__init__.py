"""The routing table: every listener the bot has, attached in one place."""

from slack_bolt import App

from handlers import actions, commands, events, shortcuts, views
from handlers.context import Services
from handlers.middleware import drop_event_retries, provide_services


def register_handlers(app: App, services: Services) -> None:
    app.use(provide_services(services))
    app.use(drop_event_retries(services))
    commands.register(app)
    events.register(app)
    actions.register(app)
    views.register(app)
    shortcuts.register(app)
