"""Listeners' own Web API calls (users.info, views.*) are paced by a Tier 4 budget: over it, the person is
told to try again and Slack is not asked at all."""

from __future__ import annotations

from bot.slack.handler_calls import TIER_4
from tests.harness import ANA, FAC, BotUnderTest, block_text


def test_a_start_over_the_users_info_budget_is_refused_clearly_then_works_once_it_refills(
    bot: BotUnderTest,
) -> None:
    budget = bot.services.gateway.budget
    while budget.try_take("tier4:users.info", TIER_4, bot.clock.now()):
        pass  # other people's look-ups spent this minute's allowance
    bot.command(f"<@{ANA}|ana>")
    told = [e.text or block_text(e.blocks) for e in bot.ws.ephemerals(user_id=FAC)]
    assert any("try again in a few seconds" in t for t in told), told
    assert bot.slack.calls_to("users.info") == []
    assert bot.cards() == []
    bot.clock.advance(2)  # the budget refills at 40 a minute
    bot.command(f"<@{ANA}|ana>")
    assert len(bot.slack.calls_to("users.info")) == 1
    assert len(bot.cards()) == 1
