"""Staying within Slack's limits and losing nothing: shared chat.update budget, 429s, restarts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from localslack import Faults
from tests.harness import ANA, BEN, CHANNEL, PEOPLE, PIA, BotUnderTest, block_text, running_bot

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


def test_card_refreshes_at_minute_marks_and_the_warning(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}>")
    bot.tick()
    card_ts = bot.card().ts
    updates_before = len(bot.slack.calls_to("chat.update"))

    def card_after(seconds: int) -> str:
        bot.advance(seconds)
        return block_text(bot.message(card_ts).blocks)

    assert "3 min left" in card_after(59)
    assert "2 min left" in card_after(1)
    assert "1 min left" in card_after(60)
    warned = card_after(30)
    assert ":hourglass_flowing_sand: *Now: Self-assessment* · 30 s left" in warned
    assert "*Now: Clarifying questions* · 2 min left" in card_after(30)
    # Exactly the meaningful moments: two minute marks, the warning, the phase change.
    assert len(bot.slack.calls_to("chat.update")) - updates_before == 4


def test_many_live_rounds_share_the_workspace_update_budget(bot: BotUnderTest) -> None:
    channels = [f"C0ROOM{i:02d}" for i in range(30)]
    for channel in channels:
        bot.ws.add_channel(channel, channel.lower(), members=list(PEOPLE))
        bot.command(f"<@{ANA}> <@{BEN}>", channel=channel)
    # At 5:00 all 30 cards change phase at once; merged refreshes drain within the budget by 5:45.
    bot.advance(345)
    updates = bot.slack.calls_to("chat.update")
    assert updates, "cards were never refreshed"
    assert all(c.status == 200 for c in updates), "Slack had to rate-limit chat.update"
    times = [c.at for c in updates]
    worst = max(sum(1 for t in times if start <= t < start + timedelta(seconds=60)) for start in times)
    assert worst <= 50
    # Refreshes are merged, not lost: every card ends up showing its current phase.
    for channel in channels:
        assert "*Now: Peer feedback*" in block_text(bot.card(channel=channel).blocks)


def test_429s_never_lose_a_phase_change_or_a_digest(bot: BotUnderTest) -> None:
    bot.slack.faults = Faults(
        rate_limit_ratio=0.5, retry_after=2, methods={"chat.postMessage", "chat.update"}, seed=7
    )
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    bot.advance(5)
    card_ts = bot.card().ts
    bot.ws.post_message(PIA, CHANNEL, "a question", thread_ts=card_ts)
    bot.advance(200)
    assert any(c.status == 429 for c in bot.slack.calls_to("chat.postMessage")), "the fault never fired"
    announced = re.findall(r"Phase (\d) of 5", "\n".join(bot.thread_texts(bot.card())))
    assert announced == ["1", "2", "3", "4", "5"]  # each once, in order
    assert len(bot.ws.dm_with(ANA)) == 1
    assert "*Round complete*" in block_text(bot.card().blocks)


def test_a_restart_mid_round_finishes_on_time_and_keeps_every_reply(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    bot.advance(25)
    card_ts = bot.card().ts
    bot.ws.post_message(PIA, CHANNEL, "asked before the crash", thread_ts=card_ts)
    bot.stop()  # the process goes away; only the database remains
    bot.clock.advance(30)  # it stays down through a phase change
    with running_bot(bot.slack, bot.ws, bot.db, bot.clock) as again:
        again.tick()
        assert "*Now: Peer feedback*" in block_text(again.message(card_ts).blocks)
        again.ws.post_message(PIA, CHANNEL, "said after the restart", thread_ts=card_ts)
        again.advance(45)
        digest = "\n".join(block_text(m.blocks) for m in again.ws.dm_with(ANA))
        assert "asked before the crash" in digest
        assert "said after the restart" in digest
        assert any("Round complete* after 1 min 40 s" in block_text(c.blocks) for c in again.cards())


def test_a_busy_slack_at_start_delays_the_card_but_keeps_the_session(bot: BotUnderTest) -> None:
    bot.slack.faults = Faults(rate_limit_ratio=1.0, retry_after=2, methods={"chat.postMessage"})
    reply = bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    assert "went wrong" not in (reply.json or {}).get("text", "")
    assert bot.cards() == []
    bot.slack.faults = Faults()
    bot.advance(1)
    assert bot.cards() == []  # Retry-After is respected
    bot.advance(2)
    card = bot.card()
    assert "*Now: Self-assessment*" in block_text(card.blocks)
    assert len(bot.cards()) == 1
    assert "*Live session*" in bot.command("status").json["text"]
