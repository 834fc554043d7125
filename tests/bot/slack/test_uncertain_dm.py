"""A DM whose send timed out is looked up in the DM (im:history, which the manifest asks for) and delivered
exactly once, with the local Slack answering missing_scope for anything the manifest does not grant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk.errors import SlackApiError
from sqlmodel import select

from bot.clock import FakeClock
from localslack import Faults, LocalSlack, Workspace
from storage.db import Database
from storage.platform import Outbox
from tests.conftest import START
from tests.handlers.coach.test_slack import _to_support
from tests.harness import BEN, BotUnderTest, running_bot


@pytest.fixture
def impatient_bot(
    local_slack: tuple[LocalSlack, Workspace], database: Database, clock: FakeClock
) -> Iterator[BotUnderTest]:
    # A hung call outlasts the client's 1 s timeout: the bot cannot know whether its post arrived.
    with running_bot(*local_slack, database, clock, api_timeout=1) as running:
        yield running


def _nudges(bot: BotUnderTest, user: str) -> list[str]:
    return [m.text or "" for m in bot.ws.dm_with(user) if (m.text or "").startswith("Coaching call")]


def test_an_uncertain_dm_nudge_is_delivered_exactly_once(impatient_bot: BotUnderTest) -> None:
    bot = impatient_bot
    assert bot.ws.scopes is not None
    assert "im:history" in bot.ws.scopes
    _to_support(bot)
    bot.advance(5.5 * 3600, step=900)  # Ben's 24 h nudge falls due at 15:00 UTC, 6 h after the start
    assert _nudges(bot, BEN) == []
    # Every post in the next hour reaches Slack but answers too late: the nudge among them.
    bot.slack.faults = Faults(hang_ratio=1.0, hang_seconds=1.3, methods={"chat.postMessage"})
    bot.advance(3600, step=900)
    bot.slack.faults = Faults()
    bot.advance(60, step=5)

    assert len(_nudges(bot, BEN)) == 1
    dm = bot.ws.dm_channel_id(BEN)
    posts = [
        c
        for c in bot.slack.calls_to("chat.postMessage")
        if c.params.get("channel") == dm and str(c.params.get("text")).startswith("Coaching call")
    ]
    assert len(posts) == 1, "the nudge was posted again instead of being looked up"
    assert posts[0].at >= START + timedelta(hours=5.5)  # while posts hung
    lookups = [c for c in bot.slack.calls_to("conversations.history") if c.params.get("channel") == dm]
    assert lookups
    assert all(c.response.get("ok") for c in lookups)
    assert [c for c in bot.slack.calls if c.response.get("error") == "missing_scope"] == []
    with bot.db.read() as s:
        statuses = {row.status for row in s.exec(select(Outbox).where(Outbox.user_id == BEN)).all()}
    assert statuses == {"sent"}


def test_without_im_history_the_look_up_is_refused_as_slack_would(bot: BotUnderTest) -> None:
    """Why the manifest asks for im:history: without it Slack refuses to read the DM back."""
    assert bot.ws.scopes is not None
    bot.ws.scopes.discard("im:history")
    dm = bot.ws.dm_channel_id(BEN)
    with pytest.raises(SlackApiError) as caught:
        bot.services.client.conversations_history(channel=dm)
    refused = caught.value.response
    assert refused["error"] == "missing_scope"
    assert refused["needed"] == "im:history"
    assert "im:write" in refused["provided"].split(",")
