"""Token buckets that keep coachbot under Slack's published rate limits before Slack has to say 429."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Rate:
    """`per_minute` sustained, with `burst` calls allowed back to back; any 60 s window sees at most
    burst + per_minute calls."""

    per_minute: float
    burst: int


# chat.update is Tier 3 (~50/min) for the whole workspace, shared by every live card.
CARD_UPDATES = Rate(per_minute=45, burst=5)
# Card edits share those tokens in three ranks. A facilitator's press is shown first (a person is watching
# the card) and may take the last token; a phase change leaves PRESS_RESERVE tokens to presses; a countdown
# leaves URGENT_RESERVE more to phase changes. With 30 live rounds the countdowns alone use the whole
# budget, and a press waited for the next token (P6 in bench/: p99 2.4 s from a press to its card); with
# presses ranked with phase changes, 30 rounds' phase changes a few seconds apart still spent the reserve
# ahead of a press (p99 1.1-2.0 s).
PRESS_RESERVE = 1
URGENT_RESERVE = 2
# chat.postMessage: about one a second in a channel, short bursts tolerated.
CHANNEL_POSTS = Rate(per_minute=60, burst=3)
# chat.postMessage also has a workspace cap Slack calls "several hundred a minute"; we read it as 300
# (what the local Slack enforces). 270 sustained plus a burst of 20 puts at most 290 in any 60 s window:
# a backlog drains at 90-93% of the cap (250 gave 84%), and the 10 left over absorb the skew between our
# clock and Slack's (280 + 20, exactly the cap, drew 11 429s in P4 of bench/).
WORKSPACE_POSTS = Rate(per_minute=270, burst=20)


class Budget:
    """Buckets by key, refilled by the `now` the caller passes (so tests and replays stay exact)."""

    def __init__(self, *, workspace_posts: Rate = WORKSPACE_POSTS) -> None:
        # Slack documents the workspace cap only as "several hundred a minute"; an operator whose
        # workspace is granted more (or a local Slack configured higher) can raise it.
        self.workspace_posts = workspace_posts
        self._lock = threading.Lock()
        self._tokens: dict[str, tuple[float, datetime]] = {}
        self._blocked_until: dict[str, datetime] = {}

    def try_take(self, key: str, rate: Rate, now: datetime, *, keep: int = 0) -> bool:
        """Take one call's token; with `keep`, only while that many stay for more urgent calls."""
        with self._lock:
            blocked = self._blocked_until.get(key)
            if blocked is not None and now < blocked:
                return False
            tokens = self._refill(key, rate, now)
            if tokens < 1 + keep:
                return False
            self._tokens[key] = (tokens - 1, now)
            return True

    def give_back(self, key: str, rate: Rate, now: datetime) -> None:
        """Return a token taken for a call that was never made."""
        with self._lock:
            tokens = self._refill(key, rate, now)
            self._tokens[key] = (min(tokens + 1, rate.burst), now)

    def block(self, key: str, until: datetime) -> None:
        """Slack said 429 with Retry-After: nothing goes out on this key before `until`."""
        with self._lock:
            current = self._blocked_until.get(key)
            if current is None or until > current:
                self._blocked_until[key] = until
            # One call may go out the moment the wait is over; the bucket refills from there.
            self._tokens[key] = (1.0, until)

    def _refill(self, key: str, rate: Rate, now: datetime) -> float:
        tokens, at = self._tokens.get(key, (float(rate.burst), now))
        elapsed = max((now - at).total_seconds(), 0.0)
        return min(tokens + elapsed * rate.per_minute / 60.0, float(rate.burst))
