"""Lanes of the outbox (one channel, or one person's DM): grouping, and what one flush shares across them."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.slack.sent_marks import SentMarks

if TYPE_CHECKING:  # settings read this module before the models are needed
    from storage.platform import Outbox

# Lanes sent at once by one flush. Measured in P2 of bench/ (see the README): the default keeps the
# 2-core machine's local Slack and SQLite busy without making each call slower.
DEFAULT_SEND_WORKERS = 4


def group_lanes(rows: list[Outbox]) -> list[list[Outbox]]:
    """Each lane's rows in id order; lanes by their most urgent row (lowest priority), then oldest row."""
    lanes: dict[str, list[Outbox]] = {}
    for row in sorted(rows, key=lambda r: r.id or 0):
        lanes.setdefault(row.lane, []).append(row)
    return sorted(lanes.values(), key=lambda lane: (min(r.priority for r in lane), lane[0].id or 0))


def by_priority(lanes: list[list[Outbox]]) -> list[list[list[Outbox]]]:
    """Lanes (as group_lanes orders them) split into runs of the same most urgent priority."""
    levels: dict[int, list[list[Outbox]]] = {}
    for lane in lanes:
        levels.setdefault(min(r.priority for r in lane), []).append(lane)
    return [levels[p] for p in sorted(levels)]


@dataclass
class LaneFlush:
    """What the lanes of one flush share: its `now`, its time limit and the workspaces out of budget."""

    now: datetime
    started: float  # monotonic instant `now` was read; budgets refill by real time since then
    until: float | None
    thread_ts: dict[str, str]
    sent: SentMarks = field(default_factory=SentMarks)
    _closed: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def out_of_time(self) -> bool:
        return self.until is not None and time.monotonic() > self.until

    def budget_now(self) -> datetime:
        return self.now + timedelta(seconds=time.monotonic() - self.started)

    def close(self, team_id: str) -> None:
        with self._lock:
            self._closed.add(team_id)

    def closed(self, team_id: str) -> bool:
        with self._lock:
            return team_id in self._closed
