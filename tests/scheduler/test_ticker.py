"""The scheduler's two jobs: card edits give way to due work, which owns the phase deadlines."""

from __future__ import annotations

from datetime import timedelta

from scheduler.ticker import Ticker
from tests.harness import BotUnderTest


def test_card_edits_give_way_while_due_work_runs_or_a_deadline_is_near(bot: BotUnderTest) -> None:
    ticker = Ticker(bot.services)
    assert not ticker._due_work_first()  # nothing due, nothing running
    ticker._next_due = bot.clock.now() + timedelta(milliseconds=20)
    assert ticker._due_work_first()
    ticker._next_due = bot.clock.now() + timedelta(seconds=1)
    assert not ticker._due_work_first()
    ticker._next_due = bot.clock.now() - timedelta(seconds=1)  # overdue: the tick goes first
    assert ticker._due_work_first()
    ticker._next_due = None
    with ticker._running:
        assert ticker._due_work_first()


def test_a_tick_reads_the_next_deadline_for_card_edits(bot: BotUnderTest) -> None:
    ticker = Ticker(bot.services)
    bot.command("<@U0ANA> timing=20s,20s,20s,20s,20s")
    ticker.holding = True
    ticker.scheduler.start(paused=True)
    try:
        ticker._wake_for_next_deadline()
    finally:
        ticker.scheduler.shutdown(wait=False)
    assert ticker._next_due is not None
    assert timedelta(seconds=19) <= ticker._next_due - bot.clock.now() <= timedelta(seconds=20)
