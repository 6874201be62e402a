"""Posting digests and reminders through the Web API, with Slack's errors sorted into what the
delivery code can act on: wait (429), try again later (5xx, network), or stop (channel gone)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from digests.delivery import HistoryUnavailable, PermanentFailure, RateLimited, TransientFailure
from handlers.kept_alive import KeptAliveWebClient

HISTORY_PAGES = 5  # up to 1,000 messages since the digest's period: a week of a busy channel
DEFAULT_TIMEOUT = 10.0


class SlackPoster:
    def __init__(self, client_for: Callable[[str], WebClient]) -> None:
        self._client_for = client_for

    def post(self, workspace_id: str, channel: str, text: str, blocks: list[dict[str, Any]] | None, metadata: dict[str, Any] | None = None) -> str:
        response = self._call(lambda: self._client_for(workspace_id).chat_postMessage(
            channel=channel, text=text, blocks=blocks, unfurl_links=False, metadata=metadata))
        return str(response.get("ts", ""))

    def find_posted(self, workspace_id: str, channel: str, metadata: dict[str, Any], since: datetime) -> str | None:
        wanted = metadata["event_payload"]
        for ts, payload in self._our_messages(workspace_id, channel, metadata["event_type"], since):
            if all(payload.get(k) == v for k, v in wanted.items()):
                return ts
        return None

    def find_direct_messages(self, workspace_id: str, user_id: str, event_type: str, since: datetime) -> list[dict[str, Any]]:
        client = self._client_for(workspace_id)
        try:
            opened = self._call(lambda: client.conversations_open(users=user_id))
        except PermanentFailure as refused:
            raise HistoryUnavailable(refused.error) from refused
        channel = str((opened.get("channel") or {}).get("id", ""))
        return [payload for _, payload in self._our_messages(workspace_id, channel, event_type, since)]

    def _our_messages(self, workspace_id: str, channel: str, event_type: str, since: datetime) -> Iterator[tuple[str, dict[str, Any]]]:
        """(ts, metadata payload) of the channel's messages since `since` with our event type."""
        client = self._client_for(workspace_id)
        cursor = None
        for _ in range(HISTORY_PAGES):
            try:
                page = self._call(lambda: client.conversations_history(
                    channel=channel, oldest=f"{since.timestamp():.6f}", limit=200, include_all_metadata=True, cursor=cursor))  # noqa: B023 - called at once, inside the loop
            except PermanentFailure as refused:
                raise HistoryUnavailable(refused.error) from refused
            for message in page.get("messages") or []:
                found = message.get("metadata") or {}
                if found.get("event_type") == event_type:
                    yield str(message.get("ts", "")), found.get("event_payload") or {}
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not (page.get("has_more") and cursor):
                return

    def direct_message(self, workspace_id: str, user_id: str, text: str, metadata: dict[str, Any] | None = None) -> None:
        # Posting to a user id opens (or reuses) the bot's DM with them.
        self._call(lambda: self._client_for(workspace_id).chat_postMessage(channel=user_id, text=text, unfurl_links=False, metadata=metadata))

    def _call(self, send: Callable[[], SlackResponse]) -> SlackResponse:
        try:
            return send()
        except SlackApiError as error:
            status = error.response.status_code
            if status == 429:
                raise RateLimited(float(error.response.headers.get("Retry-After", error.response.headers.get("retry-after", 1)))) from error
            if status >= 500:
                raise TransientFailure(f"Slack answered HTTP {status}") from error
            code = str(error.response.get("error", "unknown_error"))
            if code in ("ratelimited",):
                raise RateLimited(1.0) from error
            if code in ("internal_error", "fatal_error", "service_unavailable", "request_timeout"):
                raise TransientFailure(code) from error
            # Anything else (channel_not_found, not_in_channel, is_archived, account_inactive,
            # invalid_blocks, …) will fail the same way next time: stop and tell someone.
            raise PermanentFailure(code) from error
        except (URLError, TimeoutError, ConnectionError, OSError) as error:
            raise TransientFailure(f"Slack could not be reached ({type(error).__name__})") from error


def plain_client(base_url: str, token: str | None, timeout: float = DEFAULT_TIMEOUT) -> WebClient:
    """A client without slack_sdk's own retries: the delivery code decides how to wait. A pass
    posts hundreds of digests: they share kept-alive connections (handlers/kept_alive.py)."""
    # slack_sdk annotates timeout as int but hands it to the socket, which takes fractions of a second.
    return KeptAliveWebClient(token=token, base_url=base_url, timeout=timeout)  # type: ignore[arg-type]
