"""`app_uninstalled` and `tokens_revoked`: nothing more is sent to the workspace (no attempt, no error per
message), a later request from it means it came back, and its data goes after the retention period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from bot.coach.service import setup
from bot.privacy.retention import Retention, apply_retention
from storage.coach import CoachEngagement
from storage.platform import Outbox
from storage.privacy import UninstalledTeam
from tests.handlers.coach.test_slack import COACH, _answer, _command, _start
from tests.harness import ANA, BotUnderTest

pytestmark = pytest.mark.slow  # over a second of wall time: `make check` leaves it to `make test`


def _waiting(bot: BotUnderTest) -> list[Outbox]:
    with bot.db.read() as s:
        return list(s.exec(select(Outbox).where(Outbox.status == "pending")).all())


def _count(bot: BotUnderTest, table: type[CoachEngagement] | type[Outbox]) -> int:
    with bot.db.read() as s:
        return int(s.exec(select(func.count()).select_from(table)).one())


def test_an_uninstalled_workspace_gets_nothing_until_it_comes_back(bot: BotUnderTest) -> None:
    _start(bot)
    assert bot.ws.deliver_event({"type": "app_uninstalled"}).status == 200
    before = len(bot.ws.dm_with(ANA))
    setup.advance(bot.db, engagement_id=1, user_id=COACH, now=bot.clock.now())  # DMs to everyone, queued
    bot.advance(10, step=1)
    held = _waiting(bot)
    assert held
    assert all(row.attempts == 0 and row.last_error is None for row in held)  # held, not failed
    assert len(bot.ws.dm_with(ANA)) == before
    assert "Feedback session" in _answer(_command(bot, "status"))  # a request: the workspace is back
    bot.advance(10, step=1)
    assert _waiting(bot) == []
    assert len(bot.ws.dm_with(ANA)) > before


def test_only_a_revoked_bot_token_stops_sending(bot: BotUnderTest) -> None:
    bot.ws.deliver_event({"type": "tokens_revoked", "tokens": {"oauth": ["U0ANA"], "bot": []}})
    with bot.db.read() as s:
        assert s.exec(select(UninstalledTeam)).all() == []
    bot.ws.deliver_event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["B0BOT"]}})
    with bot.db.read() as s:
        assert [r.event for r in s.exec(select(UninstalledTeam)).all()] == ["tokens_revoked"]


def test_its_data_is_erased_after_the_retention_period_unless_it_came_back(bot: BotUnderTest) -> None:
    _start(bot)
    bot.ws.deliver_event({"type": "app_uninstalled"})
    later = bot.clock.now() + timedelta(days=Retention.days - 1)
    apply_retention(bot.db, later)
    assert _count(bot, CoachEngagement) == 1
    apply_retention(bot.db, later + timedelta(days=2))
    assert _count(bot, CoachEngagement) == 0
    assert _count(bot, Outbox) == 0
    with bot.db.read() as s:
        (mark,) = s.exec(select(UninstalledTeam)).all()
    assert mark.erased_at is not None


def test_a_workspace_that_came_back_keeps_its_data(bot: BotUnderTest) -> None:
    _start(bot)
    bot.ws.deliver_event({"type": "app_uninstalled"})
    _command(bot, "status")
    apply_retention(bot.db, bot.clock.now() + timedelta(days=Retention.days + 1))
    assert _count(bot, CoachEngagement) == 1


def test_a_live_round_in_an_uninstalled_workspace_sends_nothing_at_all(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> timing=20s,20s,20s,20s,20s")
    bot.advance(2)
    assert bot.ws.deliver_event({"type": "app_uninstalled"}).status == 200
    with bot.slack.lock:
        before = len(bot.slack.calls)
    bot.advance(45)  # two phase changes: announcements, card edits
    with bot.slack.lock:
        after = [c.method for c in bot.slack.calls[before:]]
    assert [m for m in after if m.startswith(("chat.", "files.", "conversations.open"))] == []
