"""`/assess` from the slash command to the first card: answers, refusals, and nothing half-made."""

from __future__ import annotations

import time

import pytest
from sqlmodel import select

from storage.assess import AssessRound, AssessSession
from storage.db import Database
from storage.platform import Outbox
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PIA, BotUnderTest, block_text


def ephemeral_texts(bot: BotUnderTest, user: str = FAC) -> list[str]:
    return [e.text or block_text(e.blocks) for e in bot.ws.ephemerals(user_id=user)]


def saved_sessions(db: Database) -> int:
    with db.session() as s:
        return len(s.exec(select(AssessSession)).all()) + len(s.exec(select(AssessRound)).all())


def test_start_posts_a_round_card_with_everything_the_room_needs(bot: BotUnderTest) -> None:
    started = time.monotonic()
    delivery = bot.command(f"<@{ANA}|ana> <@{BEN}|ben> <@{CHO}>")
    assert delivery.status == 200
    assert time.monotonic() - started < 3
    card = bot.card()
    text = block_text(card.blocks)
    assert f"Round 1 of 3 · <@{ANA}> in focus" in text
    for line in ("Self-assessment · 3 min", "Clarifying questions · 2 min", "Peer feedback · 3 min"):
        assert line in text
    assert "Self-reflection · 2 min" in text
    assert "Re-assessment · 1 min" in text
    assert "*Now: Self-assessment* · 3 min left · ends at <!date^" in text
    assert f"<@{ANA}> describes their example" in text
    assert f"Run order: :arrow_forward: <@{ANA}> → <@{BEN}> → <@{CHO}>" in text
    assert f"Facilitator: <@{FAC}>" in text


def test_the_end_time_is_shown_in_each_viewers_time_zone(bot: BotUnderTest) -> None:
    from localslack.render import render_blocks

    bot.command(f"<@{ANA}> timing=3,2,3,2,1")
    card = bot.card()
    lisbon = render_blocks(card.blocks, bot.ws, ANA)  # UTC+0 in November, 12-hour clock
    seoul = render_blocks(card.blocks, bot.ws, CHO)  # UTC+9, 24-hour clock
    assert "9:03:00 AM" in lisbon
    assert "18:03:00" in seoul


def test_the_first_phase_is_announced_in_the_cards_thread(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> <@{BEN}>")
    bot.tick()
    thread = bot.thread_texts(bot.card())
    assert len(thread) == 1
    assert "Phase 1 of 5: *Self-assessment* · 3 min" in thread[0]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Name at least one leader"),
        ("<#C0OTHER|random>", "#random is a channel, not a person"),
        ("<!subteam^S123|@leads>", "@leads is a user group"),
        ("<@U0ANA> timing=3,2,3", "`timing=` needs 5 lengths"),
        ("<@U0ANA> timing=3,2,3,2,0", "between 5s and 60 minutes"),
    ],
)
def test_input_errors_go_only_to_the_invoker(bot: BotUnderTest, text: str, says: str) -> None:
    delivery = bot.command(text)
    assert says in delivery.json["text"]
    assert delivery.json.get("response_type", "ephemeral") == "ephemeral"
    assert bot.ws.messages(CHANNEL) == []
    assert saved_sessions(bot.db) == 0


@pytest.mark.parametrize(
    ("leader", "says"),
    [
        ("U0OTHERBOT", "is a bot, not a person"),
        ("U0GONE", "has been deactivated"),
        ("U0NOBODY", "could not find"),
    ],
)
def test_leaders_must_be_real_active_people(bot: BotUnderTest, leader: str, says: str) -> None:
    bot.command(f"<@{ANA}> <@{leader}>")
    assert any(says in t for t in ephemeral_texts(bot))
    assert bot.ws.messages(CHANNEL) == []
    assert saved_sessions(bot.db) == 0


def test_bot_not_in_channel_says_how_to_invite_it(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}>", channel="C0QUIET")
    assert any("/invite @coachbot" in t for t in ephemeral_texts(bot))
    assert saved_sessions(bot.db) == 0
    with bot.db.session() as s:
        assert s.exec(select(Outbox)).all() == []


def test_a_second_session_in_the_same_channel_is_refused(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}>")
    delivery = bot.command(f"<@{BEN}>", user=PIA)
    assert f"already live in this channel, run by <@{FAC}>" in delivery.json["text"]
    assert "/assess status" in delivery.json["text"]
    assert len(bot.cards()) == 1


def test_help_explains_the_command(bot: BotUnderTest) -> None:
    text = bot.command("help").json["text"]
    assert "/assess @ana @ben @cho" in text
    assert "timing=3,2,3,2,1" in text
    assert "/assess stop" in text


def test_status_says_whose_turn_and_time_left(bot: BotUnderTest) -> None:
    assert "Nothing is live in this channel" in bot.command("status").json["text"]
    bot.command(f"<@{ANA}> <@{BEN}>")
    bot.advance(40)
    text = bot.command("status", user=PIA).json["text"]
    assert f"run by <@{FAC}>" in text
    assert f"1. <@{ANA}>: *in focus*, Self-assessment, 140 s left" in text
    assert f"2. <@{BEN}>: waiting" in text
