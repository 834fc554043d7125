"""Planned series at their limits: statements full of `& < >` on the cards, a Home tab with many series."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ids import AssessAction, SeriesAction
from bot.inputs import LONG_ANSWER
from bot.slack.text import escape
from localslack.blocks import MAX_VIEW_BLOCKS
from tests.bot.series.helpers import prepare, press, reminders, run_until, settle, submit_plan
from tests.harness import ANA, BEN, CHANNEL, FAC, BotUnderTest, action_ids

FIRST = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
# As much of the characters that escaping makes longest as the form takes (LONG_ANSWER.shown once escaped).
_HEAD = "Tell me <when> & <how> I rescue: "
STATEMENT = _HEAD + "&<>" * ((LONG_ANSWER.shown - len(escape(_HEAD))) // len(escape("&<>")))
SHOWN = "Tell me &lt;when&gt; &amp; &lt;how&gt; I rescue: "


def test_statements_full_of_escapes_are_on_the_first_and_later_cards(bot: BotUnderTest) -> None:
    submit_plan(bot)
    settle(bot)
    prepare(bot, ANA, "An example", STATEMENT)
    prepare(bot, BEN, "Another example", "Ben: " + STATEMENT[5:])
    run_until(bot, FIRST.replace(minute=45, hour=14))
    press(bot, FAC, reminders(bot)[-1], SeriesAction.START_SESSION)
    settle(bot, 2)
    first = bot.card()
    assert SHOWN in str(first.blocks)
    bot.advance(101)  # Ana's round (5 phases of 20 s) ends
    first = bot.message(first.ts)
    assert AssessAction.START_NEXT in action_ids(first.blocks)  # the card was edited again
    bot.ws.click_button(FAC, CHANNEL, first.ts, AssessAction.START_NEXT)
    settle(bot, 2)
    later = bot.card()
    assert later.ts != first.ts
    assert f"Ben: {SHOWN[5:]}" in str(later.blocks)
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in later.blocks)


def test_a_home_tab_with_many_series_stays_within_100_blocks(bot: BotUnderTest) -> None:
    for _ in range(34):
        submit_plan(bot)
        bot.clock.advance(30)  # planning looks the leaders up: stay within users.info's budget
    bot.ws.open_home(FAC)
    settle(bot, 2)
    home = bot.ws.view_store[bot.ws.homes[FAC]]
    assert len(home["blocks"]) <= MAX_VIEW_BLOCKS
    # One block a group now: all 34 fit (tests/bot/home/test_render.py fills the tab past its limit).
    assert str(home["blocks"]).count("who is ready") == 34
