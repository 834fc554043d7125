"""Sharing a digest: only the leader may, it reaches each sponsor once, and the button says when it went."""

from __future__ import annotations

from typing import Any

import pytest

from bot.assess.service import share
from bot.ids import AssessExtra
from bot.platform.errors import Refused
from tests.bot.assess.helpers import leader_round, start
from tests.harness import ANA, BEN, CHO, PETE, PIA, BotUnderTest, action_ids, block_text

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


def digest_with_button(bot: BotUnderTest, leader: str) -> Any:
    found = [m for m in bot.ws.dm_with(leader) if AssessExtra.SHARE_DIGEST in action_ids(m.blocks)]
    assert len(found) == 1
    return found[0]


def shared_digests(bot: BotUnderTest, sponsor: str) -> list[str]:
    return [
        block_text(m.blocks)
        for m in bot.ws.dm_with(sponsor)
        if "chose to share their round digest" in block_text(m.blocks)
    ]


def test_the_leader_shares_their_digest_with_each_sponsor_once(bot: BotUnderTest) -> None:
    card_ts = start(bot, f"<@{ANA}>", f"sponsor=<@{PETE}>", f"sponsor=<@{CHO}>")
    bot.advance(40)
    bot.ws.post_message(PIA, "C0TEAM", "You kept the room calm", thread_ts=card_ts)
    bot.advance(61)
    message = digest_with_button(bot, ANA)
    dm = bot.ws.dm_channel_id(ANA)
    bot.ws.click_button(BEN, dm, message.ts, AssessExtra.SHARE_DIGEST)
    assert any(f"Only <@{ANA}> can share" in (e.text or "") for e in bot.ws.ephemerals(user_id=BEN))
    bot.tick()
    assert shared_digests(bot, PETE) == []
    bot.ws.click_button(ANA, dm, message.ts, AssessExtra.SHARE_DIGEST)
    bot.tick()
    for sponsor in (PETE, CHO):
        [shared] = shared_digests(bot, sponsor)
        assert f"<@{ANA}> chose to share their round digest with you." in shared
        assert "You kept the room calm" in shared
    after = bot.message(message.ts, channel=dm)
    assert AssessExtra.SHARE_DIGEST not in action_ids(after.blocks)
    assert f"Shared with <@{PETE}>, <@{CHO}> (<!date^" in block_text(after.blocks)
    with pytest.raises(Refused, match="already shared"):
        share.share_digest(bot.db, round_id=1, user_id=ANA, now=bot.clock.now())
    bot.tick()
    assert len(shared_digests(bot, PETE)) == 1


def test_no_share_button_without_sponsors(bot: BotUnderTest) -> None:
    leader_round(bot, ANA, 4, 6)
    assert bot.ws.dm_with(ANA)
    assert not any(AssessExtra.SHARE_DIGEST in action_ids(m.blocks) for m in bot.ws.dm_with(ANA))


def test_a_shared_digest_goes_to_the_named_sponsors_not_into_the_summary_channel(bot: BotUnderTest) -> None:
    """The leader agreed to show their words to the sponsors; a summary channel may hold other people."""
    bot.ws.add_channel("C0SPONS", "sponsors", members=[PETE, BEN], is_private=True)
    card_ts = start(bot, f"<@{ANA}>", f"sponsor=<@{PETE}>", "sponsor=<#C0SPONS|sponsors>")
    bot.advance(40)
    bot.ws.post_message(PIA, "C0TEAM", "You kept the room calm", thread_ts=card_ts)
    bot.advance(61)
    message = digest_with_button(bot, ANA)
    bot.ws.click_button(ANA, bot.ws.dm_channel_id(ANA), message.ts, AssessExtra.SHARE_DIGEST)
    bot.advance(3)
    assert len(shared_digests(bot, PETE)) == 1
    in_channel = "\n".join(block_text(m.blocks) or m.text for m in bot.ws.messages("C0SPONS"))
    assert "You kept the room calm" not in in_channel
