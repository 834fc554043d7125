"""Anonymous sessions: feedback through the modal is posted and digested without a name, and the bot keeps
no link between the writer and the text anywhere: not in any table, not in the outbox, not in the logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.ids import VALUE, AssessBlock, AssessExtra, AssessView
from tests.bot.assess.helpers import dm_text, start
from tests.harness import ANA, BEN, CHANNEL, PETE, PIA, BotUnderTest, block_text

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

SECRET = "Try asking before telling, it would land better"


def feedback_announcement(bot: BotUnderTest, card_ts: str) -> Any:
    found = [m for m in bot.ws.thread(CHANNEL, card_ts) if AssessExtra.GIVE_FEEDBACK in repr(m.blocks)]
    assert found, "no Give feedback button in the thread"
    return found[-1]


def give_feedback(bot: BotUnderTest, user: str, card_ts: str, words: str) -> int:
    bot.ws.click_button(user, CHANNEL, feedback_announcement(bot, card_ts).ts, AssessExtra.GIVE_FEEDBACK)
    modal = bot.ws.modal_stack(user)[-1]
    assert modal["callback_id"] == AssessView.FEEDBACK
    values = {AssessBlock.FEEDBACK_TEXT.value: {VALUE: {"type": "plain_text_input", "value": words}}}
    return bot.ws.submit_view(user, modal["id"], values=values).status


def every_row(bot: BotUnderTest) -> list[str]:
    rows: list[str] = []
    with bot.db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows += [repr(tuple(r)) for r in conn.execute(text(f"SELECT * FROM {table.name}"))]
    return rows


def test_feedback_through_the_modal_carries_no_name_anywhere(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    card_ts = start(bot, f"<@{ANA}> <@{BEN}>", "anonymous")
    bot.advance(40)
    assert give_feedback(bot, PIA, card_ts, SECRET) == 200
    bot.ws.post_message(PETE, CHANNEL, "Typed in public: good pacing", thread_ts=card_ts)
    bot.tick()
    posted = [m for m in bot.ws.thread(CHANNEL, card_ts) if SECRET in block_text(m.blocks)]
    assert len(posted) == 1
    assert posted[0].bot_id
    assert "*Anonymous feedback*" in block_text(posted[0].blocks)
    assert PIA not in repr(posted[0].blocks) + posted[0].text
    bot.advance(61)
    digest = dm_text(bot, ANA)
    assert f"A peer (anonymous):\n> {SECRET}" in digest
    assert f"<@{PETE}>:\n> Typed in public: good pacing" in digest  # the writer chose to post publicly
    assert PIA not in digest
    rows = every_row(bot)
    assert any(SECRET in r for r in rows)  # the text is kept for the digest...
    assert not any(PIA in r for r in rows)  # ...and the writer is nowhere: no row names them at all
    assert not any(PIA in r.getMessage() and SECRET in r.getMessage() for r in caplog.records)


def test_the_leader_in_focus_cannot_give_themselves_feedback(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>", "anonymous")
    bot.advance(40)
    bot.ws.click_button(ANA, CHANNEL, feedback_announcement(bot, card_ts).ts, AssessExtra.GIVE_FEEDBACK)
    assert any("You are in focus" in (e.text or "") for e in bot.ws.ephemerals(user_id=ANA))
    assert bot.ws.modal_stack(ANA) == []


def test_feedback_after_the_round_is_refused_on_the_form(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>", "anonymous")
    bot.advance(40)
    bot.ws.click_button(PIA, CHANNEL, feedback_announcement(bot, card_ts).ts, AssessExtra.GIVE_FEEDBACK)
    modal = bot.ws.modal_stack(PIA)[-1]
    bot.advance(61)
    values = {AssessBlock.FEEDBACK_TEXT.value: {VALUE: {"type": "plain_text_input", "value": SECRET}}}
    answer = bot.ws.submit_view(PIA, modal["id"], values=values)
    assert answer.json is not None
    assert answer.json["response_action"] == "errors"
    assert "not open now" in answer.json["errors"][AssessBlock.FEEDBACK_TEXT]
    assert not any(SECRET in r for r in every_row(bot))


def test_named_sessions_have_no_feedback_button(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>")
    bot.advance(40)
    assert not any(AssessExtra.GIVE_FEEDBACK in repr(m.blocks) for m in bot.ws.thread(CHANNEL, card_ts))


def test_feedback_text_cannot_forge_a_mention(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>", "anonymous")
    bot.advance(40)
    assert give_feedback(bot, PIA, card_ts, f"ask <@{BEN}> & <!channel>") == 200
    bot.tick()
    posted = block_text(bot.ws.thread(CHANNEL, card_ts)[-1].blocks)
    assert f"&lt;@{BEN}&gt; &amp; &lt;!channel&gt;" in posted


def test_the_sponsor_summary_lists_no_anonymous_writer(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>", "anonymous", f"sponsor=<@{BEN}>")
    bot.advance(40)
    assert give_feedback(bot, PIA, card_ts, SECRET) == 200
    bot.advance(61)
    summary = dm_text(bot, BEN)
    assert "Feedback was anonymous: who gave it through the form is not recorded." in summary
    assert PIA not in summary
    assert SECRET not in summary
