"""SteadyClock: a stepped system clock does not make phases end early or late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import SteadyClock

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Machine:
    """A system clock that can be stepped, and a monotonic counter that cannot."""

    def __init__(self) -> None:
        self.true = 0.0
        self.step = timedelta(0)

    def wall(self) -> datetime:
        return T0 + timedelta(seconds=self.true) + self.step

    def monotonic(self) -> float:
        return self.true


def test_it_follows_an_undisturbed_clock_exactly() -> None:
    machine = Machine()
    clock = SteadyClock(wall=machine.wall, monotonic=machine.monotonic)
    machine.true = 100.0
    assert clock.now() == T0 + timedelta(seconds=100)


def test_a_90_second_step_either_way_is_absorbed_slowly() -> None:
    for step in (90, -90):
        machine = Machine()
        clock = SteadyClock(wall=machine.wall, monotonic=machine.monotonic)
        machine.true, machine.step = 10.0, timedelta(seconds=step)
        for tick in range(11, 191):  # a 3-minute phase after the step, read every second
            machine.true = float(tick)
            off = clock.now() - (T0 + timedelta(seconds=tick))
            assert abs(off.total_seconds()) <= 2.0
        machine.true = 30_000.0  # hours later it agrees with the corrected system clock again
        assert clock.now() == machine.wall()


def test_a_long_gap_such_as_waking_from_sleep_is_adopted_at_once() -> None:
    machine = Machine()
    clock = SteadyClock(wall=machine.wall, monotonic=machine.monotonic)
    machine.true, machine.step = 5.0, timedelta(hours=8)  # monotonic stood still while suspended
    assert clock.now() == machine.wall()


def test_time_never_runs_backwards_for_small_steps() -> None:
    machine = Machine()
    clock = SteadyClock(wall=machine.wall, monotonic=machine.monotonic)
    previous = clock.now()
    machine.step = timedelta(seconds=-90)
    for tick in range(1, 60):
        machine.true = float(tick)
        current = clock.now()
        assert current >= previous
        previous = current
