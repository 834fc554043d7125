"""Storing a thread reply: one statement finds the live round under the card and the phase the reply was
posted in, by Slack's timestamp rather than by when the event arrived."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.assess.service.capture import ThreadReply, capture_reply
from storage.assess import CapturedReply, PhaseSpan
from tests.bot.assess.helpers import QUICK
from tests.harness import ANA, CHANNEL, PIA, BotUnderTest


def _ts(at: datetime) -> str:
    return f"{at.timestamp():.6f}"


def _spans(bot: BotUnderTest) -> list[PhaseSpan]:
    with bot.db.read() as s:
        return list(s.exec(select(PhaseSpan).order_by(col(PhaseSpan.phase))).all())


def _phase_of(bot: BotUnderTest, ts: str) -> int | None:
    with bot.db.read() as s:
        row = s.exec(select(CapturedReply).where(CapturedReply.ts == ts)).first()
        return None if row is None else row.phase


# (where the reply's own timestamp falls, the phase it is stored under; None: not stored)
CASES = [
    ("before the round began", None),
    ("in phase 0", 0),
    ("as phase 1 began", 1),
    ("in phase 1, delivered during phase 2", 1),
    ("a moment after now (Slack's clock ahead)", 2),
]


@pytest.mark.parametrize(("when", "phase"), CASES)
def test_a_reply_is_stored_under_the_phase_it_was_posted_in(
    bot: BotUnderTest, when: str, phase: int | None
) -> None:
    bot.command(f"<@{ANA}> {QUICK}")
    bot.tick()
    card_ts = str(bot.card().ts)
    bot.advance(45)  # phase 2 is running
    spans = _spans(bot)
    assert [s.phase for s in spans] == [0, 1, 2]
    at = {
        "before the round began": spans[0].started_at - timedelta(seconds=1),
        "in phase 0": spans[0].started_at + timedelta(seconds=5),
        "as phase 1 began": spans[1].started_at,
        "in phase 1, delivered during phase 2": spans[1].started_at + timedelta(seconds=19),
        "a moment after now (Slack's clock ahead)": bot.clock.now() + timedelta(minutes=5),
    }[when]
    reply = ThreadReply(channel_id=CHANNEL, thread_ts=card_ts, ts=_ts(at), user_id=PIA, text="& <b>")
    assert capture_reply(bot.db, reply, bot.clock.now()) is (phase is not None)
    assert _phase_of(bot, reply.ts) == phase
    assert capture_reply(bot.db, reply, bot.clock.now()) is False  # delivered again: kept once


def test_a_reply_under_no_live_round_card_is_not_stored(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> {QUICK}")
    bot.tick()
    card_ts = str(bot.card().ts)
    elsewhere = ThreadReply(CHANNEL, "1700000000.000100", _ts(bot.clock.now()), PIA, "not under a card")
    assert capture_reply(bot.db, elsewhere, bot.clock.now()) is False
    bot.advance(120)  # the round is over
    late = ThreadReply(CHANNEL, card_ts, _ts(bot.clock.now()), PIA, "after the round")
    assert capture_reply(bot.db, late, bot.clock.now()) is False
    assert _phase_of(bot, late.ts) is None
