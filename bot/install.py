"""Installing the app to many workspaces: Bolt's OAuth flow over slack_sdk's SQLAlchemy stores,
kept in the bot's own database. Selected by SLACK_CLIENT_ID and SLACK_CLIENT_SECRET."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.oauth.callback_options import CallbackOptions, SuccessArgs
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.manifest import BOT_SCOPES
from bot.settings import Settings
from store.db import transaction
from store.links import add_officer
from store.models import utcnow
from store.workspaces import ensure_workspace

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    assert settings.slack_client_id
    return SQLAlchemyInstallationStore(
        client_id=settings.slack_client_id,
        engine=engine,
        installations_table_name="slack_installations",
        bots_table_name="slack_bots",
    )


def oauth_flow(settings: Settings, engine: Engine, session_factory: sessionmaker[Session], client: WebClient) -> OAuthFlow:
    assert settings.slack_client_id and settings.slack_client_secret
    store = installation_store(settings, engine)

    def on_success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        team = installation.team_id or installation.enterprise_id
        if team:
            # The person who installs the app is its first scrutiny officer in that workspace.
            with transaction(session_factory) as session:
                ensure_workspace(session, team, installation.team_name)
                add_officer(session, team, installation.user_id, by="install", now=utcnow())
            logger.info("installed in workspace %s", team)
        return args.default.success(args)

    settings_ = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=BOT_SCOPES,
        installation_store=store,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine, table_name="slack_oauth_states"),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        callback_options=CallbackOptions(success=on_success, failure=lambda args: args.default.failure(args)),
    )
    return OAuthFlow(client=client, settings=settings_)


def bot_token_lookup(store: SQLAlchemyInstallationStore) -> Callable[[str], str | None]:
    """workspace id -> its bot token, for the clock (which has no incoming request to authorize)."""

    def token_for(workspace_id: str) -> str | None:
        bot = store.find_bot(enterprise_id=None, team_id=workspace_id)
        return bot.bot_token if bot else None

    return token_for
