"""A planned series starts its sessions with the plan's settings: sponsors, anonymity, its series number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.ids import SeriesAction
from storage.assess import AssessSession
from tests.bot.series.helpers import dm_texts, press, reminders, run_until, settle, submit_plan
from tests.harness import FAC, PETE, BotUnderTest

FIRST = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_start_session_carries_the_plan_settings(bot: BotUnderTest) -> None:
    submit_plan(
        bot,
        sponsors={"type": "multi_users_select", "selected_users": [PETE]},
        feedback={"type": "radio_buttons", "selected_option": {"value": "anonymous"}},
    )
    run_until(bot, FIRST - timedelta(minutes=15))
    press(bot, FAC, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    with bot.db.session() as s:
        row = s.exec(select(AssessSession)).one()
    assert (row.anonymous, row.sponsor_ids, row.series_number, row.min_group) == (True, PETE, 1, 3)
    assert row.series_key is not None
    assert row.series_key.startswith("series:")
    assert any("Your facilitator script" in t for t in dm_texts(bot, FAC))
