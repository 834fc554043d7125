"""Slack's rate limits by the emulator's clock: per-minute windows and chat.postMessage's channel bucket."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

TIER_1, TIER_2, TIER_3, TIER_4 = 1, 20, 50, 100
POST_MESSAGE_WORKSPACE_PER_MINUTE = 300
CHANNEL_BURST, CHANNEL_PER_SECOND = 3.0, 1.0
WINDOW = 60.0

# Per-minute limits per method (docs.slack.dev method pages; auth.test is "special", treated as Tier 4).
TIERS: dict[str, int] = {
    "auth.test": TIER_4,
    "chat.postMessage": POST_MESSAGE_WORKSPACE_PER_MINUTE,
    "chat.update": TIER_3,
    "chat.delete": TIER_3,
    "chat.postEphemeral": TIER_4,
    "conversations.open": TIER_3,
    "conversations.info": TIER_3,
    "conversations.members": TIER_4,
    "conversations.history": TIER_3,
    "conversations.replies": TIER_3,
    "conversations.join": TIER_3,
    "users.info": TIER_4,
    "users.list": TIER_2,
    "views.open": TIER_4,
    "views.push": TIER_4,
    "views.update": TIER_4,
    "views.publish": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
}


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Counts calls of one workspace; `admit` returns 0 when the call may run, else Retry-After seconds."""

    def __init__(self) -> None:
        self.overrides: dict[str, int | None] = {}
        self._windows: dict[str, deque[float]] = {}
        self._buckets: dict[str, _Bucket] = {}

    def per_minute(self, method: str) -> int | None:
        if method in self.overrides:
            return self.overrides[method]
        return TIERS.get(method, TIER_3)

    def admit(self, method: str, now: float, channel: str | None = None) -> int:
        window_wait = self._window_wait(method, now)
        bucket_wait = self._bucket_wait(channel, now) if method == "chat.postMessage" and channel else 0.0
        wait = max(window_wait, bucket_wait)
        if wait > 0:
            # Retry-After is an integer header; never tell a client to come back sooner than 1 s.
            return max(1, math.ceil(wait))
        self._windows.setdefault(method, deque()).append(now)
        return 0

    def spend(self, channel: str, now: float) -> None:
        """A message was posted: the channel's burst allowance shrinks (failed calls do not post anything)."""
        self._bucket_wait(channel, now)
        self._buckets[channel].tokens -= 1.0

    def _window_wait(self, method: str, now: float) -> float:
        limit = self.per_minute(method)
        if limit is None:
            return 0.0
        window = self._windows.setdefault(method, deque())
        while window and window[0] <= now - WINDOW:
            window.popleft()
        if limit <= 0:
            return WINDOW
        if len(window) < limit:
            return 0.0
        return window[len(window) - limit] + WINDOW - now

    def _bucket_wait(self, channel: str, now: float) -> float:
        bucket = self._buckets.setdefault(channel, _Bucket(CHANNEL_BURST, now))
        refill = max(0.0, now - bucket.at) * CHANNEL_PER_SECOND
        bucket.tokens = min(CHANNEL_BURST, bucket.tokens + refill)
        bucket.at = max(bucket.at, now)
        if bucket.tokens >= 1.0:
            return 0.0
        return (1.0 - bucket.tokens) / CHANNEL_PER_SECOND
