"""The one place that reads the system clock; everything else is handed a Clock."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

log = logging.getLogger(__name__)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SteadyClock:
    """Wall time that does not jump when the system clock is stepped (an NTP correction, a manual fix).

    It advances with the monotonic counter and drifts towards the system clock by at most `slew` seconds
    per second, the way NTP slews: a 90 s step is absorbed over hours, so a 3-minute phase still lasts
    3 minutes (give or take 2 s). A gap beyond `step_limit` (a laptop waking from sleep, where the
    monotonic counter stood still) is adopted at once."""

    def __init__(
        self,
        *,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        slew: float = 0.01,
        step_limit: timedelta = timedelta(minutes=10),
    ) -> None:
        self._wall, self._monotonic, self._slew, self._step_limit = wall, monotonic, slew, step_limit
        self._lock = threading.Lock()
        self._at, self._mark = wall(), monotonic()

    def now(self) -> datetime:
        with self._lock:
            mark, wall = self._monotonic(), self._wall()
            elapsed = max(mark - self._mark, 0.0)
            ours = self._at + timedelta(seconds=elapsed)
            gap = wall - ours
            if abs(gap) > self._step_limit:
                log.warning("system clock moved by %s: following it", gap)
                ours = wall
            else:
                limit = self._slew * elapsed
                ours += timedelta(seconds=min(max(gap.total_seconds(), -limit), limit))
            self._at, self._mark = ours, mark
            return ours


class FakeClock:
    """A clock that only moves when told to: tests and rehearsals drive time explicitly."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or SystemClock().now()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def set(self, instant: datetime) -> None:
        with self._lock:
            self._now = instant

    def epoch(self) -> float:
        """Seconds since the epoch, for collaborators (the local Slack) that count time that way."""
        return self.now().timestamp()
