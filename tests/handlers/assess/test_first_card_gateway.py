"""The first card of `/assess` goes out through the gateway: a definite no leaves nothing of the start
behind, and the channel can start a session once the bot is invited."""

from __future__ import annotations

from sqlmodel import select

from storage.assess import AssessRound, AssessSession, PhaseSpan
from storage.platform import FailedWork, MessageAnchor, Outbox
from storage.privacy import AuditEntry
from tests.harness import ANA, BotUnderTest


def test_a_refused_first_card_leaves_no_row_of_the_start_and_no_failure_to_report(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}>", channel="C0QUIET")
    with bot.db.read() as s:
        for table in (AssessSession, AssessRound, MessageAnchor, Outbox, PhaseSpan, AuditEntry, FailedWork):
            assert s.exec(select(table)).all() == [], table.__name__
    bot.advance(12)  # past the listener's hold: nothing is posted later either
    assert bot.ws.messages("C0QUIET") == []


def test_after_the_invite_the_same_channel_starts_with_its_card_at_once(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}>", channel="C0QUIET")
    bot.ws.channels["C0QUIET"].members.append(bot.ws.bot_user_id)
    bot.command(f"<@{ANA}>", channel="C0QUIET")
    # Posted by the listener through the gateway, before any tick of the scheduler.
    assert len(bot.cards("C0QUIET")) == 1
