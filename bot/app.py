"""The one place the Bolt App is built; every run mode (HTTP, Socket Mode, tests) uses it."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from sqlalchemy import Engine
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.settings import Settings
from handlers import register_handlers
from handlers.context import Services

logger = logging.getLogger(__name__)

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def slack_api_url(settings: Settings) -> str:
    url = settings.slack_api_url or DEFAULT_SLACK_API_URL
    # slack_sdk joins method names onto the base URL, which must therefore end in a slash.
    return url if url.endswith("/") else url + "/"


def create_web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client pointed at SLACK_API_URL, retrying rate limits and server errors."""
    client = WebClient(token=token, base_url=slack_api_url(settings), timeout=10)
    client.retry_handlers.extend([RateLimitErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)])
    return client


def create_app(settings: Settings, services: Services, *, engine: Engine | None = None) -> App:
    """Build the Bolt app: single-workspace with SLACK_BOT_TOKEN, or, when SLACK_CLIENT_ID and
    SLACK_CLIENT_SECRET are set, multi-workspace with OAuth installs stored in our database."""
    signing_secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    kwargs: dict[str, object] = {}
    if settings.oauth_enabled:
        from bot.install import oauth_flow

        assert engine is not None, "OAuth mode keeps installations in the database"
        token = None  # each workspace's token comes from its installation
        flow = oauth_flow(settings, engine, services.session_factory, create_web_client(settings))
        kwargs.update(oauth_flow=flow, installation_store=flow.settings.installation_store)
        services.installation_store = flow.settings.installation_store
    app = App(
        name="scrutiny-bot",
        signing_secret=signing_secret,
        client=create_web_client(settings, token),
        process_before_response=False,
        # Verified lazily on the first request rather than at import, so a worker can start
        # while Slack is briefly unreachable.
        token_verification_enabled=False,
        listener_executor=ThreadPoolExecutor(max_workers=32, thread_name_prefix="listener"),
        **kwargs,  # type: ignore[arg-type]
    )
    register_handlers(app, services)
    return app
