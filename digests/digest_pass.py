"""What the digests of one delivery pass share, so a thousand digests do not repeat each other's work.

- The owner directory of each workspace, read once a pass (store.owners.OwnerDirectoryCache keys it
  by workspace and owners generation), not once for every `owner:` subscription.
- Each workspace's updates of the week, the earlier updates of the actions in it and its owner
  links, read once a pass for all its digests (digests.reads.PassReads).
- Each digest built, keyed by everything its content depends on: workspace, query, time zone, the
  moment it is as of and the previous one. Channels subscribed to the same thing in one workspace
  (every team following "all actions") share one build; the copy each gets carries its own
  subscription and channel. The key starts with the workspace, so two workspaces never share one,
  whatever they typed.

A pass lives for one run of digests.delivery.run_delivery_pass and is then dropped: nothing here
outlives the pass or sees a later change to the store. Every digest is "as of" its scheduled time,
so sharing one within the pass changes nothing a reader sees.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime

from digests.content import Digest
from digests.reads import PassReads
from store.models import DigestSubscription
from store.owners import OwnerDirectoryCache

BuildKey = tuple[str, str, str, datetime, datetime | None]


class DigestPass:
    def __init__(self) -> None:
        self.owners = OwnerDirectoryCache()
        self.reads = PassReads()
        self._lock = threading.Lock()
        self._built: dict[BuildKey, Digest] = {}

    @staticmethod
    def key(subscription: DigestSubscription, as_of: datetime, previous: datetime | None) -> BuildKey:
        return (subscription.workspace_id, subscription.query, subscription.timezone, as_of, previous)

    def built(self, subscription: DigestSubscription, as_of: datetime, previous: datetime | None) -> Digest | None:
        """The digest already built this pass for the same workspace and query, as this subscription's."""
        with self._lock:
            digest = self._built.get(self.key(subscription, as_of, previous))
        if digest is None:
            return None
        return replace(digest, subscription_id=subscription.id, channel_id=subscription.channel_id)

    def keep(self, subscription: DigestSubscription, as_of: datetime, previous: datetime | None, digest: Digest) -> None:
        with self._lock:
            self._built[self.key(subscription, as_of, previous)] = digest
