"""The routing table: every listener the bot has, attached in one place.

The listener modules are imported when routing, not when the package is, so that the Block Kit
builders in handlers.blocks can be used (by digests, the console) without loading the whole app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_bolt import App

    from handlers.context import Services


def register_handlers(app: App, services: Services) -> None:
    from handlers import actions, commands, events, shortcuts, views
    from handlers.failures import handle_listener_error
    from handlers.middleware import acknowledge_rate_limit_notices, drop_event_retries, provide_services

    app.use(acknowledge_rate_limit_notices)
    app.use(provide_services(services))
    app.use(drop_event_retries(services))
    app.error(handle_listener_error)
    commands.register(app)
    events.register(app)
    actions.register(app)
    views.register(app)
    shortcuts.register(app)
