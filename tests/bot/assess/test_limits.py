"""Large sessions and hostile replies: summaries, wrap-ups and cards fit Slack; nobody's reply can ping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.assess.render.card import CardView, Turn, round_card
from bot.assess.render.digest import RoundSummary, wrap_up_message
from bot.assess.render.sponsor import RoundFacts, SessionFacts, summary_message
from bot.ids import AssessExtra
from bot.slack.effects import Rendered
from localslack.blocks import MAX_MESSAGE_BLOCKS, check_blocks
from tests.bot.assess.helpers import start
from tests.harness import ANA, CHANNEL, PETE, PIA, BotUnderTest, action_ids, block_text

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PINGS = "<!channel> <!here> <!everyone> <@U0PETE> <!subteam^S0123|@leads> <https://evil.example/x|Open>"
LIVE = ("<!channel>", "<!here>", "<!everyone>", "<@U0PETE>", "<!subteam^", "<https://evil")


def fits(message: Rendered) -> str:
    """The message as Slack would check it; returns its text and blocks as one string."""
    check_blocks(message.wire, MAX_MESSAGE_BLOCKS)
    assert len(message.text) < 4000
    return message.text + block_text(message.wire)


def test_a_sponsor_summary_of_190_writers_and_43_rounds_fits() -> None:
    rounds = tuple(RoundFacts(f"U{n:010d}", "done", 3, 4, timedelta(seconds=n)) for n in range(43))
    facts = SessionFacts(
        held_at=NOW,
        series_number=2,
        stopped=False,
        min_group=3,
        rounds=rounds,
        writers=tuple(f"W{n:010d}" for n in range(190)),
        shifts=(1, 2, 3),
    )
    text = fits(summary_message(facts))
    assert "<@W0000000000>" in text
    assert "more" in text
    assert "*Round 43*" in text  # every round's figures, over several sections
    assert "Average score shift" in text


def test_a_wrap_up_of_43_rounds_fits() -> None:
    took = timedelta(minutes=11, seconds=59)
    rounds = [RoundSummary(f"U{n:010d}", took, "stopped", 123, 456) for n in range(43)]
    text = fits(wrap_up_message(rounds, stopped_by="U_FAC"))
    assert text.count("11 min 59 s (ended early)") == 43


def test_a_run_order_of_200_leaders_fits_its_context_block() -> None:
    turns = tuple(Turn(f"U{n:010d}", "done" if n < 3 else "waiting") for n in range(200))
    view = CardView(
        round_id=1,
        position=3,
        leader_id=turns[3].leader_id,
        facilitator_id="U_FAC",
        timing=(20, 20, 20, 20, 20),
        status="running",
        phase=0,
        phase_ends_at=NOW + timedelta(seconds=20),
        paused_remaining=None,
        took=None,
        turns=turns,
        session_status="live",
        statement="&<>" * 2500,
    )
    text = fits(round_card(view, NOW))
    assert "Run order: :white_check_mark: <@U0000000000>" in text
    assert "more" in text


def _digests(bot: BotUnderTest, user: str) -> list[Any]:
    return [m for m in bot.ws.dm_with(user) if "digest" in (m.text or "")]


def test_thread_replies_reach_the_digest_and_the_shared_digest_unable_to_ping(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>", f"sponsor=<@{PETE}>")
    bot.advance(40)
    bot.ws.post_message(PIA, CHANNEL, f"Great & brave. {PINGS}", thread_ts=card_ts)
    bot.advance(61)
    [digest] = _digests(bot, ANA)
    shown = digest.text + str(digest.blocks)
    assert not [t for t in LIVE if t in shown], shown
    assert "Great &amp; brave. &lt;!channel&gt; &lt;!here&gt;" in str(digest.blocks)
    bot.ws.click_button(ANA, bot.ws.dm_channel_id(ANA), digest.ts, AssessExtra.SHARE_DIGEST)
    bot.advance(3)
    shared = [m for m in bot.ws.dm_with(PETE) if "chose to share" in block_text(m.blocks)]
    assert len(shared) == 1
    assert AssessExtra.SHARE_DIGEST not in action_ids(shared[0].blocks)
    assert not [t for t in LIVE if t in shared[0].text + str(shared[0].blocks)]
    assert "&lt;!everyone&gt;" in str(shared[0].blocks)


def test_the_longest_anonymous_feedback_the_form_takes_is_posted_whole(bot: BotUnderTest) -> None:
    """As many short lines full of escapes as the form takes (600 lines get an error on the field:
    tests/handlers/test_typed_input.py)."""
    from bot.inputs import QUOTED_ANSWER
    from tests.bot.assess.test_anonymous import give_feedback

    card_ts = start(bot, f"<@{ANA}>", "anonymous")
    bot.advance(40)
    words = "\n".join(f"{n % 10} <b>" for n in range(QUOTED_ANSWER.lines))
    assert QUOTED_ANSWER.problem(words) is None
    assert give_feedback(bot, PIA, card_ts, words) == 200
    bot.tick()
    [posted] = [m for m in bot.ws.thread(CHANNEL, card_ts) if "*Anonymous feedback*" in block_text(m.blocks)]
    assert block_text(posted.blocks).count("&lt;b&gt;") == words.count("<b>")
    assert "<b>" not in str(posted.blocks)
