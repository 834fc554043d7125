"""`/assess export` and `/assess erase` through the real Bolt app and the local Slack: only the session's
facilitator, erase only once it has ended, and afterwards none of its words remain, in any table."""

from __future__ import annotations

import json

from sqlmodel import col, select

from bot.ids import AssessAction, AssessExtra
from storage.assess import AssessRound, CapturedReply
from storage.platform import Outbox
from tests.bot.assess.helpers import QUICK, press_score
from tests.harness import ANA, BEN, CHANNEL, FAC, PETE, PIA, BotUnderTest

SECRET = "you dodge the budget question every time"


def _answer(delivery: object) -> str:
    body = getattr(delivery, "json", None)
    return str(body["text"]) if body else str(getattr(delivery, "body", ""))


def _session_with_a_reply(bot: BotUnderTest) -> str:
    bot.command(f"<@{ANA}> {QUICK} sponsor=<@{PETE}>")
    bot.tick()
    card_ts = str(bot.card().ts)
    press_score(bot, ANA, card_ts, "self-score", 4)
    bot.advance(45, step=5)
    bot.ws.post_message(PIA, CHANNEL, SECRET, thread_ts=card_ts)
    bot.tick()
    return card_ts


def test_export_and_erase_belong_to_the_facilitator_and_erase_waits_for_the_end(bot: BotUnderTest) -> None:
    _session_with_a_reply(bot)
    assert "Only <@U0FAC>" in _answer(bot.command("export", user=BEN))
    assert "still live" in _answer(bot.command("erase"))
    assert "Sending" in _answer(bot.command("export"))
    (record,) = [f for f in bot.ws.files.values() if f.title.startswith("assess-session-")]
    doc = json.loads((record.content or b"").decode())
    assert [r["text"] for r in doc["replies"]] == [SECRET]
    assert doc["rounds"][0]["self_score"] == 4
    assert bot.ws.dm_channel_id(FAC) in record.channels
    bot.command("stop")
    bot.advance(10, step=2)
    assert "erased" in _answer(bot.command("erase"))
    with bot.db.read() as s:
        assert s.exec(select(CapturedReply)).all() == []
        (rnd,) = s.exec(select(AssessRound)).all()
        assert (rnd.self_score, rnd.re_score) == (None, None)
        payloads = [
            o.payload for o in s.exec(select(Outbox).where(col(Outbox.dedupe_key).startswith("assess:")))
        ]
    assert payloads
    assert not any(SECRET in p for p in payloads)  # the digest's body is gone from the outbox


def test_sharing_an_erased_digest_is_refused(bot: BotUnderTest) -> None:
    _session_with_a_reply(bot)
    bot.command("stop")
    bot.advance(10, step=2)
    digest = [m for m in bot.ws.dm_with(ANA) if AssessExtra.SHARE_DIGEST.value in repr(m.blocks)][-1]
    bot.command("erase")
    bot.ws.click_button(ANA, digest.channel, digest.ts, AssessExtra.SHARE_DIGEST.value)
    bot.advance(5, step=1)
    assert "has been erased" in str(bot.ws.ephemerals(user_id=ANA)[-1].text)
    assert not any(SECRET in repr(m.blocks) + (m.text or "") for m in bot.ws.dm_with(PETE))


def test_a_deleted_reply_loses_its_text_at_once_even_after_its_round(bot: BotUnderTest) -> None:
    card_ts = _session_with_a_reply(bot)
    bot.command("stop")
    bot.advance(10, step=2)
    (reply,) = [m for m in bot.ws.thread(CHANNEL, card_ts) if m.text == SECRET]
    bot.ws.delete_message(PIA, CHANNEL, reply.ts)
    with bot.db.read() as s:
        (kept,) = s.exec(select(CapturedReply)).all()
    assert kept.deleted
    assert kept.text == ""


def test_an_ended_sessions_card_buttons_are_refused(bot: BotUnderTest) -> None:
    card_ts = _session_with_a_reply(bot)
    bot.command("stop")  # the card still shows its buttons until the next tick redraws it
    bot.ws.click_button(FAC, CHANNEL, card_ts, AssessAction.EXTEND.value)
    assert "This session has ended" in str(bot.ws.ephemerals(user_id=FAC)[-1].text)
    bot.advance(5, step=1)
    press_score(bot, ANA, card_ts, "self-score", 9)
    assert "This round has ended" in str(bot.ws.ephemerals(user_id=ANA)[-1].text)
    with bot.db.read() as s:
        (rnd,) = s.exec(select(AssessRound)).all()
    assert rnd.self_score == 4
