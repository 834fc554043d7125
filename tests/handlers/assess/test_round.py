"""A live round: phase changes, captured replies, the facilitator's buttons, digests and the wrap-up."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.ids import AssessAction
from storage.assess import AssessRound, CapturedReply
from storage.platform import MessageAnchor
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PETE, PIA, BotUnderTest, action_ids, block_text

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

QUICK = "timing=20s,20s,20s,20s,20s"


def start(bot: BotUnderTest, leaders: str = f"<@{ANA}> <@{BEN}>", timing: str = QUICK) -> str:
    bot.command(f"{leaders} {timing}")
    bot.tick()
    return str(bot.card().ts)


def captured(bot: BotUnderTest) -> list[tuple[str, int, str]]:
    with bot.db.session() as s:
        rows = s.exec(select(CapturedReply).where(CapturedReply.deleted == False)).all()  # noqa: E712
        return sorted((r.user_id, r.phase, r.text) for r in rows)


def test_each_phase_change_is_announced_in_the_thread_and_on_the_card(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.advance(20)
    thread = bot.thread_texts(bot.card())
    assert "Phase 2 of 5: *Clarifying questions* · 20 s" in thread[-1]
    assert "Peers: reply in this thread." in thread[-1]
    assert "*Now: Clarifying questions*" in block_text(bot.message(card_ts).blocks)
    bot.advance(20)
    assert "Peers speak; <@U0ANA> listens and does not reply." in bot.thread_texts(bot.card())[-1]


def test_replies_are_attributed_to_the_phase_they_arrived_in(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.ws.post_message(ANA, CHANNEL, "My example: the Q3 reorg", thread_ts=card_ts)
    bot.advance(20)
    bot.ws.post_message(PIA, CHANNEL, "What did you try first?", thread_ts=card_ts)
    bot.advance(20)
    bot.ws.post_message(PETE, CHANNEL, "You listened well", thread_ts=card_ts)
    bot.ws.post_message(PIA, CHANNEL, "top-level chatter is not captured")
    assert captured(bot) == [
        (ANA, 0, "My example: the Q3 reorg"),
        (PETE, 2, "You listened well"),
        (PIA, 1, "What did you try first?"),
    ]


def test_edits_and_deletions_are_honoured_and_retries_capture_nothing_twice(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.advance(20)
    ts, delivery = bot.ws.post_message(PIA, CHANNEL, "Wht did you try?", thread_ts=card_ts)
    bot.ws.redeliver(delivery, reason="http_timeout", retry_num=1)
    bot.ws.redeliver(delivery, reason="http_timeout", retry_num=2)
    bot.ws.edit_message(PIA, CHANNEL, ts, "What did you try?")
    gone, _ = bot.ws.post_message(PETE, CHANNEL, "oops, wrong thread", thread_ts=card_ts)
    bot.ws.delete_message(PETE, CHANNEL, gone)
    assert captured(bot) == [(PIA, 1, "What did you try?")]


def test_a_retried_delivery_never_undoes_a_later_edit(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.advance(20)
    ts, posted = bot.ws.post_message(PIA, CHANNEL, "first", thread_ts=card_ts)
    earlier = bot.ws.edit_message(PIA, CHANNEL, ts, "second")
    bot.ws.edit_message(PIA, CHANNEL, ts, "third")
    bot.ws.redeliver(earlier, reason="http_timeout", retry_num=1)
    bot.ws.redeliver(posted, reason="http_timeout", retry_num=1)
    assert captured(bot) == [(PIA, 1, "third")]


def test_only_replies_under_a_live_round_card_are_captured(bot: BotUnderTest) -> None:
    card_ts = start(bot, leaders=f"<@{ANA}>")
    elsewhere, _ = bot.ws.post_message(PIA, CHANNEL, "a person's message, not a card")
    bot.ws.post_message(PETE, CHANNEL, "a reply under it", thread_ts=elsewhere)
    bot.advance(5)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.PAUSE)
    bot.tick()
    bot.ws.post_message(PIA, CHANNEL, "while paused", thread_ts=card_ts)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.RESUME)
    bot.advance(100)
    assert "*Round complete*" in block_text(bot.message(card_ts).blocks)
    _, late = bot.ws.post_message(PETE, CHANNEL, "after the round ended", thread_ts=card_ts)
    assert late.status == 200  # acknowledged, and ignored
    assert captured(bot) == [(PIA, 0, "while paused")]


def test_messages_from_bots_are_ignored(bot: BotUnderTest) -> None:
    bot.ws.echo_bot_messages = True
    card_ts = start(bot)
    bot.advance(5)
    bot.ws.post_message("U0OTHERBOT", CHANNEL, "beep", thread_ts=card_ts)
    assert captured(bot) == []


def test_only_the_facilitator_can_press_the_buttons(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.ws.click_button(PIA, CHANNEL, card_ts, AssessAction.PAUSE)
    assert any(f"Only <@{FAC}> can pause the round" in (e.text or "") for e in bot.ws.ephemerals(user_id=PIA))
    bot.tick()
    assert ":double_vertical_bar: *Paused*" not in block_text(bot.message(card_ts).blocks)


def test_pause_resume_extend_and_next_phase(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.advance(5)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.PAUSE)
    bot.advance(60)
    card = block_text(bot.message(card_ts).blocks)
    assert ":double_vertical_bar: *Paused* in *Self-assessment*: 15 s left when it resumes." in card
    assert AssessAction.RESUME in action_ids(bot.message(card_ts).blocks)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.RESUME)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.EXTEND)
    bot.advance(74)
    assert "*Now: Self-assessment*" in block_text(bot.message(card_ts).blocks)
    bot.advance(1)
    assert "*Now: Clarifying questions*" in block_text(bot.message(card_ts).blocks)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.NEXT_PHASE)
    bot.tick()
    assert "*Now: Peer feedback*" in block_text(bot.message(card_ts).blocks)


def _card_marks(bot: BotUnderTest) -> tuple[bool, bool]:
    with bot.db.read() as s:
        card = s.exec(select(MessageAnchor)).one()
        return card.pressed, card.urgent


def test_a_facilitators_press_marks_the_card_pressed_until_it_is_edited(bot: BotUnderTest) -> None:
    """A press's edit goes before phase changes and countdowns (bot/slack/live_cards.py); a phase change
    the timer makes is urgent, not pressed."""
    card_ts = start(bot, leaders=f"<@{ANA}>")
    bot.advance(20)
    assert _card_marks(bot) == (False, False)  # the phase change's edit is sent
    for action in (AssessAction.PAUSE, AssessAction.RESUME, AssessAction.EXTEND, AssessAction.NEXT_PHASE):
        bot.ws.click_button(FAC, CHANNEL, card_ts, action)
        assert _card_marks(bot) == (True, True)
        bot.tick()
        assert _card_marks(bot) == (False, False)
    assert "*Now: Peer feedback*" in block_text(bot.message(card_ts).blocks)


def test_round_end_sends_the_leader_a_digest_and_offers_the_next_round(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.ws.post_message(ANA, CHANNEL, "I felt unsure in the budget talk", thread_ts=card_ts)
    bot.advance(20)
    bot.ws.post_message(PIA, CHANNEL, "Who was in the room?", thread_ts=card_ts)
    bot.advance(20)
    bot.ws.post_message(PETE, CHANNEL, "You stayed calm", thread_ts=card_ts)
    bot.ws.post_message(PETE, CHANNEL, "You stayed calm", thread_ts=card_ts)
    bot.advance(60)
    digest = "\n".join(block_text(m.blocks) for m in bot.ws.dm_with(ANA))
    assert "Your round digest" in digest
    assert (
        digest.index("*Self-assessment*")
        < digest.index("*Clarifying questions*")
        < digest.index("*Peer feedback*")
    )
    assert "You:\n> I felt unsure in the budget talk" in digest
    assert f"<@{PIA}>:\n> Who was in the room?" in digest
    assert digest.count("You stayed calm") == 2  # two replies, each once
    assert bot.ws.dm_with(BEN) == []
    assert bot.ws.dm_with(PIA) == []
    card = bot.message(card_ts)
    assert ":white_check_mark: *Round complete* after 1 min 40 s" in block_text(card.blocks)
    assert action_ids(card.blocks) == [AssessAction.START_NEXT]


def test_the_next_round_and_the_wrap_up(bot: BotUnderTest) -> None:
    first = start(bot)
    bot.advance(20)
    bot.ws.post_message(PIA, CHANNEL, "q1", thread_ts=first)
    bot.advance(20)
    bot.ws.post_message(PETE, CHANNEL, "f1", thread_ts=first)
    bot.ws.post_message(PIA, CHANNEL, "f2", thread_ts=first)
    bot.advance(60)
    bot.ws.click_button(FAC, CHANNEL, first, AssessAction.START_NEXT)
    bot.tick()
    second = bot.card()
    assert second.ts != first
    assert f"Round 2 of 2 · <@{BEN}> in focus" in block_text(second.blocks)
    assert action_ids(bot.message(first).blocks) == []
    bot.advance(5)
    bot.ws.click_button(FAC, CHANNEL, second.ts, AssessAction.END_ROUND)
    bot.tick()
    bot.tick()
    wrap = [
        block_text(m.blocks) for m in bot.ws.messages(CHANNEL) if "Session complete" in block_text(m.blocks)
    ]
    assert len(wrap) == 1
    assert f"<@{ANA}>: 1 min 40 s · 1 question · 2 feedback replies" in wrap[0]
    assert f"<@{BEN}>: 5 s (ended early) · 0 questions · 0 feedback replies" in wrap[0]
    assert "q1" not in wrap[0]
    assert "f1" not in wrap[0]
    assert "Nothing is live" in bot.command("status").json["text"]


def test_stop_is_for_the_facilitator_and_still_sends_the_digest(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.ws.post_message(ANA, CHANNEL, "note", thread_ts=card_ts)
    assert f"Only <@{FAC}> can stop" in bot.command("stop", user=PIA).json["text"]
    assert "Session stopped" in bot.command("stop").json["text"]
    bot.tick()
    assert f"*Ended early* by <@{FAC}> at 0:00 of 1:40" in block_text(bot.ws.dm_with(ANA)[0].blocks)
    assert any("*Session stopped* by" in block_text(m.blocks) for m in bot.ws.messages(CHANNEL))
    assert "Nothing is live" in bot.command("status").json["text"]


def round_row(bot: BotUnderTest, position: int) -> AssessRound:
    with bot.db.session() as s:
        return s.exec(select(AssessRound).where(AssessRound.position == position)).one()


def test_an_early_end_is_labelled_on_the_card_and_in_the_digest_only(bot: BotUnderTest) -> None:
    from localslack.render import render_blocks

    card_ts = start(bot)
    bot.advance(25)  # 0:25 into a 1:40 round, in clarifying questions
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.END_ROUND)
    bot.tick()
    label = f"*Ended early* by <@{FAC}> at 0:25 of 1:40"
    card = bot.message(card_ts)
    assert label in block_text(card.blocks)
    assert "1 min 15 s ahead of schedule" in block_text(card.blocks)
    assert "18:00:25" in render_blocks(card.blocks, bot.ws, CHO)  # Seoul, 24-hour clock
    assert "9:00:25 AM" in render_blocks(card.blocks, bot.ws, ANA)  # Lisbon
    assert action_ids(card.blocks) == [AssessAction.START_NEXT]  # the session goes on
    assert label in block_text(bot.ws.dm_with(ANA)[0].blocks)
    assert bot.ws.dm_with(PIA) == []
    assert bot.ws.dm_with(BEN) == []
    assert round_row(bot, 0).overrun_ms == -75_000
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.START_NEXT)
    bot.advance(100)
    wrap = [
        block_text(m.blocks) for m in bot.ws.messages(CHANNEL) if "Session complete" in block_text(m.blocks)
    ]
    assert f"<@{ANA}>: 25 s (ended early)" in wrap[0]
    assert f"<@{BEN}>: 1 min 40 s · " in wrap[0]
    assert label not in wrap[0]


def test_a_round_that_ran_over_records_by_how_much(bot: BotUnderTest) -> None:
    card_ts = start(bot)
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.EXTEND)
    bot.advance(160)
    card = block_text(bot.message(card_ts).blocks)
    assert ":white_check_mark: *Round complete* after 2 min 40 s · 1 min behind schedule" in card
    assert "Ended early" not in card
    assert "Ended early" not in block_text(bot.ws.dm_with(ANA)[0].blocks)
    assert round_row(bot, 0).overrun_ms == 60_000
