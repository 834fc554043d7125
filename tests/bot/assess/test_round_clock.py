from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.assess.domain import round_clock as rc

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TIMING = (180, 120, 180, 120, 60)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_start_sets_the_first_deadline() -> None:
    timer = rc.start(TIMING, T0)
    assert (timer.phase, timer.status, timer.phase_ends_at) == (0, "running", at(180))


@pytest.mark.parametrize(
    ("elapsed", "phase", "ended"),
    [(179, 0, 0), (180, 1, 1), (299, 1, 1), (300, 2, 2), (659, 4, 4), (660, 4, 5), (5000, 4, 5)],
)
def test_advance_ends_every_passed_phase_at_its_own_deadline(elapsed: int, phase: int, ended: int) -> None:
    timer, transitions = rc.advance(rc.start(TIMING, T0), at(elapsed))
    assert timer.phase == phase
    assert len(transitions) == ended
    boundaries = [180, 300, 480, 600, 660]
    assert [t.at for t in transitions] == [at(b) for b in boundaries[:ended]]
    assert (timer.status == "done") == (ended == 5)


def test_advance_twice_at_the_same_instant_changes_nothing() -> None:
    timer, first = rc.advance(rc.start(TIMING, T0), at(200))
    again, second = rc.advance(timer, at(200))
    assert first
    assert not second
    assert again == timer


def test_pause_keeps_time_left_and_resume_restores_it() -> None:
    paused = rc.pause(rc.start(TIMING, T0), at(100))
    assert paused.status == "paused"
    assert rc.time_left(paused, at(5000)) == timedelta(seconds=80)
    assert rc.advance(paused, at(5000))[1] == []
    resumed = rc.resume(paused, at(1000))
    assert resumed.phase_ends_at == at(1080)


def test_extend_adds_a_minute_running_or_paused() -> None:
    assert rc.extend(rc.start(TIMING, T0)).phase_ends_at == at(240)
    paused = rc.extend(rc.pause(rc.start(TIMING, T0), at(30)))
    assert paused.paused_remaining == timedelta(seconds=210)


def test_next_phase_starts_the_next_phase_in_full() -> None:
    timer, transition = rc.end_phase_now(rc.start(TIMING, T0), at(10))
    assert transition == rc.PhaseEnded(0, 1, at(10))
    assert timer.phase_ends_at == at(130)


def test_end_round_now_from_any_phase() -> None:
    timer, transition = rc.end_round_now(rc.start(TIMING, T0), at(10))
    assert timer.status == "done"
    assert transition == rc.PhaseEnded(0, None, at(10), cut_short=True)
    assert rc.end_round_now(timer, at(11)) == (timer, None)


@pytest.mark.parametrize(
    ("now", "expected"),
    [(0, 60), (60, 120), (120, 150), (150, 180), (170, 180), (180, 180)],
)
def test_next_tick_is_a_minute_mark_the_warning_or_the_end(now: int, expected: int) -> None:
    assert rc.next_tick(rc.start(TIMING, T0), at(now)) == at(expected)


def test_short_phases_tick_only_at_their_end() -> None:
    assert rc.next_tick(rc.start((5, 5, 5, 5, 5), T0), T0) == at(5)


def test_warning_in_the_last_30_seconds() -> None:
    timer = rc.start(TIMING, T0)
    assert not rc.in_warning(timer, at(149))
    assert rc.in_warning(timer, at(150))
