"""The focus leader's self-score and re-score: only they can press, peers never see the number, the digest
shows both, the shift and the trend across a series."""

from __future__ import annotations

import pytest

from tests.bot.assess.helpers import dm_text, leader_round, press_score, score_message, start
from tests.harness import ANA, BEN, CHANNEL, PIA, BotUnderTest, block_text

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


def test_only_the_leader_scores_and_peers_never_see_the_number(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}> <@{BEN}>")
    assert "your self-score" in block_text(score_message(bot, card_ts, "self-score").blocks)
    # A screen reader hears what each button means (the local Slack checks each label's length).
    labels = [
        e.get("accessibility_label")
        for b in score_message(bot, card_ts, "self-score").blocks
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert labels[0] == "Give 1 out of 10, not at all as your self-score"
    assert labels[4] == "Give 5 out of 10 as your self-score"
    assert labels[9] == "Give 10 out of 10, fully as your self-score"
    press_score(bot, PIA, card_ts, "self-score", 9)
    assert any(
        f"Only <@{ANA}> can score their own round" in (e.text or "") for e in bot.ws.ephemerals(user_id=PIA)
    )
    press_score(bot, ANA, card_ts, "self-score", 4)
    shown = block_text(score_message(bot, card_ts, "self-score").blocks)
    assert f"<@{ANA}> has given their self-score. Only they know it." in shown
    assert "4/10" not in shown
    assert [e.text for e in bot.ws.ephemerals(user_id=ANA)] == [
        "You scored 4/10. Only you see this; it goes into your private digest."
    ]
    bot.advance(80)
    assert "your re-score" in block_text(score_message(bot, card_ts, "re-score").blocks)
    press_score(bot, ANA, card_ts, "re-score", 7)
    bot.advance(21)
    digest = dm_text(bot, ANA)
    assert "self-assessment 4/10 → re-assessment 7/10 · shift +3" in digest
    public = "\n".join(block_text(m.blocks) or m.text for m in bot.ws.all_messages(CHANNEL))
    assert "4/10" not in public
    assert "7/10" not in public
    assert bot.ws.ephemerals(user_id=BEN) == []
    assert dm_text(bot, PIA) == ""


def test_a_score_after_the_round_is_refused_and_a_missing_one_says_so(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>")
    press_score(bot, ANA, card_ts, "self-score", 5)
    bot.advance(101)
    assert "self-assessment 5/10 → re-assessment not given" in dm_text(bot, ANA)
    press_score(bot, ANA, card_ts, "re-score", 8)
    assert any("This round has ended" in (e.text or "") for e in bot.ws.ephemerals(user_id=ANA))


def test_each_leader_sees_their_own_trend_across_a_series(bot: BotUnderTest) -> None:
    leader_round(bot, ANA, 4, 6, "series=q1")
    assert "Your trend across the series" not in dm_text(bot, ANA)
    leader_round(bot, ANA, 5, 7, "series=q1")
    digests = [block_text(m.blocks) for m in bot.ws.dm_with(ANA)]
    assert "self-assessment 5/10 → re-assessment 7/10 · shift +2" in digests[-1]
    assert "*Your trend across the series*: Session 1: 4 → 6, Session 2: 5 → 7" in digests[-1]
    leader_round(bot, ANA, 3, 3, "series=other")
    assert "Your trend across the series" not in block_text(bot.ws.dm_with(ANA)[-1].blocks)
