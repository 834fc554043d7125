"""The scheduler's two jobs: card edits give way to due work, which owns the phase deadlines."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.assess.service import controls
from bot.assess.store import CARD_KIND
from bot.ids import AssessAction
from bot.slack.effects import Rendered
from scheduler.ticker import Ticker
from storage.assess import AssessRound
from tests.harness import ANA, FAC, BotUnderTest, block_text


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


def test_a_kick_while_card_edits_run_runs_them_again_at_once(bot: BotUnderTest) -> None:
    """A press committed just after its card was rendered for another edit: APScheduler skips a run asked
    for while the job runs, so the press showed a second later (P6 in bench/). Now the job runs again."""
    ticker = Ticker(bot.services)  # not started: a kick only says that work was queued
    ticker.holding = True
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    bot.tick()
    card_ts = str(bot.card().ts)
    with bot.db.read() as s:
        round_id = s.exec(select(AssessRound)).one().id
    assert round_id is not None
    cards = bot.services.gateway.cards
    real = cards.renderer.renderers[CARD_KIND]
    renders: list[str] = []

    def render_then_press(s: Session, ref: str, now: datetime) -> Rendered:
        shown: Rendered = real(s, ref, now)
        renders.append(ref)
        if len(renders) == 1:  # the facilitator presses Pause while this edit is on its way
            controls.press(bot.db, AssessAction.PAUSE, round_id, FAC, now)
            ticker.kick()
        return shown

    renderer = cards.renderer
    cards.renderer = replace(renderer, renderers={**renderer.renderers, CARD_KIND: render_then_press})
    controls.press(bot.db, AssessAction.EXTEND, round_id, FAC, bot.clock.now())
    ticker.refresh_cards()
    assert len(renders) == 2
    assert ":double_vertical_bar: *Paused*" in block_text(bot.message(card_ts).blocks)
