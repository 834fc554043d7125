"""Listeners' own Web API calls (users.info, views.*) are paced by a Tier 4 budget: over it, the person is
told to try again and Slack is not asked at all."""

from __future__ import annotations

import pytest

from bot.slack.delivery import take_post_budget
from bot.slack.handler_calls import TIER_4
from tests.harness import ANA, BEN, CHANNEL, FAC, TEAM, BotUnderTest, block_text


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


@pytest.mark.parametrize("spent", ["channel", "workspace"])
def test_the_first_round_card_waits_for_the_post_budget_then_appears_on_its_own(
    bot: BotUnderTest, spent: str
) -> None:
    budget = bot.services.gateway.budget
    now = bot.clock.now()
    if spent == "channel":  # the channel just had its burst of messages
        while take_post_budget(budget, TEAM, CHANNEL, now) is None:
            pass
    else:  # other channels' posts spent the workspace's allowance
        while budget.try_take(f"posts:{TEAM}", budget.workspace_posts, now):
            pass
    delivery = bot.command(f"<@{ANA}> <@{BEN}>")
    assert delivery.status == 200
    assert bot.slack.calls_to("chat.postMessage") == []  # Slack is not asked over our budget
    assert bot.cards() == []
    assert bot.ws.ephemerals(user_id=FAC) == []  # not an error: the start went through
    assert "*Live session* run by" in bot.command("status").json["text"]
    bot.advance(1)  # the buckets refill; the live-card sender posts the queued card
    [card] = bot.cards()
    assert f"Round 1 of 2 · <@{ANA}> in focus" in block_text(card.blocks)
    bot.advance(1)  # the channel's next token: the first announcement, in the card's thread
    assert "Phase 1 of 5: *Self-assessment*" in bot.thread_texts(card)[0]
