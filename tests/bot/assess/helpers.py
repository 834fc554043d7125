"""Shared steps for the assess-programme tests: start a quick session, find and press the score buttons."""

from __future__ import annotations

from typing import Any

from bot.ids import score_action
from tests.harness import CHANNEL, BotUnderTest, block_text

QUICK = "timing=20s,20s,20s,20s,20s"
ROUND = 100  # seconds in a QUICK round


def start(bot: BotUnderTest, leaders: str, *options: str) -> str:
    bot.command(" ".join([leaders, QUICK, *options]))
    bot.tick()
    return str(bot.card().ts)


def score_message(bot: BotUnderTest, card_ts: str, which: str) -> Any:
    """The phase announcement that carries the self-score or re-score buttons."""
    found = [
        m
        for m in bot.ws.thread(CHANNEL, card_ts)
        if f"{which}" in block_text(m.blocks) and score_action(1) in repr(m.blocks)
    ]
    assert found, f"no {which} buttons in the thread"
    return found[-1]


def press_score(bot: BotUnderTest, user: str, card_ts: str, which: str, score: int) -> None:
    bot.ws.click_button(user, CHANNEL, score_message(bot, card_ts, which).ts, score_action(score))


def dm_text(bot: BotUnderTest, user: str) -> str:
    return "\n".join(block_text(m.blocks) or m.text for m in bot.ws.dm_with(user))


def leader_round(bot: BotUnderTest, leader: str, self_score: int, re_score: int, *options: str) -> str:
    """A one-leader session scored `self_score` then `re_score`, run to its end."""
    card_ts = start(bot, f"<@{leader}>", *options)
    press_score(bot, leader, card_ts, "self-score", self_score)
    bot.advance(80)
    press_score(bot, leader, card_ts, "re-score", re_score)
    bot.advance(21)
    return card_ts


def run_session(
    bot: BotUnderTest, leaders: list[str], scores: list[tuple[int, int]], *options: str, peer: str
) -> list[str]:
    """A whole session: each leader scores, `peer` asks and gives feedback; returns every captured text."""
    from bot.ids import AssessAction
    from tests.harness import FAC

    texts: list[str] = []
    bot.command(" ".join([*(f"<@{u}>" for u in leaders), QUICK, *options]))
    bot.tick()
    for index, (leader, (self_score, re_score)) in enumerate(zip(leaders, scores, strict=True)):
        card_ts = str(bot.card().ts)
        press_score(bot, leader, card_ts, "self-score", self_score)
        bot.advance(20, step=5)
        texts.append(f"question {index}: what made the budget talk hard for {leader}?")
        bot.ws.post_message(peer, CHANNEL, texts[-1], thread_ts=card_ts)
        bot.advance(20, step=5)
        texts.append(f"feedback {index}: you interrupted twice, {leader}")
        bot.ws.post_message(peer, CHANNEL, texts[-1], thread_ts=card_ts)
        bot.advance(40, step=5)
        press_score(bot, leader, card_ts, "re-score", re_score)
        bot.advance(25, step=5)
        if index < len(leaders) - 1:
            bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.START_NEXT)
            bot.tick()
    bot.tick()
    return texts


def received_by(bot: BotUnderTest, user: str | None = None, channel: str | None = None) -> str:
    """Everything a sponsor could read: DMs or channel posts with their blocks, ephemerals, file contents."""
    where = channel or bot.ws.dm_channel_id(user or "")
    parts = [repr(m.to_json()) for m in bot.ws.all_messages(where)]
    parts += [f"{e.text}{e.blocks!r}" for e in bot.ws.ephemerals(user_id=user)] if user else []
    for stored in bot.ws.files.values():
        if where in stored.channels:
            parts.append(stored.title + (stored.content or b"").decode("latin-1"))
    return "\n".join(parts)


def files_in(bot: BotUnderTest, user: str | None = None, channel: str | None = None) -> list[Any]:
    where = channel or bot.ws.dm_channel_id(user or "")
    return [f for f in bot.ws.files.values() if where in f.channels]
