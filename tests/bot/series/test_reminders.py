"""Channel reminders before each session, the Start session button, and a restart between sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.ids import SeriesAction
from bot.slack.handler_calls import TIER_4
from storage.db import Database
from tests.bot.series.helpers import (
    answer,
    ephemeral_texts,
    press,
    reminders,
    run_until,
    settle,
    submit_plan,
    texts,
)
from tests.harness import ANA, CHANNEL, FAC, PETE, PIA, BotUnderTest, running_bot

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

FIRST = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
SECOND = datetime(2026, 12, 28, 15, 0, tzinfo=UTC)
DAY, SOON = timedelta(days=1), timedelta(minutes=15)


def test_reminders_a_day_and_15_minutes_before_with_a_start_button(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    run_until(bot, FIRST - DAY - timedelta(minutes=1))
    assert reminders(bot) == []
    run_until(bot, FIRST - DAY)
    assert len(reminders(bot)) == 1
    assert "Session 1 of 4* starts tomorrow" in texts(reminders(bot))[0]
    run_until(bot, FIRST - SOON - timedelta(minutes=1))
    assert len(reminders(bot)) == 1
    run_until(bot, FIRST - SOON)
    assert len(reminders(bot)) == 2
    assert "starts in 15 minutes" in texts(reminders(bot))[1]
    assert f"<!date^{int(FIRST.timestamp())}^" in texts(reminders(bot))[1]


def test_only_the_facilitator_can_start_and_it_starts_once(bot: BotUnderTest) -> None:
    submit_plan(bot)
    run_until(bot, FIRST - SOON)
    reminder = reminders(bot)[-1]
    press(bot, PIA, reminder, SeriesAction.START_SESSION)
    settle(bot, 2)
    assert bot.cards() == []
    assert any(f"Only <@{FAC}> or a listed facilitator can start" in t for t in ephemeral_texts(bot, PIA))
    press(bot, FAC, reminder, SeriesAction.START_SESSION)
    settle(bot, 2)
    assert len(bot.cards()) == 1
    assert f"<@{ANA}> in focus" in str(bot.card().blocks)
    assert "Round 1 of 3" in str(bot.card().blocks)
    press(bot, FAC, reminder, SeriesAction.START_SESSION)
    settle(bot, 2)
    assert len(bot.cards()) == 1
    assert any("Session 1 is already started" in t for t in ephemeral_texts(bot, FAC))


def _count(bot: Any, number: int, when: str) -> int:
    return sum(f"Session {number} of 2* starts {when}" in t for t in texts(reminders(bot)))


def test_restart_between_sessions_loses_no_reminder_and_repeats_none(
    local_slack: tuple[Any, Any], database: Database, clock: FakeClock
) -> None:
    with running_bot(*local_slack, database, clock) as bot:
        submit_plan(bot, sessions={"type": "plain_text_input", "value": "2"})
        run_until(bot, FIRST - DAY)
        run_until(bot, FIRST - SOON)
        assert (_count(bot, 1, "tomorrow"), _count(bot, 1, "in 15 minutes")) == (1, 1)
        run_until(bot, SECOND - DAY - timedelta(hours=1))
    # Down over the day-before reminder of session 2; back an hour later.
    clock.advance(2 * 3600)
    restarted = Database(database.url)  # a new process: only the database carries over
    try:
        with running_bot(*local_slack, restarted, clock) as again:
            settle(again)
            assert (_count(again, 2, "tomorrow"), _count(again, 2, "in 15 minutes")) == (1, 0)
            run_until(again, SECOND - SOON)
            run_until(again, SECOND + timedelta(hours=2))
            assert [_count(again, n, w) for n in (1, 2) for w in ("tomorrow", "in 15 minutes")] == [
                1,
                1,
                1,
                1,
            ]
            assert len(reminders(again)) == 4
    finally:
        restarted.dispose()
    assert PETE not in str([m.user for m in local_slack[1].messages(CHANNEL)])


def test_a_session_is_done_when_its_rounds_end_and_the_series_when_none_is_left(bot: BotUnderTest) -> None:
    submit_plan(bot, sessions={"type": "plain_text_input", "value": "2"})
    run_until(bot, FIRST - SOON)
    press(bot, FAC, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    assert "(started)" in answer(bot.command("plans"))
    bot.command("stop")
    settle(bot, 2)
    assert "(done)" in answer(bot.command("plans"))
    bot.command("plan cancel 2")
    settle(bot, 2)
    assert "No series is planned" in answer(bot.command("plans"))


def test_start_session_looks_leaders_up_within_the_tier_4_budget(bot: BotUnderTest) -> None:
    """Start session checks each leader with users.info: with that budget spent, the facilitator is told
    to try again, and Slack is not asked beyond its limit."""
    submit_plan(bot)
    run_until(bot, FIRST - SOON)
    budget, now = bot.services.gateway.budget, bot.clock.now()
    while budget.try_take("tier4:users.info", TIER_4, now):
        pass
    looked_up = len(bot.slack.calls_to("users.info"))
    press(bot, FAC, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    assert bot.cards() == []
    assert len(bot.slack.calls_to("users.info")) == looked_up
    assert any("Slack is limiting how fast" in t for t in ephemeral_texts(bot, FAC))
