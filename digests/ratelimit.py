"""Pacing posts to Slack: about one message a second per channel, and a workspace-wide cap.

Waiting here, before sending, keeps us inside the limits; a 429 that still comes back (Slack's
limits are not published exactly) is waited out by the sender for that one message only.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class PostPacer:
    def __init__(
        self,
        *,
        per_channel_interval: float = 1.0,
        per_minute: int | None = None,
        margin: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_channel_interval = per_channel_interval
        self.per_minute = per_minute
        # We count a post when we start it, Slack when it arrives; a little slack avoids a 429.
        self.margin = margin
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last_by_channel: dict[str, float] = {}
        self._window: deque[float] = deque()

    def wait_turn(self, channel: str) -> None:
        """Block until a post to `channel` fits both limits, then count it as sent."""
        while True:
            with self._lock:
                now = self._clock()
                wait = self._wait_needed(channel, now)
                if wait <= 0:
                    self._last_by_channel[channel] = now
                    if self.per_minute:
                        self._window.append(now)
                    return
            self._sleep(wait)

    def _wait_needed(self, channel: str, now: float) -> float:
        waits = [0.0]
        last = self._last_by_channel.get(channel)
        if last is not None:
            waits.append(self.per_channel_interval + self.margin - (now - last))
        if self.per_minute:
            span = 60.0 + self.margin
            while self._window and now - self._window[0] >= span:
                self._window.popleft()
            if len(self._window) >= self.per_minute:
                waits.append(self._window[0] + span - now)
        return max(waits)

    def give_back(self, channel: str) -> None:
        """A post Slack refused did not use up a place in the window."""
        with self._lock:
            if self._window:
                self._window.pop()
