"""The one place the Bolt App is built; every run mode (HTTP, Socket Mode, tests) uses it."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler
from sqlalchemy import Engine

from bot.settings import Settings
from handlers import register_handlers
from handlers.acking import match_directly
from handlers.context import Services

logger = logging.getLogger(__name__)

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
# What Slack answers for a token that is wrong, revoked or of the wrong kind.
TOKEN_REFUSED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type"})


def slack_api_url(settings: Settings) -> str:
    url = settings.slack_api_url or DEFAULT_SLACK_API_URL
    # slack_sdk joins method names onto the base URL, which must therefore end in a slash.
    return url if url.endswith("/") else url + "/"


def create_web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A Web API client pointed at SLACK_API_URL, retrying rate limits and server errors."""
    client = WebClient(token=token, base_url=slack_api_url(settings), timeout=10)
    client.retry_handlers.extend([RateLimitErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)])
    return client


class SingleWorkspaceAuthorize:
    """Bolt's `authorize` for one bot token (SLACK_BOT_TOKEN).

    Bolt's own single-workspace mode calls auth.test before it will run any listener, so a worker
    that starts while Slack's API is down refuses every request, even those that need nothing
    from Slack. This always supplies the token and adds the bot's ids once auth.test answers.
    """

    RETRY_SECONDS = 30.0

    def __init__(self, client: WebClient, token: str) -> None:
        self._client = client
        self._token = token
        self._ids: dict[str, str] | None = None
        self._last_try = 0.0
        self._lock = threading.Lock()

    def result(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        ids = self._ids or self._fetch_ids()
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id or ids.get("team_id"),
            bot_token=self._token,
            bot_id=ids.get("bot_id"),
            bot_user_id=ids.get("user_id"),
        )

    def _fetch_ids(self) -> dict[str, str]:
        with self._lock:
            if self._ids is not None:
                return self._ids
            if time.monotonic() - self._last_try < self.RETRY_SECONDS:
                return {}
            self._last_try = time.monotonic()
            try:
                response = self._client.auth_test(token=self._token)
            except SlackApiError as error:
                code = error.response.get("error")
                if code in TOKEN_REFUSED:
                    logger.error("Slack refused SLACK_BOT_TOKEN (%s): copy the Bot User OAuth Token (xoxb-…) from "
                                 "your app's OAuth & Permissions page; answering what needs no Slack meanwhile", code)
                else:
                    logger.warning("auth.test failed (%s); answering without the bot's ids for now", code)
                return {}
            except OSError as error:  # URLError, refused connections and timeouts are all OSErrors
                logger.error("Slack's Web API cannot be reached at %s (%s); answering what needs no Slack meanwhile",
                             self._client.base_url, getattr(error, "reason", None) or error)
                return {}
            self._ids = {k: str(response.get(k)) for k in ("team_id", "user_id", "bot_id") if response.get(k)}
            return self._ids


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
        store = flow.settings.installation_store
        # Bolt's default looks the workspace up twice (its installation, then the person's, for a
        # user token we never ask for) and calls auth.test for every request. The bot's row is one
        # lookup, read every time so an uninstall or revocation takes effect at once in every
        # worker; what auth.test says about a token never changes, so it is kept per token: a
        # reinstall brings a new token, and a forgotten workspace has none to look up.
        kwargs.update(oauth_flow=flow, installation_store=store, authorize=InstallationStoreAuthorize(
            installation_store=store, client_id=flow.settings.client_id, client_secret=flow.settings.client_secret,
            logger=logging.getLogger("slack_bolt.App"), bot_only=True, cache_enabled=True, client=create_web_client(settings),
        ))
        services.installation_store = store
    if token:
        single = SingleWorkspaceAuthorize(create_web_client(settings), token)

        # Bolt passes arguments by name, so it is given a plain function.
        def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            return single.result(enterprise_id, team_id)

        kwargs["authorize"] = authorize
    app = App(
        name="scrutiny-bot",
        signing_secret=signing_secret,
        client=create_web_client(settings),
        # The HTTP response is sent when the listener returns: a quick answer is the ack itself,
        # with no 10 ms ack polling. What may be slow acks first (handlers/acking.py).
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=32, thread_name_prefix="listener"),
        **kwargs,  # type: ignore[arg-type]
    )
    register_handlers(app, services)
    match_directly(app)
    return app
