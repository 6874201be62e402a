"""Configuration, read once from the environment at start-up and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LOCAL_WORKSPACE = "local"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable and its form."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    database_url: str | None = None
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str | None = None
    officer_user_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    officer_usergroup_id: str | None = None
    scrutiny_timezone: str = "Europe/London"
    scrutiny_workspace: str = LOCAL_WORKSPACE
    two_stage_close: bool = True
    port: int = 3000
    web_concurrency: int = 2
    web_threads: int = 8
    # Messages a minute the clock allows itself per workspace (Slack's chat.postMessage allows
    # about one a second per channel and bursts beyond; staying under keeps 429s rare).
    digest_posts_per_minute: int = 60
    # Threads a delivery pass builds and posts with (each kind); the clock's pool is sized to them.
    digest_workers: int = Field(default=8, ge=1, le=64)
    # How long a claimed digest stays a pass's own; the pass renews it while it runs.
    digest_lease_seconds: float = Field(default=300, gt=0)
    # How long the clock waits for a Slack answer; a post that times out is checked, not repeated.
    slack_timeout_seconds: float = Field(default=10, gt=0)
    log_format: Literal["json", "text"] = "json"

    @field_validator("officer_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.replace(" ", ",").split(",") if part.strip()]
        return value

    @field_validator("scrutiny_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"SCRUTINY_TIMEZONE={value!r} is not a time zone name; use one like Europe/London"
            ) from exc
        return value

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.scrutiny_timezone)

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL: DATABASE_URL in its driver form, or the embedded SQLite file."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{default_sqlite_path()}"

    def require_http_mode(self) -> None:
        """Fail with the variable's name and form when `serve` cannot run."""
        self._require_complete_oauth()
        if not self.slack_signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is not set. Copy the Signing Secret from your Slack app's "
                "'Basic Information' page (32 hex characters)."
            )
        if not self.oauth_enabled:
            self._require_bot_token()

    def require_socket_mode(self) -> None:
        """Fail with the variable's name and form when `socket` cannot run."""
        token = self.slack_app_token.get_secret_value() if self.slack_app_token else ""
        if not token:
            raise ConfigError(
                "SLACK_APP_TOKEN is not set. Create an app-level token with the connections:write "
                "scope under 'Basic Information' > 'App-Level Tokens' (it starts with xapp-)."
            )
        if not token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-.")
        self._require_bot_token()

    def require_web_api(self) -> None:
        """Fail with the variable's name and form when a mode must call Slack on its own."""
        self._require_complete_oauth()
        if not self.oauth_enabled:
            self._require_bot_token()

    def _require_complete_oauth(self) -> None:
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            missing = "SLACK_CLIENT_SECRET" if self.slack_client_id else "SLACK_CLIENT_ID"
            raise ConfigError(
                f"{missing} is not set. Installing to many workspaces needs both SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (from your Slack app's 'Basic Information' page); for one "
                "workspace, unset both and set SLACK_BOT_TOKEN instead."
            )

    def _require_bot_token(self) -> None:
        token = self.slack_bot_token.get_secret_value() if self.slack_bot_token else ""
        if not token:
            raise ConfigError(
                "SLACK_BOT_TOKEN is not set. Install the app to your workspace and copy the "
                "'Bot User OAuth Token' (it starts with xoxb-); or set SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET to install it to many workspaces."
            )
        if not token.startswith("xoxb-"):
            raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-.")


def normalise_database_url(url: str) -> str:
    """Accept the forms hosting platforms hand out and name the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def default_sqlite_path() -> Path:
    directory = Path(platformdirs.user_data_dir("scrutiny-bot", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return directory / "scrutiny.db"
