"""Scopes of names and channels: a series belongs to the channel it runs in, sponsor summaries go only to a
private channel the bot is in, and the start's confirmation names where they will go."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.assess.service.chart import series_points
from storage.assess import AssessSession
from tests.bot.assess.helpers import QUICK, files_in, run_session
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PETE, PIA, BotUnderTest

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`

THREE = [ANA, BEN, CHO]


def _last_ephemeral(bot: BotUnderTest, user: str) -> str:
    found = bot.ws.ephemerals(user_id=user)
    assert found
    return str(found[-1].text)


def test_the_same_series_name_in_another_channel_is_another_series(bot: BotUnderTest) -> None:
    run_session(bot, THREE, [(4, 6), (5, 8), (6, 7)], f"sponsor=<@{PETE}>", "series=alpha", peer=PIA)
    bot.ws.add_channel("C0OTHER", "other", members=[FAC, ANA, BEN, CHO, PIA])
    bot.command(f"<@{ANA}> <@{BEN}> <@{CHO}> {QUICK} sponsor=<@{PIA}> series=alpha", channel="C0OTHER")
    bot.advance(120, step=5)
    with bot.db.read() as s:
        rows = s.exec(select(AssessSession).order_by(col(AssessSession.id))).all()
    assert [(r.channel_id, r.series_number) for r in rows] == [(CHANNEL, 1), ("C0OTHER", 1)]
    with bot.db.read() as s:  # the other sponsor's chart would draw only the other group's own session
        assert len(series_points(s, rows[1])) == 1
    assert files_in(bot, PIA) == []  # no chart of the first group's averages for the other sponsor


def test_sponsor_channel_must_be_private_and_hold_the_bot(bot: BotUnderTest) -> None:
    bot.ws.add_channel("C0PUBLIC", "everyone", members=[FAC, PETE])
    bot.ws.add_channel("G0NOBOT", "quiet-sponsors", members=[PETE], is_private=True, bot_member=False)
    bot.command(f"<@{ANA}> {QUICK} sponsor=<#C0PUBLIC|everyone>")
    assert "is public" in _last_ephemeral(bot, FAC)
    bot.command(f"<@{ANA}> {QUICK} sponsor=<#G0NOBOT>")
    assert "I am not in <#G0NOBOT>" in _last_ephemeral(bot, FAC)
    with bot.db.read() as s:
        assert s.exec(select(AssessSession)).all() == []
    bot.ws.add_channel("G0SPONS", "sponsors", members=[PETE], is_private=True)
    bot.command(f"<@{ANA}> {QUICK} sponsor=<#G0SPONS|sponsors>")
    assert "Sponsor summaries will be posted in <#G0SPONS>" in _last_ephemeral(bot, FAC)


def test_the_confirmation_names_the_sponsors_who_get_the_summary(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> {QUICK} sponsor=<@{PETE}>")
    assert f"by direct message to <@{PETE}>" in _last_ephemeral(bot, FAC)
