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
