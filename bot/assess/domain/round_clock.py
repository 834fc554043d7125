"""A round's timer as pure functions of (state, now): phase deadlines, pause, +1 minute, skip, ticks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

WARNING_BEFORE_END = timedelta(seconds=30)
EXTENSION = timedelta(minutes=1)


class Status(StrEnum):
    """The timer's own states; a waiting or stopped round has no running timer (store.timer_of maps them)."""

    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"


@dataclass(frozen=True)
class RoundTimer:
    timing: tuple[int, ...]
    phase: int
    status: Status
    phase_ends_at: datetime | None
    paused_remaining: timedelta | None = None

    @property
    def last_phase(self) -> int:
        return len(self.timing) - 1


@dataclass(frozen=True)
class PhaseEnded:
    """Phase `phase` ended at `at`; `next_phase` is None when the round is over, and `cut_short` when the
    facilitator ended it while time remained."""

    phase: int
    next_phase: int | None
    at: datetime
    cut_short: bool = False


def start(timing: tuple[int, ...], now: datetime) -> RoundTimer:
    return RoundTimer(timing, 0, Status.RUNNING, now + timedelta(seconds=timing[0]))


def time_left(timer: RoundTimer, now: datetime) -> timedelta:
    if timer.status == Status.PAUSED and timer.paused_remaining is not None:
        return timer.paused_remaining
    if timer.status == Status.RUNNING and timer.phase_ends_at is not None:
        return max(timer.phase_ends_at - now, timedelta(0))
    return timedelta(0)


def pause(timer: RoundTimer, now: datetime) -> RoundTimer:
    if timer.status != Status.RUNNING:
        return timer
    return replace(timer, status=Status.PAUSED, phase_ends_at=None, paused_remaining=time_left(timer, now))


def resume(timer: RoundTimer, now: datetime) -> RoundTimer:
    if timer.status != Status.PAUSED or timer.paused_remaining is None:
        return timer
    return replace(
        timer, status=Status.RUNNING, phase_ends_at=now + timer.paused_remaining, paused_remaining=None
    )


def extend(timer: RoundTimer) -> RoundTimer:
    if timer.status == Status.RUNNING and timer.phase_ends_at is not None:
        return replace(timer, phase_ends_at=timer.phase_ends_at + EXTENSION)
    if timer.status == Status.PAUSED and timer.paused_remaining is not None:
        return replace(timer, paused_remaining=timer.paused_remaining + EXTENSION)
    return timer


def end_phase_now(timer: RoundTimer, now: datetime) -> tuple[RoundTimer, PhaseEnded | None]:
    """The facilitator's "next phase": the current phase ends now, the next one starts in full."""
    if timer.status == Status.DONE:
        return timer, None
    return _after_phase(timer, now, running=True)


def end_round_now(timer: RoundTimer, now: datetime) -> tuple[RoundTimer, PhaseEnded | None]:
    if timer.status == Status.DONE:
        return timer, None
    done = replace(timer, status=Status.DONE, phase_ends_at=None, paused_remaining=None)
    return done, PhaseEnded(timer.phase, None, now, cut_short=True)


def advance(timer: RoundTimer, now: datetime) -> tuple[RoundTimer, list[PhaseEnded]]:
    """Every phase whose deadline has passed ends at its deadline, so lateness never accumulates."""
    ended: list[PhaseEnded] = []
    while timer.status == Status.RUNNING and timer.phase_ends_at is not None:
        if timer.phase_ends_at > now:
            break
        timer, transition = _after_phase(timer, timer.phase_ends_at, running=True)
        ended.append(transition)
    return timer, ended


def _after_phase(timer: RoundTimer, at: datetime, *, running: bool) -> tuple[RoundTimer, PhaseEnded]:
    if timer.phase >= timer.last_phase:
        done = replace(timer, status=Status.DONE, phase_ends_at=None, paused_remaining=None)
        return done, PhaseEnded(timer.phase, None, at)
    nxt = timer.phase + 1
    moved = replace(
        timer,
        phase=nxt,
        status=Status.RUNNING if running else timer.status,
        phase_ends_at=at + timedelta(seconds=timer.timing[nxt]),
        paused_remaining=None,
    )
    return moved, PhaseEnded(timer.phase, nxt, at)


def next_tick(timer: RoundTimer, now: datetime) -> datetime | None:
    """The next moment the card should change: a minute mark, the 30-second warning, or the end."""
    if timer.status != Status.RUNNING or timer.phase_ends_at is None:
        return None
    end = timer.phase_ends_at
    if end <= now:
        return now
    candidates = [end, end - WARNING_BEFORE_END]
    left_minutes = int((end - now).total_seconds() // 60)
    candidates += [end - timedelta(minutes=k) for k in range(1, left_minutes + 1)]
    future = [c for c in candidates if c > now]
    return min(future) if future else end


def in_warning(timer: RoundTimer, now: datetime) -> bool:
    return timer.status == Status.RUNNING and time_left(timer, now) <= WARNING_BEFORE_END
