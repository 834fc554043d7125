"""Slack misbehaving on purpose: 429s with Retry-After, 5xx and hung calls, and events delivered again.
Whatever it does, no phase change, digest or nudge is lost and none reaches anyone twice."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.ids import AssessAction
from localslack import Faults, LocalSlack, Workspace
from storage.db import Database
from tests.handlers.coach.test_slack import _to_support
from tests.harness import ANA, BEN, CHANNEL, FAC, PEOPLE, PETE, PIA, BotUnderTest, block_text, running_bot

# Every Web API method the bot calls while rounds run and nudges go out.
METHODS = {
    "chat.postMessage",
    "chat.update",
    "chat.postEphemeral",
    "conversations.open",
    "conversations.history",
    "conversations.replies",
    "users.info",
}


@pytest.fixture
def flaky_bot(
    local_slack: tuple[LocalSlack, Workspace], database: Database, clock: FakeClock
) -> Iterator[BotUnderTest]:
    # A hung call outlasts the client's 1 s timeout: the bot cannot know whether it took effect.
    with running_bot(*local_slack, database, clock, api_timeout=1) as running:
        yield running


def _faults(seed: int) -> Faults:
    return Faults(
        rate_limit_ratio=0.30,
        retry_after=random.Random(seed).randint(1, 5),
        server_error_ratio=0.10,
        hang_ratio=0.10,
        hang_seconds=1.3,
        methods=METHODS,
        seed=seed,
    )


def _keys(messages: list[Any]) -> list[str]:
    return [
        str((m.metadata or {}).get("event_payload", {}).get("key"))
        for m in messages
        if m.metadata and m.bot_id
    ]


def test_rounds_and_nudges_survive_429s_5xx_and_hangs(flaky_bot: BotUnderTest) -> None:
    bot = flaky_bot
    bot.command(f"<@{ANA}> <@{BEN}> timing=20s,20s,20s,20s,20s")
    bot.tick()
    _to_support(bot)  # a /coach engagement whose nudges fall due below
    for seed, retry_after in ((1, 1), (2, 5)):
        bot.slack.faults = _faults(seed)
        bot.slack.faults.retry_after = retry_after
        bot.advance(5)
    card = bot.card(0)
    bot.ws.post_message(PIA, CHANNEL, "What did you try first?", thread_ts=card.ts)
    bot.advance(150)
    bot.slack.faults = Faults()  # the facilitator's click must reach us: interactivity is not faulted
    bot.ws.click_button(FAC, CHANNEL, card.ts, AssessAction.START_NEXT)
    bot.slack.faults = _faults(3)
    bot.advance(40)
    second = bot.card(1)
    bot.ws.post_message(PETE, CHANNEL, "You listened well.", thread_ts=second.ts)
    bot.advance(200)
    bot.advance(2 * 86400, step=1800)  # two days of coaching support: nudges fall due
    bot.slack.faults = Faults()
    bot.advance(120, step=5)  # let anything still backing off finish

    calls = bot.slack.calls
    assert sum(1 for c in calls if c.status == 429) >= 5, "the 429 fault never fired"
    assert sum(1 for c in calls if c.status >= 500) >= 2, "the 5xx fault never fired"
    # A hung chat.postMessage is resolved by looking for the message, never by blindly sending again.
    assert bot.slack.calls_to("conversations.history"), "no hung post was ever looked up"
    # Each round: five phase announcements, in order, each once.
    for leader_card in (card, second):
        announced = re.findall(r"Phase (\d) of 5", "\n".join(bot.thread_texts(leader_card)))
        assert announced == ["1", "2", "3", "4", "5"]
    # Each leader: one digest, holding what the peer wrote.
    for leader, reply in ((ANA, "What did you try first?"), (BEN, "You listened well.")):
        digests = [m for m in bot.ws.dm_with(leader) if "YOUR ROUND DIGEST" in block_text(m.blocks).upper()]
        assert len(digests) == 1
        assert reply in block_text(digests[0].blocks)
    # Nudges: some fell due, and no message of any kind reached Slack twice.
    nudges = [m for m in bot.ws.dm_with(BEN) if (m.text or "").startswith("Coaching call")]
    assert nudges, "no nudge fell due in the test window"
    everything = bot.ws.all_messages(CHANNEL) + [m for p in PEOPLE for m in bot.ws.dm_with(p)]
    duplicated = [key for key, n in Counter(_keys(everything)).items() if n > 1]
    assert duplicated == []
    assert len(bot.cards()) == 2


def test_every_event_delivered_one_to_three_times_has_one_effect(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    bot.advance(21)
    card = bot.card()
    rng = random.Random(11)
    texts = [f"question {n}" for n in range(12)]
    for n, text in enumerate(texts):
        author = (PIA, PETE)[n % 2]
        ts, delivery = bot.ws.post_message(author, CHANNEL, text, thread_ts=card.ts)
        for retry in range(rng.randint(0, 2)):
            bot.ws.redeliver(delivery, reason="http_timeout", retry_num=retry + 1)
        if n == 0:
            edited = bot.ws.edit_message(author, CHANNEL, ts, "question 0, edited")
            for retry in range(2):
                bot.ws.redeliver(edited, reason="http_error", retry_num=retry + 1)
    bot.advance(80)
    [digest] = bot.ws.dm_with(ANA)
    body = block_text(digest.blocks)
    assert body.count("question 0, edited") == 1
    for text in texts[1:]:
        assert body.count(f"> {text}\n") + body.endswith(f"> {text}") == 1, text
