"""What Slack knows about people that we need often: user-group membership and names, cached."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)

MEMBERSHIP_TTL = 300.0  # seconds: user-group changes show up within five minutes
# After a failed read, people act as themselves for this long instead of each request waiting
# on a slow Slack again.
FAILED_TTL = 30.0
# What a slow or unreachable Slack raises besides SlackApiError: timeouts, refused connections.
UNREACHABLE = (OSError, TimeoutError)
# Lookups happen while someone waits on Slack's 3-second window (a form, a trigger to open one):
# each gets this long, not the client's usual 10 s and its retries.
LOOKUP_TIMEOUT = 1.0


def _quick(client: WebClient) -> WebClient:
    """The same client (token, URL, headers) with a short timeout and no retries."""
    if not isinstance(client, WebClient):
        return client  # the console's stand-in answers at once
    return WebClient(token=client.token, base_url=client.base_url, timeout=LOOKUP_TIMEOUT, headers=dict(client.headers or {}))  # type: ignore[arg-type]  # urllib takes fractions of a second


@dataclass
class _Memberships:
    fetched: float
    groups_of: dict[str, frozenset[str]] = field(default_factory=dict)
    ttl: float = MEMBERSHIP_TTL


class SlackDirectory:
    """Per-process cache of user-group membership and display names, per workspace."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._memberships: dict[str, _Memberships] = {}
        self._names: dict[tuple[str, str], str] = {}

    def usergroups_of(self, client: WebClient | None, workspace_id: str, user_id: str) -> frozenset[str]:
        if client is None:
            return frozenset()
        with self._lock:
            cached = self._memberships.get(workspace_id)
        if cached is None or time.monotonic() - cached.fetched > cached.ttl:
            cached = self._fetch_memberships(client)
            with self._lock:
                self._memberships[workspace_id] = cached
        return cached.groups_of.get(user_id, frozenset())

    def _fetch_memberships(self, client: WebClient) -> _Memberships:
        members: dict[str, set[str]] = {}
        try:
            group: dict[str, Any]
            for group in _quick(client).usergroups_list(include_users=True).get("usergroups", []):
                user: str
                for user in group.get("users", []) or []:
                    members.setdefault(user, set()).add(group["id"])
        except SlackApiError as error:
            # Without usergroups:read (or with Slack unreachable) people still act as themselves.
            logger.warning("could not read user groups: %s", error.response.get("error"))
            return _Memberships(time.monotonic(), {}, FAILED_TTL)
        except UNREACHABLE as error:
            logger.warning("could not read user groups: Slack did not answer (%s)", type(error).__name__)
            return _Memberships(time.monotonic(), {}, FAILED_TTL)
        return _Memberships(time.monotonic(), {u: frozenset(g) for u, g in members.items()})

    def name_of(self, client: WebClient | None, workspace_id: str, user_id: str) -> str:
        key = (workspace_id, user_id)
        with self._lock:
            if key in self._names:
                return self._names[key]
        name = user_id
        if client is not None:
            try:
                user = _quick(client).users_info(user=user_id)["user"]
                profile = user.get("profile") or {}
                name = profile.get("real_name") or user.get("real_name") or profile.get("display_name") or user.get("name") or user_id
            except SlackApiError as error:
                logger.warning("could not read user %s: %s", user_id, error.response.get("error"))
                return name
            except UNREACHABLE as error:
                logger.warning("could not read user %s: Slack did not answer (%s)", user_id, type(error).__name__)
                return name
        with self._lock:
            self._names[key] = name
        return name
