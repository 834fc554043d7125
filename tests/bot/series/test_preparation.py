"""Preparation: the modal from the DM, one reminder only to those not ready, the statement on the card."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from bot.ids import SeriesAction, SeriesBlock, SeriesView
from tests.bot.series.helpers import (
    button_value,
    dm_texts,
    ephemeral_texts,
    modal,
    prepare,
    press,
    reminders,
    run_until,
    settle,
    submit_plan,
    with_button,
)
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PIA, BotUnderTest

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

PREP_DUE = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # two days before 30 Nov 15:00 UTC
FIRST = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def _reminded(bot: BotUnderTest, leader: str) -> int:
    return sum("preparation for the peer-assessment series is not in yet" in t for t in dm_texts(bot, leader))


def test_one_reminder_only_to_leaders_who_have_not_prepared(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    empty = prepare(bot, ANA, "", "")
    assert empty.json is not None
    assert set(empty.json["errors"]) == {SeriesBlock.EXAMPLE, SeriesBlock.STATEMENT}
    saved = prepare(bot, ANA, "A rep kept missing forecasts.", "I rescue too fast: tell me when you see it.")
    assert saved.status == 200
    assert not (saved.json or {}).get("errors")
    run_until(bot, PREP_DUE.replace(minute=0, hour=14))
    assert [_reminded(bot, u) for u in (ANA, BEN, CHO)] == [0, 0, 0]
    run_until(bot, PREP_DUE)
    assert [_reminded(bot, u) for u in (ANA, BEN, CHO)] == [0, 1, 1]
    reminder = with_button(bot.ws.dm_with(BEN), SeriesAction.OPEN_PREP)[-1]
    assert "Prepare now" in str(reminder.blocks)
    run_until(bot, FIRST)
    assert [_reminded(bot, u) for u in (ANA, BEN, CHO)] == [0, 1, 1]
    assert dm_texts(bot, PIA) == []


def test_the_modal_shows_what_was_saved_and_refuses_others(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    prepare(bot, ANA, "My example", "My statement")
    dm = with_button(bot.ws.dm_with(ANA), SeriesAction.OPEN_PREP)[0]
    press(bot, ANA, dm, SeriesAction.OPEN_PREP)
    again = modal(bot, ANA, SeriesView.PREP)
    assert "My statement" in str(again["blocks"])
    bot.ws.click_button(
        PIA, dm.channel, dm.ts, SeriesAction.OPEN_PREP.value, button_value(dm, SeriesAction.OPEN_PREP)
    )
    assert any("for the series' leaders only" in t for t in ephemeral_texts(bot, PIA))
    assert [v for v in bot.ws.views(PIA) if v["callback_id"] == SeriesView.PREP.value] == []


def test_statement_is_on_the_round_card_and_locked_once_the_round_begins(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    prepare(bot, ANA, "A rep kept missing forecasts.", "I rescue too fast: tell me <when> you see it.")
    prepare(bot, BEN, "A silent team meeting.", "Was I inviting disagreement?")
    run_until(bot, FIRST.replace(minute=45, hour=14))
    press(bot, FAC, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    card = bot.card()
    text = str(card.blocks)
    assert f"<@{ANA}> in focus" in text
    assert "I rescue too fast: tell me &lt;when&gt; you see it." in text
    assert "Was I inviting disagreement?" not in text  # Ben's statement waits for his own round
    dm = with_button(bot.ws.dm_with(ANA), SeriesAction.OPEN_PREP)[0]
    press(bot, ANA, dm, SeriesAction.OPEN_PREP)
    assert any("Your round has begun" in t for t in ephemeral_texts(bot, ANA))
    opened_before = len(bot.ws.views(BEN))
    press(bot, BEN, with_button(bot.ws.dm_with(BEN), SeriesAction.OPEN_PREP)[0], SeriesAction.OPEN_PREP)
    assert len(bot.ws.views(BEN)) == opened_before + 1  # Ben's round has not begun: he may still edit
    assert bot.ws.messages(CHANNEL)


def test_moving_the_first_session_moves_the_preparation_reminder(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    bot.command("plan move 1 2026-12-02 10:00")  # New York time: 15:00 UTC, two days later
    run_until(bot, PREP_DUE)
    assert [_reminded(bot, u) for u in (ANA, BEN, CHO)] == [0, 0, 0]
    run_until(bot, PREP_DUE.replace(day=30))
    assert [_reminded(bot, u) for u in (ANA, BEN, CHO)] == [1, 1, 1]


def test_a_stale_home_button_explains_that_the_round_has_begun(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    bot.ws.open_home(ANA)
    stale = copy.deepcopy(bot.ws.home(ANA))
    assert stale is not None
    run_until(bot, FIRST.replace(minute=45, hour=14))
    press(bot, FAC, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    # The start refreshed her Home: its Prepare button is gone ...
    assert SeriesAction.OPEN_PREP.value not in str(bot.ws.home(ANA))
    # ... but a client may still show the Home as it was, and she presses its button.
    bot.ws.view_store[stale["id"]] = stale
    bot.ws.click_home_button(ANA, SeriesAction.OPEN_PREP.value)
    notice = modal(bot, ANA, SeriesView.NOTICE)
    assert "Your round has begun" in str(notice["blocks"])
    assert [v for v in bot.ws.views(ANA) if v["callback_id"] == SeriesView.PREP.value] == []
